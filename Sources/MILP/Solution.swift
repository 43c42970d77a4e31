/// Why the solver stopped.
public enum Termination: Sendable, Equatable, CustomStringConvertible {
    /// Proved optimal (MIP: within GLPK's integrality tolerance and a zero gap).
    case optimal
    /// The time limit ran out; see ``Solution/status`` for whether a solution is held.
    case timeLimit
    /// The relative gap tolerance was reached with an incumbent.
    case gapReached
    /// No feasible solution exists.
    case infeasible
    /// The objective can improve without limit (MIP: a feasible point exists and the relaxation is unbounded).
    case unbounded
    /// The solver failed numerically or otherwise; the message says how.
    case error(String)

    public var description: String {
        switch self {
        case .optimal: return "optimal"
        case .timeLimit: return "time limit"
        case .gapReached: return "gap reached"
        case .infeasible: return "infeasible"
        case .unbounded: return "unbounded"
        case .error(let m): return "error: \(m)"
        }
    }

    /// A short machine code: optimal, time_limit, gap_reached, infeasible, unbounded, error.
    public var code: String {
        switch self {
        case .optimal: return "optimal"
        case .timeLimit: return "time_limit"
        case .gapReached: return "gap_reached"
        case .infeasible: return "infeasible"
        case .unbounded: return "unbounded"
        case .error: return "error"
        }
    }
}

/// What solution the result holds.
public enum SolutionStatus: String, Sendable, Equatable, Codable {
    /// No solution: values are empty.
    case none
    /// A feasible solution that is not proved optimal.
    case feasible
    /// A proved optimal solution.
    case optimal
}

/// The outcome of a solve, in two parts (why it stopped, what it holds) plus the numbers.
///
/// Read values only when ``hasSolution`` is true; ``value(_:)`` returns nil otherwise.
public struct Solution: Sendable {
    /// Why the solver stopped.
    public var termination: Termination
    /// What solution is held.
    public var status: SolutionStatus
    /// True if the model was solved as a MIP (integrality enforced).
    public var isMIP: Bool
    /// Objective value of the held solution (constant included), or nil.
    public var objective: Double?
    /// Best proved bound on the optimum (a lower bound when minimizing), or nil if none is known.
    public var bound: Double?
    /// |objective − bound| / (|objective| + ε), GLPK's definition, or nil.
    public var relativeGap: Double?
    /// One value per variable (empty when no solution is held).
    public var values: [Double]
    /// One activity Σ aᵢⱼ xⱼ per row (empty when no solution is held).
    public var rowActivities: [Double]
    /// LP only: the dual value (shadow price) of each row, d objective / d rhs; nil for MIPs.
    public var duals: [Double]?
    /// LP only: the reduced cost of each variable; nil for MIPs.
    public var reducedCosts: [Double]?
    /// Whether the starting solution was accepted as an incumbent (nil if none was given). GLPK
    /// asks for heuristic solutions after a node's LP and keeps one only if it beats the
    /// incumbent, so false means GLPK already held a better solution (e.g. an integral root LP).
    public var startAccepted: Bool?
    /// Wall-clock seconds spent in validation, loading and solving.
    public var seconds: Double

    /// True when values can be read: the solution is feasible or optimal.
    public var hasSolution: Bool { status != .none }

    /// The value of `v` in the held solution, or nil when there is none.
    public func value(_ v: Var) -> Double? {
        guard hasSolution, values.indices.contains(v.index) else { return nil }
        return values[v.index]
    }

    /// The dual value of row `i` for an LP solved to optimality, else nil.
    public func dual(row i: Int) -> Double? {
        guard status == .optimal, let d = duals, d.indices.contains(i) else { return nil }
        return d[i]
    }
}
