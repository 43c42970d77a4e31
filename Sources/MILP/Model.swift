/// Whether the objective is minimized or maximized.
public enum ObjectiveSense: String, Sendable, Codable {
    case minimize
    case maximize
}

/// A linear or mixed-integer program built in Swift: variables, rows and an objective.
///
/// The model is a plain value; nothing touches GLPK until ``solve(options:)`` or
/// ``cplexLP()``, which validate the whole model first and report bad input as a ``MILPError``
/// naming the variable or row, so GLPK never sees input that would make it abort.
///
/// ```swift
/// var m = Model(name: "knapsack", sense: .maximize)
/// let a = m.addVariable("a", kind: .binary, objective: 10)
/// let b = m.addVariable("b", kind: .binary, objective: 13)
/// m.addConstraint("weight", 4 * a + 6 * b, .lessEqual(8))
/// let s = try m.solve()
/// ```
public struct Model: Sendable {
    /// Problem name (written into the LP export).
    public var name: String
    public var sense: ObjectiveSense
    /// A constant added to the objective.
    public var objectiveConstant: Double = 0
    public private(set) var variables: [Variable] = []
    public private(set) var constraints: [Constraint] = []

    public init(name: String = "", sense: ObjectiveSense = .minimize) {
        self.name = name
        self.sense = sense
    }

    /// True when any variable is integer or binary.
    public var isMIP: Bool { variables.contains { $0.kind != .continuous } }

    /// Number of nonzero coefficients over all rows.
    public var nonzeroCount: Int { constraints.reduce(0) { $0 + $1.terms.count } }

    /// Adds a variable and returns its handle. Defaults: continuous, bounds [0, +∞), cost 0;
    /// a binary's bounds default to [0, 1].
    @discardableResult
    public mutating func addVariable(_ name: String = "", kind: VariableKind = .continuous,
                                     lower: Double = 0, upper: Double? = nil,
                                     objective: Double = 0) -> Var {
        let up = upper ?? (kind == .binary ? 1 : .infinity)
        variables.append(Variable(name: name, kind: kind, lower: lower, upper: up, objective: objective))
        return Var(index: variables.count - 1)
    }

    /// Adds a variable together with its coefficients in existing rows (column generation).
    /// Row indices are checked at solve time like every other term.
    @discardableResult
    public mutating func addColumn(_ name: String = "", kind: VariableKind = .continuous, lower: Double = 0,
                                   upper: Double? = nil, objective: Double = 0,
                                   rows: [(row: Int, coefficient: Double)]) -> Var {
        let v = addVariable(name, kind: kind, lower: lower, upper: upper, objective: objective)
        for (row, coefficient) in rows where constraints.indices.contains(row) {
            constraints[row].terms.append(Term(v, coefficient))
        }
        return v
    }

    /// Changes every variable's kind (e.g. to solve the integer master of a column generation).
    public mutating func setKind(_ kind: VariableKind, of vars: [Var]) {
        for v in vars where variables.indices.contains(v.index) { variables[v.index].kind = kind }
    }

    /// Adds a row from sparse terms (each variable at most once; validated at solve time).
    /// Returns the row's 0-based index.
    @discardableResult
    public mutating func addConstraint(_ name: String = "", terms: [Term], _ relation: Relation) -> Int {
        constraints.append(Constraint(name: name, terms: terms, relation: relation))
        return constraints.count - 1
    }

    /// Adds a row `expression ⋚ rhs`; terms on one variable are merged and the expression's
    /// constant moves to the right-hand side. Returns the row's 0-based index.
    @discardableResult
    public mutating func addConstraint(_ name: String = "", _ expression: LinearExpression,
                                       _ relation: Relation) -> Int {
        let c = expression.constant
        let shifted: Relation
        switch relation {
        case .lessEqual(let b): shifted = .lessEqual(b - c)
        case .greaterEqual(let b): shifted = .greaterEqual(b - c)
        case .equal(let b): shifted = .equal(b - c)
        case .range(let l, let u): shifted = .range(l - c, u - c)
        case .free: shifted = .free
        }
        return addConstraint(name, terms: expression.mergedTerms(), shifted)
    }

    /// Sets the objective to `expression` (replacing every variable's coefficient and the constant).
    public mutating func setObjective(_ expression: LinearExpression, sense: ObjectiveSense? = nil) {
        for j in variables.indices { variables[j].objective = 0 }
        for t in expression.terms where variables.indices.contains(t.variable.index) {
            variables[t.variable.index].objective += t.coefficient
        }
        objectiveConstant = expression.constant
        if let sense { self.sense = sense }
    }

    /// Changes one variable's objective coefficient.
    public mutating func setObjective(_ v: Var, _ coefficient: Double) {
        variables[v.index].objective = coefficient
    }

    /// Changes one variable's bounds.
    public mutating func setBounds(_ v: Var, lower: Double, upper: Double) {
        variables[v.index].lower = lower
        variables[v.index].upper = upper
    }

    /// Changes one row's relation.
    public mutating func setRelation(row: Int, _ relation: Relation) {
        constraints[row].relation = relation
    }

    /// The display name of a variable in messages: its name, or `#index` when unnamed.
    public func label(of v: Var) -> String {
        guard variables.indices.contains(v.index) else { return "#\(v.index)" }
        let n = variables[v.index].name
        return n.isEmpty ? "#\(v.index)" : n
    }

    /// The display name of a row in messages: its name, or `row #index` when unnamed.
    public func label(ofRow i: Int) -> String {
        guard constraints.indices.contains(i) else { return "row #\(i)" }
        let n = constraints[i].name
        return n.isEmpty ? "row #\(i)" : n
    }

    /// The objective value of `values` (one per variable), constant included.
    public func objectiveValue(_ values: [Double]) -> Double {
        var z = objectiveConstant
        for (j, v) in variables.enumerated() where j < values.count { z += v.objective * values[j] }
        return z
    }

    /// The activity `Σ aᵢⱼ xⱼ` of every row at `values`.
    public func rowActivities(_ values: [Double]) -> [Double] {
        constraints.map { row in
            row.terms.reduce(0) { acc, t in
                acc + t.coefficient * (t.variable.index < values.count ? values[t.variable.index] : 0)
            }
        }
    }
}
