import Foundation
public import MILP
public import ScenarioModel

/// A service target that every customer-facing site must meet.
public enum ServiceTarget: Sendable, Equatable, CustomStringConvertible {
    /// Customer-demand-weighted fill rate over items at the site ≥ value.
    case fillRate(Double)
    /// Mean customer wait at the site (Little: customer backorders ÷ demand per day) ≤ value days.
    case waitingDays(Double)
    /// Restore within the SLA class's window (``StockingModel/slaAttainment(stock:method:field:)``)
    /// for at least the given share of each class's tickets, one share per scenario SLA class
    /// (index-aligned), under the field work given.
    case restoreWithinWindow(attainments: [Double], field: FieldWork)

    public var description: String {
        switch self {
        case .fillRate(let f): return "fill rate ≥ \(f) at every service site"
        case .waitingDays(let w): return "mean wait ≤ \(w) days at every service site"
        case .restoreWithinWindow(let a, _):
            return "restore within the window for " + a.map { String(format: "%.4g", $0) }.joined(separator: "/") + " of each SLA class's tickets"
        }
    }

    /// The SLA attainments, for the window target.
    var attainments: [Double]? {
        if case .restoreWithinWindow(let a, _) = self { return a }
        return nil
    }
}

/// Where a service target applies.
public enum TargetScope: String, Sendable, Codable, CaseIterable {
    /// At every site with customer demand.
    case site
    /// Over each SLA class's customer demand, network-wide (installed base rows without a class
    /// take the scenario's default class, else form the class "unclassified").
    case slaClass = "sla-class"
}

/// The cheapest plan (holding cost per year) meeting a per-site target, from GLPK.
public struct TargetPlan: Sendable {
    /// Why the integer master stopped (MILP termination code) and what it holds.
    public var termination: Termination
    public var status: SolutionStatus
    /// Holding cost per year of the plan, nil without a plan.
    public var holdingCostPerYear: Double?
    /// A proved lower bound on the cost of any plan meeting the target within the enumerated
    /// levels: the LP relaxation of the master after column generation, with every column priced
    /// out exactly; or, for the window target with pooling (pricing a local search) or pricing
    /// stopped early, the Lagrangian bound at the final duals (`lagrangianBound`).
    public var lowerBound: Double?
    /// (objective − bound) / objective.
    public var relativeGap: Double?
    /// The plan, nil without a solution.
    public var plan: StockPlan?
    /// Column generation: iterations, columns, and whether pricing found no improving column.
    public var iterations: Int
    public var columns: Int
    public var pricingConverged: Bool
    public var seconds: Double
    /// For an unreachable target: the best each failing site can reach, in words.
    public var unreachable: [String]
    /// Whether pool members' service counted lateral shipments.
    public var pooling: Bool = false
    /// Whether pricing was a local search (pooling), so that the converged LP proves nothing:
    /// the window target's bound is then the Lagrangian one (`lagrangianBound`), the fill-rate
    /// and wait targets' none.
    public var localSearchPricing: Bool = false
    /// Whether `lowerBound` is the Lagrangian bound (pooled window pricing, or pricing stopped
    /// before converging) rather than the converged LP's value: the best of those computed at
    /// the duals of every `lagrangianEvery`-th iteration and at the last optimal LP's.
    public var lagrangianBound: Bool = false
    /// The last optimal restricted master LP's value (holding + transport for the window target):
    /// the plan's cost above it is the integer master's share of the gap, the bound below it the
    /// pricing's (columns not generated, or a relaxed bound).
    public var masterLPObjective: Double?
    /// The column-generation iteration whose duals gave the Lagrangian bound.
    public var lagrangianIteration: Int?
    /// Why column generation stopped, in words: converged, the iteration limit, or GLPK's
    /// termination on a later restricted master LP (whose predecessor's duals then stand).
    public var columnGenerationStop: String?
}

