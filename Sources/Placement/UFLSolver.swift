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
///
/// The pricing loop, the depots' LP reduced-cost fixing and the branch-and-cut call are the steps
/// shared with ``StrongMILP`` (``ExactPath``); this file keeps the core arrays' steps.
struct UFLSolver: ExactPath {
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
            return .empty(.infeasible, seconds: seconds(since: started), stats: stats)
        }

        progress("heuristic: greedy and interchange")
        var (incumbentOpen, upper) = timed(\.heuristicSeconds, &stats) { _ in core.localSearch() }
        progress("bounds: dual ascent and Lagrangian")
        let bounds = timed(\.boundSeconds, &stats) { stats in
            lagrangianBounds(core, upper: &upper, incumbent: &incumbentOpen, stats: &stats)
        }
        let heuristicValue = upper
        var standing = Standing(open: incumbentOpen, upper: upper, lower: bounds.lower,
                                tol: 1e-9 * max(1, abs(upper)) + 1e-7)
        let incumbentPair = core.assignment(incumbentOpen)
        var survive = [Bool](repeating: true, count: core.fac.count)
        if options.reduce {
            reduceByLagrangian(&core, bounds, incumbentOpen: incumbentOpen, incumbentPair: incumbentPair,
                               standing: standing, survive: &survive, stats: &stats)
        }

        let (lp, pricing) = try timed(\.lpSeconds, &stats) { stats throws(PlacementError) in
            let include = firstColumns(core, survive: survive, v: bounds.v, incumbentPair: incumbentPair)
            var lp = Pricing(lp: RestrictedModel(core: core, survive: survive, include: include, integer: false),
                             core: core, survive: survive)
            let pricing = try price(&lp, reserve: 0, stats: &stats, progress: progress)
            return (lp.lp, pricing)
        }
        stats.record(lp.model, pairs: lp.pairs.count)
        stats.pairsAfterReduction = survive.filter { $0 }.count
        if pricing.converged, let s = pricing.lp, let z = s.objective {
            stats.lpBound = z
            standing.absorbLP(s, z, of: lp, core: core)
        }

        // Branch-and-cut if the LP did not close the gap.
        if standing.gapOpen(relativeGap: options.relativeGap) {
            if expired() {
                standing.termination = .timeLimit
            } else if pricing.converged, let s = pricing.lp, s.objective != nil, s.reducedCosts != nil, s.duals != nil {
                let (mip, r) = try timed(\.mipSeconds, &stats) { stats throws(PlacementError) in
                    try reducedMIP(s, of: lp, &core, survive: survive, incumbentOpen: incumbentOpen,
                                   incumbentPair: incumbentPair, standing: standing, stats: &stats, progress: progress)
                }
                standing.absorbMIP(r, of: mip, core: core)
            } else {
                standing.termination = expired() ? .timeLimit : .error("the restricted LP did not converge")
            }
        }
        return report(standing, core: core, heuristicValue: heuristicValue, started: started, stats: stats)
    }

    /// The best solution so far and the bounds around it.
    struct Standing {
        var open: [Bool]
        var upper: Double
        var lower: Double
        /// Tolerance of the bound tests, from the incumbent's value after the bounds.
        let tol: Double
        var termination: Termination = .optimal

        func gapOpen(relativeGap: Double) -> Bool { upper - lower > max(tol, relativeGap * abs(upper)) }

        /// The LP bound z of the converged restricted LP; an integral LP optimum is an integer optimum.
        mutating func absorbLP(_ s: Solution, _ z: Double, of lp: RestrictedModel, core: UFLCore) {
            lower = max(lower, z)
            if let integral = lp.integralSolution(s), z < upper - tol {
                open = integral.open
                upper = core.value(open)
            }
        }

        /// Branch-and-cut's solution if better, its bound, why it stopped.
        mutating func absorbMIP(_ r: Solution, of mip: RestrictedModel, core: UFLCore) {
            if r.hasSolution {
                let found = mip.openSet(r)
                let value = core.value(found)
                if value < upper - tol { open = found; upper = value }
            }
            if let b = r.bound { lower = max(lower, min(b, upper)) }
            switch r.termination {
            case .optimal: lower = upper
            case .gapReached: termination = .gapReached
            case .timeLimit: termination = .timeLimit
            case .infeasible: lower = upper   // nothing better than the incumbent in the reduced model
            default: termination = r.termination
            }
        }
    }

    /// What the bounds found: the lower bound, the multipliers v of the assignment rows and the
    /// depots' Lagrangian costs ρ at them.
    struct Bounds {
        var lower: Double
        var v: [Double]
        var rho: [Double]
    }

    /// Erlenkotter's dual ascent, then Lagrangian subgradient from it (its heuristic may lower
    /// `upper` and replace the incumbent); the better of the two bounds with its multipliers.
    func lagrangianBounds(_ core: UFLCore, upper: inout Double, incumbent: inout [Bool],
                          stats: inout PlacementStatistics) -> Bounds {
        let v0 = core.dualAscent()
        var rho = [Double](repeating: 0, count: core.m)
        stats.dualAscentBound = core.lagrangian(v0, rho: &rho)
        let lag = core.subgradient(from: v0, upper: &upper, incumbent: &incumbent, iterations: options.subgradientIterations)
        let lower = max(lag.bound, stats.dualAscentBound ?? -.infinity)
        stats.lagrangianBound = lag.bound
        let v = lag.bound >= (stats.dualAscentBound ?? -.infinity) ? lag.v : v0
        if lag.bound < (stats.dualAscentBound ?? -.infinity) { _ = core.lagrangian(v0, rho: &rho) } else { rho = lag.rho }
        return Bounds(lower: lower, v: v, rho: rho)
    }

    /// Reduction by the Lagrangian bound: a depot whose Lagrangian cost of opening (closing) exceeds
    /// the incumbent is fixed closed (open); a pair whose Lagrangian cost of use exceeds it is dropped.
    func reduceByLagrangian(_ core: inout UFLCore, _ bounds: Bounds, incumbentOpen: [Bool], incumbentPair: [Int],
                            standing: Standing, survive: inout [Bool], stats: inout PlacementStatistics) {
        let lower = bounds.lower, upper = standing.upper, tol = standing.tol, rho = bounds.rho, v = bounds.v
        for i in 0..<core.m where !core.fixedOpen[i] && !core.fixedClosed[i] {
            if !incumbentOpen[i] && lower + max(0, rho[i]) > upper + tol {
                core.fixedClosed[i] = true
                stats.depotsFixedClosed += 1
            } else if incumbentOpen[i] && rho[i] < 0 && lower - rho[i] > upper + tol {
                core.fixedOpen[i] = true
                stats.depotsFixedOpen += 1
            }
        }
        for j in 0..<core.n {
            for q in core.start[j]..<core.start[j + 1] {
                let i = core.fac[q]
                if q == incumbentPair[j] { continue }
                if core.fixedClosed[i] { survive[q] = false; continue }
                let open = core.fixedOpen[i] ? 0 : max(0, rho[i])
                if lower + open + max(0, core.cost[q] - v[j]) > upper + tol { survive[q] = false }
            }
        }
    }

    /// The first restricted LP's pairs: each demand point's cheapest surviving ones, those the
    /// dual ascent prices in (c_ij < v_j) and the incumbent's.
    func firstColumns(_ core: UFLCore, survive: [Bool], v: [Double], incumbentPair: [Int]) -> [Bool] {
        var active = [Bool](repeating: false, count: core.fac.count)
        for j in 0..<core.n {
            var taken = 0
            for q in core.start[j]..<core.start[j + 1] where survive[q] {
                if taken < options.nearest || core.cost[q] < v[j] || q == incumbentPair[j] {
                    active[q] = true
                    taken += 1
                }
            }
            active[incumbentPair[j]] = true
        }
        return active
    }

    /// The restricted LP and what pricing draws from: the core's pairs that survived the reduction.
    struct Pricing: PricedLP {
        var lp: RestrictedModel
        let core: UFLCore
        let survive: [Bool]

        var model: Model { lp.model }
        var pairCount: Int { lp.pairs.count }

        /// Surviving pairs not in the model with c_ij − v_j < 0.
        mutating func addPricedColumns(duals: [Double]) -> Int {
            var added = 0
            for j in 0..<core.n {
                let vj = duals[lp.assignRow[j]]
                for q in core.start[j]..<core.start[j + 1] where survive[q] && !lp.contains(q) {
                    if core.cost[q] - vj < -1e-9 * max(1, abs(core.cost[q])) {
                        lp.add(pair: q, core: core)
                        added += 1
                    }
                }
            }
            return added
        }
    }

    /// LP reduced-cost fixing of the depots (shared with the general path), then branch-and-cut
    /// over every surviving pair whose LP bound admits it (and the incumbent's), from the incumbent.
    func reducedMIP(_ s: Solution, of lp: RestrictedModel, _ core: inout UFLCore, survive: [Bool], incumbentOpen: [Bool],
                    incumbentPair: [Int], standing: Standing, stats: inout PlacementStatistics,
                    progress: (String) -> Void) throws(PlacementError) -> (RestrictedModel, Solution) {
        let eligible = (0..<core.m).map { !core.fixedOpen[$0] && !core.fixedClosed[$0] }
        fixDepotsByReducedCost(s, y: lp.yVar, eligible: eligible, incumbentOpen: incumbentOpen, upper: standing.upper,
                               tol: standing.tol, closed: &core.fixedClosed, open: &core.fixedOpen, stats: &stats)
        let include = pairsWithinLPBound(s, of: lp, core, survive: survive, incumbentPair: incumbentPair, standing: standing)
        let mip = RestrictedModel(core: core, survive: survive, include: include, integer: true)
        stats.record(mip.model, pairs: mip.pairs.count)
        progress("branch-and-cut: \(mip.pairs.count) pairs, \(mip.yVar.compactMap { $0 }.count) depots")
        let r = try branchAndCut(mip.model, start: mip.startVector(open: incumbentOpen, pair: incumbentPair), stats: &stats)
        return (mip, r)
    }

    /// Every surviving pair of a depot not fixed closed whose LP bound z + max(0, d) does not
    /// exceed the incumbent (d its reduced cost; c_ij − v_j outside the model), and the incumbent's.
    func pairsWithinLPBound(_ s: Solution, of lp: RestrictedModel, _ core: UFLCore, survive: [Bool],
                            incumbentPair: [Int], standing: Standing) -> [Bool] {
        guard let z = s.objective, let rc = s.reducedCosts, let duals = s.duals else { return [] }
        let upper = standing.upper, tol = standing.tol
        var include = [Bool](repeating: false, count: core.fac.count)
        for j in 0..<core.n {
            let vj = duals[lp.assignRow[j]]
            for q in core.start[j]..<core.start[j + 1] where survive[q] {
                if core.fixedClosed[core.fac[q]] && q != incumbentPair[j] { continue }
                let d = lp.column(of: q).map { rc[$0.index] } ?? (core.cost[q] - vj)
                if q == incumbentPair[j] || z + max(0, d) <= upper + tol { include[q] = true }
            }
        }
        return include
    }

    /// The answer on the problem's indices, its objective recomputed from the assignment; optimal
    /// when the bound meets it.
    func report(_ standing: Standing, core: UFLCore, heuristicValue: Double, started: ContinuousClock.Instant,
                stats: PlacementStatistics) -> PlacementSolution {
        var termination = standing.termination
        let assignment = core.assignment(standing.open).map { $0 >= 0 ? core.fac[$0] : -1 }
        let costs = problem.evaluate(open: standing.open, assignment: assignment)
        let objective = costs?.total
        let bound = objective.map { min($0, standing.lower) } ?? standing.lower
        if let z = objective, z - bound <= standing.tol { termination = .optimal }
        return .held(termination, objective: objective, costs: costs, bound: bound, open: standing.open,
                     assignment: assignment, heuristicObjective: heuristicValue, seconds: seconds(since: started),
                     stats: stats)
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
