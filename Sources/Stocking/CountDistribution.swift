import Foundation

/// A distribution on the non-negative integers held as a probability vector from `offset` up to
/// the point where the upper tail is negligible (< 1e-14), plus its exact mean and variance.
///
/// Pipelines (units in repair or resupply), backorders and their sums and thinnings are all
/// `CountDistribution`s. Tail quantities (backorders) are computed from the upper end backwards,
/// so that small expected backorders at high stock levels keep their relative accuracy.
public struct CountDistribution: Sendable, Equatable {
    /// The smallest value with stored probability (values below have probability ~0).
    public let offset: Int
    /// P(X = offset + k) for k = 0 ..< p.count.
    public let p: [Double]
    /// E[X] (exact where known analytically, otherwise from the stored probabilities).
    public let mean: Double
    /// Var[X].
    public let variance: Double

    /// Tail mass below which probabilities are not stored.
    static let tailEpsilon = 1e-14

    init(offset: Int, p: [Double], mean: Double? = nil, variance: Double? = nil) {
        // Normalise away the truncated tails so that Σp = 1 exactly.
        let total = p.reduce(0, +)
        let q = total > 0 ? p.map { $0 / total } : [1]
        self.offset = total > 0 ? offset : 0
        self.p = q
        var m = 0.0, m2 = 0.0
        for (k, pk) in q.enumerated() {
            let x = Double(self.offset + k)
            m += x * pk
            m2 += x * x * pk
        }
        self.mean = mean ?? m
        self.variance = variance ?? max(0, m2 - m * m)
    }

    /// The point mass at `value` (≥ 0).
    public static func constant(_ value: Int) -> CountDistribution {
        CountDistribution(offset: max(0, value), p: [1], mean: Double(max(0, value)), variance: 0)
    }

    /// Poisson(mean), computed outward from the mode in log space (no underflow for large means).
    public static func poisson(mean: Double) -> CountDistribution {
        guard mean > 0, mean.isFinite else { return .constant(0) }
        let mode = Int(mean.rounded(.down))
        let logMode = -mean + Double(mode) * log(mean) - logGamma(Double(mode) + 1)
        return fromMode(mode, probability: exp(logMode), mean: mean, variance: mean,
                        up: { k in mean / Double(k + 1) }, down: { k in Double(k) / mean })
    }

    /// The negative binomial with the given mean and variance (variance > mean); Poisson when the
    /// variance does not exceed the mean by more than 1e-9 relative. Parameters: r = m²/(v − m),
    /// success probability m/v (Sherbrooke 2004, "Optimal Inventory Modeling of Systems", §4).
    public static func negativeBinomial(mean: Double, variance: Double) -> CountDistribution {
        guard mean > 0, mean.isFinite, variance.isFinite else { return .constant(0) }
        guard variance > mean * (1 + 1e-9) else { return .poisson(mean: mean) }
        let r = mean * mean / (variance - mean)
        let q = 1 - mean / variance          // failure probability per trial (the "1 − p")
        // Mode of NB(r, q): floor((r − 1) q / (1 − q)) for r > 1, else 0.
        let mode = r > 1 ? Int(((r - 1) * q / (1 - q)).rounded(.down)) : 0
        func logPMF(_ k: Int) -> Double {
            logGamma(Double(k) + r) - logGamma(r) - logGamma(Double(k) + 1) + r * log(1 - q) + Double(k) * log(q)
        }
        return fromMode(mode, probability: exp(logPMF(mode)), mean: mean, variance: variance,
                        up: { k in (Double(k) + r) / Double(k + 1) * q },
                        down: { k in Double(k) / ((Double(k - 1) + r) * q) })
    }

    /// Builds a distribution outward from its mode with the ratios p(k+1)/p(k) (`up(k)`) and
    /// p(k−1)/p(k) (`down(k)`), stopping where the tails fall below the storage threshold.
    static func fromMode(_ mode: Int, probability: Double, mean: Double, variance: Double,
                         up: (Int) -> Double, down: (Int) -> Double) -> CountDistribution {
        let cut = tailEpsilon * 1e-2
        var upper: [Double] = [probability]
        var k = mode, pk = probability
        while true {
            pk *= up(k)
            k += 1
            if pk < cut && Double(k) > mean { break }
            upper.append(pk)
        }
        var lower: [Double] = []
        k = mode; pk = probability
        while k > 0 {
            pk *= down(k)
            k -= 1
            if pk < cut { break }
            lower.append(pk)
        }
        return CountDistribution(offset: mode - lower.count, p: lower.reversed() + upper, mean: mean, variance: variance)
    }

    /// P(X = x).
    public func probability(_ x: Int) -> Double {
        let k = x - offset
        return k >= 0 && k < p.count ? p[k] : 0
    }

    /// The largest stored value.
    public var maxValue: Int { offset + p.count - 1 }

    /// The distribution of X + Y for independent X (self) and Y.
    public func convolved(with other: CountDistribution) -> CountDistribution {
        if other.p.count == 1 && other.offset == 0 { return self }
        if p.count == 1 && offset == 0 { return other }
        var out = [Double](repeating: 0, count: p.count + other.p.count - 1)
        for (i, a) in p.enumerated() where a > 0 {
            for (j, b) in other.p.enumerated() { out[i + j] += a * b }
        }
        return CountDistribution(offset: offset + other.offset, p: out,
                                 mean: mean + other.mean, variance: variance + other.variance)
    }

