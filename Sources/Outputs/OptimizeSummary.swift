/// `summary.json` of `echelon optimize`: what was asked, the chosen plan's figures, and GLPK's
/// report when GLPK chose it. Written by the command, read by the report. Fields that files of
/// earlier versions may lack are optional; the command always writes them.
public struct OptimizeSummary: Sendable, Codable, Equatable {
    /// A plan's analytic figures (a curve point, or the GLPK plan with `step` −1).
    public struct Point: Sendable, Codable, Equatable {
        /// Marginal steps from the empty plan along the curve (−1 for a GLPK plan).
        public var step: Int?
        /// Investment Σ stock × unit cost.
        public var cost: Double
        public var holdingCostPerYear: Double?
        /// Expected customer backorders.
        public var ebo: Double?
        public var fillRate: Double
        public var availability: Double
        /// Mean customer wait, days.
        public var waitingDays: Double?
        /// Stock units.
        public var units: Int?

        /// Creates a point.
        public init(step: Int?, cost: Double, holdingCostPerYear: Double?, ebo: Double?, fillRate: Double,
                    availability: Double, waitingDays: Double?, units: Int?) {
            self.step = step
            self.cost = cost
            self.holdingCostPerYear = holdingCostPerYear
            self.ebo = ebo
            self.fillRate = fillRate
            self.availability = availability
            self.waitingDays = waitingDays
            self.units = units
        }
    }

    /// GLPK's report for a target-constrained plan.
    public struct Solver: Sendable, Codable, Equatable {
        public var termination: String?
        public var solution: String?
        /// The objective's value per year: the holding cost, unless `objectiveName` names another.
        public var objectiveHoldingCostPerYear: Double?
        /// What the objective counts when it is not the holding cost alone ("holding + transport"
        /// for the SLA target, "total cost" for the total-cost objective).
        public var objectiveName: String?
        public var lowerBound: Double?
        public var relativeGap: Double?
        public var iterations: Int?
        public var columns: Int?
        public var pricingConverged: Bool?
        /// Whether pool members counted lateral shipments.
        public var pooling: Bool?
        /// How `lowerBound` was obtained when not from the converged LP: "lagrangian" (at the final
        /// duals, with a relaxation of the pooled pricing); nil otherwise.
        public var boundMethod: String?
        /// For a Lagrangian bound: the column-generation iteration whose duals gave it.
        public var boundIteration: Int?
        /// The last optimal restricted master LP's value: between it and the plan's objective
        /// lies the integer master's share of the gap, between it and the bound the pricing's.
        public var masterLPObjective: Double?
        /// Why column generation stopped (converged, the iteration limit, a later LP's failure).
        public var columnGenerationStop: String?
        public var seconds: Double?

        /// Creates a solver report.
        public init(termination: String?, solution: String?, objectiveHoldingCostPerYear: Double?, lowerBound: Double?,
                    relativeGap: Double?, iterations: Int?, columns: Int?, pricingConverged: Bool?, pooling: Bool?, seconds: Double?) {
            self.termination = termination
            self.solution = solution
            self.objectiveHoldingCostPerYear = objectiveHoldingCostPerYear
            self.lowerBound = lowerBound
            self.relativeGap = relativeGap
            self.iterations = iterations
            self.columns = columns
            self.pricingConverged = pricingConverged
            self.pooling = pooling
            self.seconds = seconds
        }
    }

    /// Stock units and value at one echelon level (−1: sites without a level).
    public struct Echelon: Sendable, Codable, Equatable {
        public var level: Int
        public var units: Int
        public var value: Double

        /// Creates a level's totals.
        public init(level: Int, units: Int, value: Double) {
            self.level = level
            self.units = units
            self.value = value
        }
    }

    /// The schema version (`OutputJSON.format`); nil in files written before it existed.
    public var format: Int?
    public var scenario: String?
    public var file: String?
    public var method: String?
    public var goal: String?
    /// `optimal_on_curve`, or GLPK's termination code.
    public var status: String?
    public var statusNote: String?
    public var curvePoints: Int?
    /// The curve point chosen (budget, availability, network target); nil when GLPK chose the plan.
    public var chosenPoint: Int?
    public var point: Point
    /// The plan's fill rate counting lateral shipments within pools as served (pooled plans only).
    public var fillRateWithLaterals: Double?
    public var solver: Solver?
    public var currency: String?
    public var seconds: Double?
    public var echelons: [Echelon]?
    /// Per SLA class: the plan's analytic restore-within-window attainment beside its target
    /// (when the scenario has SLA classes); nil in older files.
    public var sla: [SLAClassRow]?
    /// The plan's expected costs per year by part (holding, lateral and emergency transport, SLA
    /// penalties), when the scenario has SLA classes; nil in older files.
    public var costs: Costs?
    /// The simulation's check of the plan (`optimize --certify R`); nil without it.
    public var certification: Certification?

