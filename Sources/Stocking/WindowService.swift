import Foundation
public import ScenarioModel

/// A plan's analytic SLA attainment: per SLA class and per service site and class, the share of
/// tickets whose part is on site within the class's restore window and the share restored within
/// it, and the expected penalties.
public struct SLAAttainment: Sendable, Codable, Equatable {
    /// One SLA class over the network.
    public struct ClassRow: Sendable, Codable, Equatable {
        public var slaClass: String
        public var restoreHours: Double
        public var ticketsPerYear: Double
        /// Of the class's tickets that need a part: the share whose part is on site within the window.
        public var partWithinWindow: Double
        /// The share of the class's tickets restored within the window.
        public var attainment: Double
        public var penaltyPerBreach: Double
        /// Expected breaches per year × penalty per breach.
        public var penaltyCostPerYear: Double
    }

    /// One service site and class.
    public struct SiteRow: Sendable, Codable, Equatable {
        public var site: String
        public var slaClass: String
        public var ticketsPerYear: Double
        public var partWithinWindow: Double
        public var attainment: Double
    }

    public var classes: [ClassRow]
    public var sites: [SiteRow]
    /// Σ over classes of the expected penalty cost per year.
    public var penaltyCostPerYear: Double
    /// Expected lateral and emergency shipping cost per year of the tickets' parts (the lanes'
    /// `cost_per_unit`; replenishment transport is not counted).
    public var transportCostPerYear: Double

    /// What the figures rest on, for the output (which parts are exact and which approximate).
    public static let basis = """
        window measures: one-for-one base stock, FIFO; a demand at t waits more than x exactly when \
        at least S of its site's orders placed before t are still away at t + x, and that count is \
        the orders placed in the last (L − x) plus the parent's backorders older than (x − L), \
        recursively (exact for deterministic shipping times with Poisson counts; a two-moment \
        negative-binomial fit as in VARI-METRIC; random lead times enter by E[(L − x)⁺]); laterals \
        arrive in the lateral lane's time, emergencies in the emergency lane's; the engineer's drive, \
        local travel and on-site work (and an Erlang-C wait for a busy crew) are added by \
        convolution; windows count elapsed hours, as the simulation without --workflow does \
        (a business-hours window spans at least as many elapsed hours: conservative)
        """
}

extension StockingModel {
    /// The plan's analytic SLA attainment (see ``SLAAttainment/basis``); `method` is the one the
    /// pool members' own/lateral split and the parent and root fill rates come from.
    public func slaAttainment(stock: StockPlan, method: EvaluationMethod = .variMetric,
                              field: FieldWork = FieldWork()) throws(StockingError) -> SLAAttainment {
        let s = scenario
        guard stock.fits(s) else { throw .invalidStock("the plan must have one row per site and one column per item") }
        let classes = s.slaClasses
        guard !classes.isEmpty else { return SLAAttainment(classes: [], sites: [], penaltyCostPerYear: 0, transportCostPerYear: 0) }
        let kernels = engineerKernels(field: field)
        let pools = s.policies.sourcing.contains(.lateral) ? poolingContext() : nil
        // Per site and class: tickets per day, part-within-window and restore-within-window mass.
        var tickets = [[Double]](repeating: [Double](repeating: 0, count: classes.count), count: s.sites.count)
        var partMass = tickets, restoreMass = tickets, partTickets = tickets
        var transport = 0.0
        for t in trees.indices {
            let net = trees[t].network, item = trees[t].item
            let levels = net.nodes.map { stock[$0.site][item] }
            let windows = try windowCoefficients(t, stock: levels, method: method, pools: pools, kernels: kernels, field: field)
            let rows = windows.classes
            for (n, node) in net.nodes.enumerated() where node.localDemand > 0 {
                transport += node.localDemand * windows.transportPerTicket[n] * Self.daysPerYear
                for (k, weight) in s.slaClassShares(site: node.site, item: item) {
                    let d = node.localDemand * weight
                    tickets[node.site][k] += d
                    let needsPart = d * (1 - field.remoteFixFraction) * (1 - field.noPartFraction)
                    partTickets[node.site][k] += needsPart
                    partMass[node.site][k] += needsPart * rows[n][k].part
                    restoreMass[node.site][k] += d * rows[n][k].restore
                }
            }
        }
        var classRows: [SLAAttainment.ClassRow] = [], siteRows: [SLAAttainment.SiteRow] = []
        var penalty = 0.0
        for (k, c) in classes.enumerated() {
            let total = s.sites.indices.reduce(0.0) { $0 + tickets[$1][k] }
            guard total > 0 else { continue }
            let parts = s.sites.indices.reduce(0.0) { $0 + partTickets[$1][k] }
            let within = s.sites.indices.reduce(0.0) { $0 + restoreMass[$1][k] } / total
            let perYear = total * Self.daysPerYear
            let cost = perYear * (1 - within) * c.penaltyPerBreach
            penalty += cost
            classRows.append(.init(slaClass: c.id, restoreHours: c.restoreHours, ticketsPerYear: perYear,
                                   partWithinWindow: parts > 0 ? s.sites.indices.reduce(0.0) { $0 + partMass[$1][k] } / parts : 1,
                                   attainment: within, penaltyPerBreach: c.penaltyPerBreach, penaltyCostPerYear: cost))
            for site in s.sites.indices where tickets[site][k] > 0 {
                siteRows.append(.init(site: s.sites[site].id, slaClass: c.id, ticketsPerYear: tickets[site][k] * Self.daysPerYear,
                                      partWithinWindow: partTickets[site][k] > 0 ? partMass[site][k] / partTickets[site][k] : 1,
                                      attainment: restoreMass[site][k] / tickets[site][k]))
            }
        }
        return SLAAttainment(classes: classRows, sites: siteRows, penaltyCostPerYear: penalty, transportCostPerYear: transport)
    }

