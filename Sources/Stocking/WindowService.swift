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
        guard !classes.isEmpty else { return SLAAttainment(classes: [], sites: [], penaltyCostPerYear: 0) }
        let kernels = engineerKernels(field: field)
        let pools = s.policies.sourcing.contains(.lateral) ? poolingContext() : nil
        // Per site and class: tickets per day, part-within-window and restore-within-window mass.
        var tickets = [[Double]](repeating: [Double](repeating: 0, count: classes.count), count: s.sites.count)
        var partMass = tickets, restoreMass = tickets, partTickets = tickets
        for t in trees.indices {
            let net = trees[t].network, item = trees[t].item
            let levels = net.nodes.map { stock[$0.site][item] }
            let rows = try windowCoefficients(t, stock: levels, method: method, pools: pools, kernels: kernels, field: field)
            for (n, node) in net.nodes.enumerated() where node.localDemand > 0 {
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
        return SLAAttainment(classes: classRows, sites: siteRows, penaltyCostPerYear: penalty)
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

    static let kernelCells = 64

    /// Per site: the engineer kernel. The crew is the first of the site's dispatch candidates with
    /// engineers (its own, else the nearest base's, as the desk ranks them); its load is the visits
    /// of the sites it is first for; with probability Erlang-C(c, load) every engineer is out and
    /// the next base's engineer drives (nearest-available dispatch) or the ticket waits the M/M/c
    /// mean conditional wait (home service point).
    func engineerKernels(field: FieldWork) -> [EngineerKernel?] {
        let s = scenario
        let bases = s.sites.indices.filter { s.sites[$0].engineers > 0 }
        func candidates(_ site: Int) -> [Int] {
            guard s.sites[site].kind == .servicePoint else { return [] }
            if s.policies.dispatch == .homeServicePoint { return s.sites[site].engineers > 0 ? [site] : [] }
            return bases.sorted {
                let a = $0 == site ? -1 : (s.travelHours(fromIndex: $0, toIndex: site) ?? .infinity)
                let b = $1 == site ? -1 : (s.travelHours(fromIndex: $1, toIndex: site) ?? .infinity)
                return a != b ? a < b : $0 < $1
            }
        }
        func driveHours(_ base: Int, _ site: Int) -> Double {
            (base == site ? 0 : (s.travelHours(fromIndex: base, toIndex: site) ?? 0)) + field.localTravelHours
        }
        let onSiteMean = field.onSiteHours.mean
        var visitsPerDay = [Double](repeating: 0, count: s.sites.count)
        var busyHours = [Double](repeating: 0, count: s.sites.count)
        let lists = s.sites.indices.map(candidates)
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
    /// needs it, and P(restored within the window) for any ticket of the item at the node.
    func windowCoefficients(_ t: Int, stock: [Int], method: EvaluationMethod, pools: PoolingContext?,
                            kernels: [EngineerKernel?], field: FieldWork) throws(StockingError) -> [[(part: Double, restore: Double)]] {
        let s = scenario, net = trees[t].network
        let e = try net.evaluate(stock: stock, method: method)
        var shares: [Int: PoolShare] = [:]
        if let pools { for (n, m) in try poolShares(t, stock: stock, evaluation: e, pools: pools) { shares[n] = m } }
        var waits = AgedPipelines(network: net, stock: stock)
        let ladder = s.policies.sourcing
        let parentStep = ladder.firstIndex(of: .parent), emergencyStep = ladder.firstIndex(of: .emergency)
        let classes = s.slaClasses
        var out = [[(part: Double, restore: Double)]](repeating: classes.map { _ in (1, 1) }, count: net.nodes.count)
        for (n, node) in net.nodes.enumerated() where node.localDemand > 0 {
            let site = node.site
            let share = shares[n]
            let own = share?.own ?? e.nodes[n].fillRate
            let lateral = share?.lateral ?? 0
            let short = max(0, 1 - own - lateral)
            // Lateral shipments: from any other member (the donor varies), each lane equally likely.
            var lateralLanes: [DistributionSpec] = []
            if share != nil, let group = pools?.groups.first(where: { $0.contains(site) }) {
                lateralLanes = group.filter { $0 != site }.compactMap { s.lane(fromIndex: $0, toIndex: site, mode: .lateral)?.leadTime }
            }
            // Emergency shipments come from the root (the desk's emergency source), when it has stock.
            let rootSite = net.nodes[0].site
            let emergencyLane = emergencyStep != nil && rootSite != site
                ? s.lane(fromIndex: rootSite, toIndex: site, mode: .emergency)?.leadTime : nil
            let parentFill = node.parent.map { e.nodes[$0].fillRate } ?? 0
            let rootFill = e.nodes[0].fillRate
            // The short demand's paths: (probability, emergency?, parent delay counted?).
            var emergencyShare = 0.0, quickShare = 0.0
            if emergencyLane != nil, let em = emergencyStep {
                if let p = parentStep, p < em, let parent = node.parent {
                    // Parent first: it has a unit (the reorder ships now), else the root sends express.
                    if net.nodes[parent].parent != nil {
                        quickShare = parentFill
                        emergencyShare = (1 - parentFill) * rootFill
                    }
                } else {
                    emergencyShare = rootFill
                }
            }
            let slowShare = max(0, 1 - emergencyShare - quickShare)
            let wait0 = waits.exceeds(n, 0), quick0 = quickShare > 0 ? waits.exceeds(n, 0, parentDelay: false) : 0
            func partCDF(_ x: Double) -> Double {
                guard x >= 0 else { return 0 }
                var f = own
                if lateral > 0 {
                    let lanes = lateralLanes.isEmpty ? [DistributionSpec.deterministic(value: pools?.lateralDays[site] ?? 0)] : lateralLanes
                    f += lateral * lanes.reduce(0.0) { $0 + $1.cdf(x) } / Double(lanes.count)
                }
                guard short > 0 else { return min(1, f) }
                var got = 0.0
                if emergencyShare > 0, let lane = emergencyLane { got += emergencyShare * lane.cdf(x) }
                if quickShare > 0 { got += quickShare * (quick0 > 0 ? 1 - waits.exceeds(n, x, parentDelay: false) / quick0 : 1) }
                if slowShare > 0 { got += slowShare * (wait0 > 0 ? 1 - waits.exceeds(n, x) / wait0 : 1) }
                return min(1, f + short * min(1, max(0, got)))
            }
            guard let kernel = kernels[site] else { continue }
            for k in classes.indices {
                let w = classes[k].restoreHours / 24
                let part = partCDF(w)
                var withPart: Double
                if kernel.visits {
                    withPart = 0
                    let h = kernel.cellDays[k]
                    for (j, p) in kernel.weights[k].enumerated() where p > 0 {
                        withPart += p * partCDF(w - (Double(j) + 0.5) * h)
                    }
                } else {
                    withPart = part
                }
                let noPart = kernel.visits ? kernel.withinWindow[k] : 1
                let restore = field.remoteFixFraction + (1 - field.remoteFixFraction)
                    * (field.noPartFraction * noPart + (1 - field.noPartFraction) * withPart)
                out[n][k] = (part, min(1, restore))
            }
        }
        return out
    }
}

/// The aged pipelines of one item's tree at fixed stock levels: for node n and age a (days),
/// O_n(a), the node's orders placed more than a ago that are still away, and B_n(a) = (O_n(a) − S_n)⁺,
/// its backorders older than a. With one-for-one ordering and FIFO allocation, a demand at n
/// waits longer than x exactly when O_n(x) ≥ S_n (S_n ≥ 1). O_n(a) is the orders placed in the
/// last (L − a)⁺ (Poisson, mean λ·E[(L − a)⁺]) plus the node's share of the parent's backorders
/// older than (a − L)⁺ (binomial thinning), the two independent; at the root, resupply in
/// (T − a)⁺. Moments are carried, each count fitted by a negative binomial (VARI-METRIC's fit).
struct AgedPipelines {
    let network: ItemNetwork
    let stock: [Int]
    private var memo: [Int: (ebo: Double, vbo: Double)] = [:]

    init(network: ItemNetwork, stock: [Int]) {
        self.network = network
        self.stock = stock
    }

    /// Mean and variance of O_n(a); without `parentDelay`, the orders' own transit only.
    mutating func pipeline(_ n: Int, _ a: Double, parentDelay: Bool = true) -> (mean: Double, variance: Double) {
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
    mutating func aged(_ n: Int, _ a: Double) -> (ebo: Double, vbo: Double) {
        let key = n &* 1_000_003 &+ Int((a * 1e5).rounded())
        if let hit = memo[key] { return hit }
        let o = pipeline(n, a)
        let value: (ebo: Double, vbo: Double) = o.mean > 0
            ? CountDistribution.negativeBinomial(mean: o.mean, variance: o.variance).tail(stock[n]) : (0, 0)
        memo[key] = value
        return value
    }

    /// P(W_n > x): a demand at n waits longer than x days.
    mutating func exceeds(_ n: Int, _ x: Double, parentDelay: Bool = true) -> Double {
        let s = stock[n]
        if s >= 1 {
            let o = pipeline(n, x, parentDelay: parentDelay)
            return max(0, 1 - SpecialFunctions.countCDF(s - 1, mean: o.mean, variance: o.variance))
        }
        // No stock: the demand waits for its own order.
        let node = network.nodes[n], r = node.repairFraction
        let repairLate: Double = node.repairDays > x ? 1 : 0
        guard let p = node.parent else { return r * repairLate + (1 - r) * (node.resupplyDays > x ? 1 : 0) }
        let arrived = node.leadTime?.cdf(x) ?? (x >= node.leadDays ? 1 : 0)
        let late = parentDelay ? exceeds(p, max(0, x - node.leadDays)) : 0
        return r * repairLate + (1 - r) * ((1 - arrived) + arrived * late)
    }
}
