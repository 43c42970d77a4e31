public import ScenarioModel

/// The service a stock plan gives, per site and item, per site, per pool and for the system.
public struct PlanEvaluation: Sendable, Codable {
    /// One site and item.
    public struct SiteItem: Sendable, Codable {
        public var site: String
        public var item: String
        public var stock: Int
        /// Customer failures per year at the site.
        public var customerDemandPerYear: Double
        /// Demand arriving per year (customers plus the children's reorders).
        public var demandPerYear: Double
        public var pipelineMean: Double
        public var pipelineVariance: Double
        public var ebo: Double
        public var vbo: Double
        public var eoh: Double
        public var fillRate: Double
        public var readyRate: Double
        public var waitingDays: Double
        public var unitsInRepair: Double
        public var unitsInTransit: Double
        public var unitsDelayedAtParent: Double
    }

    /// One site over all items.
    public struct Site: Sendable, Codable {
        public var site: String
        public var kind: String
        public var echelon: Int?
        public var customerDemandPerYear: Double
        public var stockUnits: Int
        public var stockValue: Double
        public var holdingCostPerYear: Double
        /// Σ over items of the expected backorders of this site's customers.
        public var customerBackorders: Double
        /// Customer-demand-weighted fill rate over items; nil without customer demand.
        public var fillRate: Double?
        /// Mean customer wait, days (Little: customer backorders ÷ customer demand per day).
        public var waitingDays: Double?
    }

    /// One product's availability, A = Πᵢ (1 − EBOᵢ/(N·Zᵢ))^Zᵢ.
    public struct Product: Sendable, Codable {
        public var product: String
        public var installedUnits: Int
        public var availability: Double
    }

    /// One pooling group and item: exact group figures (and, under the complete pooling a
    /// scenario's pools have, each member's exact shortage), and the approximate own/lateral split.
    public struct Pool: Sendable, Codable {
        public var pool: String
        public var item: String
        public var shortage: String
        public var replenishmentDays: Double
        public var groupShortageFraction: Double
        public var approximateGroupShortageFraction: Double
        public var emergencyDemandPerYearOnParent: Double
        public var members: [Member]

        public struct Member: Sendable, Codable {
            public var site: String
            public var own: Double
            public var lateral: Double
            public var shortage: Double
        }
    }

    /// Network totals.
    public struct System: Sendable, Codable {
        public var stockUnits: Int
        public var stockValue: Double
        public var holdingCostPerYear: Double
        public var customerDemandPerYear: Double
        public var customerBackorders: Double
        public var fillRate: Double
        public var waitingDays: Double
        /// Installed-unit-weighted mean of the products' availabilities.
        public var availability: Double
        /// With pooling groups: the fill rate counting demand met by a lateral shipment as filled
        /// (pool members' own + lateral fractions: one minus the group's shortage, exact under
        /// complete pooling, the overflow approximation's under partial pooling); nil without pools.
        public var fillRateWithLaterals: Double?
    }

    public var method: EvaluationMethod
    public var siteItems: [SiteItem]
    public var sites: [Site]
    public var products: [Product]
    public var pools: [Pool]
    public var system: System
    /// The analytic SLA attainment of the plan (restore within each class's window), when asked
    /// for (``StockingModel/slaAttainment(stock:method:field:)``).
    public var sla: SLAAttainment? = nil
}


extension StockingModel {
    /// The scenario's own stock plan, or nil when it has none.
    public var scenarioPlan: StockPlan? { scenario.policies.stockLevels }

