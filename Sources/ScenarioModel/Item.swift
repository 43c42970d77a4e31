/// A product installed at customers (e.g. a printer model); items are its spare parts.
public struct Product: Sendable, Equatable, Codable {
    /// Position in `Scenario.products`.
    public let index: Int
    /// Unique product id.
    public let id: String
    /// Display name (defaults to the id).
    public let name: String

    /// Creates a product.
    public init(index: Int, id: String, name: String) {
        self.index = index
        self.id = id
        self.name = name
    }
}

/// How many units of an item one unit of a product contains.
public struct ItemUse: Sendable, Equatable, Codable {
    /// Product id.
    public let product: String
    /// Product index in `Scenario.products`.
    public let productIndex: Int
    /// Item units per product unit (≥ 1).
    public let quantity: Int

    /// Creates a use.
    public init(product: String, productIndex: Int, quantity: Int) {
        self.product = product
        self.productIndex = productIndex
        self.quantity = quantity
    }
}

/// When a repairable's defective unit enters its repair loop.
public enum RepairPractice: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    /// A spare is always sent first and the defective comes back after the swap, however long the
    /// ticket waits for the spare (a plan with no unit of the item anywhere cannot be simulated).
    case advanceExchange = "advance_exchange"
    /// The default. When no spare can be sourced for a ticket (it would wait for the parent or a
    /// backorder), the defective is sent in for repair at once, and the repaired unit comes back
    /// through the loop that feeds the site; with a spare on hand or on its way (own, lateral,
    /// emergency) it is swapped as in advance exchange. A waiting ticket's defective thus enters
    /// repair at failure, as METRIC assumes, and no plan stalls the loop.
    case repairAndReturn = "repair_and_return"
}

/// A spare part (stock-keeping unit).
public struct Item: Sendable, Equatable, Codable {
    /// Position in `Scenario.items`.
    public let index: Int
    /// Unique item id.
    public let id: String
    /// Display name (defaults to the id).
    public let name: String
    /// Purchase price per unit, in the scenario currency (> 0).
    public let unitCost: Double
    /// Holding cost as a fraction of unit cost per year.
    public let holdingRate: Double
    /// True if defective units are repaired rather than scrapped.
    public let repairable: Bool
    /// Repair site id (repairables only).
    public let repairSite: String?
    /// Repair site index in `Scenario.sites`.
    public let repairSiteIndex: Int?
    /// Repair turnaround, in days (repairables only).
    public let repairTime: DistributionSpec?
    /// Fraction of returned units that cannot be repaired, 0…1 (repairables only; 0 for consumables).
    public let condemnation: Double
    /// When the defective unit enters its repair loop (repairables only).
    public let repairPractice: RepairPractice
    /// Repair and return: hours a ticket without a spare waits for one before its defective is
    /// sent in for repair (0: at once).
    public let exchangeWaitHours: Double
    /// Supplier site id, if named.
    public let supplier: String?
    /// Supplier site index in `Scenario.sites`.
    public let supplierIndex: Int?
    /// Lead time for new units from the supplier, in days.
    public let supplierLeadTime: DistributionSpec?
    /// Failures per installed item unit per year.
    public let failureRate: Double
    /// Products this item is built into, in the order written.
    public let usedIn: [ItemUse]

    /// Holding cost per unit per year, in the scenario currency.
    public var holdingCostPerYear: Double { unitCost * holdingRate }

    /// Creates an item.
    public init(index: Int, id: String, name: String, unitCost: Double, holdingRate: Double, repairable: Bool,
                repairSite: String?, repairSiteIndex: Int?, repairTime: DistributionSpec?, condemnation: Double,
                repairPractice: RepairPractice = .repairAndReturn, exchangeWaitHours: Double = 0, supplier: String?, supplierIndex: Int?, supplierLeadTime: DistributionSpec?, failureRate: Double,
                usedIn: [ItemUse]) {
        self.index = index
        self.id = id
        self.name = name
        self.unitCost = unitCost
        self.holdingRate = holdingRate
        self.repairable = repairable
        self.repairSite = repairSite
        self.repairSiteIndex = repairSiteIndex
        self.repairTime = repairTime
        self.condemnation = condemnation
        self.repairPractice = repairPractice
        self.exchangeWaitHours = exchangeWaitHours
        self.supplier = supplier
        self.supplierIndex = supplierIndex
        self.supplierLeadTime = supplierLeadTime
        self.failureRate = failureRate
        self.usedIn = usedIn
    }
}
