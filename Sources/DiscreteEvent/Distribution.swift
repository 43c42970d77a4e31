/// A parameter a distribution refuses, with the rule it breaks.
public struct DistributionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The distribution being built, e.g. "gamma".
    public let distribution: String
    /// The offending parameter, e.g. "cv".
    public let parameter: String
    /// Its value (NaN when the parameter is a list).
    public let value: Double
    /// The rule it breaks, e.g. "must be > 0".
    public let requirement: String

    public var description: String { "\(distribution): \(parameter) = \(value) \(requirement)" }
}

/// A validated probability distribution on the real line, sampled from a `RandomStream`.
///
/// Built only through the throwing factories, so every value holds valid parameters and `sample`
/// cannot fail. Means and variances are exact formulas, not estimates.
public struct Distribution: Hashable, Sendable {
    /// The family and its (validated) parameters.
    public enum Kind: Hashable, Sendable {
        case deterministic(Double)
        case exponential(mean: Double)
        /// Shape k and scale θ: mean kθ, variance kθ².
        case gamma(shape: Double, scale: Double)
        /// exp(N(mu, sigma²)).
        case lognormal(mu: Double, sigma: Double)
        case normal(mean: Double, standardDeviation: Double)
        case weibull(shape: Double, scale: Double)
        case uniform(min: Double, max: Double)
        case triangular(min: Double, mode: Double, max: Double)
        /// Distinct values in increasing order with cumulative probabilities (the last is 1).
        case empirical(values: [Double], cumulative: [Double])
    }

    /// The family and parameters.
    public let kind: Kind

    private init(_ kind: Kind) { self.kind = kind }

    // MARK: factories

    /// Always `value` (finite).
    public static func deterministic(_ value: Double) throws(DistributionError) -> Distribution {
        try check("deterministic", "value", value, value.isFinite, "must be finite")
        return Distribution(.deterministic(value))
    }

    /// Exponential with the given mean (> 0).
    public static func exponential(mean: Double) throws(DistributionError) -> Distribution {
        try positive("exponential", "mean", mean)
        return Distribution(.exponential(mean: mean))
    }

    /// Gamma with shape k > 0 and scale θ > 0.
    public static func gamma(shape: Double, scale: Double) throws(DistributionError) -> Distribution {
        try positive("gamma", "shape", shape)
        try positive("gamma", "scale", scale)
        return Distribution(.gamma(shape: shape, scale: scale))
    }

    /// Gamma with the given mean (> 0) and coefficient of variation (> 0): shape 1/cv², scale mean·cv².
    public static func gamma(mean: Double, cv: Double) throws(DistributionError) -> Distribution {
        try positive("gamma", "mean", mean)
        try positive("gamma", "cv", cv)
        return try gamma(shape: 1 / (cv * cv), scale: mean * cv * cv)
    }

    /// Lognormal exp(N(mu, sigma²)) with sigma > 0.
    public static func lognormal(mu: Double, sigma: Double) throws(DistributionError) -> Distribution {
        try check("lognormal", "mu", mu, mu.isFinite, "must be finite")
        try positive("lognormal", "sigma", sigma)
        return Distribution(.lognormal(mu: mu, sigma: sigma))
    }

    /// Lognormal with the given mean (> 0) and coefficient of variation (> 0).
    public static func lognormal(mean: Double, cv: Double) throws(DistributionError) -> Distribution {
        try positive("lognormal", "mean", mean)
        try positive("lognormal", "cv", cv)
        let sigma2 = Math.log1p(cv * cv)
        return try lognormal(mu: Math.log(mean) - sigma2 / 2, sigma: sigma2.squareRoot())
    }

    /// Normal with a finite mean and standard deviation > 0 (not truncated: it can be negative).
    public static func normal(mean: Double, standardDeviation: Double) throws(DistributionError) -> Distribution {
        try check("normal", "mean", mean, mean.isFinite, "must be finite")
        try positive("normal", "standardDeviation", standardDeviation)
        return Distribution(.normal(mean: mean, standardDeviation: standardDeviation))
    }

