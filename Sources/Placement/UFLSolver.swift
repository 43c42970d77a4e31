import MILP

/// The exact uncapacitated path (problems where ``PlacementProblem/isUncapacitated``):
///
/// 1. construction heuristic: greedy add, then drop/add/interchange local search → incumbent;
/// 2. bounds: Erlenkotter's dual ascent, then Lagrangian subgradient on the assignment rows;
/// 3. reduction: a depot whose Lagrangian cost of opening (closing) exceeds the incumbent is fixed
///    closed (open); a pair whose Lagrangian cost of use exceeds the incumbent is dropped — no
///    solution better than the incumbent uses it;
/// 4. restricted LP (GLPK simplex) over each demand point's cheapest surviving pairs, in the strong
///    formulation, with reduced-cost pricing of the other surviving pairs (c_ij − v_j < 0 enters)
///    until none prices out: then the LP bound holds for the whole problem;
/// 5. if the LP does not prove the incumbent (or give an integral optimum), LP reduced-cost fixing
///    and GLPK branch-and-cut over the reduced model, starting from the incumbent.
struct UFLSolver: DeadlineBound {
    let problem: PlacementProblem
    let options: PlacementOptions
    let deadline: ContinuousClock.Instant?
    let clock = ContinuousClock()

    func solve(progress: (String) -> Void) throws(PlacementError) -> PlacementSolution {
        let started = clock.now
        var stats = PlacementStatistics()
        stats.method = "ufl-pricing"
        var core = UFLCore(problem)
        stats.pairs = core.fac.count
        guard core.unservable.isEmpty else {
            return .empty(.infeasible, seconds: (clock.now - started).seconds, stats: stats)
        }
        let n = core.n, m = core.m

        // 1. Heuristic.
        progress("heuristic: greedy and interchange")
        var t = clock.now
        var (incumbentOpen, upper) = core.localSearch()
        stats.heuristicSeconds = (clock.now - t).seconds

        // 2. Bounds.
        progress("bounds: dual ascent and Lagrangian")
        t = clock.now
        let v0 = core.dualAscent()
        var rho = [Double](repeating: 0, count: m)
        stats.dualAscentBound = core.lagrangian(v0, rho: &rho)
        let lag = core.subgradient(from: v0, upper: &upper, incumbent: &incumbentOpen, iterations: options.subgradientIterations)
        let heuristicValue = upper
        var lower = max(lag.bound, stats.dualAscentBound ?? -.infinity)
        stats.lagrangianBound = lag.bound
        let v = lag.bound >= (stats.dualAscentBound ?? -.infinity) ? lag.v : v0
        if lag.bound < (stats.dualAscentBound ?? -.infinity) { _ = core.lagrangian(v0, rho: &rho) } else { rho = lag.rho }
        stats.boundSeconds = (clock.now - t).seconds
        let tol = 1e-9 * max(1, abs(upper)) + 1e-7

        // 3. Reduction by the Lagrangian bound.
        let incumbentPair = core.assignment(incumbentOpen)
        var survive = [Bool](repeating: true, count: core.fac.count)
        if options.reduce {
            for i in 0..<m where !core.fixedOpen[i] && !core.fixedClosed[i] {
                if !incumbentOpen[i] && lower + max(0, rho[i]) > upper + tol {
                    core.fixedClosed[i] = true
                    stats.depotsFixedClosed += 1
                } else if incumbentOpen[i] && rho[i] < 0 && lower - rho[i] > upper + tol {
                    core.fixedOpen[i] = true
                    stats.depotsFixedOpen += 1
                }
            }
            for j in 0..<n {
                for q in core.start[j]..<core.start[j + 1] {
                    let i = core.fac[q]
                    if q == incumbentPair[j] { continue }
                    if core.fixedClosed[i] { survive[q] = false; continue }
                    let open = core.fixedOpen[i] ? 0 : max(0, rho[i])
                    if lower + open + max(0, core.cost[q] - v[j]) > upper + tol { survive[q] = false }
                }
            }
        }

        // 4. Restricted LP with pricing.
        t = clock.now
        var active = [Bool](repeating: false, count: core.fac.count)
        for j in 0..<n {
            var taken = 0
            for q in core.start[j]..<core.start[j + 1] where survive[q] {
                if taken < options.nearest || core.cost[q] < v[j] || q == incumbentPair[j] {
                    active[q] = true
                    taken += 1
                }
            }
            active[incumbentPair[j]] = true
        }
        var lp = RestrictedModel(core: core, survive: survive, include: active, integer: false)
        var lpSolution: Solution?
        var converged = false
        while !expired() {
            progress("restricted LP round \(stats.pricingRounds + 1): \(lp.pairs.count) pairs")
            stats.pricingRounds += 1
            let s: Solution
            do { s = try lp.model.solve(options: SolveOptions(timeLimit: remaining(), relaxIntegrality: true)) } catch {
                throw .solver("\(error)")
            }
            guard s.termination == .optimal, let duals = s.duals else { break }
            lpSolution = s
            var added = 0
            for j in 0..<n {
                let vj = duals[lp.assignRow[j]]
                for q in core.start[j]..<core.start[j + 1] where survive[q] && !lp.contains(q) {
                    if core.cost[q] - vj < -1e-9 * max(1, abs(core.cost[q])) {
                        lp.add(pair: q, core: core)
                        added += 1
                    }
                }
            }
            stats.columnsPriced += added
            if added == 0 { converged = true; break }
        }
        stats.lpSeconds = (clock.now - t).seconds
        stats.modelVariables = lp.model.variables.count
        stats.modelRows = lp.model.constraints.count
        stats.pairsInModel = lp.pairs.count
        stats.pairsAfterReduction = survive.filter { $0 }.count

        var finalOpen = incumbentOpen
        var termination: Termination = .optimal
        if converged, let s = lpSolution, let z = s.objective {
            stats.lpBound = z
            lower = max(lower, z)
            // An integral LP optimum is an integer optimum.
            if let integral = lp.integralSolution(s), z < upper - tol {
                finalOpen = integral.open
                upper = core.value(finalOpen)
            }
        }

        // 5. Branch-and-cut if the LP did not close the gap.
        if upper - lower > max(tol, options.relativeGap * abs(upper)) {
            if expired() {
                termination = .timeLimit
            } else if let s = lpSolution, converged, let z = s.objective, let rc = s.reducedCosts, let duals = s.duals {
                t = clock.now
                stats.branchAndCut = true
                // LP reduced-cost fixing, then every surviving pair whose LP bound admits it.
                var include = [Bool](repeating: false, count: core.fac.count)
                for i in 0..<m where !core.fixedOpen[i] && !core.fixedClosed[i] {
                    guard let y = lp.yVar[i] else { continue }
                    let value = s.values[y.index], d = rc[y.index]
                    if value < 1e-9 && !incumbentOpen[i] && z + d > upper + tol {
                        core.fixedClosed[i] = true
                        stats.depotsFixedClosed += 1
                    } else if value > 1 - 1e-9 && incumbentOpen[i] && z - d > upper + tol {
                        core.fixedOpen[i] = true
                        stats.depotsFixedOpen += 1
                    }
                }
                for j in 0..<n {
                    let vj = duals[lp.assignRow[j]]
                    for q in core.start[j]..<core.start[j + 1] where survive[q] {
                        if core.fixedClosed[core.fac[q]] && q != incumbentPair[j] { continue }
                        let d = lp.column(of: q).map { rc[$0.index] } ?? (core.cost[q] - vj)
                        if q == incumbentPair[j] || z + max(0, d) <= upper + tol { include[q] = true }
                    }
                }
                let mip = RestrictedModel(core: core, survive: survive, include: include, integer: true)
                stats.modelVariables = mip.model.variables.count
                stats.modelRows = mip.model.constraints.count
                stats.pairsInModel = mip.pairs.count
                progress("branch-and-cut: \(mip.pairs.count) pairs, \(mip.yVar.compactMap { $0 }.count) depots")
                let start = mip.startVector(open: incumbentOpen, pair: incumbentPair)
                let r: Solution
                do {
                    r = try mip.model.solve(options: SolveOptions(timeLimit: remaining(), relativeGap: options.relativeGap,
                                                                  start: start))
                } catch { throw .solver("\(error)") }
                stats.startAccepted = r.startAccepted
                stats.mipSeconds = (clock.now - t).seconds
                if r.hasSolution {
                    let open = mip.openSet(r)
                    let value = core.value(open)
                    if value < upper - tol { finalOpen = open; upper = value }
                }
                if let b = r.bound { lower = max(lower, min(b, upper)) }
                switch r.termination {
                case .optimal: lower = upper
                case .gapReached: termination = .gapReached
                case .timeLimit: termination = .timeLimit
                case .infeasible: lower = upper   // nothing better than the incumbent in the reduced model
                default: termination = r.termination
                }
            } else {
                termination = expired() ? .timeLimit : .error("the restricted LP did not converge")
            }
        }

        // Report on the problem's indices, objective recomputed from the assignment.
        let assignment = core.assignment(finalOpen).map { $0 >= 0 ? core.fac[$0] : -1 }
        let costs = problem.evaluate(open: finalOpen, assignment: assignment)
        let objective = costs?.total
        let bound = objective.map { min($0, lower) } ?? lower
        if let z = objective, z - bound <= tol { termination = .optimal }
        return PlacementSolution(
            termination: termination, status: termination == .optimal ? .optimal : .feasible, objective: objective,
            costs: costs, bound: bound, relativeGap: relativeGap(objective, bound), open: finalOpen,
            assignment: assignment, heuristicObjective: heuristicValue, seconds: (clock.now - started).seconds,
            statistics: stats)
    }
}

