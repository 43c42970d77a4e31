/// What a lane is used for.
public enum LaneMode: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    /// Parent → child restocking along the echelon tree.
    case replenishment
    /// Between sites of the same pool.
    case lateral
    /// Express shipment from a central warehouse straight to a service point.
    case emergency
    /// Defective repairable parts from a service point to the repair site.
    case `return`
}

/// A transport link between two sites for one mode.
public struct Lane: Sendable, Equatable, Codable {
    /// Origin site id.
    public let from: String
    /// Destination site id.
    public let to: String
    /// Origin index in `Scenario.sites`.
    public let fromIndex: Int
    /// Destination index in `Scenario.sites`.
    public let toIndex: Int
    /// What the lane is used for.
    public let mode: LaneMode
    /// Door-to-door lead time, in days.
    public let leadTime: DistributionSpec
    /// Transport cost per unit shipped, in the scenario currency.
    public let costPerUnit: Double
    /// Road distance in km: as given, or for default lanes great-circle × circuity when both sites have coordinates.
    public let distanceKm: Double?
    /// True when the lane was synthesised from `lane_defaults`.
    public let isDefault: Bool

    /// Creates a lane.
    public init(from: String, to: String, fromIndex: Int, toIndex: Int, mode: LaneMode,
                leadTime: DistributionSpec, costPerUnit: Double, distanceKm: Double?, isDefault: Bool) {
        self.from = from
        self.to = to
        self.fromIndex = fromIndex
        self.toIndex = toIndex
        self.mode = mode
        self.leadTime = leadTime
        self.costPerUnit = costPerUnit
        self.distanceKm = distanceKm
        self.isDefault = isDefault
    }
}

/// Lead time and cost for any lane of one mode that is not listed explicitly.
public struct LaneDefault: Sendable, Equatable, Codable {
    /// Lead time, in days.
    public let leadTime: DistributionSpec
    /// Transport cost per unit, in the scenario currency.
    public let costPerUnit: Double

    /// Creates a default.
    public init(leadTime: DistributionSpec, costPerUnit: Double) {
        self.leadTime = leadTime
        self.costPerUnit = costPerUnit
    }
}

/// Key of the explicit-lane lookup.
struct LaneKey: Hashable, Sendable {
    let from: Int
    let to: Int
    let mode: LaneMode
}