    /// Evaluates the plan `stock` (sites that hold no stock ignore it).
    public func evaluate(stock: StockPlan, method: EvaluationMethod) throws(StockingError) -> PlanEvaluation {
        let sites = scenario.sites, items = scenario.items
        guard stock.fits(scenario) else {
            throw .invalidStock("the plan must have one row per site and one column per item")
        }
        var siteItems: [PlanEvaluation.SiteItem] = []
        var customerEBO = [[Double]](repeating: [Double](repeating: 0, count: items.count), count: sites.count)
        var evaluations: [ItemEvaluation] = []
        for tree in trees {
            let net = tree.network
            let levels = net.nodes.map { stock[$0.site][tree.item] }
            let e = try net.evaluate(stock: levels, method: method)
            evaluations.append(e)
            for (n, r) in e.nodes.enumerated() {
                let node = net.nodes[n]
                let share = r.demandPerDay > 0 ? node.localDemand / r.demandPerDay : 0
                customerEBO[node.site][tree.item] = r.ebo * share
                siteItems.append(.init(
                    site: sites[node.site].id, item: items[tree.item].id, stock: r.stock,
                    customerDemandPerYear: node.localDemand * Self.daysPerYear,
                    demandPerYear: r.demandPerDay * Self.daysPerYear,
                    pipelineMean: r.pipelineMean, pipelineVariance: r.pipelineVariance, ebo: r.ebo, vbo: r.vbo,
                    eoh: r.eoh, fillRate: r.fillRate, readyRate: r.readyRate, waitingDays: r.waitingDays,
                    unitsInRepair: r.unitsInRepair, unitsInTransit: r.unitsInTransit,
                    unitsDelayedAtParent: r.unitsDelayedAtParent))
            }
        }
        let fillByKey = Dictionary(siteItems.map { ("\($0.site)\u{1}\($0.item)", $0.fillRate) }, uniquingKeysWith: { a, _ in a })

        var siteRows: [PlanEvaluation.Site] = []
        var sys = PlanEvaluation.System(stockUnits: 0, stockValue: 0, holdingCostPerYear: 0, customerDemandPerYear: 0,
                                        customerBackorders: 0, fillRate: 0, waitingDays: 0, availability: 1)
        var filled = 0.0
        for site in sites where site.kind.holdsStock {
            var row = PlanEvaluation.Site(site: site.id, kind: site.kind.rawValue, echelon: site.echelon,
                                          customerDemandPerYear: 0, stockUnits: 0, stockValue: 0,
                                          holdingCostPerYear: 0, customerBackorders: 0, fillRate: nil, waitingDays: nil)
            var siteFilled = 0.0
            for item in items {
                let s = stock[site.index][item.index]
                row.stockUnits += s
                row.stockValue += Double(s) * item.unitCost
                row.holdingCostPerYear += Double(s) * item.unitCost * item.holdingRate
                let d = scenario.demandPerYear[site.index][item.index]
                row.customerDemandPerYear += d
                row.customerBackorders += customerEBO[site.index][item.index]
                siteFilled += d * (fillByKey["\(site.id)\u{1}\(item.id)"] ?? 0)
            }
            if row.customerDemandPerYear > 0 {
                row.fillRate = siteFilled / row.customerDemandPerYear
                row.waitingDays = row.customerBackorders / (row.customerDemandPerYear / Self.daysPerYear)
            }
            sys.stockUnits += row.stockUnits
            sys.stockValue += row.stockValue
            sys.holdingCostPerYear += row.holdingCostPerYear
            sys.customerDemandPerYear += row.customerDemandPerYear
            sys.customerBackorders += row.customerBackorders
            filled += siteFilled
            siteRows.append(row)
        }
        if sys.customerDemandPerYear > 0 {
            sys.fillRate = filled / sys.customerDemandPerYear
            sys.waitingDays = sys.customerBackorders / (sys.customerDemandPerYear / Self.daysPerYear)
        }
        let products = productAvailability(customerEBO: customerEBO)
        let installed = products.reduce(0) { $0 + $1.installedUnits }
        if installed > 0 {
            sys.availability = products.reduce(0.0) { $0 + $1.availability * Double($1.installedUnits) } / Double(installed)
        }
        let pools = try poolEvaluations(stock: stock, evaluations: evaluations)
        if !pools.isEmpty, sys.customerDemandPerYear > 0 {
            var withLaterals = filled
            for pool in pools {
                guard let item = scenario.item(pool.item) else { continue }
                for m in pool.members {
                    guard let site = scenario.site(m.site) else { continue }
                    let d = scenario.demandPerYear[site.index][item.index]
                    withLaterals += d * (m.own + m.lateral - (fillByKey["\(m.site)\u{1}\(pool.item)"] ?? 0))
                }
            }
            sys.fillRateWithLaterals = withLaterals / sys.customerDemandPerYear
        }
        return PlanEvaluation(method: method, siteItems: siteItems, sites: siteRows, products: products,
                              pools: pools, system: sys)
    }