extension StockingModel {
    /// Minimises holding cost per year subject to `target` at every site with customer demand, by
    /// column generation (Dantzig–Wolfe over items): each column is one item's full stock vector
    /// with its cost and its contribution to each site's fill (or backorders); the master LP picks
    /// a convex combination per item under the site rows; pricing finds, for the duals, the
    /// item's vector of least reduced cost exactly by enumerating interior levels and choosing each
    /// child's best given its parent (the same recursion as the curve). When no column prices out,
    /// the LP value is a lower bound; the master is then solved as a binary program over the
    /// generated columns (price-and-branch), starting from the all-high plan, for at most 10 s or
    /// `timeLimit` if shorter, stopping at `masterGap` of its own bound.
    ///
    /// With `pooling` (for scenarios whose sourcing ladder allows laterals), a pool member's service
    /// counts what lateral shipments deliver: its coefficient in a fill-rate row is demand ×
    /// (own + lateral) fractions, and in a wait row demand × (lateral fraction × lateral lead time
    /// + shortage fraction × (emergency lead time + the parent's mean delay)), from the overflow approximation of
    /// ``PoolingGroup/evaluate(maxIterations:)`` with the members' pipeline times (in the backorder
    /// variant the shortage share waits its share of the group's exact backorders). This is the
    /// column-generation scheme of Wong, van Houtum, Cattrysse & Van Oudheusden (2006) for
    /// multi-item systems with lateral transshipments: pricing starts from the tree's exact best
    /// vector and improves it by ±1 moves under the pooled coefficients, so it is a heuristic: the
    /// fill-rate and wait targets then carry no lower bound, and the window target the Lagrangian
    /// bound at the last optimal LP's duals with each pool's own/lateral split relaxed.
    public func minimumCostPlan(target: ServiceTarget, scope: TargetScope = .site, method: EvaluationMethod,
                                pooling: Bool = false,
                                timeLimit: Double? = 60, masterGap: Double = 0.005, maxIterations: Int = 200,
                                progress: (Int, Double?) -> Void = { _, _ in }) throws(StockingError) -> TargetPlan {
        guard method != .exact else { throw .invalidStock("targets are optimised with METRIC or VARI-METRIC") }
        switch target {
        case .fillRate(let f): guard f > 0, f < 1 else { throw .invalidStock("fill-rate target \(f) must be in (0, 1)") }
        case .waitingDays(let w): guard w > 0, w.isFinite else { throw .invalidStock("waiting target \(w) must be positive") }
        case .restoreWithinWindow(let a, _):
            guard a.count == scenario.slaClasses.count, !a.isEmpty else {
                throw .invalidStock("an SLA target needs one attainment per SLA class (\(scenario.slaClasses.count)), got \(a.count)")
            }
            for (k, x) in a.enumerated() where !(x > 0 && x < 1) {
                throw .invalidStock("SLA class \(scenario.slaClasses[k].id): attainment \(x) must be in (0, 1)")
            }
        }
        let clock = ContinuousClock(), started = clock.now
        let s = scenario
        // Target rows: one per customer site, or one per SLA class. `share(t, site)` splits a
        // site's contribution for tree t over the rows (a single 1 for the site scope).
        let demandPerDay = s.sites.indices.map { site in s.demandPerYear[site].reduce(0, +) / Self.daysPerYear }
        var master = Model(name: "stock_master")
        var rowNames: [String] = []
        var rowDemand: [Double] = []
        var share: (Int, Int) -> [(row: Int, weight: Double)]
        // Window target: the row of (site, SLA class), and each row's attainment.
        var slaRow: [Int: Int] = [:]
        var rowTarget: [Double] = []
        switch scope {
        case _ where target.attainments != nil:
            let a = target.attainments ?? []
            var tickets = [[Double]](repeating: [Double](repeating: 0, count: s.slaClasses.count), count: s.sites.count)
            for t in trees.indices {
                for node in trees[t].network.nodes where node.localDemand > 0 {
                    for (k, w) in s.slaClassShares(site: node.site, item: trees[t].item) { tickets[node.site][k] += node.localDemand * w }
                }
            }
            for k in s.slaClasses.indices {
                if scope == .slaClass {
                    let total = s.sites.indices.reduce(0.0) { $0 + tickets[$1][k] }
                    guard total > 0 else { continue }
                    for site in s.sites.indices where tickets[site][k] > 0 { slaRow[site * s.slaClasses.count + k] = rowNames.count }
                    rowNames.append(s.slaClasses[k].id)
                    rowDemand.append(total)
                    rowTarget.append(a[k])
                } else {
                    for site in s.sites.indices where tickets[site][k] > 0 {
                        slaRow[site * s.slaClasses.count + k] = rowNames.count
                        rowNames.append("\(s.sites[site].id)/\(s.slaClasses[k].id)")
                        rowDemand.append(tickets[site][k])
                        rowTarget.append(a[k])
                    }
                }
            }
            share = { _, _ in [] }
        case .site:
            let customerSites = s.sites.indices.filter { demandPerDay[$0] > 0 && s.sites[$0].kind.holdsStock }
            var rowOfSite = [Int: Int]()
            for site in customerSites {
                rowOfSite[site] = rowNames.count
                rowNames.append(s.sites[site].id)
                rowDemand.append(demandPerDay[site])
            }
            share = { _, site in rowOfSite[site].map { [($0, 1)] } ?? [] }
        case .slaClass:
            let classes = slaClassShares()
            rowNames = classes.names
            rowDemand = classes.demandPerDay
            share = { t, site in classes.share(self.trees[t].item, site) }
        }
        for k in rowNames.indices {
            switch target {
            case .fillRate(let f):
                master.addConstraint("fill_\(k)", terms: [], .greaterEqual(f * rowDemand[k]))
                rowTarget.append(f)
            case .waitingDays(let w):
                master.addConstraint("wait_\(k)", terms: [], .lessEqual(w * rowDemand[k]))
                rowTarget.append(w)
            case .restoreWithinWindow:
                master.addConstraint("sla_\(k)", terms: [], .greaterEqual(rowTarget[k] * rowDemand[k]))
            }
        }
        let convexityBase = master.constraints.count
        for t in trees.indices { master.addConstraint("item_\(t)", terms: [], .equal(1)) }

        struct Column { var tree: Int; var stock: [Int]; var variable: Var }
        var columns: [Column] = []
        let pools = pooling ? poolingContext() : nil
        var window: WindowRows?
        if case .restoreWithinWindow(_, let field) = target {
            window = windowRows(row: slaRow, field: field, method: method, pools: pools)
        }
        /// The window target's columns cost holding + expected lateral and emergency transport.
        var transportCost: [Double] = []
        /// A column's coefficient in each target row.
        func rowCoefficients(_ t: Int, _ stock: [Int]) throws(StockingError) -> [Int: Double] {
            if let window {
                let c = try windowRowCoefficients(t, stock: stock, rows: window)
                transportCost.append(c.transportPerYear)
                return c.rows
            }
            let net = trees[t].network
            let values = try serviceCoefficients(t, stock: stock, target: target, method: method, pools: pools)
            var perRow: [Int: Double] = [:]
            for (n, node) in net.nodes.enumerated() where node.localDemand > 0 {
                for (row, weight) in share(t, node.site) { perRow[row, default: 0] += weight * values[n] }
            }
            return perRow
        }
        /// A tree's effective dual per site: Σ over the site's rows of weight × row dual.
        func siteDuals(_ t: Int, _ rowDuals: [Double], _ factor: Double) -> [Double] {
            var d = [Double](repeating: 0, count: s.sites.count)
            for node in trees[t].network.nodes where node.localDemand > 0 {
                d[node.site] = share(t, node.site).reduce(0.0) { $0 + $1.weight * rowDuals[$1.row] } * factor
            }
            return d
        }

        /// The column of least reduced cost for tree t under the target rows' duals (scaled).
        func pricedColumn(_ t: Int, _ rowDuals: [Double], _ factor: Double) throws(StockingError) -> (value: Double, stock: [Int]) {
            if let window {
                return try windowColumn(t, rowDuals: rowDuals.map { $0 * factor }, method: method, rows: window)
            }
            return try bestColumn(t, duals: siteDuals(t, rowDuals, factor), target: target, method: method, pools: pools)
        }
        func addColumn(_ t: Int, _ stock: [Int]) throws(StockingError) {
            let tree = trees[t], item = s.items[tree.item]
            var rows: [(row: Int, coefficient: Double)] = [(convexityBase + t, 1)]
            transportCost = []
            let perRow = try rowCoefficients(t, stock)
            for (row, c) in perRow.sorted(by: { $0.key < $1.key }) { rows.append((row, c)) }
            let cost = Double(stock.reduce(0, +)) * item.unitCost * item.holdingRate + transportCost.reduce(0, +)
            let v = master.addColumn("x_\(t)_\(columns.count)", upper: 1, objective: cost, rows: rows)
            columns.append(Column(tree: t, stock: stock, variable: v))
        }
        // Start: the lowest plan allowed and the all-high plan (priced with overwhelming duals) per item.
        var high: [Int] = []
        for t in trees.indices {
            try addColumn(t, trees[t].network.nodes.map(\.minStock))
            // Overwhelming duals: +∞-like on filled demand, −∞-like on backorders (≤ rows).
            let sign: Double
            switch target {
            case .fillRate, .restoreWithinWindow: sign = 1
            case .waitingDays: sign = -1
            }
            if window != nil {
                // Every node at the top of its range (where more stock stops mattering).
                let big = [Double](repeating: 1e12, count: s.sites.count)
                try addColumn(t, price(t, duals: big, target: .fillRate(0.5), method: method).stock)
            } else {
                let big = [Double](repeating: sign * 1e12, count: s.sites.count)
                try addColumn(t, bestColumn(t, duals: big, target: target, method: method, pools: pools).stock)
            }
            high.append(columns.count - 1)
        }

        func solveLP() throws(StockingError) -> Solution {
            do { return try master.solve(options: SolveOptions(timeLimit: timeLimit)) } catch {
                throw .invalidNetwork("GLPK: \(error)")
            }
        }
        var iterations = 0, converged = false
        var lp = try solveLP()
        if lp.termination == .infeasible {
            // Report how far each failing row (site or class) gets with every item at its highest level.
            var best = [Int: Double]()
            for c in high {
                for row in 0..<convexityBase {
                    for term in master.constraints[row].terms where term.variable == columns[c].variable {
                        best[row, default: 0] += term.coefficient
                    }
                }
            }
            var words: [String] = []
            for row in 0..<convexityBase {
                let reach = (best[row] ?? 0) / rowDemand[row]
                switch target {
                case .fillRate(let f) where reach < f - 1e-12:
                    words.append("\(rowNames[row]): at most \(String(format: "%.6f", reach))")
                case .waitingDays(let w) where reach > w + 1e-12:
                    words.append("\(rowNames[row]): at least \(String(format: "%.6f", reach)) days")
                case .restoreWithinWindow where reach < rowTarget[row] - 1e-12:
                    words.append("\(rowNames[row]): at most \(String(format: "%.6f", reach)) restored within the window")
                default: break
                }
            }
            return TargetPlan(termination: .infeasible, status: .none, holdingCostPerYear: nil, lowerBound: nil,
                              relativeGap: nil, plan: nil, iterations: 0, columns: columns.count,
                              pricingConverged: false, seconds: (clock.now - started).stockingSeconds, unreachable: words)
        }
        // The Lagrangian bound for the window target: π·b + Σ_t min over all of tree t's plans of
        // (cost − π·coefficients), for any row duals π ≥ 0, is the value of a feasible dual of the
        // full master LP, so it bounds every plan from below; the per-tree minimum is bounded from
        // below where pricing is not exact (``TreeWindowTables/lowerBound(_:groupStockLimit:)``).
        // Column generation that stops before converging leaves duals that oscillate: the best
        // of the bounds at every `lagrangianEvery`-th iteration's duals and the last ones stands.
        let exactPricing = window.map(\.exact) ?? (pools == nil)
        var bestLagrangian: (value: Double, iteration: Int)?
        func lagrangianBound(_ rowDuals: [Double], iteration: Int) {
            guard let window else { return }
            let pi = (0..<convexityBase).map { max(0, rowDuals[$0]) }
            var z = (0..<convexityBase).reduce(0.0) { $0 + pi[$1] * master.constraints[$1].relation.bounds.lower }
            for t in trees.indices {
                guard let b = windowPricingBound(t, rowDuals: pi, rows: window) else { return }
                z += b
            }
            if z.isFinite, z > (bestLagrangian?.value ?? -.infinity) { bestLagrangian = (z, iteration) }
        }
        let lagrangianEvery = 25
        var stop: String?
        while iterations < maxIterations {
            iterations += 1
            guard lp.termination == .optimal, let rowDuals = lp.duals else { break }
            progress(iterations, lp.objective)
            if !exactPricing && iterations % lagrangianEvery == 0 { lagrangianBound(rowDuals, iteration: iterations) }
            var added = 0
            for t in trees.indices {
                let best = try pricedColumn(t, rowDuals, 1)
                let reduced = best.value - rowDuals[convexityBase + t]

                if reduced < -1e-9 * max(1, abs(best.value)) {
                    try addColumn(t, best.stock)
                    added += 1
                }
            }
            if added == 0 { converged = true; break }
            let next = try solveLP()
            // GLPK can declare a restricted master infeasible that holds a feasible plan (seen on
            // emea-150's SLA master at iteration 183, presolver and simplex alike): the last
            // optimal LP's duals then give the bound and the extra columns.
            guard next.termination == .optimal else {
                stop = "restricted master LP \(next.termination) at iteration \(iterations + 1) (iteration \(iterations)'s LP stands)"
                break
            }
            lp = next
        }
        if converged { stop = "converged: no column of negative reduced cost" + (exactPricing ? "" : " found by the local search") }
        else if stop == nil && iterations >= maxIterations { stop = "iteration limit (\(maxIterations))" }
        // Pooled pricing is a local search: its convergence proves nothing about the optimum.
        var bound = converged && exactPricing ? lp.objective : nil
        // Otherwise, for the window target, the best Lagrangian bound (above), with the final duals'.
        var lagrangian = false
        if bound == nil, window != nil, lp.termination == .optimal, let rowDuals = lp.duals {
            lagrangianBound(rowDuals, iteration: iterations)
            if let best = bestLagrangian { bound = best.value; lagrangian = true }
        }
        let masterLP = lp.termination == .optimal ? lp.objective : nil

        // Columns for the integer master: the LP's columns alone combine poorly, so add each
        // item's best vectors under scaled final duals (plans a little leaner or richer than the
        // LP's) and the item's own cost/effectiveness curve points (a ladder of efficient plans).
        if lp.termination == .optimal, let rowDuals = lp.duals {
            var seen = Set(columns.map { "\($0.tree):\($0.stock)" })
            for factor in [0.5, 0.7, 0.85, 0.95, 1.05, 1.2, 1.5, 2.0] {
                for t in trees.indices {
                    let v = try pricedColumn(t, rowDuals, factor).stock
                    if seen.insert("\(t):\(v)").inserted { try addColumn(t, v) }
                }
            }
            // With pooling (local-search pricing), the ±1 neighbours at every node of the columns
            // the LP uses: the integer plan is often one unit away from a fractional mix. (Without
            // pooling they only slow the time-limited master down.)
            let support = exactPricing ? [] : columns.filter { (lp.value($0.variable) ?? 0) > 1e-6 }
            for c in support {
                let net = trees[c.tree].network
                for n in net.nodes.indices {
                    for delta in [1, -1] {
                        var v = c.stock
                        v[n] += delta
                        guard v[n] >= net.nodes[n].minStock, v[n] <= (net.nodes[n].maxStock ?? Int.max) else { continue }
                        if seen.insert("\(c.tree):\(v)").inserted { try addColumn(c.tree, v) }
                    }
                }
            }
            // Each item's LP holding cost; curve points within a factor of two of it.
            var lpCost = [Double](repeating: 0, count: trees.count)
            for c in columns {
                lpCost[c.tree] += (lp.value(c.variable) ?? 0) * master.variables[c.variable.index].objective
            }
            for t in trees.indices {
                let tree = trees[t], item = s.items[tree.item]
                let h = item.unitCost * item.holdingRate
                let curve = try tree.network.costEffectivenessCurve(unitCost: item.unitCost, method: method, keepStock: true)
                let order = tree.network.nodeOrder()
                for (k, vector) in curve.stock.enumerated() {
                    let cost = curve.points[k].cost * item.holdingRate
                    guard cost >= 0.5 * lpCost[t] - h, cost <= 2 * lpCost[t] + 2 * h else { continue }
                    var v = [Int](repeating: 0, count: vector.count)
                    for (k, n) in order.enumerated() { v[n] = vector[k] }
                    if seen.insert("\(t):\(v)").inserted { try addColumn(t, v) }
                }
            }
        }

        // Price-and-branch: the binary master over the generated columns.
        var integer = master
        integer.setKind(.binary, of: columns.map(\.variable))
        var start = [Double](repeating: 0, count: integer.variables.count)
        for c in high { start[columns[c].variable.index] = 1 }
        // The integer master is a heuristic over the generated columns: stop it at `masterGap`
        // of its own bound (the reported gap is against the column-generation LP bound).
        let options = SolveOptions(timeLimit: min(timeLimit ?? 10, 10), relativeGap: masterGap,
                                   start: (try? integer.validateStart(start)) != nil ? start : nil)
        let mip: Solution
        do { mip = try integer.solve(options: options) } catch { throw .invalidNetwork("GLPK: \(error)") }
        // 1-opt polish: swap one item's column for a cheaper one while every row stays satisfied,
        // until no swap helps (cheap, and it catches what the time-limited branch-and-bound left).
        var chosen: [Int]? = nil
        var objective = mip.objective
        var termination = mip.termination, status = mip.status
        // GLPK offers the start to branch-and-cut only after the root relaxation; when the time
        // limit comes first the all-high plan (checked feasible above) is the incumbent the polish
        // starts from.
        let startValid = options.start != nil
        if mip.hasSolution || startValid {
            var pick = [Int](repeating: -1, count: trees.count)
            if mip.hasSolution {
                for (k, c) in columns.enumerated() where (mip.value(c.variable) ?? 0) > 0.5 { pick[c.tree] = k }
            } else {
                for c in high { pick[columns[c].tree] = c }
                objective = high.reduce(0.0) { $0 + integer.variables[columns[$1].variable.index].objective }
                status = .feasible
            }
            if !pick.contains(-1) {
                // Row coefficients per column, and current activities.
                var coefficient = [[Int: Double]](repeating: [:], count: columns.count)
                var columnOf = [Int: Int]()
                for (k, c) in columns.enumerated() { columnOf[c.variable.index] = k }
                for row in 0..<convexityBase {
                    for term in integer.constraints[row].terms {
                        if let k = columnOf[term.variable.index] { coefficient[k][row] = term.coefficient }
                    }
                }
                func cost(_ k: Int) -> Double { integer.variables[columns[k].variable.index].objective }
                var activity = [Double](repeating: 0, count: convexityBase)
                for k in pick { for (row, a) in coefficient[k] { activity[row] += a } }
                let bounds = (0..<convexityBase).map { integer.constraints[$0].relation.bounds }
                var byTree = [[Int]](repeating: [], count: trees.count)
                for k in columns.indices { byTree[columns[k].tree].append(k) }
                var improved = true
                while improved {
                    improved = false
                    for t in trees.indices {
                        let current = pick[t]
                        var best = current
                        for k in byTree[t] where cost(k) < cost(best) - 1e-9 {
                            var ok = true
                            for row in Set(coefficient[k].keys).union(coefficient[current].keys) {
                                let a = activity[row] - (coefficient[current][row] ?? 0) + (coefficient[k][row] ?? 0)
                                if a < bounds[row].lower - 1e-9 || a > bounds[row].upper + 1e-9 { ok = false; break }
                            }
                            if ok { best = k }
                        }
                        if best != current {
                            for (row, a) in coefficient[current] { activity[row] -= a }
                            for (row, a) in coefficient[best] { activity[row] += a }
                            pick[t] = best
                            improved = true
                        }
                    }
                }
                let total = pick.reduce(0.0) { $0 + cost($1) }
                if let z = objective, total < z - 1e-9 {
                    objective = total
                    if termination == .optimal { termination = .gapReached; status = .feasible }
                }
                chosen = pick
            }
        }
        var plan: StockPlan?
        if let chosen {
            var p = StockPlan(zerosFor: s)
            for k in chosen {
                let c = columns[k], tree = trees[c.tree]
                for (n, node) in tree.network.nodes.enumerated() { p[node.site][tree.item] = c.stock[n] }
            }
            plan = p
        }
        // GLPK's bound on the restricted integer master is not a bound on the true optimum; only
        // the converged column-generation LP is.
        let lower = bound
        var gap: Double?
        if let z = objective, let b = lower { gap = z > 0 ? max(0, (z - b) / z) : 0 }
        return TargetPlan(termination: termination, status: status, holdingCostPerYear: objective,
                          lowerBound: lower, relativeGap: gap, plan: plan, iterations: iterations,
                          columns: columns.count, pricingConverged: converged,
                          seconds: (clock.now - started).stockingSeconds, unreachable: [], pooling: pools != nil,
                          localSearchPricing: !exactPricing, lagrangianBound: lagrangian,
                          masterLPObjective: masterLP, lagrangianIteration: lagrangian ? bestLagrangian?.iteration : nil,
                          columnGenerationStop: stop)
    }

