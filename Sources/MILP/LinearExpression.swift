/// A linear expression `Σ cⱼ xⱼ + constant`, built with `+`, `-` and `*` for readable models.
///
/// Terms on the same variable are merged when the expression becomes a constraint, and the
/// constant moves to the right-hand side.
public struct LinearExpression: Sendable, Equatable, ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    public var terms: [Term]
    public var constant: Double

    public init(terms: [Term] = [], constant: Double = 0) {
        self.terms = terms
        self.constant = constant
    }

    public init(_ variable: Var) { self.init(terms: [Term(variable, 1)]) }
    public init(floatLiteral value: Double) { self.init(constant: value) }
    public init(integerLiteral value: Int) { self.init(constant: Double(value)) }

    /// `Σ coefficient × variable` over pairs.
    public static func sum<S: Sequence>(_ pairs: S) -> LinearExpression where S.Element == (Var, Double) {
        LinearExpression(terms: pairs.map { Term($0.0, $0.1) })
    }

    /// The terms with one entry per variable (coefficients added, zeros kept), in first-seen order.
    public func mergedTerms() -> [Term] {
        var position: [Var: Int] = [:]
        var out: [Term] = []
        out.reserveCapacity(terms.count)
        for t in terms {
            if let p = position[t.variable] {
                out[p].coefficient += t.coefficient
            } else {
                position[t.variable] = out.count
                out.append(t)
            }
        }
        return out
    }

    public static func + (a: LinearExpression, b: LinearExpression) -> LinearExpression {
        LinearExpression(terms: a.terms + b.terms, constant: a.constant + b.constant)
    }
    public static func - (a: LinearExpression, b: LinearExpression) -> LinearExpression { a + (-1.0) * b }
    public static prefix func - (a: LinearExpression) -> LinearExpression { (-1.0) * a }
    public static func * (k: Double, a: LinearExpression) -> LinearExpression {
        LinearExpression(terms: a.terms.map { Term($0.variable, k * $0.coefficient) }, constant: k * a.constant)
    }
    public static func += (a: inout LinearExpression, b: LinearExpression) {
        a.terms += b.terms
        a.constant += b.constant
    }
}

extension Var {
    public static func * (k: Double, v: Var) -> LinearExpression { LinearExpression(terms: [Term(v, k)]) }
    public static func + (a: Var, b: Var) -> LinearExpression { LinearExpression(a) + LinearExpression(b) }
    public static func + (a: LinearExpression, b: Var) -> LinearExpression { a + LinearExpression(b) }
    public static func + (a: Var, b: LinearExpression) -> LinearExpression { LinearExpression(a) + b }
    public static func - (a: Var, b: Var) -> LinearExpression { LinearExpression(a) - LinearExpression(b) }
    public static func - (a: LinearExpression, b: Var) -> LinearExpression { a - LinearExpression(b) }
    public static func - (a: Var, b: LinearExpression) -> LinearExpression { LinearExpression(a) - b }
}