/// The strong formulation over a subset of the core's pairs: y_i per depot that is not fixed
/// closed, x_q ∈ [0, 1] per included pair, Σ_q x_q = 1 per demand point, x_q ≤ y_i per pair.
struct RestrictedModel {
    var model: Model
    var yVar: [Var?]
    var assignRow: [Int]
    /// Core pair index → its column.
    var xVar: [Int: Var]
    var pairs: [Int]
    let coreFac: [Int]
    let coreCust: [Int]

    init(core: UFLCore, survive: [Bool], include: [Bool], integer: Bool) {
        var model = Model(name: "placement_ufl")
        model.objectiveConstant = core.constant
        var used = [Bool](repeating: false, count: core.m)
        var cust = [Int](repeating: 0, count: core.fac.count)
        for j in 0..<core.n {
            for q in core.start[j]..<core.start[j + 1] {
                cust[q] = j
                if include[q] { used[core.fac[q]] = true }
            }
        }
        var y = [Var?](repeating: nil, count: core.m)
        for i in 0..<core.m where (used[i] || core.fixedOpen[i]) && !core.fixedClosed[i] {
            let fixed = core.fixedOpen[i]
            y[i] = model.addVariable(kind: integer ? .binary : .continuous, lower: fixed ? 1 : 0, upper: 1,
                                     objective: core.f[i])
        }
        var rows: [Int] = []
        rows.reserveCapacity(core.n)
        for _ in 0..<core.n { rows.append(model.addConstraint(terms: [], .equal(1))) }
        self.model = model
        self.yVar = y
        self.assignRow = rows
        self.xVar = [:]
        self.pairs = []
        self.coreFac = core.fac
        self.coreCust = cust
        for q in include.indices where include[q] { add(pair: q, core: core) }
    }