    /// Weibull with shape k > 0 and scale λ > 0: P(X > x) = exp(-(x/λ)^k).
    public static func weibull(shape: Double, scale: Double) throws(DistributionError) -> Distribution {
        try positive("weibull", "shape", shape)
        try positive("weibull", "scale", scale)
        return Distribution(.weibull(shape: shape, scale: scale))
    }

    /// Uniform on [min, max], finite bounds with min ≤ max.
    public static func uniform(min: Double, max: Double) throws(DistributionError) -> Distribution {
        try check("uniform", "min", min, min.isFinite, "must be finite")
        try check("uniform", "max", max, max.isFinite && max >= min, "must be finite and ≥ min (\(min))")
        return Distribution(.uniform(min: min, max: max))
    }

    /// Triangular on [min, max] with the given mode, finite, min ≤ mode ≤ max, min < max.
    public static func triangular(min: Double, mode: Double, max: Double) throws(DistributionError) -> Distribution {
        try check("triangular", "min", min, min.isFinite, "must be finite")
        try check("triangular", "max", max, max.isFinite && max > min, "must be finite and > min (\(min))")
        try check("triangular", "mode", mode, mode >= min && mode <= max, "must lie in [\(min), \(max)]")
        return Distribution(.triangular(min: min, mode: mode, max: max))
    }

    /// A discrete distribution over `(value, weight)` pairs: finite values, finite weights ≥ 0, a
    /// positive total. Equal values are merged.
    public static func empirical(_ pairs: [(value: Double, weight: Double)]) throws(DistributionError) -> Distribution {
        try check("empirical", "count", Double(pairs.count), !pairs.isEmpty, "must be ≥ 1")
        for pair in pairs {
            try check("empirical", "value", pair.value, pair.value.isFinite, "must be finite")
            try check("empirical", "weight", pair.weight, pair.weight.isFinite && pair.weight >= 0, "must be finite and ≥ 0")
        }
        let sorted = pairs.sorted { $0.value < $1.value }
        var values: [Double] = []
        var weights: [Double] = []
        for pair in sorted where pair.weight > 0 {
            if let last = values.last, last == pair.value {
                weights[weights.count - 1] += pair.weight
            } else {
                values.append(pair.value)
                weights.append(pair.weight)
            }
        }
        let total = weights.reduce(0, +)
        try check("empirical", "total weight", total, total > 0 && total.isFinite, "must be finite and > 0")
        var cumulative: [Double] = []
        cumulative.reserveCapacity(weights.count)
        var running = 0.0
        for w in weights {
            running += w
            cumulative.append(running / total)
        }
        cumulative[cumulative.count - 1] = 1
        return Distribution(.empirical(values: values, cumulative: cumulative))
    }

    /// The empirical distribution of observed samples (each with weight 1).
    public static func empirical(samples: [Double]) throws(DistributionError) -> Distribution {
        try empirical(samples.map { (value: $0, weight: 1.0) })
    }

    // MARK: moments

    /// The exact mean.
    public var mean: Double {
        switch kind {
        case .deterministic(let v): v
        case .exponential(let m): m
        case .gamma(let k, let theta): k * theta
        case .lognormal(let mu, let sigma): Math.exp(mu + sigma * sigma / 2)
        case .normal(let m, _): m
        case .weibull(let k, let scale): scale * Math.gamma(1 + 1 / k)
        case .uniform(let a, let b): (a + b) / 2
        case .triangular(let a, let c, let b): (a + b + c) / 3
        case .empirical(let values, let cumulative):
            zip(values, Self.probabilities(cumulative)).reduce(0) { $0 + $1.0 * $1.1 }
        }
    }

