public import Placement

/// `summary.json` of `echelon place`: the solve's status and bound, the cost split, coverage,
/// the constraints and the open depots. Written by the command, read by the report; fields that
/// earlier files may lack are optional.
public struct PlaceSummary: Sendable, Codable, Equatable {
    /// The objective's parts per year.
    public struct Parts: Sendable, Codable, Equatable {
        public var fixed: Double
        public var transport: Double
        public var stock: Double
        public var closing: Double?

        /// Creates the parts.
        public init(fixed: Double, transport: Double, stock: Double, closing: Double?) {
            self.fixed = fixed
            self.transport = transport
            self.stock = stock
            self.closing = closing
        }
    }

    /// Demand within the coverage radius.
    public struct Coverage: Sendable, Codable, Equatable {
        public var targetFraction: Double?
        public var hours: Double
        public var achieved: Double?
        public var demandWithin: Double?
        public var totalDemand: Double?

        /// Creates the coverage figures.
        public init(targetFraction: Double?, hours: Double, achieved: Double?, demandWithin: Double?, totalDemand: Double?) {
            self.targetFraction = targetFraction
            self.hours = hours
            self.achieved = achieved
            self.demandWithin = demandWithin
            self.totalDemand = totalDemand
        }
    }

    /// The constraints the solve had.
    public struct Constraints: Sendable, Codable, Equatable, CustomStringConvertible {
        public var maxDepots: Int?
        public var depots: Int?
        public var coverage: String?
        public var maxResponseHours: Double?
        public var fillRate: Double?

        /// Creates the constraints.
        public init(maxDepots: Int?, depots: Int?, coverage: String?, maxResponseHours: Double?, fillRate: Double?) {
            self.maxDepots = maxDepots
            self.depots = depots
            self.coverage = coverage
            self.maxResponseHours = maxResponseHours
            self.fillRate = fillRate
        }

        /// `at most 3 depots, coverage 0.95@4h, capacities`.
        public var description: String {
            var parts: [String] = []
            if let k = maxDepots { parts.append("at most \(k) depots") }
            if let k = depots { parts.append("exactly \(k) depots") }
            if let c = coverage { parts.append("coverage \(c)") }
            if let h = maxResponseHours { parts.append("response ≤ \(h) h") }
            parts.append("capacities")
            return parts.joined(separator: ", ")
        }
    }

    /// The schema version (`OutputJSON.format`); nil in files written before it existed.
    public var format: Int?
    public var scenario: String?
    public var file: String?
    public var currency: String?
    /// Why the solve stopped: optimal, time_limit, gap_reached, infeasible, …
    public var status: String
    /// What is held: none, feasible, optimal.
    public var solution: String?
    public var objective: Double?
    public var objectiveParts: Parts?
    /// The objective with each open depot's stock cost re-evaluated exactly.
    public var objectiveExact: Double?
    public var stockCostExact: Double?
    public var bound: Double?
    public var gap: Double?
    public var heuristicObjective: Double?
    public var seconds: Double?
    public var solveSeconds: Double?
    public var coverage: Coverage
    public var constraints: Constraints?
    public var openDepots: [String]
    public var candidates: Int?
    public var demandPoints: Int?
    public var stockApproximation: String?
    public var statistics: PlacementStatistics?

    /// Creates a summary of the current format.
    public init(scenario: String, file: String, currency: String, status: String, solution: String, objective: Double?,
                objectiveParts: Parts?, objectiveExact: Double?, stockCostExact: Double?, bound: Double?, gap: Double?,
                heuristicObjective: Double?, seconds: Double, solveSeconds: Double, coverage: Coverage, constraints: Constraints,
                openDepots: [String], candidates: Int, demandPoints: Int, stockApproximation: String, statistics: PlacementStatistics) {
        format = OutputJSON.format
        self.scenario = scenario
        self.file = file
        self.currency = currency
        self.status = status
        self.solution = solution
        self.objective = objective
        self.objectiveParts = objectiveParts
        self.objectiveExact = objectiveExact
        self.stockCostExact = stockCostExact
        self.bound = bound
        self.gap = gap
        self.heuristicObjective = heuristicObjective
        self.seconds = seconds
        self.solveSeconds = solveSeconds
        self.coverage = coverage
        self.constraints = constraints
        self.openDepots = openDepots
        self.candidates = candidates
        self.demandPoints = demandPoints
        self.stockApproximation = stockApproximation
        self.statistics = statistics
    }
}