    /// One SLA class of the plan.
    public struct SLAClassRow: Sendable, Codable, Equatable {
        public var slaClass: String
        public var restoreHours: Double
        /// The attainment the plan was asked for (nil: none).
        public var target: Double?
        public var analyticAttainment: Double
        public var partWithinWindow: Double
        public var penaltyCostPerYear: Double

        public init(slaClass: String, restoreHours: Double, target: Double?, analyticAttainment: Double,
                    partWithinWindow: Double, penaltyCostPerYear: Double) {
            self.slaClass = slaClass
            self.restoreHours = restoreHours
            self.target = target
            self.analyticAttainment = analyticAttainment
            self.partWithinWindow = partWithinWindow
            self.penaltyCostPerYear = penaltyCostPerYear
        }
    }

    /// Expected costs per year.
    public struct Costs: Sendable, Codable, Equatable {
        public var holding: Double
        public var transport: Double
        public var penalty: Double
        public var total: Double

        public init(holding: Double, transport: Double, penalty: Double) {
            self.holding = holding
            self.transport = transport
            self.penalty = penalty
            total = holding + transport + penalty
        }
    }

    /// The simulation's certification of a plan: iterations of simulate → tighten → re-optimise,
    /// and per class the target, the analytic and the simulated attainment.
    public struct Certification: Sendable, Codable, Equatable {
        public var replications: Int
        public var years: Double
        public var seed: UInt64
        public var iterations: Int
        public var met: Bool
        public var classes: [ClassCheck]
        /// The scenario's disruptions left out of the certifying simulations (the plan is
        /// certified for the steady state; `simulate` stress-tests it with them); nil for none.
        public var disruptionsLeftOut: Int?
        /// Every simulation of the loop in order: the attainments the plan was optimised for, its
        /// investment, and each class's analytic and simulated attainment. The first is the
        /// uncorrected plan, where the analytic model and the simulation must agree.
        public var rounds: [Round]?

        /// One simulation of the certification loop.
        public struct Round: Sendable, Codable, Equatable {
            public var iteration: Int
            /// The attainment asked of the optimiser per class (the target, raised by earlier
            /// shortfalls).
            public var asked: [String: Double]
            public var investment: Double
            public var classes: [ClassCheck]

            public init(iteration: Int, asked: [String: Double], investment: Double, classes: [ClassCheck]) {
                self.iteration = iteration
                self.asked = asked
                self.investment = investment
                self.classes = classes
            }
        }

        public struct ClassCheck: Sendable, Codable, Equatable {
            public var slaClass: String
            public var target: Double
            public var analyticAttainment: Double
            public var simulatedAttainment: Double
            public var halfWidth: Double
            public var met: Bool

            public init(slaClass: String, target: Double, analyticAttainment: Double, simulatedAttainment: Double,
                        halfWidth: Double, met: Bool) {
                self.slaClass = slaClass
                self.target = target
                self.analyticAttainment = analyticAttainment
                self.simulatedAttainment = simulatedAttainment
                self.halfWidth = halfWidth
                self.met = met
            }
        }

        public init(replications: Int, years: Double, seed: UInt64, iterations: Int, met: Bool, classes: [ClassCheck]) {
            self.replications = replications
            self.years = years
            self.seed = seed
            self.iterations = iterations
            self.met = met
            self.classes = classes
        }
    }

    /// Creates a summary of the current format.
    public init(scenario: String, file: String, method: String, goal: String, status: String, statusNote: String,
                curvePoints: Int, chosenPoint: Int?, point: Point, fillRateWithLaterals: Double?, solver: Solver?,
                currency: String, seconds: Double, echelons: [Echelon]) {
        format = OutputJSON.format
        self.scenario = scenario
        self.file = file
        self.method = method
        self.goal = goal
        self.status = status
        self.statusNote = statusNote
        self.curvePoints = curvePoints
        self.chosenPoint = chosenPoint
        self.point = point
        self.fillRateWithLaterals = fillRateWithLaterals
        self.solver = solver
        self.currency = currency
        self.seconds = seconds
        self.echelons = echelons
    }
}
