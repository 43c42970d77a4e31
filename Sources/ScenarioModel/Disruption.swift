/// What a disruption does.
public enum DisruptionKind: Sendable, Equatable, Codable {
    /// Failure rates of one product's items (or of one item) are multiplied by `multiplier` (> 0).
    case failureSurge(target: SurgeTarget, multiplier: Double)
    /// The site neither ships nor receives nor dispatches.
    case siteOutage(site: String)
    /// Lead times on the lane(s) `from` → `to` (of `mode`, or of every mode when nil) are multiplied by `factor` (≥ 1).
    case laneSlowdown(from: String, to: String, mode: LaneMode?, factor: Double)
}

/// What a failure surge applies to.
public enum SurgeTarget: Sendable, Equatable, Codable {
    /// Every item used in the product.
    case product(String)
    /// One item.
    case item(String)
}

/// A time-boxed event of the simulation.
public struct Disruption: Sendable, Equatable, Codable {
    /// What happens.
    public let kind: DisruptionKind
    /// Simulation day it starts (≥ 0), inclusive.
    public let startDay: Double
    /// Simulation day it ends (> `startDay`, ≤ horizon), exclusive.
    public let endDay: Double

    /// Creates a disruption.
    public init(kind: DisruptionKind, startDay: Double, endDay: Double) {
        self.kind = kind
        self.startDay = startDay
        self.endDay = endDay
    }
}
