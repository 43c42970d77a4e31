import MILP

/// The general path: the strong formulation with every side constraint, solved by GLPK's
/// branch-and-cut from the heuristic's incumbent.
///
/// Variables: y_i ∈ {0, 1} per depot (fixed by must-open/close); x_q ∈ {0, 1} per allowed pair
/// (single sourcing); for a depot with a stock cost, the incremental piecewise-linear form:
/// δ_is ∈ [0, ℓ_s] and z_is ∈ {0, 1} per segment, Σ_s δ_is = Σ_j d_j x_ij,
/// ℓ_s z_i,s+1 ≤ δ_is ≤ ℓ_s z_is, z_i,s+1 ≤ z_is, z_i1 ≤ y_i, cost Σ_s slope_s δ_is (a concave
/// cost needs the binaries: the segments must fill in order).
/// Rows: Σ_q x_q = 1 per demand point; x_q ≤ y_i per pair; Σ_j d_j x_ij ≤ cap_i y_i; coverage
/// Σ_{t_ij ≤ T} d_j x_ij ≥ α Σ_j d_j; Σ y_i ≤ K (or = K). An existing depot's closing cost c adds
/// c to the constant and −c to y_i.
///
/// Reduction before branching: pairs beyond the hard response limit are never built; with an
/// incumbent, the LP relaxation's reduced costs remove every pair and depot whose LP bound
/// exceeds the incumbent (exact: x and y are binary).
///
/// The pricing loop, the depots' LP reduced-cost fixing and the branch-and-cut call are the steps
/// shared with ``UFLSolver`` (``ExactPath``); this file keeps the side constraints' steps.
struct StrongMILP: ExactPath {
    let problem: PlacementProblem
    let options: PlacementOptions
    let deadline: ContinuousClock.Instant?
    let clock = ContinuousClock()

    struct Built {
        var model = Model(name: "placement")
        var y: [Var?] = []
        /// Problem pair index → its column.
        var x: [Int: Var] = [:]
        var segments: [[(delta: Var, z: Var, length: Double)]] = []
        var assignRow: [Int] = []
        var capacityRow: [Int?] = []
        var stockRow: [Int?] = []
        var coverageRow: Int?
    }

    /// The model's rows and depot columns, without assignment columns (added by ``add(_:to:)``).
    func skeleton(closed: [Bool], forcedOpen: [Bool]) -> Built {
        let p = problem
        var b = Built()
        let m = p.facilities.count
        b.y = [Var?](repeating: nil, count: m)
        b.segments = [[(delta: Var, z: Var, length: Double)]](repeating: [], count: m)
        b.capacityRow = [Int?](repeating: nil, count: m)
        b.stockRow = [Int?](repeating: nil, count: m)
        var constant = 0.0
        for (i, f) in p.facilities.enumerated() {
            if f.existing { constant += f.closingCost }
            guard !closed[i] else { continue }
            let must = f.mustOpen || forcedOpen[i]
            b.y[i] = b.model.addVariable("open_\(i)", kind: .binary, lower: must ? 1 : 0, upper: 1,
                                         objective: f.fixedCost - (f.existing ? f.closingCost : 0) + (f.stockCost?.y[0] ?? 0))
        }
        b.model.objectiveConstant = constant
        b.assignRow = p.customers.indices.map { b.model.addConstraint("serve_\($0)", terms: [], .equal(1)) }
        let total = p.totalDemand
        for (i, f) in p.facilities.enumerated() {
            guard let y = b.y[i] else { continue }
            if let cap = f.capacity, cap < total {
                b.capacityRow[i] = b.model.addConstraint("capacity_\(i)", terms: [Term(y, -cap)], .lessEqual(0))
            }
            if let s = f.stockCost {
                let maxLoad = min(f.capacity ?? total, total)
                var segs: [(delta: Var, z: Var, length: Double)] = []
                for k in 0..<s.segmentCount {
                    guard s.x[k] < maxLoad || k == 0 else { break }
                    var length = s.length(k)
                    let last = k == s.segmentCount - 1 || s.x[k + 1] >= maxLoad
                    if last { length = max(length, maxLoad - s.x[k]) }
                    guard length > 0 else { break }
                    let delta = b.model.addVariable("stock_load_\(i)_\(k)", lower: 0, upper: length, objective: s.slope(k))
                    let z = b.model.addVariable("stock_segment_\(i)_\(k)", kind: .binary)
                    segs.append((delta, z, length))
                    if last { break }
                }
                b.stockRow[i] = b.model.addConstraint("stock_load_\(i)", terms: segs.map { Term($0.delta, 1) }, .equal(0))
                for (k, s) in segs.enumerated() {
                    b.model.addConstraint("stock_upper_\(i)_\(k)", terms: [Term(s.delta, 1), Term(s.z, -s.length)], .lessEqual(0))
                    if k + 1 < segs.count {
                        b.model.addConstraint("stock_lower_\(i)_\(k)", terms: [Term(s.delta, 1), Term(segs[k + 1].z, -s.length)], .greaterEqual(0))
                        b.model.addConstraint("stock_order_\(i)_\(k)", terms: [Term(segs[k + 1].z, 1), Term(s.z, -1)], .lessEqual(0))
                    }
                }
                if let first = segs.first {
                    b.model.addConstraint("stock_open_\(i)", terms: [Term(first.z, 1), Term(y, -1)], .lessEqual(0))
                }
                b.segments[i] = segs
            }
        }
        if let c = p.coverage, total > 0 {
            b.coverageRow = b.model.addConstraint("coverage", terms: [], .greaterEqual(c.fraction * total))
        }
        if let k = p.openCount {
            let terms = b.y.compactMap { $0 }.map { Term($0, 1) }
            switch k {
            case .atMost(let limit): b.model.addConstraint("open_count", terms: terms, .lessEqual(Double(limit)))
            case .exactly(let limit): b.model.addConstraint("open_count", terms: terms, .equal(Double(limit)))
            }
        }
        return b
    }