    /// The exact variance.
    public var variance: Double {
        switch kind {
        case .deterministic: 0
        case .exponential(let m): m * m
        case .gamma(let k, let theta): k * theta * theta
        case .lognormal(let mu, let sigma):
            (Math.exp(sigma * sigma) - 1) * Math.exp(2 * mu + sigma * sigma)
        case .normal(_, let sd): sd * sd
        case .weibull(let k, let scale):
            scale * scale * (Math.gamma(1 + 2 / k) - Math.gamma(1 + 1 / k) * Math.gamma(1 + 1 / k))
        case .uniform(let a, let b): (b - a) * (b - a) / 12
        case .triangular(let a, let c, let b): (a * a + b * b + c * c - a * b - a * c - b * c) / 18
        case .empirical(let values, let cumulative):
            {
                let m = mean
                return zip(values, Self.probabilities(cumulative)).reduce(0) { $0 + ($1.0 - m) * ($1.0 - m) * $1.1 }
            }()
        }
    }

    /// The exact standard deviation.
    public var standardDeviation: Double { variance.squareRoot() }

    // MARK: sampling

    /// One variate drawn from `stream`.
    public func sample(using stream: inout RandomStream) -> Double {
        switch kind {
        case .deterministic(let v):
            return v
        case .exponential(let m):
            return stream.nextExponential(mean: m)
        case .gamma(let k, let theta):
            return Self.standardGamma(shape: k, using: &stream) * theta
        case .lognormal(let mu, let sigma):
            return Math.exp(mu + sigma * stream.nextNormal())
        case .normal(let m, let sd):
            return m + sd * stream.nextNormal()
        case .weibull(let k, let scale):
            return scale * Math.pow(-Math.log(stream.nextOpenDouble()), 1 / k)
        case .uniform(let a, let b):
            return a + (b - a) * stream.nextDouble()
        case .triangular(let a, let c, let b):
            let u = stream.nextDouble()
            let split = (c - a) / (b - a)
            return u < split ? a + ((b - a) * (c - a) * u).squareRoot()
                             : b - ((b - a) * (b - c) * (1 - u)).squareRoot()
        case .empirical(let values, let cumulative):
            let u = stream.nextDouble()
            var lo = 0, hi = cumulative.count - 1
            while lo < hi {  // the first index with cumulative > u
                let mid = (lo + hi) / 2
                if cumulative[mid] > u { hi = mid } else { lo = mid + 1 }
            }
            return values[lo]
        }
    }

    /// Gamma(shape, 1) by Marsaglia & Tsang (2000); shape < 1 through Gamma(shape + 1)·U^(1/shape).
    static func standardGamma(shape: Double, using stream: inout RandomStream) -> Double {
        if shape < 1 {
            let boost = Math.pow(stream.nextOpenDouble(), 1 / shape)
            return standardGamma(shape: shape + 1, using: &stream) * boost
        }
        let d = shape - 1.0 / 3
        let c = 1 / (9 * d).squareRoot()
        while true {
            var x: Double, v: Double
            repeat {
                x = stream.nextNormal()
                v = 1 + c * x
            } while v <= 0
            v = v * v * v
            let u = stream.nextOpenDouble()
            if u < 1 - 0.0331 * x * x * x * x { return d * v }
            if Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v)) { return d * v }
        }
    }

    private static func probabilities(_ cumulative: [Double]) -> [Double] {
        var previous = 0.0
        return cumulative.map { c in
            defer { previous = c }
            return c - previous
        }
    }

    private static func positive(_ name: String, _ parameter: String, _ value: Double) throws(DistributionError) {
        try check(name, parameter, value, value.isFinite && value > 0, "must be finite and > 0")
    }

    private static func check(
        _ name: String, _ parameter: String, _ value: Double, _ ok: Bool, _ requirement: String
    ) throws(DistributionError) {
        guard ok else {
            throw DistributionError(distribution: name, parameter: parameter, value: value, requirement: requirement)
        }
    }
}