    /// The time from a part on site to the restored machine at one site, on a grid per SLA class:
    /// `weights[k][j]` is P(engineer time in cell j of class k's window), cells of width
    /// window/`cells`; `withinWindow[k]` = P(engineer time ≤ window) (the restore share of a
    /// ticket that needs no part).
    struct EngineerKernel {
        var cellDays: [Double]
        var weights: [[Double]]
        var withinWindow: [Double]
        /// Whether an engineer visits at all (sites without any serve tickets at once).
        var visits: Bool
    }

    static let kernelCells = 32

    /// Per site: the engineer kernel. The crew is the first of the site's dispatch candidates with
    /// engineers (its own, else the nearest base's, as the desk ranks them); its load is the visits
    /// of the sites it is first for; with probability Erlang-C(c, load) every engineer is out and
    /// the next base's engineer drives (nearest-available dispatch) or the ticket waits the M/M/c
    /// mean conditional wait (home service point).
    func engineerKernels(field: FieldWork) -> [EngineerKernel?] {
        let s = scenario
        func driveHours(_ base: Int, _ site: Int) -> Double {
            (base == site ? 0 : (s.travelHours(fromIndex: base, toIndex: site) ?? 0)) + field.localTravelHours
        }
        let onSiteMean = field.onSiteHours.mean
        var visitsPerDay = [Double](repeating: 0, count: s.sites.count)
        var busyHours = [Double](repeating: 0, count: s.sites.count)
        let lists = s.engineerCandidates()
        for site in s.sites.indices {
            guard let first = lists[site].first else { continue }
            let v = s.demandPerYear[site].reduce(0, +) / Self.daysPerYear * (1 - field.remoteFixFraction)
            visitsPerDay[first] += v
            busyHours[first] += v * (driveHours(first, site) + onSiteMean)
        }
        let classes = s.slaClasses
        return s.sites.indices.map { site -> EngineerKernel? in
            guard s.sites[site].kind.holdsStock else { return nil }
            let list = lists[site]
            guard let first = list.first else {
                return EngineerKernel(cellDays: classes.map { $0.restoreHours / 24 / Double(Self.kernelCells) },
                                      weights: classes.map { _ in [] }, withinWindow: classes.map { _ in 1 }, visits: false)
            }
            let c = s.sites[first].engineers
            let loadErlangs = busyHours[first] / 24
            let busy: Double, waitHours: Double
            if loadErlangs >= Double(c) {
                busy = 1
                waitHours = .infinity
            } else if loadErlangs > 0 {
                let b = ServiceMath.erlangB(servers: c, load: loadErlangs), rho = loadErlangs / Double(c)
                busy = b / (1 - rho * (1 - b))
                let meanService = busyHours[first] / max(visitsPerDay[first], .leastNonzeroMagnitude)
                waitHours = meanService / (Double(c) - loadErlangs)
            } else {
                busy = 0
                waitHours = 0
            }
            let d0 = driveHours(first, site)
            let alternative: Double
            if s.policies.dispatch == .nearestAvailable, list.count > 1 { alternative = driveHours(list[1], site) } else { alternative = d0 + waitHours }
            func cdf(_ days: Double) -> Double {
                let h = days * 24
                let a = field.onSiteHours.cdf(h - d0)
                let b = alternative.isFinite ? field.onSiteHours.cdf(h - alternative) : 0
                return (1 - busy) * a + busy * b
            }
            var cells: [Double] = [], weights: [[Double]] = [], within: [Double] = []
            for cl in classes {
                let w = cl.restoreHours / 24, h = w / Double(Self.kernelCells)
                var row: [Double] = [], previous = cdf(0)
                for j in 0..<Self.kernelCells {
                    let next = cdf(Double(j + 1) * h)
                    row.append(max(0, next - previous))
                    previous = next
                }
                cells.append(h)
                weights.append(row)
                within.append(cdf(w))
            }
            return EngineerKernel(cellDays: cells, weights: weights, withinWindow: within, visits: true)
        }
    }

