import DiscreteEvent
import ScenarioModel

extension Distribution {
    /// The engine's distribution for a scenario's distribution spec (same parameters, same units).
    static func from(_ d: DistributionSpec) throws(DistributionError) -> Distribution {
        switch d {
        case .deterministic(let v): return try .deterministic(v)
        case .exponential(let mean): return try .exponential(mean: mean)
        case .gamma(let mean, let cv): return cv == 0 ? try .deterministic(mean) : try .gamma(mean: mean, cv: cv)
        case .lognormal(let mean, let cv): return cv == 0 ? try .deterministic(mean) : try .lognormal(mean: mean, cv: cv)
        case .weibull(let shape, let scale): return try .weibull(shape: shape, scale: scale)
        case .uniform(let low, let high): return low == high ? try .deterministic(low) : try .uniform(min: low, max: high)
        case .triangular(let low, let mode, let high):
            return low == high ? try .deterministic(low) : try .triangular(min: low, mode: mode, max: high)
        case .empirical(let values): return try .empirical(samples: values)
        }
    }
}