    /// The rows pair q's column has a coefficient in (its linking row aside).
    func rows(of q: Int, in b: Built) -> [(row: Int, coefficient: Double)] {
        let p = problem
        let i = p.pairFacility[q], j = p.pairCustomer[q], d = p.customers[j].demand
        var rows: [(row: Int, coefficient: Double)] = [(b.assignRow[j], 1)]
        if d > 0 {
            if let r = b.capacityRow[i] { rows.append((r, d)) }
            if let r = b.stockRow[i] { rows.append((r, -d)) }
            if let r = b.coverageRow, let c = p.coverage, p.pairHours[q] <= c.hours { rows.append((r, d)) }
        }
        return rows
    }

    /// Adds pair q's column x_q ∈ {0, 1} and its linking row x_q ≤ y_i.
    func add(_ q: Int, to b: inout Built) {
        guard b.x[q] == nil, let y = b.y[problem.pairFacility[q]] else { return }
        let x = b.model.addColumn(kind: .binary, objective: problem.pairCost[q], rows: rows(of: q, in: b))
        b.model.addConstraint(terms: [Term(x, 1), Term(y, -1)], .lessEqual(0))
        b.x[q] = x
    }

    /// The reduced cost of pair q at LP duals (for a column not in the model: its new linking row's dual is 0).
    func reducedCost(_ q: Int, in b: Built, duals: [Double]) -> Double {
        rows(of: q, in: b).reduce(problem.pairCost[q]) { $0 - $1.coefficient * duals[$1.row] }
    }

    /// The variable values of a complete solution, or nil if it does not fit the model.
    func startVector(_ b: Built, open: [Bool], assignment: [Int]) -> [Double]? {
        let p = problem
        var v = [Double](repeating: 0, count: b.model.variables.count)
        var load = [Double](repeating: 0, count: p.facilities.count)
        for (i, y) in b.y.enumerated() {
            if let y { v[y.index] = open[i] ? 1 : 0 } else if open[i] { return nil }
        }
        for (j, i) in assignment.enumerated() {
            guard let q = p.pair(facility: i, customer: j), let x = b.x[q] else { return nil }
            v[x.index] = 1
            load[i] += p.customers[j].demand
        }
        for (i, segs) in b.segments.enumerated() where open[i] {
            var rest = load[i]
            for s in segs {
                let part = min(rest, s.length)
                if part > 0 || rest > 0 {
                    v[s.delta.index] = part
                    v[s.z.index] = part > 0 ? 1 : 0
                }
                rest -= part
            }
            if rest > 1e-9 * max(1, load[i]) { return nil }
        }
        return v
    }

    /// Reads (open, assignment) from a solution.
    func read(_ b: Built, _ s: Solution) -> (open: [Bool], assignment: [Int])? {
        let p = problem
        let open = b.y.map { y in y.map { s.values[$0.index] > 0.5 } ?? false }
        var assignment = [Int](repeating: -1, count: p.customers.count)
        var best = [Double](repeating: 0.5, count: p.customers.count)
        for (q, x) in b.x {
            let value = s.values[x.index], j = p.pairCustomer[q]
            if value > best[j] { best[j] = value; assignment[j] = p.pairFacility[q] }
        }
        return assignment.contains(-1) ? nil : (open, assignment)
    }

