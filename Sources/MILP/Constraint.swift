/// One nonzero of a constraint row: `coefficient × variable`.
public struct Term: Sendable, Equatable {
    public var variable: Var
    public var coefficient: Double

    public init(_ variable: Var, _ coefficient: Double) {
        self.variable = variable
        self.coefficient = coefficient
    }
}

/// The allowed range of a row's activity `Σ aᵢⱼ xⱼ`.
public enum Relation: Sendable, Equatable {
    /// activity ≤ bound
    case lessEqual(Double)
    /// activity ≥ bound
    case greaterEqual(Double)
    /// activity = value
    case equal(Double)
    /// lower ≤ activity ≤ upper
    case range(Double, Double)
    /// No bound (a row kept only for its activity).
    case free

    /// Lower and upper bound of the activity (±infinity where open).
    public var bounds: (lower: Double, upper: Double) {
        switch self {
        case .lessEqual(let b): return (-.infinity, b)
        case .greaterEqual(let b): return (b, .infinity)
        case .equal(let b): return (b, b)
        case .range(let l, let u): return (l, u)
        case .free: return (-.infinity, .infinity)
        }
    }
}

/// A linear constraint row: a name, sparse terms (each variable at most once) and a relation.
public struct Constraint: Sendable, Equatable {
    /// Name used in errors and in the CPLEX-LP export; may be empty.
    public var name: String
    public var terms: [Term]
    public var relation: Relation

    public init(name: String, terms: [Term], relation: Relation) {
        self.name = name
        self.terms = terms
        self.relation = relation
    }
}
