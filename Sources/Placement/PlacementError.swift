/// Why a placement problem could not be built or solved. Every case names the input at fault.
public enum PlacementError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A number or index of the problem is out of range; `field` names it (e.g. `facilities[3].fixedCost`).
    case invalidInput(field: String, reason: String)
    /// A benchmark or data file could not be read or parsed; names the file and the reason.
    case invalidFile(path: String, reason: String)
    /// The scenario lacks what placement needs (candidates, coordinates, demand).
    case invalidScenario(String)
    /// The stocking model rejected the stock-cost computation.
    case stocking(String)
    /// The MILP layer rejected a model or GLPK failed (should not happen: inputs are validated first).
    case solver(String)

    public var description: String {
        switch self {
        case let .invalidInput(field, reason): return "\(field): \(reason)"
        case let .invalidFile(path, reason): return "\(path): \(reason)"
        case let .invalidScenario(message): return message
        case let .stocking(message): return "stock cost: \(message)"
        case let .solver(message): return "solver: \(message)"
        }
    }
}