    typealias Incumbent = (open: [Bool], assignment: [Int], value: Double)

    /// What the bounds have reduced the problem to.
    struct Reduction {
        /// Depots fixed closed (the must-close ones and those the bounds close).
        var closed: [Bool]
        /// Depots fixed open by the bounds.
        var forcedOpen: [Bool]
        /// Problem pairs that can still be in a solution better than the incumbent.
        var keep: [Bool]
    }

    func solve(progress: (String) -> Void) throws(PlacementError) -> PlacementSolution {
        let started = clock.now
        var stats = PlacementStatistics()
        stats.method = "strong-milp"
        var reduction = allowedPairs()
        stats.pairs = reduction.keep.filter { $0 }.count
        guard servesEveryone(reduction.keep) else {
            return .empty(.infeasible, seconds: seconds(since: started), stats: stats)
        }

        progress("heuristic: greedy and interchange")
        let (core, heuristic, found) = timed(\.heuristicSeconds, &stats) { _ in
            let core = UFLCore(problem, openFree: problem.openCount == nil)
            let heuristic = GenericHeuristic(problem)
            return (core, heuristic, heuristic.run(budget: heuristicBudget, seed: core.localSearch().open))
        }
        var incumbent = found
        var upper = incumbent?.value

        if options.reduce && hasOnlySideConstraints {
            progress("bounds: Lagrangian with the side constraints")
            timed(\.boundSeconds, &stats) { stats in
                reduceByLagrangian(core, heuristic, incumbent: &incumbent, upper: &upper, &reduction, stats: &stats)
            }
        }

        // With pricing unfinished, the restricted LP's model is all there is to branch over.
        var restricted: Built?
        if options.reduce, let upper, let inc = incumbent {
            progress("restricted LP and pricing")
            let (lp, pricing) = try timed(\.lpSeconds, &stats) { stats throws(PlacementError) in
                var lp = restrictedLP(reduction, incumbent: inc)
                let pricing = try price(&lp, reserve: 0.01, stats: &stats, progress: progress)
                return (lp.built, pricing)
            }
            if pricing.converged {
                reduceByLP(pricing.lp, lp, incumbent: inc, upper: upper, &reduction, stats: &stats)
            } else {
                restricted = lp
            }
        }
        let built = restricted ?? fullModel(reduction)
        stats.record(built.model, pairs: built.x.count)
        stats.pairsAfterReduction = built.x.count

        progress("branch-and-cut: \(built.x.count) pairs")
        let r = try timed(\.mipSeconds, &stats) { stats throws(PlacementError) in
            let start = incumbent.flatMap { startVector(built, open: $0.open, assignment: $0.assignment) }
            return try branchAndCut(built.model, start: start, stats: &stats)
        }
        return report(r, of: built, incumbent: incumbent, upper: upper, restrictedOnly: restricted != nil,
                      started: started, stats: stats)
    }

    /// Every pair within the hard response limit whose depot is not must-close; every depot but
    /// the must-close ones still free.
    func allowedPairs() -> Reduction {
        let p = problem
        var keep = [Bool](repeating: false, count: p.pairCount)
        for j in p.customers.indices {
            for q in p.pairStart[j]..<p.pairStart[j + 1] {
                let i = p.pairFacility[q]
                keep[q] = !p.facilities[i].mustClose && (p.maxResponseHours.map { p.pairHours[q] <= $0 } ?? true)
            }
        }
        return Reduction(closed: p.facilities.map(\.mustClose),
                         forcedOpen: [Bool](repeating: false, count: p.facilities.count), keep: keep)
    }

    /// Whether every demand point has a pair left.
    func servesEveryone(_ keep: [Bool]) -> Bool {
        let p = problem
        return !p.customers.indices.contains { j in !(p.pairStart[j]..<p.pairStart[j + 1]).contains { keep[$0] } }
    }

    /// Seconds for the construction heuristic: 5 % of the time limit, 0.05–2 s.
    var heuristicBudget: Double { min(2.0, max(0.05, (options.timeLimit ?? 60) * 0.05)) }

    /// Uncapacitated, without stock costs: only coverage and/or a depot limit keep the problem off
    /// the fast path, and the Lagrangian with those side constraints applies.
    var hasOnlySideConstraints: Bool {
        let total = problem.totalDemand
        return problem.facilities.allSatisfy { $0.stockCost == nil && ($0.capacity.map { $0 >= total } ?? true) }
    }

