/// Installed product units served by one service point.
public struct InstalledBaseEntry: Sendable, Equatable, Codable {
    /// Service point id.
    public let site: String
    /// Service point index in `Scenario.sites`.
    public let siteIndex: Int
    /// Product id.
    public let product: String
    /// Product index in `Scenario.products`.
    public let productIndex: Int
    /// Installed product units (≥ 0).
    public let units: Int
    /// SLA class id: as written, else the scenario's `default_sla_class`, else nil.
    public let slaClass: String?

    /// Creates an entry.
    public init(site: String, siteIndex: Int, product: String, productIndex: Int, units: Int, slaClass: String?) {
        self.site = site
        self.siteIndex = siteIndex
        self.product = product
        self.productIndex = productIndex
        self.units = units
        self.slaClass = slaClass
    }
}

/// A measured demand rate that replaces the computed one for one (service point, item).
public struct DemandOverride: Sendable, Equatable, Codable {
    /// Service point id.
    public let site: String
    /// Service point index in `Scenario.sites`.
    public let siteIndex: Int
    /// Item id.
    public let item: String
    /// Item index in `Scenario.items`.
    public let itemIndex: Int
    /// Failures per year.
    public let rate: Double

    /// Creates an override.
    public init(site: String, siteIndex: Int, item: String, itemIndex: Int, rate: Double) {
        self.site = site
        self.siteIndex = siteIndex
        self.item = item
        self.itemIndex = itemIndex
        self.rate = rate
    }
}
