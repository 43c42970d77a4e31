/// `kpis.json` of `echelon simulate`: the run's settings and every KPI's mean and 95 % half-width
/// over the replications, beside the analytic fill rate of the same plan. Written by the command,
/// read by the report; fields that earlier files may lack are optional.
public struct SimulationSummary: Sendable, Codable, Equatable {
    /// One KPI: its name (a `KPI`'s file name) and unit, mean and half-width (nil when undefined).
    public struct KPIEntry: Sendable, Codable, Equatable {
        public var name: String
        public var unit: String
        public var mean: Double?
        public var halfWidth: Double?

        /// Creates an entry; non-finite figures are written as absent.
        public init(name: String, unit: String, mean: Double, halfWidth: Double) {
            self.name = name
            self.unit = unit
            self.mean = mean.isFinite ? mean : nil
            self.halfWidth = halfWidth.isFinite ? halfWidth : nil
        }
    }

    /// One lateral pool over all items, weighted by its members' customer demand: the analytic
    /// own and own + lateral fill rates (exact group shortage, approximate split) and the simulated
    /// ones with their 95 % half-widths (nil with fewer than two replications).
    public struct PoolRow: Sendable, Codable, Equatable {
        public var pool: String
        public var members: Int
        /// The pool's share of the network's customer demand.
        public var demandShare: Double
        public var analyticOwn: Double
        public var analyticWithLaterals: Double
        public var simulatedOwn: Double?
        public var simulatedOwnHalfWidth: Double?
        public var simulatedWithLaterals: Double?
        public var simulatedWithLateralsHalfWidth: Double?

        public init(pool: String, members: Int, demandShare: Double, analyticOwn: Double, analyticWithLaterals: Double,
                    simulatedOwn: Double?, simulatedOwnHalfWidth: Double?, simulatedWithLaterals: Double?, simulatedWithLateralsHalfWidth: Double?) {
            self.pool = pool
            self.members = members
            self.demandShare = demandShare
            self.analyticOwn = analyticOwn
            self.analyticWithLaterals = analyticWithLaterals
            self.simulatedOwn = simulatedOwn
            self.simulatedOwnHalfWidth = simulatedOwnHalfWidth
            self.simulatedWithLaterals = simulatedWithLaterals
            self.simulatedWithLateralsHalfWidth = simulatedWithLateralsHalfWidth
        }
    }

    /// The schema version (`OutputJSON.format`); nil in files written before it existed.
    public var format: Int?
    public var scenario: String?
    public var file: String?
    public var plan: String?
    public var years: Double?
    public var warmupDays: Double?
    public var replications: Int?
    public var seed: UInt64?
    public var kpis: [KPIEntry]
    public var analyticFillRate: Double?
    public var analyticFillRateWithLaterals: Double?
    /// Per SLA class (id): the analytic restore-within-window attainment of the same plan
    /// (`StockingModel.slaAttainment`, the same field work as the run); nil in older files.
    public var analyticAttainment: [String: Double]?
    /// Per lateral pool: the analytic and simulated own and own + lateral fill rates; nil in older
    /// files and without pools.
    public var pools: [PoolRow]?
    /// Events executed over all replications, and their simulation wall time.
    public var events: Int?
    public var wallSeconds: Double?
    /// The scenario's disruptions simulated (surges, outages, slowdowns): the analytic figures
    /// describe the steady state without them. nil or 0 without any.
    public var disruptions: Int?

    /// Creates a summary of the current format.
    public init(scenario: String, file: String, plan: String, years: Double, warmupDays: Double, replications: Int, seed: UInt64,
                kpis: [KPIEntry], analyticFillRate: Double?, analyticFillRateWithLaterals: Double?, events: Int, wallSeconds: Double) {
        format = OutputJSON.format
        self.scenario = scenario
        self.file = file
        self.plan = plan
        self.years = years
        self.warmupDays = warmupDays
        self.replications = replications
        self.seed = seed
        self.kpis = kpis
        self.analyticFillRate = analyticFillRate
        self.analyticFillRateWithLaterals = analyticFillRateWithLaterals
        self.events = events
        self.wallSeconds = wallSeconds
    }

    /// The entry of a KPI, by its file name.
    public func kpi(_ name: String) -> KPIEntry? { kpis.first { $0.name == name } }
}

/// One row of `compare.json` (and `compare.csv`): a KPI of one plan or policy variant, and its
/// paired difference from the baseline (the first) on common random numbers. The file is an array
/// of rows, so it carries no `format` field.
public struct CompareRow: Sendable, Codable, Equatable {
    public var kpi: String
    public var unit: String
    public var plan: String
    public var mean: Double?
    public var halfWidth: Double?
    public var differenceFromBaseline: Double?
    public var differenceHalfWidth: Double?
    public var significant: Bool?

    /// Creates a row without a difference (the baseline's, or where none is defined).
    public init(kpi: String, unit: String, plan: String, mean: Double?, halfWidth: Double?) {
        self.kpi = kpi
        self.unit = unit
        self.plan = plan
        self.mean = mean
        self.halfWidth = halfWidth
    }
}