    /// Bounds and reduction: the Lagrangian with the side constraints (its heuristic may improve
    /// the incumbent); against the incumbent, a depot whose Lagrangian cost of opening (closing)
    /// exceeds it is fixed closed (open), and a pair whose Lagrangian cost of use exceeds it is dropped.
    func reduceByLagrangian(_ core: UFLCore, _ heuristic: GenericHeuristic, incumbent: inout Incumbent?,
                            upper: inout Double?, _ reduction: inout Reduction, stats: inout PlacementStatistics) {
        let p = problem, m = p.facilities.count
        let side = SideLagrangian(p, core: core)
        var ub = upper ?? .infinity
        guard let (state, v, sigma) = side.optimise(upper: &ub, incumbent: &incumbent, heuristic: heuristic,
                                                    iterations: options.subgradientIterations, deadline: deadline) else { return }
        upper = incumbent?.value
        stats.lagrangianBound = state.bound
        guard let upper, let inc = incumbent else { return }
        let tol = 1e-9 * max(1, abs(upper)) + 1e-7
        let lower = state.bound
        var opening = [Double](repeating: 0, count: m)
        for i in 0..<m where !p.facilities[i].mustOpen && !p.facilities[i].mustClose {
            opening[i] = side.openingCost(i, state)
            if !inc.open[i] && lower + opening[i] > upper + tol {
                reduction.closed[i] = true
                stats.depotsFixedClosed += 1
            } else if inc.open[i] && lower + side.closingCost(i, state) > upper + tol {
                reduction.forcedOpen[i] = true
                stats.depotsFixedOpen += 1
            }
        }
        for j in 0..<core.n {
            for q in core.start[j]..<core.start[j + 1] {
                let pq = core.problemPair[q], i = core.fac[q]
                if inc.assignment[j] == i { continue }
                if reduction.closed[i] { reduction.keep[pq] = false; continue }
                let c = core.cost[q] - sigma * side.coverDemand[q]
                if lower + opening[i] + max(0, c - v[j]) > upper + tol { reduction.keep[pq] = false }
            }
        }
        for q in reduction.keep.indices where reduction.keep[q] && reduction.closed[p.pairFacility[q]] {
            reduction.keep[q] = false
        }
    }

    /// The restricted model and what pricing draws from: the pairs the reduction kept.
    struct Pricing: PricedLP {
        let solver: StrongMILP
        let keep: [Bool]
        var built: Built

        var model: Model { built.model }
        var pairCount: Int { built.x.count }

        /// Kept pairs not in the model whose reduced cost over every row they enter is negative.
        mutating func addPricedColumns(duals: [Double]) -> Int {
            let p = solver.problem
            var added = 0
            for q in 0..<p.pairCount where keep[q] && built.x[q] == nil && built.y[p.pairFacility[q]] != nil {
                if solver.reducedCost(q, in: built, duals: duals) < -1e-9 * max(1, p.pairCost[q]) {
                    solver.add(q, to: &built)
                    added += 1
                }
            }
            return added
        }
    }

    /// The first restricted LP: each demand point's cheapest kept pairs, the incumbent's and, with a
    /// coverage target, its cheapest covering pair.
    func restrictedLP(_ reduction: Reduction, incumbent inc: Incumbent) -> Pricing {
        let p = problem
        var built = skeleton(closed: reduction.closed, forcedOpen: reduction.forcedOpen)
        for j in p.customers.indices {
            var taken = 0, covering = false
            for q in p.pairStart[j]..<p.pairStart[j + 1] where reduction.keep[q] {
                let covers = p.coverage.map { p.pairHours[q] <= $0.hours } ?? false
                if taken < options.nearest || (covers && !covering) || p.pairFacility[q] == inc.assignment[j] {
                    add(q, to: &built)
                    taken += 1
                    covering = covering || covers
                }
            }
        }
        return Pricing(solver: self, keep: reduction.keep, built: built)
    }

