/// The field work between a part on site and a restored machine, as `simulate` models it: the
/// engineer (the site's own, else the nearest base's) drives, works on site, and the order is
/// restored. The defaults are `simulate`'s (`SimulationOptions`), so that the analytic window
/// measures and the simulation describe the same service.
public struct FieldWork: Sendable, Equatable {
    /// Work on site, hours.
    public var onSiteHours: DistributionSpec
    /// Travel within the service point's area on top of the drive between sites, hours.
    public var localTravelHours: Double
    /// Share of tickets fixed remotely (restored at once, no part, no visit).
    public var remoteFixFraction: Double
    /// Share of the other tickets that need no part (a visit only).
    public var noPartFraction: Double

    public init(onSiteHours: DistributionSpec = .gamma(mean: 1.5, cv: 0.5), localTravelHours: Double = 0.5,
                remoteFixFraction: Double = 0, noPartFraction: Double = 0) {
        self.onSiteHours = onSiteHours
        self.localTravelHours = localTravelHours
        self.remoteFixFraction = remoteFixFraction
        self.noPartFraction = noPartFraction
    }
}