    /// The pooling groups targets count laterals in: scenario pools with at least two members,
    /// the shortage rule from the sourcing ladder, and lead times of lateral and emergency lanes.
    struct PoolingContext {
        /// The groups' member sites, and their pool names.
        var groups: [[Int]]
        var names: [String]
        var shortage: PoolingGroup.Shortage
        /// Mean lateral lead time into each site (days, mean over the other members of its pool).
        var lateralDays: [Int: Double]
        /// Mean emergency lead time into each site from its parent (days).
        var emergencyDays: [Int: Double]
    }

    func poolingContext() -> PoolingContext? {
        let s = scenario, sourcing = s.policies.sourcing
        guard sourcing.contains(.lateral) else { return nil }
        let named = s.pools.sorted { $0.key < $1.key }.filter { $0.value.count > 1 }
        let groups = named.map(\.value)
        guard !groups.isEmpty else { return nil }
        var lateral: [Int: Double] = [:], emergency: [Int: Double] = [:]
        for group in groups {
            for site in group {
                let times = group.filter { $0 != site }.compactMap { s.lane(fromIndex: $0, toIndex: site, mode: .lateral)?.leadTime.mean }
                lateral[site] = times.isEmpty ? 0 : times.reduce(0, +) / Double(times.count)
                if let p = s.sites[site].parentIndex {
                    emergency[site] = s.lane(fromIndex: p, toIndex: site, mode: .emergency)?.leadTime.mean
                        ?? s.lane(fromIndex: p, toIndex: site, mode: .replenishment)?.leadTime.mean ?? 0
                }
            }
        }
        return PoolingContext(groups: groups, names: named.map(\.key), shortage: Self.poolShortage(sourcing),
                              lateralDays: lateral, emergencyDays: emergency)
    }

