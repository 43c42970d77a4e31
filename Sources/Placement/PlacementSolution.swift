public import MILP

/// Options for ``PlacementProblem/solve(options:progress:)``.
public struct PlacementOptions: Sendable {
    /// Wall-clock limit in seconds for the whole solve (heuristic, bounds, LPs and the MIP); nil for none.
    public var timeLimit: Double?
    /// Stop GLPK's branch-and-cut at this relative gap (0 = prove optimality).
    public var relativeGap: Double
    /// Uncapacitated path: pairs per demand point in the first restricted LP (its cheapest ones,
    /// plus those priced in by the dual ascent and the heuristic's).
    public var nearest: Int
    /// Reduce pairs and fix depots by bounds before GLPK sees the model (exact: only pairs and
    /// depots that cannot be in a solution better than the incumbent are removed).
    public var reduce: Bool
    /// Use the uncapacitated fast path when the problem allows it.
    public var fastPath: Bool
    /// Subgradient iterations for the Lagrangian bound.
    public var subgradientIterations: Int

    public init(timeLimit: Double? = 60, relativeGap: Double = 0, nearest: Int = 12, reduce: Bool = true,
                fastPath: Bool = true, subgradientIterations: Int = 300) {
        self.timeLimit = timeLimit
        self.relativeGap = relativeGap
        self.nearest = nearest
        self.reduce = reduce
        self.fastPath = fastPath
        self.subgradientIterations = subgradientIterations
    }
}

/// What a solve did, for the summary and the benchmarks.
public struct PlacementStatistics: Sendable, Equatable, Codable {
    /// `ufl-pricing` (dual ascent, Lagrangian, restricted LP with pricing, MIP) or `strong-milp`.
    public var method = ""
    /// Allowed pairs (after the hard response limit and must-close depots).
    public var pairs = 0
    /// Pairs left after the bound-based reduction (those that can be in a better solution).
    public var pairsAfterReduction = 0
    /// Pairs in the last model GLPK solved (restricted LP or MIP).
    public var pairsInModel = 0
    /// Depots fixed open / closed by the bounds (must-open/close flags not counted).
    public var depotsFixedOpen = 0
    public var depotsFixedClosed = 0
    /// Restricted-LP rounds and the columns pricing added.
    public var pricingRounds = 0
    public var columnsPriced = 0
    /// Size of the last model GLPK solved.
    public var modelVariables = 0
    public var modelRows = 0
    /// The bounds along the way (nil when not computed).
    public var dualAscentBound: Double?
    public var lagrangianBound: Double?
    public var lpBound: Double?
    /// True when GLPK's branch-and-cut ran (false when the LP already proved the incumbent).
    public var branchAndCut = false
    /// Whether GLPK accepted the heuristic solution as its first incumbent (nil: not offered).
    public var startAccepted: Bool?
    /// Seconds per phase.
    public var heuristicSeconds = 0.0
    public var boundSeconds = 0.0
    public var lpSeconds = 0.0
    public var mipSeconds = 0.0

    public init() {}
}

/// The answer to a placement problem: why the solve stopped, what it holds, the numbers.
public struct PlacementSolution: Sendable {
    /// Why the solve stopped (optimal, time limit, gap reached, infeasible, …).
    public var termination: Termination
    /// What solution is held (none, feasible, optimal).
    public var status: SolutionStatus
    /// Objective of the held solution (recomputed from the assignment), nil without one.
    public var objective: Double?
    /// The objective's parts.
    public var costs: CostBreakdown?
    /// A proved lower bound on the optimum, nil if none.
    public var bound: Double?
    /// (objective − bound) / objective, nil without both.
    public var relativeGap: Double?
    /// `open[i]` for each depot (empty without a solution).
    public var open: [Bool]
    /// The depot serving each demand point (empty without a solution).
    public var assignment: [Int]
    /// Objective of the construction heuristic's solution, nil if it found none.
    public var heuristicObjective: Double?
    /// Wall-clock seconds of the whole solve.
    public var seconds: Double
    public var statistics: PlacementStatistics

    /// True when values can be read.
    public var hasSolution: Bool { status != .none }

    /// Indices of the open depots.
    public var openDepots: [Int] { open.indices.filter { open[$0] } }

    static func empty(_ termination: Termination, seconds: Double, stats: PlacementStatistics) -> PlacementSolution {
        PlacementSolution(termination: termination, status: .none, objective: nil, costs: nil, bound: nil,
                          relativeGap: nil, open: [], assignment: [], heuristicObjective: nil, seconds: seconds,
                          statistics: stats)
    }
}

func relativeGap(_ objective: Double?, _ bound: Double?) -> Double? {
    guard let z = objective, let b = bound else { return nil }
    return max(0, z - b) / max(abs(z), 1e-12)
}
