import Foundation
public import ScenarioModel

/// The distribution functions the window measures need of a scenario's durations: P(T ≤ t) and
/// the partial expectation E[(T − a)⁺] (the mean time a unit sent at 0 is still away after a).
extension DistributionSpec {
    /// P(T ≤ t).
    public func cdf(_ t: Double) -> Double {
        switch self {
        case .deterministic(let value): return t >= value ? 1 : 0
        case .exponential(let mean): return t <= 0 ? 0 : (mean <= 0 ? 1 : -expm1(-t / mean))
        case .gamma(let mean, let cv):
            guard t > 0 else { return 0 }
            guard cv > 0, mean > 0 else { return t >= mean ? 1 : 0 }
            let shape = 1 / (cv * cv), scale = mean * cv * cv
            return SpecialFunctions.regularizedGammaP(shape, t / scale)
        case .lognormal(let mean, let cv):
            guard t > 0 else { return 0 }
            guard cv > 0, mean > 0 else { return t >= mean ? 1 : 0 }
            let sigma2 = log1p(cv * cv), mu = log(mean) - sigma2 / 2
            return 0.5 * erfc(-(log(t) - mu) / (2 * sigma2).squareRoot())
        case .weibull(let shape, let scale):
            return t <= 0 ? 0 : -expm1(-pow(t / scale, shape))
        case .uniform(let low, let high):
            if t < low { return 0 }
            if t >= high { return 1 }
            return (t - low) / (high - low)
        case .triangular(let low, let mode, let high):
            if t <= low { return 0 }
            if t >= high { return 1 }
            if t <= mode { return (t - low) * (t - low) / ((high - low) * (mode - low)) }
            return 1 - (high - t) * (high - t) / ((high - low) * (high - mode))
        case .empirical(let values):
            guard !values.isEmpty else { return 1 }
            return Double(values.filter { $0 <= t }.count) / Double(values.count)
        }
    }

    /// E[(T − a)⁺] = ∫ₐ^∞ P(T > t) dt, for a ≥ 0.
    public func meanExcess(over a: Double) -> Double {
        let a = max(0, a)
        switch self {
        case .deterministic(let value): return max(0, value - a)
        case .exponential(let mean): return mean * exp(-a / max(mean, .leastNonzeroMagnitude))
        case .gamma(let mean, let cv):
            guard cv > 0, mean > 0 else { return max(0, mean - a) }
            // E[(T−a)⁺] = kθ·Q(k+1, a/θ) − a·Q(k, a/θ).
            let k = 1 / (cv * cv), theta = mean * cv * cv, x = a / theta
            return max(0, mean * (1 - SpecialFunctions.regularizedGammaP(k + 1, x)) - a * (1 - SpecialFunctions.regularizedGammaP(k, x)))
        case .uniform(let low, let high):
            if a <= low { return (low + high) / 2 - a }
            if a >= high { return 0 }
            return (high - a) * (high - a) / (2 * (high - low))
        case .empirical(let values):
            guard !values.isEmpty else { return 0 }
            return values.reduce(0) { $0 + max(0, $1 - a) } / Double(values.count)
        case .lognormal, .weibull, .triangular:
            // Simpson's rule on the survival function over [a, a + 14 standard deviations + mean].
            let upper = a + mean + 14 * standardDeviation
            let n = 400, h = (upper - a) / Double(n)
            guard h > 0 else { return 0 }
            var sum = 0.0
            for k in 0...n {
                let w: Double = k == 0 || k == n ? 1 : (k % 2 == 1 ? 4 : 2)
                sum += w * (1 - cdf(a + Double(k) * h))
            }
            return max(0, sum * h / 3)
        }
    }
}

/// Special functions the window measures need.
public enum SpecialFunctions {
    /// The regularized lower incomplete gamma function P(a, x) = γ(a, x)/Γ(a), by its series for
    /// x < a + 1 and Lentz's continued fraction for Q otherwise (Numerical Recipes §6.2);
    /// relative accuracy about 1e-14.
    public static func regularizedGammaP(_ a: Double, _ x: Double) -> Double {
        guard x > 0 else { return 0 }
        guard a > 0 else { return 1 }
        let lead = a * log(x) - x - lgamma(a)
        if x < a + 1 {
            var term = 1 / a, sum = term, n = a
            for _ in 0..<10_000 {
                n += 1
                term *= x / n
                sum += term
                if abs(term) < abs(sum) * 1e-16 { break }
            }
            return min(1, sum * exp(lead))
        }
        let tiny = 1e-300
        var b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d
        for i in 1...10_000 {
            let an = -Double(i) * (Double(i) - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
        }
        return max(0, 1 - exp(lead) * h)
    }

    /// P(X ≤ j) for j = 0 … k (X as in ``countCDF(_:mean:variance:)``; the same sums, so each
    /// entry equals `countCDF(j, …)`).
    public static func countCDFs(upTo k: Int, mean: Double, variance: Double) -> [Double] {
        guard k >= 0 else { return [] }
        guard mean > 0 else { return [Double](repeating: 1, count: k + 1) }
        var out: [Double] = []
        out.reserveCapacity(k + 1)
        var sum = 0.0
        if variance <= mean * (1 + 1e-9) {
            var lp = -mean
            for j in 0...k {
                if j > 0 { lp += log(mean / Double(j)) }
                sum += exp(lp)
                out.append(min(1, sum))
            }
        } else {
            let r = mean * mean / (variance - mean), q = 1 - mean / variance
            var lp = r * log1p(-q)
            let lq = log(q)
            for j in 0...k {
                if j > 0 { lp += log((Double(j - 1) + r) / Double(j)) + lq }
                sum += exp(lp)
                out.append(min(1, sum))
            }
        }
        return out
    }

    /// P(X ≤ k) for X negative binomial with the given mean and variance (Poisson when the
    /// variance does not exceed the mean), by the pmf recursion in log space: O(k).
    public static func countCDF(_ k: Int, mean: Double, variance: Double) -> Double {
        countCDFs(upTo: k, mean: mean, variance: variance).last ?? 0
    }
}
