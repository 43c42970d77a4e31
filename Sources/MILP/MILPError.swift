/// Why a model could not be solved or exported. Every case names the variable, row or option at
/// fault, in the words of the call the user made.
public enum MILPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The model has no variables.
    case emptyModel
    /// More variables, rows or nonzeros than GLPK's 32-bit indices allow.
    case tooLarge(what: String, count: Int)
    /// A bound is NaN, lower > upper, lower = +∞ or upper = −∞.
    case invalidBounds(variable: String, lower: Double, upper: Double)
    /// A binary variable with bounds outside [0, 1], or an integer variable with fractional bounds.
    case invalidIntegerBounds(variable: String, lower: Double, upper: Double)
    /// An objective coefficient or the objective constant is NaN or infinite.
    case nonFiniteObjective(variable: String, value: Double)
    /// A row refers to a variable index that does not exist.
    case unknownVariable(row: String, index: Int)
    /// A row coefficient is NaN or infinite.
    case nonFiniteCoefficient(row: String, variable: String, value: Double)
    /// A row lists the same variable twice.
    case duplicateTerm(row: String, variable: String)
    /// A row's bounds are NaN, lower > upper, or an equality/inequality has an infinite right-hand side.
    case invalidRowBounds(row: String, lower: Double, upper: Double)
    /// A name GLPK cannot store (over 255 bytes or with control characters).
    case invalidName(kind: String, name: String, reason: String)
    /// Two variables or two rows share a name.
    case duplicateName(kind: String, name: String)
    /// A solver option is out of range.
    case invalidOption(option: String, reason: String)
    /// The starting solution has the wrong length or violates a bound, integrality or a row.
    case invalidStart(reason: String)
    /// GLPK reported an internal error (caught by the C guard; the process survived).
    case solverFailure(message: String)
    /// Writing or reading a model file failed.
    case io(path: String, reason: String)

    public var description: String {
        switch self {
        case .emptyModel:
            return "the model has no variables"
        case let .tooLarge(what, count):
            return "the model has \(count) \(what); GLPK accepts at most \(Int32.max)"
        case let .invalidBounds(v, l, u):
            return "variable \(v): invalid bounds [\(l), \(u)]"
        case let .invalidIntegerBounds(v, l, u):
            return "variable \(v): bounds [\(l), \(u)] do not fit its kind (binary needs bounds within [0, 1], integer needs whole-number bounds)"
        case let .nonFiniteObjective(v, x):
            return "objective coefficient of \(v) is \(x); it must be finite"
        case let .unknownVariable(r, i):
            return "row \(r): refers to variable index \(i), which does not exist in this model"
        case let .nonFiniteCoefficient(r, v, x):
            return "row \(r): coefficient of \(v) is \(x); it must be finite"
        case let .duplicateTerm(r, v):
            return "row \(r): variable \(v) appears more than once (merge the coefficients)"
        case let .invalidRowBounds(r, l, u):
            return "row \(r): invalid bounds [\(l), \(u)]"
        case let .invalidName(k, n, why):
            return "\(k) name \"\(n.prefix(40))\(n.count > 40 ? "…" : "")\": \(why)"
        case let .duplicateName(k, n):
            return "\(k) name \"\(n)\" is used more than once"
        case let .invalidOption(o, why):
            return "option \(o): \(why)"
        case let .invalidStart(why):
            return "starting solution: \(why)"
        case let .solverFailure(msg):
            return "GLPK internal error: \(msg)"
        case let .io(path, why):
            return "\(path): \(why)"
        }
    }
}
