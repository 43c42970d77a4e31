/// How an SLA stop-watch counts time.
public enum SLAClock: String, Sendable, Equatable, Codable, CaseIterable {
    /// Only hours open in the calendar count.
    case business
    /// Every hour counts (24/7).
    case continuous
}

/// A service-level agreement class: the promised response and restore times.
public struct SLAClass: Sendable, Equatable, Codable {
    /// Unique SLA class id.
    public let id: String
    /// Display name.
    public let name: String
    /// Promised time from ticket to engineer on site, in hours (> 0).
    public let responseHours: Double
    /// Promised time from ticket to restored operation, in hours (≥ `responseHours`).
    public let restoreHours: Double
    /// How the clock counts.
    public let clock: SLAClock
    /// Calendar for a business clock; nil means the serving site's calendar.
    public let calendar: String?
    /// Penalty per order restored later than `restoreHours`, in the scenario currency (≥ 0).
    public let penaltyPerBreach: Double

    /// Creates an SLA class.
    public init(id: String, name: String, responseHours: Double, restoreHours: Double, clock: SLAClock, calendar: String?,
                penaltyPerBreach: Double = 0) {
        self.penaltyPerBreach = penaltyPerBreach
        self.id = id
        self.name = name
        self.responseHours = responseHours
        self.restoreHours = restoreHours
        self.clock = clock
        self.calendar = calendar
    }
}
