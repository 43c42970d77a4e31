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
struct StrongMILP: DeadlineBound {
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

    func solve(progress: (String) -> Void) throws(PlacementError) -> PlacementSolution {
        let started = clock.now
        let p = problem
        var stats = PlacementStatistics()
        stats.method = "strong-milp"
        let m = p.facilities.count
        var keep = [Bool](repeating: false, count: p.pairCount)
        for j in p.customers.indices {
            for q in p.pairStart[j]..<p.pairStart[j + 1] {
                let i = p.pairFacility[q]
                keep[q] = !p.facilities[i].mustClose && (p.maxResponseHours.map { p.pairHours[q] <= $0 } ?? true)
            }
        }
        stats.pairs = keep.filter { $0 }.count
        if p.customers.indices.contains(where: { j in !(p.pairStart[j]..<p.pairStart[j + 1]).contains { keep[$0] } }) {
            return .empty(.infeasible, seconds: (clock.now - started).seconds, stats: stats)
        }
        var closed = p.facilities.map(\.mustClose)
        var forcedOpen = [Bool](repeating: false, count: m)

        progress("heuristic: greedy and interchange")
        var t = clock.now
        let budget = min(2.0, max(0.05, (options.timeLimit ?? 60) * 0.05))
        let core = UFLCore(p, openFree: p.openCount == nil)
        let heuristic = GenericHeuristic(p)
        var incumbent = heuristic.run(budget: budget, seed: core.localSearch().open)
        stats.heuristicSeconds = (clock.now - t).seconds
        var upper = incumbent?.value

        // Uncapacitated with coverage and/or a depot limit: the Lagrangian bound reduces pairs first.
        let total = p.totalDemand
        if options.reduce, p.facilities.allSatisfy({ $0.stockCost == nil && ($0.capacity.map { $0 >= total } ?? true) }) {
            progress("bounds: Lagrangian with the side constraints")
            t = clock.now
            let side = SideLagrangian(p, core: core)
            var ub = upper ?? .infinity
            if let (state, v, sigma) = side.optimise(upper: &ub, incumbent: &incumbent, heuristic: heuristic,
                                                    iterations: options.subgradientIterations, deadline: deadline) {
                upper = incumbent?.value
                stats.lagrangianBound = state.bound
                if let upper, let inc = incumbent {
                    let tol = 1e-9 * max(1, abs(upper)) + 1e-7
                    let lower = state.bound
                    var opening = [Double](repeating: 0, count: m)
                    for i in 0..<m where !p.facilities[i].mustOpen && !p.facilities[i].mustClose {
                        opening[i] = side.openingCost(i, state)
                        if !inc.open[i] && lower + opening[i] > upper + tol {
                            closed[i] = true
                            stats.depotsFixedClosed += 1
                        } else if inc.open[i] && lower + side.closingCost(i, state) > upper + tol {
                            forcedOpen[i] = true
                            stats.depotsFixedOpen += 1
                        }
                    }
                    for j in 0..<core.n {
                        for q in core.start[j]..<core.start[j + 1] {
                            let pq = core.problemPair[q], i = core.fac[q]
                            if inc.assignment[j] == i { continue }
                            if closed[i] { keep[pq] = false; continue }
                            let c = core.cost[q] - sigma * side.coverDemand[q]
                            if lower + opening[i] + max(0, c - v[j]) > upper + tol { keep[pq] = false }
                        }
                    }
                    for q in keep.indices where keep[q] && closed[p.pairFacility[q]] { keep[q] = false }
                }
            }
            stats.boundSeconds = (clock.now - t).seconds
        }

        // Restricted LP over each demand point's cheapest pairs (plus the incumbent's and, with a
        // coverage target, its cheapest covering pair), with pricing of the other pairs by reduced
        // cost over every row they enter; then LP reduced-cost fixing against the incumbent.
        var built: Built
        var restricted: Built?
        var restrictedOnly = false
        if options.reduce, let upper, let inc = incumbent {
            progress("restricted LP and pricing")
            t = clock.now
            built = skeleton(closed: closed, forcedOpen: forcedOpen)
            for j in p.customers.indices {
                var taken = 0, covering = false
                for q in p.pairStart[j]..<p.pairStart[j + 1] where keep[q] {
                    let covers = p.coverage.map { p.pairHours[q] <= $0.hours } ?? false
                    if taken < options.nearest || (covers && !covering) || p.pairFacility[q] == inc.assignment[j] {
                        add(q, to: &built)
                        taken += 1
                        covering = covering || covers
                    }
                }
            }
            var lp: Solution?
            var converged = false
            while remaining().map({ $0 > 0.01 }) ?? true {
                stats.pricingRounds += 1
                progress("restricted LP round \(stats.pricingRounds): \(built.x.count) pairs")
                let s: Solution
                do { s = try built.model.solve(options: SolveOptions(timeLimit: remaining(), relaxIntegrality: true)) } catch {
                    throw .solver("\(error)")
                }
                guard s.termination == .optimal, let duals = s.duals else { break }
                lp = s
                var added = 0
                for q in 0..<p.pairCount where keep[q] && built.x[q] == nil && built.y[p.pairFacility[q]] != nil {
                    if reducedCost(q, in: built, duals: duals) < -1e-9 * max(1, p.pairCost[q]) {
                        add(q, to: &built)
                        added += 1
                    }
                }
                stats.columnsPriced += added
                if added == 0 { converged = true; break }
            }
            stats.lpSeconds = (clock.now - t).seconds
            if !converged { restricted = built; restrictedOnly = true }
            if converged, let s = lp, let z = s.objective, let rc = s.reducedCosts, let duals = s.duals {
                stats.lpBound = z
                let tol = 1e-9 * max(1, abs(upper)) + 1e-7
                for (i, y) in built.y.enumerated() {
                    guard let y, !p.facilities[i].mustOpen else { continue }
                    let value = s.values[y.index], d = rc[y.index]
                    if value < 1e-9 && !inc.open[i] && z + d > upper + tol {
                        closed[i] = true
                        stats.depotsFixedClosed += 1
                    } else if value > 1 - 1e-9 && inc.open[i] && z - d > upper + tol {
                        forcedOpen[i] = true
                        stats.depotsFixedOpen += 1
                    }
                }
                for q in 0..<p.pairCount where keep[q] {
                    let i = p.pairFacility[q]
                    if inc.assignment[p.pairCustomer[q]] == i { continue }
                    if closed[i] { keep[q] = false; continue }
                    let d: Double
                    if let x = built.x[q] {
                        d = s.values[x.index] > 1e-9 ? 0 : rc[x.index]
                    } else if built.y[i] != nil {
                        d = reducedCost(q, in: built, duals: duals)
                    } else {
                        continue
                    }
                    if z + max(0, d) > upper + tol { keep[q] = false }
                }
            }
        }
        if restrictedOnly, let current = restricted {
            // Pricing did not finish in time: branch over the restricted pairs for a solution; its
            // bound holds for the restricted model only, so none is reported.
            built = current
        } else {
            built = skeleton(closed: closed, forcedOpen: forcedOpen)
            for q in 0..<p.pairCount where keep[q] { add(q, to: &built) }
        }
        stats.pairsInModel = built.x.count
        stats.pairsAfterReduction = built.x.count
        stats.modelVariables = built.model.variables.count
        stats.modelRows = built.model.constraints.count

        progress("branch-and-cut: \(built.x.count) pairs")
        t = clock.now
        stats.branchAndCut = true
        let start = incumbent.flatMap { startVector(built, open: $0.open, assignment: $0.assignment) }
        let r: Solution
        do {
            r = try built.model.solve(options: SolveOptions(timeLimit: remaining(), relativeGap: options.relativeGap, start: start))
        } catch { throw .solver("\(error)") }
        stats.mipSeconds = (clock.now - t).seconds
        stats.startAccepted = r.startAccepted

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
                return .empty(.infeasible, seconds: (clock.now - started).seconds, stats: stats)
            }
        }
        guard let open, let assignment, let value else {
            return .empty(termination, seconds: (clock.now - started).seconds, stats: stats)
        }
        if termination == .optimal && !restrictedOnly { bound = value }
        if let lp = stats.lpBound { bound = max(bound ?? lp, lp) }
        // The Lagrangian bound holds for the whole problem, even when pricing did not finish.
        if let lagrangian = stats.lagrangianBound { bound = max(bound ?? lagrangian, lagrangian) }
        if let b = bound { bound = min(b, value) }
        return PlacementSolution(
            termination: termination, status: termination == .optimal ? .optimal : .feasible, objective: value,
            costs: p.evaluate(open: open, assignment: assignment), bound: bound, relativeGap: relativeGap(value, bound),
            open: open, assignment: assignment, heuristicObjective: upper, seconds: (clock.now - started).seconds,
            statistics: stats)
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
