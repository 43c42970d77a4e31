public import ScenarioModel

/// How a simulation is run. Durations in days unless named in hours.
public struct SimulationOptions: Sendable, Equatable {
    /// Measured horizon after the warm-up, days.
    public var horizonDays: Double
    /// Warm-up before measurement starts, days (statistics are reset at its end).
    public var warmupDays: Double
    /// Independent replications (each with its own random streams).
    public var replications: Int
    /// Seed of every random stream; the same seed gives the same results.
    public var seed: UInt64
    /// Threads for replications (nil: every core); results do not depend on it.
    public var threads: Int?
    /// Share of tickets fixed remotely (no part, no visit), drawn per ticket.
    public var remoteFixFraction: Double
    /// Share of the remaining tickets that need no part (a visit only).
    public var noPartFraction: Double
    /// Work on site, hours.
    public var onSiteHours: DistributionSpec
    /// Travel within a service point's area on top of the drive between sites, hours.
    public var localTravelHours: Double
    /// Sites whose stock is unlimited (they issue at once and never reorder).
    public var unlimitedSites: Set<Int>
    /// Replaces the scenario's sourcing ladder (`policies.sourcing`) when set.
    public var sourcing: [SourcingStep]?
    /// Keep every order's timestamps for `orders.csv` (memory grows with the horizon).
    public var keepOrders: Bool
    /// Keep the desk's whole event log in memory (tests; memory grows with the horizon).
    public var keepLog: Bool
    /// Weibull ageing: each installed item unit fails as a renewal process with Weibull lifetimes
    /// of this shape (> 1 ages, 1 is Poisson) and the item's mean life 1/failure_rate, all units
    /// new at day 0; nil for Poisson failures per site and item. Demand overrides stay Poisson.
    public var weibullShape: Double?
    /// A new SQLite desk database to record the first replication in (the full system of record:
    /// event log, ledger, orders, shipments, visits); nil keeps the desk in memory only. IDs are
    /// then never reused, and the KPIs are the same as without it.
    public var database: String?
    /// Run the full service workflow (assets from the installed base, intake with entitlement and
    /// a fault code, triage and approvals, SLA stop-watches on the classes' calendars, parts lines
    /// and returns with serials, callbacks, surveys, settlement and statements) instead of the
    /// core desk alone. SLA attainment then follows the stop-watches (business hours).
    public var workflow: Bool
    /// Hours an approval takes (workflow: handling above the approval threshold).
    public var approvalHours: Double
    /// Share of visits that end with the fault not cleared (another visit follows); 0 keeps
    /// every fix first-time.
    public var revisitFraction: Double
    /// Whether the scenario's disruptions (surges, outages, slowdowns) happen; off, the run is the
    /// steady state that the analytic model describes.
    public var disruptions: Bool = true

    /// Options with defaults for every field.
    public init(horizonDays: Double = 365, warmupDays: Double = 90, replications: Int = 5, seed: UInt64 = 1,
                threads: Int? = nil, remoteFixFraction: Double = 0, noPartFraction: Double = 0,
                onSiteHours: DistributionSpec = .gamma(mean: 1.5, cv: 0.5), localTravelHours: Double = 0.5,
                unlimitedSites: Set<Int> = [], sourcing: [SourcingStep]? = nil, keepOrders: Bool = false,
                keepLog: Bool = false, weibullShape: Double? = nil, database: String? = nil, workflow: Bool = false,
                approvalHours: Double = 4, revisitFraction: Double = 0) {
        self.revisitFraction = revisitFraction
        self.weibullShape = weibullShape
        self.database = database
        self.workflow = workflow
        self.approvalHours = approvalHours
        self.horizonDays = horizonDays
        self.warmupDays = warmupDays
        self.replications = replications
        self.seed = seed
        self.threads = threads
        self.remoteFixFraction = remoteFixFraction
        self.noPartFraction = noPartFraction
        self.onSiteHours = onSiteHours
        self.localTravelHours = localTravelHours
        self.unlimitedSites = unlimitedSites
        self.sourcing = sourcing
        self.keepOrders = keepOrders
        self.keepLog = keepLog
    }
}

/// Why a simulation cannot run.
public enum SimulationFailure: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidOptions(String)
    case invalidScenario(String)
    /// The plan and the scenario together cannot make progress (a ticket that could never be
    /// restored); the message says why and what would.
    case cannotProgress(String)
    case desk(String)
    case engine(String)
    /// The SQLite record could not be created or written (nothing after the first failed command
    /// was recorded; everything before it was).
    case store(String)

    public var description: String {
        switch self {
        case .invalidOptions(let m): "invalid simulation options: \(m)"
        case .invalidScenario(let m): "the scenario cannot be simulated: \(m)"
        case .cannotProgress(let m): "the plan cannot be simulated: \(m)"
        case .desk(let m): "service desk: \(m)"
        case .engine(let m): "simulation engine: \(m)"
        case .store(let m): "desk database: \(m)"
        }
    }
}

extension SimulationOptions {
    /// The field work these options simulate, for the analytic window measures of the same run.
    public var fieldWork: FieldWork {
        FieldWork(onSiteHours: onSiteHours, localTravelHours: localTravelHours,
                       remoteFixFraction: remoteFixFraction, noPartFraction: noPartFraction)
    }
}