    /// LP reduced-cost fixing against the incumbent, once pricing has converged: depots (shared
    /// with the fast path), then every kept pair whose LP bound exceeds the incumbent is dropped.
    func reduceByLP(_ lp: Solution?, _ built: Built, incumbent inc: Incumbent, upper: Double,
                    _ reduction: inout Reduction, stats: inout PlacementStatistics) {
        guard let s = lp, let z = s.objective, let rc = s.reducedCosts, let duals = s.duals else { return }
        let p = problem
        stats.lpBound = z
        let tol = 1e-9 * max(1, abs(upper)) + 1e-7
        fixDepotsByReducedCost(s, y: built.y, eligible: p.facilities.map { !$0.mustOpen }, incumbentOpen: inc.open,
                               upper: upper, tol: tol, closed: &reduction.closed, open: &reduction.forcedOpen, stats: &stats)
        for q in 0..<p.pairCount where reduction.keep[q] {
            let i = p.pairFacility[q]
            if inc.assignment[p.pairCustomer[q]] == i { continue }
            if reduction.closed[i] { reduction.keep[q] = false; continue }
            let d: Double
            if let x = built.x[q] {
                d = s.values[x.index] > 1e-9 ? 0 : rc[x.index]
            } else if built.y[i] != nil {
                d = reducedCost(q, in: built, duals: duals)
            } else {
                continue
            }
            if z + max(0, d) > upper + tol { reduction.keep[q] = false }
        }
    }

    /// The model over every kept pair, with the depots the reduction fixed.
    func fullModel(_ reduction: Reduction) -> Built {
        var built = skeleton(closed: reduction.closed, forcedOpen: reduction.forcedOpen)
        for q in 0..<problem.pairCount where reduction.keep[q] { add(q, to: &built) }
        return built
    }

    /// The answer: GLPK's solution if it is no worse than the incumbent, else the incumbent; the
    /// best bound proved on the way — none from a restricted model alone (pricing unfinished), but
    /// the Lagrangian bound holds for the whole problem even then.
    func report(_ r: Solution, of built: Built, incumbent: Incumbent?, upper: Double?, restrictedOnly: Bool,
                started: ContinuousClock.Instant, stats: PlacementStatistics) -> PlacementSolution {
        let p = problem
        var open = incumbent?.open, assignment = incumbent?.assignment
        var value = upper
        if r.hasSolution, let found = read(built, r), let z = p.evaluate(open: found.open, assignment: found.assignment)?.total,
           value.map({ z < $0 + 1e-9 * max(1, abs($0)) }) ?? true {
            open = found.open
            assignment = found.assignment
            value = z
        }
        var termination = r.termination
        var bound = restrictedOnly ? nil : r.bound
        if restrictedOnly && termination == .optimal { termination = .timeLimit }
        if case .infeasible = r.termination {
            if incumbent != nil { termination = .optimal; bound = upper } else {
                return .empty(.infeasible, seconds: seconds(since: started), stats: stats)
            }
        }
        guard let open, let assignment, let value else {
            return .empty(termination, seconds: seconds(since: started), stats: stats)
        }
        if termination == .optimal && !restrictedOnly { bound = value }
        if let lp = stats.lpBound { bound = max(bound ?? lp, lp) }
        if let lagrangian = stats.lagrangianBound { bound = max(bound ?? lagrangian, lagrangian) }
        if let b = bound { bound = min(b, value) }
        return .held(termination, objective: value, costs: p.evaluate(open: open, assignment: assignment), bound: bound,
                     open: open, assignment: assignment, heuristicObjective: upper, seconds: seconds(since: started),
                     stats: stats)
    }
}

extension PlacementProblem {
    /// Solves the problem exactly (up to `options.relativeGap` and the time limit) with GLPK.
    ///
    /// Uncapacitated problems take the fast path (bounds, pair pricing, a small MIP); the others
    /// the strong formulation with side constraints. Either way the answer carries why the solve
    /// stopped, the solution held, its objective, a proved bound and the gap. Bad numbers throw a
    /// ``PlacementError`` before GLPK sees anything.
    public func solve(options: PlacementOptions = PlacementOptions(),
                      progress: (String) -> Void = { _ in }) throws(PlacementError) -> PlacementSolution {
        try validateConstraints()
        if let t = options.timeLimit, !(t.isFinite && t > 0) {
            throw .invalidInput(field: "timeLimit", reason: "must be a positive number of seconds, got \(t)")
        }
        guard options.relativeGap.isFinite, options.relativeGap >= 0 else {
            throw .invalidInput(field: "relativeGap", reason: "must be a finite number ≥ 0, got \(options.relativeGap)")
        }
        guard options.nearest >= 1 else { throw .invalidInput(field: "nearest", reason: "must be at least 1, got \(options.nearest)") }
        let clock = ContinuousClock()
        let deadline = options.timeLimit.map { clock.now + .milliseconds(Int64(($0 * 1000).rounded(.up))) }
        if options.fastPath && isUncapacitated {
            return try UFLSolver(problem: self, options: options, deadline: deadline).solve(progress: progress)
        }
        return try StrongMILP(problem: self, options: options, deadline: deadline).solve(progress: progress)
    }
}