    /// Per node of tree t: its filled customer demand per day (fill target) or its customer
    /// backorders (wait target) under `stock`, counting laterals for pool members when pooling.
    func serviceCoefficients(_ t: Int, stock: [Int], target: ServiceTarget, method: EvaluationMethod,
                             pools: PoolingContext?) throws(StockingError) -> [Double] {
        let net = trees[t].network
        let e = try net.evaluate(stock: stock, method: method)
        var values = e.nodes.enumerated().map { n, r -> Double in
            let node = net.nodes[n]
            guard node.localDemand > 0 else { return 0 }
            switch target {
            case .fillRate, .restoreWithinWindow: return node.localDemand * r.fillRate
            case .waitingDays: return r.demandPerDay > 0 ? r.ebo * node.localDemand / r.demandPerDay : 0
            }
        }
        guard let pools else { return values }
        for (n, m) in try poolShares(t, stock: stock, evaluation: e, pools: pools) {
            let site = net.nodes[n].site, demand = net.nodes[n].localDemand
            switch target {
            case .fillRate, .restoreWithinWindow:
                values[n] = demand * (m.own + m.lateral)
            case .waitingDays:
                let lateralWait = demand * m.lateral * (pools.lateralDays[site] ?? 0)
                // An emergency shipment waits for the parent's stock too: its lead time plus
                // the parent's mean delay EBO/λ (Little).
                let parentDelay = net.nodes[n].parent.map { p in
                    e.nodes[p].demandPerDay > 0 ? e.nodes[p].ebo / e.nodes[p].demandPerDay : 0
                } ?? 0
                let shortageWait = pools.shortage == .emergency
                    ? demand * m.shortage * ((pools.emergencyDays[site] ?? 0) + parentDelay)
                    : (m.groupShortDemand > 0 ? m.groupBackorders * demand * m.shortage / m.groupShortDemand : 0)
                values[n] = lateralWait + shortageWait
            }
        }
        return values
    }

