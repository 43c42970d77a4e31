import Testing
@testable import MILP

@Suite("Mixed-integer programs")
struct MIPTests {
    /// The textbook knapsack: values 60, 100, 120, weights 10, 20, 30, capacity 50 → 220 (items 2, 3).
    @Test func textbookKnapsack() throws {
        let (m, x) = knapsackModel(values: [60, 100, 120], weights: [10, 20, 30], capacity: 50)
        let s = try m.solve()
        #expect(s.termination == .optimal)
        #expect(s.status == .optimal)
        #expect(s.objective == 220)
        #expect(x.map { s.value($0) } == [0, 1, 1])
        #expect(s.bound == 220)
        #expect(s.relativeGap == 0)
    }

    /// Seeded 35-item knapsacks, every cut family and presolve on and off: the optimum equals the
    /// dynamic-programming optimum.
    @Test(arguments: [(UInt64(1), true, Cuts()), (2, false, Cuts()), (3, true, Cuts.all), (4, false, Cuts.all)])
    func knapsackMatchesDynamicProgramming(seed: UInt64, presolve: Bool, cuts: Cuts) throws {
        var rng = SplitMix64(seed: seed)
        let weights = (0..<35).map { _ in Int.random(in: 10...60, using: &rng) }
        let values = weights.map { $0 + Int.random(in: 0...20, using: &rng) }
        let capacity = weights.reduce(0, +) / 3
        let (m, x) = knapsackModel(values: values, weights: weights, capacity: capacity)
        let s = try m.solve(options: SolveOptions(presolve: presolve, cuts: cuts))
        #expect(s.termination == .optimal)
        let best = knapsackDP(values: values, weights: weights, capacity: capacity)
        #expect(s.objective == Double(best))
        let used = zip(x, weights).reduce(0.0) { $0 + (s.value($1.0) ?? 0) * Double($1.1) }
        #expect(used <= Double(capacity))
    }

    /// A 3-depot, 5-customer uncapacitated facility location, checked by hand over all 7 subsets:
    /// {0}: 125, {1}: 130, {2}: 114, {0,1}: 125, {0,2}: 89, {1,2}: 120, {0,1,2}: 115.
    /// The optimum opens depots 0 and 2 (20 + 25) and assigns 5 + 12 + 14 + 4 + 9 = 89.
    @Test(arguments: [true, false])
    func smallFacilityLocation(presolve: Bool) throws {
        let ufl = UFLInstance(fixed: [20, 35, 25],
                              cost: [[5, 30, 35], [12, 8, 27], [30, 9, 14], [33, 28, 4], [25, 20, 9]])
        let (m, open) = ufl.model()
        let s = try m.solve(options: SolveOptions(presolve: presolve))
        #expect(s.termination == .optimal)
        #expect(s.objective == 89)
        #expect(open.map { s.value($0) } == [1, 0, 1])
    }

    @Test(arguments: [true, false])
    func infeasibleMIP(presolve: Bool) throws {
        // 2a + 2b = 3 has no integer solution although its relaxation does.
        var m = Model()
        let a = m.addVariable("a", kind: .integer, upper: 10)
        let b = m.addVariable("b", kind: .integer, upper: 10)
        m.addConstraint("odd", 2 * a + 2 * b, .equal(3))
        let s = try m.solve(options: SolveOptions(presolve: presolve))
        #expect(s.termination == .infeasible)
        #expect(s.status == .none)
        #expect(s.value(a) == nil)
    }

    @Test func unboundedMIP() throws {
        var m = Model(sense: .maximize)
        let a = m.addVariable("a", kind: .integer, objective: 1)
        let b = m.addVariable("b", kind: .integer, objective: 1)
        m.addConstraint("diff", a - b, .lessEqual(2))
        let s = try m.solve()
        #expect(s.termination == .unbounded)
    }

    /// An unbounded relaxation around an integer-infeasible row: the MIP is infeasible, not unbounded.
    @Test func unboundedRelaxationButIntegerInfeasible() throws {
        var m = Model(sense: .maximize)
        _ = m.addVariable("free", objective: 1)
        let y = m.addVariable("y", kind: .integer, upper: 5)
        m.addConstraint("half", 2 * y, .equal(1))
        let s = try m.solve(options: SolveOptions(presolve: false))
        #expect(s.termination == .infeasible)
    }

    /// A feasible start is offered as the first incumbent when the root LP is fractional, and the
    /// optimum is still proved.
    @Test func startingIncumbentIsAccepted() throws {
        var rng = SplitMix64(seed: 7)
        let weights = (0..<30).map { _ in Int.random(in: 10...60, using: &rng) }
        let values = weights.map { $0 + Int.random(in: 0...20, using: &rng) }
        let capacity = weights.reduce(0, +) / 3
        let (m, _) = knapsackModel(values: values, weights: weights, capacity: capacity)
        // Greedy by value density: feasible, usually not optimal.
        var start = [Double](repeating: 0, count: values.count)
        var room = capacity
        for k in values.indices.sorted(by: { Double(values[$0]) / Double(weights[$0]) > Double(values[$1]) / Double(weights[$1]) })
        where weights[k] <= room {
            start[k] = 1
            room -= weights[k]
        }
        let s = try m.solve(options: SolveOptions(start: start))
        #expect(s.startAccepted == true)
        #expect(s.termination == .optimal)
        #expect(s.objective == Double(knapsackDP(values: values, weights: weights, capacity: capacity)))
        #expect((s.objective ?? 0) >= m.objectiveValue(start))
    }