    /// Per node of tree t and per SLA class: P(part on site within the window) for a ticket that
    /// needs it, and P(restored within the window) for any ticket of the item at the node (from
    /// ``TreeWindowTables``).
    func windowCoefficients(_ t: Int, stock: [Int], method: EvaluationMethod, pools: PoolingContext?,
                            kernels: [EngineerKernel?], field: FieldWork) throws(StockingError) -> NodeWindows {
        try TreeWindowTables(self, tree: t, method: method, pools: pools, kernels: kernels, field: field).measures(stock)
    }

    /// Per node of one tree: per SLA class, P(part on site within the window) for a ticket that
    /// needs it and P(restored within it); and the expected lateral and emergency transport cost
    /// per ticket.
    struct NodeWindows {
        var classes: [[(part: Double, restore: Double)]]
        var transportPerTicket: [Double]
    }
}

/// The aged pipelines of one item's tree at fixed stock levels: for node n and age a (days),
/// O_n(a), the node's orders placed more than a ago that are still away, and B_n(a) = (O_n(a) − S_n)⁺,
/// its backorders older than a. With one-for-one ordering and FIFO allocation, a demand at n
/// waits longer than x exactly when O_n(x) ≥ S_n (S_n ≥ 1). O_n(a) is the orders placed in the
/// last (L − a)⁺ (Poisson, mean λ·E[(L − a)⁺]) plus the node's share of the parent's backorders
/// older than (a − L)⁺ (binomial thinning), the two independent; at the root, resupply in
/// (T − a)⁺. Moments are carried, each count fitted by a negative binomial (VARI-METRIC's fit).
final class AgedPipelines {
    let network: ItemNetwork
    let stock: [Int]
    private var memo: [Int: (ebo: Double, vbo: Double)] = [:]

    init(network: ItemNetwork, stock: [Int]) {
        self.network = network
        self.stock = stock
    }

    /// Mean and variance of O_n(a); without `parentDelay`, the orders' own transit only.
    func pipeline(_ n: Int, _ a: Double, parentDelay: Bool = true) -> (mean: Double, variance: Double) {
        let node = network.nodes[n], lambda = network.arrivingDemand[n], r = node.repairFraction
        let repair = max(0, node.repairDays - a)
        let away: Double
        if node.parent == nil {
            away = max(0, node.resupplyDays - a)
        } else {
            away = node.leadTime?.meanExcess(over: a) ?? max(0, node.leadDays - a)
        }
        var mean = lambda * (r * repair + (1 - r) * away), variance = mean
        if parentDelay, let p = node.parent {
            let f = network.shareOfParent(n)
            if f > 0 {
                let b = aged(p, max(0, a - node.leadDays))
                mean += f * b.ebo
                variance += f * (1 - f) * b.ebo + f * f * b.vbo
            }
        }
        return (mean, variance)
    }

    /// E and Var of B_n(a).
    func aged(_ n: Int, _ a: Double) -> (ebo: Double, vbo: Double) {
        let key = n &* 1_000_003 &+ Int((a * 1e5).rounded())
        if let hit = memo[key] { return hit }
        let o = pipeline(n, a)
        let value: (ebo: Double, vbo: Double) = o.mean > 0
            ? CountDistribution.negativeBinomial(mean: o.mean, variance: o.variance).tail(stock[n]) : (0, 0)
        memo[key] = value
        return value
    }