    /// The column of least reduced cost for tree t: exact over the tree model (``price``), then,
    /// with pooling, improved by ±1 moves at any node under the pooled coefficients until no move
    /// helps.
    func bestColumn(_ t: Int, duals: [Double], target: ServiceTarget, method: EvaluationMethod,
                    pools: PoolingContext?) throws(StockingError) -> (value: Double, stock: [Int]) {
        let exact = price(t, duals: duals, target: target, method: method)
        guard let pools else { return exact }
        let net = trees[t].network, item = scenario.items[trees[t].item]
        let h = item.unitCost * item.holdingRate
        func value(_ v: [Int]) throws(StockingError) -> Double {
            let c = try serviceCoefficients(t, stock: v, target: target, method: method, pools: pools)
            var x = h * Double(v.reduce(0, +))
            for (n, node) in net.nodes.enumerated() where node.localDemand > 0 { x -= duals[node.site] * c[n] }
            return x
        }
        return try localSearch(net, from: exact.stock, value: value)
    }

    /// Per item and site, how customer demand splits over SLA classes (by installed units ×
    /// quantity of the products using the item), and each class's demand per day. With declared
    /// SLA classes the split is ``Scenario/slaClassShares(site:item:)``, the one the window model
    /// and the simulation use; without, the classes the installed base names (rows without one
    /// take the default class, else "unclassified").
    func slaClassShares() -> (names: [String], demandPerDay: [Double], share: (Int, Int) -> [(row: Int, weight: Double)]) {
        let s = scenario
        if !s.slaClasses.isEmpty {
            var shares = [[Int: [(row: Int, weight: Double)]]](repeating: [:], count: s.items.count)
            var demand = [Double](repeating: 0, count: s.slaClasses.count)
            for item in s.items.indices {
                for site in s.sites.indices where s.demandPerYear[site][item] > 0 {
                    let split = s.slaClassShares(site: site, item: item).map { (row: $0.slaClass, weight: $0.weight) }
                    shares[item][site] = split
                    for (row, weight) in split { demand[row] += weight * s.demandPerYear[site][item] / Self.daysPerYear }
                }
            }
            // Classes without demand get no row (an empty row could not be met).
            let used = s.slaClasses.indices.filter { demand[$0] > 0 }
            var rowOf = [Int: Int]()
            for (r, k) in used.enumerated() { rowOf[k] = r }
            let frozen = shares.map { $0.mapValues { $0.compactMap { x in rowOf[x.row].map { (row: $0, weight: x.weight) } } } }
            return (used.map { s.slaClasses[$0].id }, used.map { demand[$0] }, { item, site in frozen[item][site] ?? [] })
        }
        var names: [String] = []
        var index: [String: Int] = [:]
        func classRow(_ name: String) -> Int {
            if let k = index[name] { return k }
            index[name] = names.count
            names.append(name)
            return names.count - 1
        }
        // weight[item][site] = [(row, installed units × quantity)]
        var weights = [[Int: [Int: Double]]](repeating: [:], count: s.items.count)
        for entry in s.installedBase {
            let row = classRow(entry.slaClass ?? s.defaultSLAClass ?? "unclassified")
            for item in s.items {
                for use in item.usedIn where use.productIndex == entry.productIndex {
                    weights[item.index][entry.siteIndex, default: [:]][row, default: 0] += Double(entry.units * use.quantity)
                }
            }
        }
        let unclassified = { classRow("unclassified") }
        var shares = [[Int: [(row: Int, weight: Double)]]](repeating: [:], count: s.items.count)
        var demand = [Double](repeating: 0, count: 0)
        for item in s.items {
            for site in s.sites.indices where s.demandPerYear[site][item.index] > 0 {
                let w = weights[item.index][site] ?? [:]
                let total = w.values.reduce(0, +)
                let split: [(row: Int, weight: Double)] = total > 0
                    ? w.sorted { $0.key < $1.key }.map { ($0.key, $0.value / total) }
                    : [(unclassified(), 1)]
                shares[item.index][site] = split
            }
        }
        demand = [Double](repeating: 0, count: names.count)
        for item in s.items {
            for (site, split) in shares[item.index] {
                for (row, weight) in split { demand[row] += weight * s.demandPerYear[site][item.index] / Self.daysPerYear }
            }
        }
        let frozen = shares
        return (names, demand, { item, site in frozen[item][site] ?? [] })
    }

