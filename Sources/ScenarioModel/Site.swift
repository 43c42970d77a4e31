/// The role of a site in the service network.
public enum SiteKind: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    /// A root of the echelon tree (echelon 0); holds stock, feeds regional depots or service points.
    case centralWarehouse = "central_warehouse"
    /// A depot inside the tree; its parent is a central warehouse or another regional depot.
    case regionalDepot = "regional_depot"
    /// Where failures are reported and engineers are based; a leaf of the tree.
    case servicePoint = "service_point"
    /// Repairs defective repairable parts; may hang in the tree, optionally.
    case repairShop = "repair_shop"
    /// An external supplier of new parts; outside the tree.
    case supplier

    /// Kinds that may be a parent in the echelon tree.
    public var canBeParent: Bool { self == .centralWarehouse || self == .regionalDepot }
    /// Kinds that may hold stock (stock levels, pools).
    public var holdsStock: Bool { self == .centralWarehouse || self == .regionalDepot || self == .servicePoint }
}

/// A point on the earth, in decimal degrees (WGS 84).
public struct Coordinate: Sendable, Equatable, Hashable, Codable {
    /// Latitude in degrees, −90…90 (north positive).
    public let latitude: Double
    /// Longitude in degrees, −180…180 (east positive).
    public let longitude: Double

    /// Creates a coordinate.
    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }
}

/// A location of the network: warehouse, depot, service point, repair shop or supplier.
public struct Site: Sendable, Equatable, Codable {
    /// Position in `Scenario.sites` (the order of the table).
    public let index: Int
    /// Unique site id.
    public let id: String
    /// Display name (defaults to the id).
    public let name: String
    /// Role in the network.
    public let kind: SiteKind
    /// Parent id in the echelon tree, if any.
    public let parentID: String?
    /// Parent index in `Scenario.sites`, if any.
    public let parentIndex: Int?
    /// Indices of the sites whose parent this is, in table order.
    public internal(set) var childIndices: [Int]
    /// Depth in the echelon tree (0 = central warehouse); nil for sites outside the tree
    /// (suppliers, repair shops without a parent).
    public internal(set) var echelon: Int?
    /// Location; required for all kinds except supplier.
    public let coordinate: Coordinate?
    /// Pooling-group id for lateral shipments, if any.
    public let pool: String?
    /// Demand units per year the site can serve (placement), if limited.
    public let capacity: Double?
    /// Fixed cost per year of operating the site (placement), in the scenario currency.
    public let fixedCost: Double?
    /// True for a candidate depot that placement may open or not.
    public let candidate: Bool
    /// Placement must open this candidate.
    public let mustOpen: Bool
    /// Placement must close (not open) this candidate.
    public let mustClose: Bool
    /// An existing depot: placement may close it, at `closingCost`.
    public let existing: Bool
    /// One-off cost of closing an existing depot, in the scenario currency (nil: 0).
    public let closingCost: Double?
    /// Field engineers based here.
    public let engineers: Int
    /// Working-hours calendar id, if any.
    public let calendar: String?
    /// IANA time zone, if given.
    public let timeZone: String?

    /// Creates a site.
    public init(index: Int, id: String, name: String, kind: SiteKind, parentID: String?, parentIndex: Int?,
                childIndices: [Int], echelon: Int?, coordinate: Coordinate?, pool: String?, capacity: Double?,
                fixedCost: Double?, candidate: Bool, engineers: Int, calendar: String?, timeZone: String?,
                mustOpen: Bool = false, mustClose: Bool = false, existing: Bool = false, closingCost: Double? = nil) {
        self.index = index
        self.id = id
        self.name = name
        self.kind = kind
        self.parentID = parentID
        self.parentIndex = parentIndex
        self.childIndices = childIndices
        self.echelon = echelon
        self.coordinate = coordinate
        self.pool = pool
        self.capacity = capacity
        self.fixedCost = fixedCost
        self.candidate = candidate
        self.mustOpen = mustOpen
        self.mustClose = mustClose
        self.existing = existing
        self.closingCost = closingCost
        self.engineers = engineers
        self.calendar = calendar
        self.timeZone = timeZone
    }
}
