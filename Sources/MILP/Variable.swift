/// A handle to a variable of a ``Model``: a dense 0-based index, cheap to store in hot loops.
public struct Var: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The 0-based column index in the model that created it.
    public let index: Int

    /// Wraps an index; prefer the handles returned by ``Model/addVariable(_:kind:lower:upper:objective:)``.
    public init(index: Int) { self.index = index }

    public static func < (lhs: Var, rhs: Var) -> Bool { lhs.index < rhs.index }
    public var description: String { "x\(index)" }
}

/// What values a variable may take.
public enum VariableKind: String, Sendable, Codable, CaseIterable {
    /// Any real number within the bounds.
    case continuous
    /// Any integer within the bounds.
    case integer
    /// 0 or 1 (bounds must lie within [0, 1]).
    case binary
}

/// A variable's definition: name, kind, bounds (±infinity for none) and objective coefficient.
public struct Variable: Sendable, Equatable {
    /// Name used in errors and in the CPLEX-LP export; may be empty.
    public var name: String
    public var kind: VariableKind
    public var lower: Double
    public var upper: Double
    /// Coefficient in the objective function.
    public var objective: Double

    public init(name: String, kind: VariableKind = .continuous, lower: Double = 0,
                upper: Double = .infinity, objective: Double = 0) {
        self.name = name
        self.kind = kind
        self.lower = lower
        self.upper = upper
        self.objective = objective
    }
}