    /// GLPK asks for heuristic solutions only after a node's LP; the strong UFL formulation's root
    /// LP is integral here, so GLPK already holds 89 and rejects the worse start (114).
    @Test func worseStartIsRejectedButHarmless() throws {
        let ufl = UFLInstance(fixed: [20, 35, 25],
                              cost: [[5, 30, 35], [12, 8, 27], [30, 9, 14], [33, 28, 4], [25, 20, 9]])
        let (m, _) = ufl.model()
        // Open depot 2 only (cost 114): y = (0, 0, 1), every customer on depot 2.
        var start = [Double](repeating: 0, count: m.variables.count)
        start[2] = 1
        for j in 0..<5 { start[3 + j * 3 + 2] = 1 }
        #expect(m.objectiveValue(start) == 114)
        let s = try m.solve(options: SolveOptions(start: start))
        #expect(s.startAccepted == false)
        #expect(s.termination == .optimal)
        #expect(s.objective == 89)
    }

    /// The time limit stops a hard instance; the incumbent is feasible and the bound is valid.
    @Test func timeLimitWithIncumbent() throws {
        let m = marketSplit(rows: 4, columns: 36, seed: 11, withSlack: true)
        let s = try m.solve(options: SolveOptions(timeLimit: 0.5))
        #expect(s.termination == .timeLimit)
        #expect(s.status == .feasible)
        #expect(s.hasSolution && s.isMIP)
        let z = try #require(s.objective)
        #expect(s.values.count == m.variables.count)
        #expect(abs(m.objectiveValue(s.values) - z) < 1e-6)
        // The held point is integral: binaries 0/1 and, the data being whole numbers, whole slacks
        // and a whole objective (the total deviation from the split).
        for (k, v) in m.variables.enumerated() where v.kind == .binary {
            #expect(s.values[k] == 0 || s.values[k] == 1, "\(v.name) = \(s.values[k])")
        }
        #expect(z == z.rounded() && z >= 1, "a proved zero deviation would have stopped the search as optimal")
        let rows = m.rowActivities(s.values)
        #expect(zip(s.rowActivities, rows).allSatisfy { abs($0 - $1) < 1e-6 })
        for (i, a) in rows.enumerated() {
            let (l, u) = m.constraints[i].relation.bounds
            #expect(a >= l - 1e-6 && a <= u + 1e-6)
        }
        // Stopped by the limit, not by the gap: no proof of optimality, and the gap is GLPK's
        // definition over the reported bound.
        let b = try #require(s.bound)
        #expect(b >= 0 && b < z)
        let gap = try #require(s.relativeGap)
        #expect(abs(gap - (z - b) / (z + Double.ulpOfOne)) < 1e-12)
        #expect(gap > 0)
        #expect(s.duals == nil && s.reducedCosts == nil && s.startAccepted == nil)
    }

    /// Without slack the same kind of instance is a pure feasibility problem, far too hard for
    /// branch-and-bound in 0.3 s. The documented outcome (Solution.swift, Solver.swift): the
    /// termination is the time limit, no solution is held (status none, no values, no row
    /// activities, no objective, no gap), and the bound is the zero objective's, 0.
    @Test func timeLimitWithoutSolution() throws {
        let m = marketSplit(rows: 5, columns: 40, seed: 5, withSlack: false)
        let s = try m.solve(options: SolveOptions(timeLimit: 0.3))
        #expect(s.termination == .timeLimit)
        #expect(s.termination.code == "time_limit")
        #expect(s.status == .none)
        #expect(!s.hasSolution && s.isMIP)
        #expect(s.values.isEmpty && s.rowActivities.isEmpty)
        #expect(s.objective == nil && s.relativeGap == nil)
        #expect(m.variables.indices.allSatisfy { s.value(Var(index: $0)) == nil })
        #expect(s.duals == nil && s.reducedCosts == nil && s.dual(row: 0) == nil)
        #expect(s.bound == 0)
    }

    /// A loose gap tolerance stops early with gapReached (or proves optimality first), and the
    /// reported gap is within the tolerance and consistent with the true optimum.
    @Test func gapTolerance() throws {
        var rng = SplitMix64(seed: 99)
        let weights = (0..<60).map { _ in Int.random(in: 100...1000, using: &rng) }
        let values = weights.map { $0 + 100 }   // strongly correlated: hard for branch-and-bound
        let capacity = weights.reduce(0, +) / 2
        let (m, _) = knapsackModel(values: values, weights: weights, capacity: capacity)
        let s = try m.solve(options: SolveOptions(relativeGap: 0.02))
        let best = Double(knapsackDP(values: values, weights: weights, capacity: capacity))
        let z = try #require(s.objective)
        #expect(s.termination == .gapReached || s.termination == .optimal)
        #expect(z <= best)
        #expect(z >= best * (1 - 0.02) - 1e-6)
        if s.termination == .gapReached {
            let gap = try #require(s.relativeGap)
            #expect(gap <= 0.02 + 1e-12)
            let bound = try #require(s.bound)
            #expect(bound >= best - 1e-6)   // an upper bound when maximizing
        }
    }
}