    /// The item's stock vector (by node) of least Σ [holding·S − dual·coefficient]: for a fill
    /// target the coefficient is the node's filled customer demand, for a wait target its customer
    /// backorders. Exact over the enumerated levels: interior levels to a 1e-6 tail, leaves to 1e-9.
    func price(_ t: Int, duals: [Double], target: ServiceTarget, method: EvaluationMethod) -> (value: Double, stock: [Int]) {
        let tree = trees[t], net = tree.network, item = scenario.items[tree.item]
        let h = item.unitCost * item.holdingRate
        var stock = [Int](repeating: 0, count: net.nodes.count)
        func visit(_ n: Int, _ pe: Double, _ pv: Double, _ out: inout [Int]) -> Double {
            let f = net.shareOfParent(n), own = net.ownPipelineMean(n)
            let pipeline: CountDistribution = method == .metric
                ? .poisson(mean: own + f * pe)
                : .negativeBinomial(mean: own + f * pe, variance: own + f * (1 - f) * pe + f * f * pv)
            let node = net.nodes[n], kids = net.children[n]
            let range = net.levels(n, top: pipeline.upperQuantile(tail: kids.isEmpty ? 1e-9 : 1e-6), cap: nil)
            let table = pipeline.levelTable(upTo: range.upperBound)
            let share = net.arrivingDemand[n] > 0 ? node.localDemand / net.arrivingDemand[n] : 0
            let dual = duals[node.site]
            var best = Double.infinity
            var bestVector = out
            for s in range {
                let coefficient: Double
                switch target {
                case .fillRate, .restoreWithinWindow: coefficient = node.localDemand * table.fill[s]
                case .waitingDays: coefficient = table.ebo[s] * share
                }
                var value = h * Double(s) - dual * coefficient
                var trial = out
                trial[n] = s
                for c in kids { value += visit(c, table.ebo[s], table.vbo[s], &trial) }
                if value < best - 1e-15 { best = value; bestVector = trial }
            }
            out = bestVector
            return best
        }
        let value = visit(0, 0, 0, &stock)
        return (value, stock)
    }
}

extension Duration {
    /// The duration in seconds.
    var stockingSeconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) * 1e-18
    }
}
