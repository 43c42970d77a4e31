public import ScenarioModel

/// One item over its tree of stocking sites, with rates in units per DAY and times in DAYS.
///
/// Nodes are listed parents first (index 0 is the root). Demand arriving at a node is its local
/// demand plus the replenishment orders of its children; a fraction of it (`repairFraction`) is
/// repaired at the node, the rest is reordered one-for-one from the parent, or, at the root, from
/// outside (external repair loop or supplier) in `resupplyDays`.
public struct ItemNetwork: Sendable, Equatable {
    /// A stocking site of the item's tree.
    public struct Node: Sendable, Equatable {
        /// Caller's identifier of the site (e.g. the scenario's site index).
        public var site: Int
        /// Parent node index, nil for the root.
        public var parent: Int?
        /// Failures per day arising at this site (customer demand).
        public var localDemand: Double
        /// Fraction of the demand arriving here that is repaired here (0 … 1).
        public var repairFraction: Double
        /// Mean local repair time, days.
        public var repairDays: Double
        /// Mean shipping time from the parent, days (non-root).
        public var leadDays: Double
        /// Whether that shipping time is deterministic (needed for the exact evaluation).
        public var leadTimeIsDeterministic: Bool
        /// The shipping time's distribution from the parent, days (non-root; the window measures
        /// use it; nil: deterministic at `leadDays`).
        public var leadTime: DistributionSpec? = nil
        /// Root only: mean time to resupply a unit from outside the tree, days.
        public var resupplyDays: Double
        /// How this site's customer backorders split over the item's products (for availability);
        /// empty when not tracked. Entries sum to 1.
        public var productShares: [Double] = []
        /// Smallest and largest level the optimisers may choose (nil: no upper limit).
        public var minStock: Int = 0
        public var maxStock: Int?

        public init(site: Int, parent: Int?, localDemand: Double, repairFraction: Double = 0,
                    repairDays: Double = 0, leadDays: Double = 0, leadTimeIsDeterministic: Bool = true,
                    resupplyDays: Double = 0) {
            self.site = site
            self.parent = parent
            self.localDemand = localDemand
            self.repairFraction = repairFraction
            self.repairDays = repairDays
            self.leadDays = leadDays
            self.leadTimeIsDeterministic = leadTimeIsDeterministic
            self.resupplyDays = resupplyDays
        }
    }

    public var nodes: [Node]
    /// Children of each node, derived from the parents.
    public let children: [[Int]]
    /// Demand arriving at each node per day: local demand plus the children's reorders.
    public let arrivingDemand: [Double]

    /// Builds the derived fields; throws if the nodes are not a tree listed parents first or a
    /// number is out of range.
    public init(nodes: [Node]) throws(StockingError) {
        guard !nodes.isEmpty else { throw .invalidNetwork("the item has no stocking sites") }
        var children = [[Int]](repeating: [], count: nodes.count)
        for (n, node) in nodes.enumerated() {
            if n == 0 {
                guard node.parent == nil else { throw .invalidNetwork("node 0 must be the root") }
            } else {
                guard let p = node.parent, p >= 0, p < n else {
                    throw .invalidNetwork("node \(n) (site \(node.site)) must have a parent listed before it")
                }
                children[p].append(n)
            }
            for (name, x) in [("local demand", node.localDemand), ("repair time", node.repairDays),
                              ("lead time", node.leadDays), ("resupply time", node.resupplyDays)] {
                guard x.isFinite, x >= 0 else { throw .invalidNetwork("node \(n) (site \(node.site)): \(name) is \(x)") }
            }
            if node.minStock < 0 || (node.maxStock.map { $0 < node.minStock } ?? false) {
                throw .invalidNetwork("node \(n) (site \(node.site)): stock bounds [\(node.minStock), \(node.maxStock.map(String.init) ?? "∞")] are empty")
            }
            guard node.repairFraction >= 0, node.repairFraction <= 1 else {
                throw .invalidNetwork("node \(n) (site \(node.site)): repair fraction \(node.repairFraction) is outside [0, 1]")
            }
        }
        var arriving = nodes.map(\.localDemand)
        for n in stride(from: nodes.count - 1, through: 1, by: -1) {
            if let p = nodes[n].parent { arriving[p] += (1 - nodes[n].repairFraction) * arriving[n] }
        }
        self.nodes = nodes
        self.children = children
        self.arrivingDemand = arriving
    }

    /// The levels the optimisers enumerate at node n: from its minimum to the smaller of `top`
    /// (where more stock stops mattering), its maximum and `cap`, but never below the minimum.
    func levels(_ n: Int, top: Int, cap: Int?) -> ClosedRange<Int> {
        let node = nodes[n]
        var hi = top
        if let m = node.maxStock { hi = min(hi, m) }
        if let c = cap { hi = min(hi, c) }
        return node.minStock...max(node.minStock, hi)
    }

    /// Mean number of units in this node's own pipeline (repair here, plus transit from the parent
    /// or external resupply at the root), excluding delay caused by the parent's backorders:
    /// Palm's theorem, λ·E[T] for any time distribution.
    public func ownPipelineMean(_ n: Int) -> Double {
        let node = nodes[n], lambda = arrivingDemand[n], r = node.repairFraction
        let away = node.parent == nil ? node.resupplyDays : node.leadDays
        return lambda * (r * node.repairDays + (1 - r) * away)
    }

    /// The share of the parent's demand that is this node's reorders (the binomial split of the
    /// parent's backorders), 0 at the root.
    public func shareOfParent(_ n: Int) -> Double {
        guard let p = nodes[n].parent, arrivingDemand[p] > 0 else { return 0 }
        return (1 - nodes[n].repairFraction) * arrivingDemand[n] / arrivingDemand[p]
    }
}

/// Errors of the stocking models.
public enum StockingError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidNetwork(String)
    case invalidStock(String)
    case exactNeedsDeterministicLeadTimes(site: Int)

    public var description: String {
        switch self {
        case .invalidNetwork(let m): return "invalid stocking network: \(m)"
        case .invalidStock(let m): return "invalid stock levels: \(m)"
        case .exactNeedsDeterministicLeadTimes(let s):
            return "the exact (Graves) evaluation needs deterministic shipping times; site \(s) has a random one (use METRIC or VARI-METRIC)"
        }
    }
}
