import Scenario

/// The scenario's distribution type, named apart from the engine's (both modules call theirs
/// `Distribution`, and the module `Scenario` is shadowed by its own type).
typealias ScenarioDistribution = Distribution

/// A scenario distribution's family and parameters, read in a file that sees only the scenario's
/// `Distribution` (the engine's has the same name).
enum FamilyParameters {
    case deterministic(Double)
    case exponential(Double)
    case gamma(mean: Double, cv: Double)
    case lognormal(mean: Double, cv: Double)
    case weibull(shape: Double, scale: Double)
    case uniform(Double, Double)
    case triangular(Double, Double, Double)
    case empirical([Double])

    init(_ d: Distribution) {
        switch d {
        case .deterministic(let v): self = .deterministic(v)
        case .exponential(let m): self = .exponential(m)
        case .gamma(let m, let cv): self = .gamma(mean: m, cv: cv)
        case .lognormal(let m, let cv): self = .lognormal(mean: m, cv: cv)
        case .weibull(let k, let s): self = .weibull(shape: k, scale: s)
        case .uniform(let a, let b): self = .uniform(a, b)
        case .triangular(let a, let c, let b): self = .triangular(a, c, b)
        case .empirical(let values): self = .empirical(values)
        }
    }
}
