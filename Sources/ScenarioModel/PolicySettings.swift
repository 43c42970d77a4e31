/// One step of the sourcing order for a demand at a service point.
public enum SourcingStep: String, Sendable, Equatable, Codable, CaseIterable {
    /// Stock at the service point itself.
    case own
    /// Stock at another site of the same pool (lateral transshipment).
    case lateral
    /// Stock up the echelon tree (parent, grandparent, …).
    case parent
    /// Express shipment from a central warehouse.
    case emergency
}

/// When stock is replenished.
public enum ReplenishmentPolicy: Sendable, Equatable, Codable {
    /// One-for-one: every unit used is reordered at once.
    case continuous
    /// Reviewed every `periodDays` days, ordered up to the stock level.
    case periodic(periodDays: Double)
}

/// Which engineer is sent to a failure.
public enum DispatchRule: String, Sendable, Equatable, Codable, CaseIterable {
    /// The nearest engineer who is free.
    case nearestAvailable = "nearest_available"
    /// An engineer of the service point that serves the customer.
    case homeServicePoint = "home_service_point"
}

/// One base-stock level as written in the scenario.
public struct StockLevelEntry: Sendable, Equatable, Codable {
    /// Site id.
    public let site: String
    /// Site index in `Scenario.sites`.
    public let siteIndex: Int
    /// Item id.
    public let item: String
    /// Item index in `Scenario.items`.
    public let itemIndex: Int
    /// Base-stock level (units, ≥ 0).
    public let level: Int

    /// Creates an entry.
    public init(site: String, siteIndex: Int, item: String, itemIndex: Int, level: Int) {
        self.site = site
        self.siteIndex = siteIndex
        self.item = item
        self.itemIndex = itemIndex
        self.level = level
    }
}

/// A lower and/or upper limit on a stock level (shelf space, minimum stock, "no stock here").
public struct StockBound: Sendable, Equatable, Codable {
    /// Site index in `Scenario.sites`.
    public let siteIndex: Int
    /// Item index, or nil for every item at the site.
    public let itemIndex: Int?
    /// Smallest allowed level (≥ 0).
    public let min: Int
    /// Largest allowed level, nil for none (0 = no stock of it here).
    public let max: Int?

    /// Creates a bound.
    public init(siteIndex: Int, itemIndex: Int?, min: Int, max: Int?) {
        self.siteIndex = siteIndex
        self.itemIndex = itemIndex
        self.min = min
        self.max = max
    }
}

/// Operating rules of the network.
public struct PolicySettings: Sendable, Equatable {
    /// Base-stock levels (0 where not listed), or nil when the scenario gives no stock plan.
    public let stockLevels: StockPlan?
    /// The stock plan as written (sparse, table order); empty when none is given.
    public let stockLevelEntries: [StockLevelEntry]
    /// Where a demand looks for a part, in order. Default: own, lateral, parent, emergency.
    public let sourcing: [SourcingStep]
    /// Replenishment rule. Default: continuous.
    public let replenishment: ReplenishmentPolicy
    /// Engineer dispatch rule. Default: nearest_available.
    public let dispatch: DispatchRule
    /// Stock bounds as written; an item-specific bound replaces a site-wide one.
    public let stockBounds: [StockBound]
    private let boundLookup: [Int: Int]      // site × items + item (or −1 − site) → index into stockBounds
    private let itemCount: Int

    /// The (min, max) allowed for `item` at `site`: the item's own bound, else the site's, else (0, nil).
    public func bounds(site: Int, item: Int) -> (min: Int, max: Int?) {
        if let k = boundLookup[site * itemCount + item] ?? boundLookup[-1 - site] {
            return (stockBounds[k].min, stockBounds[k].max)
        }
        return (0, nil)
    }

    /// The defaults used when `policies` is omitted.
    public static let defaultSourcing: [SourcingStep] = [.own, .lateral, .parent, .emergency]

    /// Creates policies.
    public init(stockLevels: StockPlan?, stockLevelEntries: [StockLevelEntry], sourcing: [SourcingStep],
                replenishment: ReplenishmentPolicy, dispatch: DispatchRule, stockBounds: [StockBound] = [],
                itemCount: Int = 0) {
        self.stockBounds = stockBounds
        self.itemCount = itemCount
        var lookup: [Int: Int] = [:]
        for (k, b) in stockBounds.enumerated() {
            lookup[b.itemIndex.map { b.siteIndex * itemCount + $0 } ?? (-1 - b.siteIndex)] = k
        }
        self.boundLookup = lookup
        self.stockLevels = stockLevels
        self.stockLevelEntries = stockLevelEntries
        self.sourcing = sourcing
        self.replenishment = replenishment
        self.dispatch = dispatch
    }
}
