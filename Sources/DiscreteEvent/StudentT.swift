/// Student's t distribution: CDF and quantiles for any real degrees of freedom ν > 0, through the
/// regularised incomplete beta function (Lentz's continued fraction) and bisection.
public enum StudentT {
    /// P(T ≤ t) for ν degrees of freedom (NaN for ν ≤ 0 or NaN arguments).
    public static func cdf(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        guard nu > 0, !t.isNaN else { return .nan }
        let tail = upperTail(Swift.abs(t), nu)
        return t >= 0 ? 1 - tail : tail
    }

    /// The p-quantile t with P(T ≤ t) = p, for 0 < p < 1 and ν > 0 (e.g. t(0.975, 9) = 2.262).
    public static func quantile(_ p: Double, degreesOfFreedom nu: Double) throws(StatisticsError) -> Double {
        guard p > 0, p < 1 else { throw .invalidProbability(p) }
        guard nu > 0, nu.isFinite else { throw .invalidDegreesOfFreedom(nu) }
        if p == 0.5 { return 0 }
        if p < 0.5 { return -(try quantile(1 - p, degreesOfFreedom: nu)) }
        let target = 1 - p  // upper-tail probability, solved directly for accuracy
        var lo = 0.0, hi = 1.0
        while upperTail(hi, nu) > target && hi < 1e300 { lo = hi; hi *= 2 }
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if mid == lo || mid == hi { break }
            if upperTail(mid, nu) > target { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    /// P(T > t) for t ≥ 0: ½ I_{ν/(ν+t²)}(ν/2, ½).
    static func upperTail(_ t: Double, _ nu: Double) -> Double {
        0.5 * regularizedIncompleteBeta(x: nu / (nu + t * t), a: nu / 2, b: 0.5)
    }

    /// I_x(a, b), the regularised incomplete beta function, for a, b > 0 and 0 ≤ x ≤ 1.
    static func regularizedIncompleteBeta(x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logFront = Math.logGamma(a + b) - Math.logGamma(a) - Math.logGamma(b)
            + a * Math.log(x) + b * Math.log1p(-x)
        let front = Math.exp(logFront)
        if x < (a + 1) / (a + b + 2) {
            return front * betaContinuedFraction(x: x, a: a, b: b) / a
        }
        return 1 - front * betaContinuedFraction(x: 1 - x, a: b, b: a) / b
    }

    /// The continued fraction of I_x(a, b) by the modified Lentz method.
    private static func betaContinuedFraction(x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        let qab = a + b, qap = a + 1, qam = a - 1
        var c = 1.0
        var d = 1 - qab * x / qap
        if Swift.abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...10_000 {
            let m = Double(m), m2 = 2 * m
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
            d = 1 + aa * d
            if Swift.abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if Swift.abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
            d = 1 + aa * d
            if Swift.abs(d) < tiny { d = tiny }
            c = 1 + aa / c
            if Swift.abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if Swift.abs(delta - 1) < 1e-16 { break }
        }
        return h
    }
}