    /// P(W_n > x): a demand at n waits longer than x days.
    func exceeds(_ n: Int, _ x: Double, parentDelay: Bool = true) -> Double {
        let s = stock[n]
        if s >= 1 {
            let o = pipeline(n, x, parentDelay: parentDelay)
            return max(0, 1 - SpecialFunctions.countCDF(s - 1, mean: o.mean, variance: o.variance))
        }
        return exceedsWithoutStock(n, x, parentDelay: parentDelay)
    }

    /// P(W_n > x) at each level S = 0 … top of node n (its ancestors at `stock`).
    func waitTails(_ n: Int, _ x: Double, top: Int, parentDelay: Bool = true) -> [Double] {
        var out = [exceedsWithoutStock(n, x, parentDelay: parentDelay)]
        guard top >= 1 else { return out }
        let o = pipeline(n, x, parentDelay: parentDelay)
        for c in SpecialFunctions.countCDFs(upTo: top - 1, mean: o.mean, variance: o.variance) { out.append(max(0, 1 - c)) }
        return out
    }

    /// P(W_n > x) with no stock at n: the demand waits for its own order.
    private func exceedsWithoutStock(_ n: Int, _ x: Double, parentDelay: Bool) -> Double {
        let node = network.nodes[n], r = node.repairFraction
        let repairLate: Double = node.repairDays > x ? 1 : 0
        guard let p = node.parent else { return r * repairLate + (1 - r) * (node.resupplyDays > x ? 1 : 0) }
        let arrived = node.leadTime?.cdf(x) ?? (x >= node.leadDays ? 1 : 0)
        let late = parentDelay ? exceeds(p, max(0, x - node.leadDays)) : 0
        return r * repairLate + (1 - r) * ((1 - arrived) + arrived * late)
    }
}

/// The rows of an SLA window target in the stock master: the row of each (site, SLA class)
/// (keyed site × classes + class), the class split of each (site, item), and each tree's window
/// tables.
struct WindowRows {
    var row: [Int: Int]
    var classes: Int
    var field: FieldWork
    /// `Scenario.slaClassShares` per (site × items + item), computed once.
    var shares: [Int: [(slaClass: Int, weight: Double)]]
    var tables: [TreeWindowTables]
    /// Whether every tree is priced exactly (no tree holds a pooling group).
    var exact: Bool { tables.allSatisfy { $0.groups.isEmpty } }
}

extension StockingModel {
    /// The window target's rows for `field`: one per SLA class (`row[site·K + k]` the class's row
    /// for every site) or per (site, class), as built by the master.
    func windowRows(row: [Int: Int], field: FieldWork, method: EvaluationMethod, pools: PoolingContext?) -> WindowRows {
        var shares: [Int: [(slaClass: Int, weight: Double)]] = [:]
        for tree in trees {
            for node in tree.network.nodes where node.localDemand > 0 {
                shares[node.site * scenario.items.count + tree.item] = scenario.slaClassShares(site: node.site, item: tree.item)
            }
        }
        let kernels = engineerKernels(field: field)
        return WindowRows(row: row, classes: scenario.slaClasses.count, field: field, shares: shares,
                          tables: trees.indices.map { TreeWindowTables(self, tree: $0, method: method, pools: pools, kernels: kernels, field: field) })
    }

    /// A column's coefficients in the window target's rows (Σ over the tree's customer nodes of
    /// tickets per day of the row's class × P(restored within the class's window)), and its
    /// expected lateral and emergency transport cost per year.
    func windowRowCoefficients(_ t: Int, stock: [Int], rows: WindowRows) throws(StockingError) -> (rows: [Int: Double], transportPerYear: Double) {
        let net = trees[t].network, item = trees[t].item
        let a = try rows.tables[t].measures(stock)
        var out: [Int: Double] = [:], transport = 0.0
        for (n, node) in net.nodes.enumerated() where node.localDemand > 0 {
            transport += node.localDemand * Self.daysPerYear * a.transportPerTicket[n]
            for (k, w) in rows.shares[node.site * scenario.items.count + item] ?? [] {
                guard let r = rows.row[node.site * rows.classes + k] else { continue }
                out[r, default: 0] += node.localDemand * w * a.classes[n][k].restore
            }
        }
        return (out, transport)
    }