    func contains(_ q: Int) -> Bool { xVar[q] != nil }
    func column(of q: Int) -> Var? { xVar[q] }

    mutating func add(pair q: Int, core: UFLCore) {
        let i = core.fac[q], j = coreCust[q]
        if yVar[i] == nil {
            // A depot first needed by a priced pair: its column has no rows yet.
            yVar[i] = model.addVariable(kind: model.isMIP ? .binary : .continuous, lower: 0, upper: 1, objective: core.f[i])
        }
        guard let y = yVar[i] else { return }
        let x = model.addColumn(upper: 1, objective: core.cost[q], rows: [(row: assignRow[j], coefficient: 1)])
        model.addConstraint(terms: [Term(x, 1), Term(y, -1)], .lessEqual(0))
        xVar[q] = x
        pairs.append(q)
    }

    /// The start vector for an incumbent (every incumbent pair must be in the model).
    func startVector(open: [Bool], pair: [Int]) -> [Double]? {
        var x = [Double](repeating: 0, count: model.variables.count)
        for (i, y) in yVar.enumerated() { if let y { x[y.index] = open[i] ? 1 : 0 } else if open[i] { return nil } }
        for q in pair {
            guard let v = xVar[q] else { return nil }
            x[v.index] = 1
        }
        return x
    }

    /// The open depots of a solution (y rounded).
    func openSet(_ s: Solution) -> [Bool] {
        yVar.map { y in y.map { s.values[$0.index] > 0.5 } ?? false }
    }

    /// The solution as (open depots, core pair per customer) if every y and x is 0/1.
    func integralSolution(_ s: Solution, tolerance: Double = 1e-9) -> (open: [Bool], pair: [Int])? {
        guard s.hasSolution else { return nil }
        var open = [Bool](repeating: false, count: yVar.count)
        for (i, y) in yVar.enumerated() {
            guard let y else { continue }
            let value = s.values[y.index]
            if value > 1 - tolerance { open[i] = true } else if value > tolerance { return nil }
        }
        var pair = [Int](repeating: -1, count: assignRow.count)
        for q in pairs {
            guard let v = xVar[q] else { continue }
            let value = s.values[v.index]
            if value > 1 - tolerance { pair[coreCust[q]] = q } else if value > tolerance { return nil }
        }
        return pair.contains(-1) ? nil : (open, pair)
    }
}

extension Duration {
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) * 1e-18
    }
}
