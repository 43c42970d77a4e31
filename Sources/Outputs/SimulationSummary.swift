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
    /// Events executed over all replications, and their simulation wall time.
    public var events: Int?
    public var wallSeconds: Double?

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