    /// Availability per product: item i's customer backorders are split over products in
    /// proportion to the failures each product's installed base causes at each site.
    func productAvailability(customerEBO: [[Double]]) -> [PlanEvaluation.Product] {
        let sites = scenario.sites, items = scenario.items
        var installed = [[Int]](repeating: [Int](repeating: 0, count: scenario.products.count), count: sites.count)
        for entry in scenario.installedBase { installed[entry.siteIndex][entry.productIndex] += entry.units }
        return scenario.products.map { product in
            let n = sites.indices.reduce(0) { $0 + installed[$1][product.index] }
            var a = 1.0
            for item in items {
                guard let use = item.usedIn.first(where: { $0.productIndex == product.index }), n > 0 else { continue }
                var ebo = 0.0
                for s in sites.indices where customerEBO[s][item.index] > 0 {
                    let mine = Double(installed[s][product.index] * use.quantity)
                    let all = item.usedIn.reduce(0.0) { $0 + Double(installed[s][$1.productIndex] * $1.quantity) }
                    if all > 0 { ebo += customerEBO[s][item.index] * mine / all }
                }
                a *= ServiceMath.availability(ebo: ebo, systems: Double(n), unitsPerSystem: use.quantity)
            }
            return PlanEvaluation.Product(product: product.id, installedUnits: n, availability: a)
        }
    }

    /// What a demand the pool cannot serve does, from the sourcing ladder: it is lost to the pool
    /// (an emergency shipment from outside, Erlang's loss system) only when the ladder tries
    /// emergency before the parent; otherwise it waits at its site for the site's next unit
    /// (the backorder variant), which is what the desk does.
    static func poolShortage(_ ladder: [SourcingStep]) -> PoolingGroup.Shortage {
        guard let e = ladder.firstIndex(of: .emergency) else { return .backorder }
        guard let p = ladder.firstIndex(of: .parent) else { return .emergency }
        return e < p ? .emergency : .backorder
    }

    /// Pooling groups (when the sourcing ladder includes laterals): per pool and item, the
    /// members of the item's tree (``treePools``), in pool-name then item order.
    func poolEvaluations(stock: StockPlan, evaluations: [ItemEvaluation]) throws(StockingError) -> [PlanEvaluation.Pool] {
        guard let context = poolingContext() else { return [] }
        var out: [(key: (String, Int), row: PlanEvaluation.Pool)] = []
        for (t, tree) in trees.enumerated() {
            let levels = tree.network.nodes.map { stock[$0.site][tree.item] }
            for pool in try treePools(t, stock: levels, evaluation: evaluations[t], pools: context) {
                let e = pool.evaluation
                out.append(((pool.name, tree.item), .init(
                    pool: pool.name, item: scenario.items[tree.item].id, shortage: context.shortage.rawValue,
                    replenishmentDays: pool.replenishmentDays,
                    groupShortageFraction: e.groupShortageFraction,
                    approximateGroupShortageFraction: e.approximateGroupShortageFraction,
                    emergencyDemandPerYearOnParent: e.emergencyDemandOnParent * Self.daysPerYear,
                    members: zip(pool.nodes, e.members).map { n, m in
                        .init(site: scenario.sites[tree.network.nodes[n].site].id, own: m.own, lateral: m.lateral, shortage: m.shortage)
                    })))
            }
        }
        return out.sorted { $0.key.0 != $1.key.0 ? $0.key.0 < $1.key.0 : $0.key.1 < $1.key.1 }.map(\.row)
    }
}
