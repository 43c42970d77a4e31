public import Logging

/// How much GLPK reports while solving; the text goes to the options' logger, never to stdout.
public enum MessageLevel: String, Sendable, Codable, CaseIterable {
    /// Nothing (the default).
    case off
    /// Errors and warnings only.
    case errors
    /// Normal progress (GLPK's `GLP_MSG_ON`).
    case normal
    /// Everything GLPK prints.
    case all
}

/// Cut families for GLPK's branch-and-cut.
public struct Cuts: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    /// Gomory mixed-integer cuts.
    public static let gomory = Cuts(rawValue: 1)
    /// Mixed-integer rounding cuts.
    public static let mir = Cuts(rawValue: 2)
    /// Mixed cover cuts.
    public static let cover = Cuts(rawValue: 4)
    /// Clique cuts.
    public static let clique = Cuts(rawValue: 8)
    public static let all: Cuts = [.gomory, .mir, .cover, .clique]
}

/// Options for ``Model/solve(options:)``.
public struct SolveOptions: Sendable {
    /// Wall-clock limit in seconds for the whole solve; nil for none.
    public var timeLimit: Double?
    /// Stop branch-and-cut once |incumbent − bound| / |incumbent| ≤ this (0 = prove optimality).
    public var relativeGap: Double
    /// Use GLPK's presolver (LP presolve for simplex, MIP presolve for branch-and-cut).
    public var presolve: Bool
    /// Cut families to generate in branch-and-cut.
    public var cuts: Cuts
    /// GLPK's terminal output level; routed to `logger`.
    public var messageLevel: MessageLevel
    /// Where GLPK's output goes (at `.info`; errors at `.error`).
    public var logger: Logger?
    /// Solve the LP relaxation of a MIP (integrality dropped).
    public var relaxIntegrality: Bool
    /// A feasible starting solution for a MIP, one value per variable, offered to GLPK as the
    /// first incumbent. It is checked first (bounds, integrality, rows). GLPK accepts an incumbent
    /// only on the original columns, so a start turns the MIP presolver off (the root LP is still
    /// presolved). GLPK's simplex cannot start from values (only from a basis), so LPs ignore it.
    public var start: [Double]?

    public init(timeLimit: Double? = nil, relativeGap: Double = 0, presolve: Bool = true,
                cuts: Cuts = [], messageLevel: MessageLevel = .off, logger: Logger? = nil,
                relaxIntegrality: Bool = false, start: [Double]? = nil) {
        self.timeLimit = timeLimit
        self.relativeGap = relativeGap
        self.presolve = presolve
        self.cuts = cuts
        self.messageLevel = messageLevel
        self.logger = logger
        self.relaxIntegrality = relaxIntegrality
        self.start = start
    }

    func validate() throws(MILPError) {
        if let t = timeLimit, !(t.isFinite && t > 0) {
            throw .invalidOption(option: "timeLimit", reason: "must be a positive number of seconds, got \(t)")
        }
        if !(relativeGap.isFinite && relativeGap >= 0) {
            throw .invalidOption(option: "relativeGap", reason: "must be a finite number ≥ 0, got \(relativeGap)")
        }
    }

    /// The time limit in GLPK's milliseconds (Int32), clamped.
    var glpkMilliseconds: Int32 {
        guard let t = timeLimit else { return Int32.max }
        let ms = (t * 1000).rounded(.up)
        return ms >= Double(Int32.max) ? Int32.max : max(1, Int32(ms))
    }
}