    /// Pricing for the window target: the tree's vector of least holding + transport − Σ row
    /// dual × coefficient. Exact (``TreeWindowTables/exactMinimum(_:)``) when the tree holds no
    /// pooling group; otherwise from the fill-rate proxy's exact vector (each site's dual the
    /// class-weighted duals of its rows), improved by ±1 moves under the window model until no
    /// move helps (a heuristic).
    func windowColumn(_ t: Int, rowDuals: [Double], method: EvaluationMethod, rows: WindowRows) throws(StockingError) -> (value: Double, stock: [Int]) {
        let (objective, proxy) = windowObjective(t, rowDuals: rowDuals, rows: rows)
        let tables = rows.tables[t]
        if tables.groups.isEmpty { return tables.exactMinimum(objective) }
        let start = price(t, duals: proxy, target: .fillRate(0.5), method: method).stock
        return try tables.localSearch(from: start, objective)
    }

    /// A lower bound on the pricing value of tree t under the duals (``windowColumn(_:rowDuals:method:rows:)``
    /// minimises the same objective): its exact minimum without a pooling group, else
    /// ``TreeWindowTables/lowerBound(_:groupStockLimit:)``; nil when no bound is known.
    func windowPricingBound(_ t: Int, rowDuals: [Double], rows: WindowRows) -> Double? {
        let tables = rows.tables[t], objective = windowObjective(t, rowDuals: rowDuals, rows: rows).objective
        return tables.groups.isEmpty ? tables.exactMinimum(objective).value : tables.lowerBound(objective)
    }

    /// Tree t's pricing objective under the rows' duals, and each site's fill-rate proxy dual
    /// (the class-weighted duals of its rows).
    private func windowObjective(_ t: Int, rowDuals: [Double], rows: WindowRows) -> (objective: WindowObjective, proxy: [Double]) {
        let net = trees[t].network, item = scenario.items[trees[t].item]
        var proxy = [Double](repeating: 0, count: scenario.sites.count)
        var objective = WindowObjective(holding: item.unitCost * item.holdingRate,
                                        restoreWeight: net.nodes.map { _ in [Double](repeating: 0, count: rows.classes) },
                                        transportWeight: net.nodes.map { $0.localDemand * Self.daysPerYear })
        for (n, node) in net.nodes.enumerated() where node.localDemand > 0 {
            for (k, w) in rows.shares[node.site * scenario.items.count + trees[t].item] ?? [] {
                guard let r = rows.row[node.site * rows.classes + k] else { continue }
                proxy[node.site] += w * rowDuals[r]
                objective.restoreWeight[n][k] += rowDuals[r] * node.localDemand * w
            }
        }
        return (objective, proxy)
    }

    /// ±1 moves at any node within its bounds, taking each that lowers `value`, until none does
    /// (at most 100 rounds).
    func localSearch(_ net: ItemNetwork, from start: [Int],
                     value: ([Int]) throws(StockingError) -> Double) throws(StockingError) -> (value: Double, stock: [Int]) {
        try localSearch(net, from: start, state: ()) { (v: [Int], _: Int?, _: Void) throws(StockingError) -> (value: Double, state: Void) in
            (try value(v), ())
        }
    }

    /// The same search with a state carried from the plan taken to the next move's evaluation:
    /// `evaluate(v, n, state)` gives the value at v (n the node just moved, nil for the start)
    /// and the state to keep if v is taken.
    func localSearch<State>(_ net: ItemNetwork, from start: [Int], state: State,
                            evaluate: ([Int], Int?, State) throws(StockingError) -> (value: Double, state: State))
        throws(StockingError) -> (value: Double, stock: [Int]) {
        var best = start
        var (bestValue, kept) = try evaluate(start, nil, state)
        var improved = true, rounds = 0
        while improved && rounds < 100 {
            improved = false
            rounds += 1
            for n in net.nodes.indices {
                for delta in [1, -1] {
                    var v = best
                    v[n] += delta
                    guard v[n] >= net.nodes[n].minStock, v[n] <= (net.nodes[n].maxStock ?? Int.max) else { continue }
                    let x = try evaluate(v, n, kept)
                    if x.value < bestValue - 1e-12 * max(1, abs(bestValue)) {
                        best = v; bestValue = x.value; kept = x.state; improved = true
                    }
                }
            }
        }
        return (bestValue, best)
    }
}

/// The plan of least expected cost per year: holding + lateral/emergency transport + SLA penalties.
public struct TotalCostPlan: Sendable {
    public var plan: StockPlan
    public var holdingCostPerYear: Double
    public var transportCostPerYear: Double
    public var penaltyCostPerYear: Double
    public var totalCostPerYear: Double { holdingCostPerYear + transportCostPerYear + penaltyCostPerYear }
    /// Whether every item's tree was minimised exactly (no pooling group: the cost is separable
    /// by node given the ancestors); otherwise a local optimum.
    public var exact: Bool
    /// A proved lower bound on the expected total cost per year of any plan (within the
    /// enumerated levels): the exact minimum per tree, or ``TreeWindowTables/lowerBound(_:groupStockLimit:)``
    /// for a tree with pooling groups; nil when a tree has no bound.
    public var lowerBound: Double?
    /// Items optimised, and seconds.
    public var evaluations: Int
    public var seconds: Double
}

