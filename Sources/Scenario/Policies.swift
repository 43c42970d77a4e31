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

/// Operating rules of the network.
public struct Policies: Sendable, Equatable {
    /// Base-stock levels as a dense matrix `[siteIndex][itemIndex]` (0 where not listed),
    /// or nil when the scenario gives no stock plan.
    public let stockLevels: [[Int]]?
    /// The stock plan as written (sparse, table order); empty when none is given.
    public let stockLevelEntries: [StockLevelEntry]
    /// Where a demand looks for a part, in order. Default: own, lateral, parent, emergency.
    public let sourcing: [SourcingStep]
    /// Replenishment rule. Default: continuous.
    public let replenishment: ReplenishmentPolicy
    /// Engineer dispatch rule. Default: nearest_available.
    public let dispatch: DispatchRule

    /// The defaults used when `policies` is omitted.
    public static let defaultSourcing: [SourcingStep] = [.own, .lateral, .parent, .emergency]

    /// Creates policies.
    public init(stockLevels: [[Int]]?, stockLevelEntries: [StockLevelEntry], sourcing: [SourcingStep],
                replenishment: ReplenishmentPolicy, dispatch: DispatchRule) {
        self.stockLevels = stockLevels
        self.stockLevelEntries = stockLevelEntries
        self.sourcing = sourcing
        self.replenishment = replenishment
        self.dispatch = dispatch
    }
}