    /// The binomial thinning of X: each of the X units is kept independently with probability f.
    /// Mean f·E[X], variance f(1−f)E[X] + f²Var[X] (Graves 1985; Sherbrooke 1986).
    public func thinned(_ f: Double) -> CountDistribution {
        guard f < 1 else { return self }
        guard f > 0 else { return .constant(0) }
        var out = [Double](repeating: 0, count: maxValue + 1)
        let lf = log(f), lq = log1p(-f)
        for (i, px) in p.enumerated() where px > 1e-300 {
            let n = offset + i
            // Binomial(n, f) pmf in log space.
            let lgn = logGamma(Double(n) + 1)
            for k in 0...n {
                let lb = lgn - logGamma(Double(k) + 1) - logGamma(Double(n - k) + 1) + Double(k) * lf + Double(n - k) * lq
                out[k] += px * exp(lb)
            }
        }
        // Drop the negligible upper tail.
        while out.count > 1, let last = out.last, last < Self.tailEpsilon * 1e-2 { out.removeLast() }
        return CountDistribution(offset: 0, p: out, mean: f * mean,
                                 variance: f * (1 - f) * mean + f * f * variance)
    }

    /// The distribution of (X − s)⁺: backorders when the stock level is s.
    public func excess(over s: Int) -> CountDistribution {
        let s = max(0, s)
        var out: [Double] = [cdf(s)]
        if maxValue > s {
            for x in (s + 1)...maxValue { out.append(probability(x)) }
        }
        let t = tail(s)
        return CountDistribution(offset: 0, p: out, mean: t.ebo, variance: t.vbo)
    }

    /// P(X ≤ x).
    public func cdf(_ x: Int) -> Double {
        if x < offset { return 0 }
        if x >= maxValue { return 1 }
        // Sum the smaller side for accuracy.
        let k = x - offset
        if k < p.count / 2 { return min(1, p[0...k].reduce(0, +)) }
        return max(0, 1 - p[(k + 1)...].reduce(0, +))
    }

    /// E[(X − s)⁺] and Var[(X − s)⁺] at one stock level.
    public func tail(_ s: Int) -> (ebo: Double, vbo: Double) {
        var ebo = 0.0, second = 0.0
        if maxValue > s {
            for x in max(s + 1, offset)...maxValue {
                let d = Double(x - s), px = probability(x)
                ebo += d * px
                second += d * d * px
            }
        }
        if s < 0 { return (mean - Double(s), variance) }
        return (ebo, max(0, second - ebo * ebo))
    }

    /// For s = 0 … upTo: EBO(s), Var[(X − s)⁺] and P(X ≤ s − 1) (the fill rate at level s), in one
    /// backward pass: EBO(s) = EBO(s+1) + P(X > s), E[((X−s)⁺)²] = E[((X−s−1)⁺)²] + 2·EBO(s+1) + P(X > s).
    public func levelTable(upTo maxLevel: Int) -> (ebo: [Double], vbo: [Double], fill: [Double]) {
        var ebo = [Double](repeating: 0, count: maxLevel + 1)
        var vbo = ebo, fill = ebo
        var nextEBO = 0.0, nextSecond = 0.0, above = 0.0
        var s = max(maxLevel, maxValue)
        while s >= 0 {
            let pAbove = above + probability(s + 1)      // P(X > s)
            let e = nextEBO + pAbove
            let second = nextSecond + 2 * nextEBO + pAbove
            if s <= maxLevel {
                ebo[s] = e
                vbo[s] = max(0, second - e * e)
                // P(X ≤ s − 1) = 1 − P(X > s − 1) = 1 − (P(X > s) + P(X = s)).
                fill[s] = s == 0 ? 0 : max(0, 1 - pAbove - probability(s))
            }
            nextEBO = e; nextSecond = second; above = pAbove
            s -= 1
        }
        return (ebo, vbo, fill)
    }

    /// The smallest s with P(X > s) < epsilon.
    public func upperQuantile(tail epsilon: Double) -> Int {
        var above = 0.0
        var s = maxValue
        while s > 0 {
            // above = P(X > s − 1) after adding P(X = s)
            let next = above + probability(s)
            if next >= epsilon { return s }
            above = next
            s -= 1
        }
        return 0
    }

    /// EBO(s) = E[(X − s)⁺] for s = 0 … upTo, by the recursion EBO(s) = EBO(s+1) + P(X > s)
    /// run from the top (Sherbrooke 1968; Sherbrooke 2004 eq. 2.7), which keeps small values accurate.
    public func expectedBackorders(upTo maxLevel: Int) -> [Double] {
        var ebo = [Double](repeating: 0, count: maxLevel + 1)
        var next = 0.0      // EBO(s + 1)
        var above = 0.0     // P(X > s), accumulated from the top
        let top = max(maxLevel, maxValue)
        var s = top
        while s >= 0 {
            // P(X > s) = P(X > s + 1) + P(X = s + 1)
            above += probability(s + 1)
            let value = next + above
            if s <= maxLevel { ebo[s] = value }
            next = value
            s -= 1
        }
        return ebo
    }
}

/// ln Γ(x) (the Double overload; Foundation also offers one returning the sign).
@inline(__always)
func logGamma(_ x: Double) -> Double {
    let value: Double = lgamma(x)
    return value
}