extension StockingModel {
    /// The stock plan of least expected holding + lateral/emergency transport + SLA penalty cost
    /// per year (each class's `penalty` per order restored outside its window), with no service
    /// target: what the SLA is worth keeping. The cost is a sum over items, so each item's tree is
    /// optimised alone. Without a pooling group in the tree the minimum is exact over the
    /// enumerated levels (``TreeWindowTables/exactMinimum(_:)``); with one, the search starts from
    /// the exact optimum of the fill-rate proxy (a demand not met from the shelf costs its
    /// classes' penalties) and takes ±1 moves at any node under the window model until none lowers
    /// the item's cost: a local optimum, no bound claimed.
    public func minimumTotalCostPlan(method: EvaluationMethod = .variMetric, pooling: Bool, field: FieldWork = FieldWork(),
                                     progress: (Int, Int) -> Void = { _, _ in }) throws(StockingError) -> TotalCostPlan {
        guard method != .exact else { throw .invalidStock("plans are optimised with METRIC or VARI-METRIC") }
        let s = scenario
        guard !s.slaClasses.isEmpty else { throw .invalidStock("the total-cost objective needs SLA classes with penalties") }
        let clock = ContinuousClock(), started = clock.now
        let pools = pooling ? poolingContext() : nil
        var rowOf: [Int: Int] = [:]
        for site in s.sites.indices { for k in s.slaClasses.indices { rowOf[site * s.slaClasses.count + k] = k } }
        let rows = windowRows(row: rowOf, field: field, method: method, pools: pools)
        let penalty = s.slaClasses.map(\.penaltyPerBreach)
        var plan = StockPlan(zerosFor: s)
        var evaluations = 0
        var bound: Double? = 0
        for t in trees.indices {
            progress(t, trees.count)
            let net = trees[t].network, item = trees[t].item
            // Cost = holding + transport + Σ penalty × (1 − restore): the constant Σ penalty aside,
            // the window objective with the penalties as restore weights.
            var objective = WindowObjective(holding: s.items[item].unitCost * s.items[item].holdingRate,
                                            restoreWeight: net.nodes.map { _ in [Double](repeating: 0, count: s.slaClasses.count) },
                                            transportWeight: net.nodes.map { $0.localDemand * Self.daysPerYear })
            var proxy = [Double](repeating: 0, count: s.sites.count)
            for (n, node) in net.nodes.enumerated() where node.localDemand > 0 {
                for (k, weight) in rows.shares[node.site * s.items.count + item] ?? [] {
                    objective.restoreWeight[n][k] += weight * penalty[k] * node.localDemand * Self.daysPerYear
                    proxy[node.site] += weight * penalty[k] * Self.daysPerYear
                }
            }
            let tables = rows.tables[t]
            let best: (value: Double, stock: [Int])
            // The tree's total cost is its objective plus every penalty it could owe.
            let owed = objective.restoreWeight.reduce(0.0) { $0 + $1.reduce(0, +) }
            if tables.groups.isEmpty {
                best = tables.exactMinimum(objective)
                bound = bound.map { $0 + best.value + owed }
            } else {
                best = try tables.localSearch(from: price(t, duals: proxy, target: .fillRate(0.5), method: method).stock, objective)
                if let b = bound, let tb = tables.lowerBound(objective) { bound = b + tb + owed } else { bound = nil }
            }
            evaluations += 1
            for (n, node) in net.nodes.enumerated() { plan[node.site][item] = best.stock[n] }
        }
        let a = try slaAttainment(stock: plan, method: method, field: field)
        var holding = 0.0
        for site in s.sites.indices { for i in s.items.indices { holding += Double(plan[site][i]) * s.items[i].unitCost * s.items[i].holdingRate } }
        return TotalCostPlan(plan: plan, holdingCostPerYear: holding, transportCostPerYear: a.transportCostPerYear,
                             penaltyCostPerYear: a.penaltyCostPerYear, exact: rows.exact,
                             lowerBound: bound,
                             evaluations: evaluations,
                             seconds: (clock.now - started).stockingSeconds)
    }
}
