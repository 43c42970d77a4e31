public import ScenarioModel

/// A scenario's items laid over its echelon tree, ready to evaluate stock plans.
///
/// Each item gets one ``ItemNetwork`` per central warehouse (root) whose subtree has demand for it.
/// Rates come from `Scenario.demandPerYear` (÷ 365 per day); shipping times are the means of the
/// replenishment lanes (a lane's deterministic distribution makes it eligible for the exact
/// method); repairables are repaired at their repair site if it is a stocking site of the tree
/// (the demand arriving there, less condemnations) and otherwise through the root's external
/// resupply, whose mean time is return + repair + (1 − c)·(shipping to the root) + c·(supplier lead
/// time) (a unit is condemned at the end of its repair, as the simulation has it); consumables
/// are resupplied in the supplier lead time.
public struct StockingModel: Sendable {
    /// One item over the subtree of one root.
    public struct ItemTree: Sendable {
        public var item: Int
        public var network: ItemNetwork
    }

    public let scenario: Scenario
    public let trees: [ItemTree]

    /// Days per year used to turn yearly rates into daily ones.
    public static let daysPerYear = Units.daysPerYear

    /// Builds the item trees of `scenario`.
    public init(scenario: Scenario) throws(StockingError) {
        self.scenario = scenario
        let sites = scenario.sites
        var trees: [ItemTree] = []
        let roots = sites.indices.filter { sites[$0].kind == .centralWarehouse }
        for item in scenario.items {
            for root in roots {
                // Stocking sites of this root's subtree, parents first.
                var order: [Int] = [root]
                var k = 0
                while k < order.count {
                    order.append(contentsOf: sites[order[k]].childIndices.filter { sites[$0].kind.holdsStock })
                    k += 1
                }
                let demand = order.map { scenario.demandPerYear[$0][item.index] / Self.daysPerYear }
                guard demand.reduce(0, +) > 0 else { continue }
                var position: [Int: Int] = [:]
                for (n, s) in order.enumerated() { position[s] = n }
                let repairNode = item.repairable ? item.repairSiteIndex.flatMap { position[$0] } : nil
                let returnDays = Self.meanReturnDays(scenario, item: item, sites: order, demand: demand)
                let repairDays = item.repairTime?.mean ?? 0
                var nodes: [ItemNetwork.Node] = []
                for (n, s) in order.enumerated() {
                    var node = ItemNetwork.Node(site: s, parent: nil, localDemand: demand[n])
                    node.productShares = Self.productShares(scenario, item: item, site: s)
                    let bound = scenario.policies.bounds(site: s, item: item.index)
                    node.minStock = bound.min
                    node.maxStock = bound.max
                    if n > 0, let parent = sites[s].parentIndex, let p = position[parent] {
                        node.parent = p
                        guard let lane = scenario.lane(fromIndex: parent, toIndex: s, mode: .replenishment) else {
                            throw .invalidNetwork("no replenishment lane \(sites[parent].id) → \(sites[s].id)")
                        }
                        node.leadDays = lane.leadTime.mean
                        node.leadTimeIsDeterministic = lane.leadTime.variance == 0
                        node.leadTime = lane.leadTime
                    }
                    if n == repairNode {
                        node.repairFraction = 1 - item.condemnation
                        node.repairDays = returnDays + repairDays
                    }
                    if n == 0 {
                        node.resupplyDays = Self.externalResupplyDays(scenario, item: item, root: root,
                                                                      repairInTree: repairNode != nil,
                                                                      returnDays: returnDays)
                    }
                    nodes.append(node)
                }
                trees.append(ItemTree(item: item.index, network: try ItemNetwork(nodes: nodes)))
            }
        }
        self.trees = trees
    }

    /// How the item's failures at `site` split over the products it is used in (item.usedIn order).
    static func productShares(_ scenario: Scenario, item: Item, site: Int) -> [Double] {
        let weights = item.usedIn.map { use in
            Double(scenario.installedBase.filter { $0.siteIndex == site && $0.productIndex == use.productIndex }
                .reduce(0) { $0 + $1.units } * use.quantity)
        }
        let total = weights.reduce(0, +)
        return total > 0 ? weights.map { $0 / total } : weights.map { _ in 0 }
    }

    /// Demand-weighted mean return time of defective units to the item's repair site.
    static func meanReturnDays(_ scenario: Scenario, item: Item, sites: [Int], demand: [Double]) -> Double {
        guard item.repairable, let repair = item.repairSiteIndex else { return 0 }
        var weighted = 0.0, total = 0.0
        for (n, s) in sites.enumerated() where demand[n] > 0 && s != repair {
            let days = scenario.lane(fromIndex: s, toIndex: repair, mode: .return)?.leadTime.mean
                ?? scenario.travelHours(fromIndex: s, toIndex: repair).map { $0 / 24 } ?? 0
            weighted += demand[n] * days
            total += demand[n]
        }
        return total > 0 ? weighted / total : 0
    }

    /// Mean time for the root to get a unit from outside its tree.
    static func externalResupplyDays(_ scenario: Scenario, item: Item, root: Int, repairInTree: Bool,
                                     returnDays: Double) -> Double {
        let supplier = item.supplierLeadTime?.mean ?? 0
        guard item.repairable, let repair = item.repairSiteIndex else { return supplier }
        // Repaired in the tree: only condemned units come from outside, bought once their repair
        // has found them beyond it.
        if repairInTree { return returnDays + (item.repairTime?.mean ?? 0) + supplier }
        let back = scenario.lane(fromIndex: repair, toIndex: root, mode: .replenishment)?.leadTime.mean
            ?? scenario.travelHours(fromIndex: repair, toIndex: root).map { $0 / 24 } ?? 0
        // A condemned unit is found so at the end of its repair (as the simulation has it); its
        // replacement is bought then.
        let c = item.condemnation
        return returnDays + (item.repairTime?.mean ?? 0) + (1 - c) * back + c * supplier
    }
}
