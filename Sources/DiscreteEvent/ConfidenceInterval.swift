/// Why a statistic could not be formed.
public enum StatisticsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Fewer observations than the statistic needs.
    case tooFewObservations(count: Int, required: Int)
    /// A confidence level outside (0, 1).
    case invalidLevel(Double)
    /// A probability outside (0, 1).
    case invalidProbability(Double)
    /// Degrees of freedom that are not finite and > 0.
    case invalidDegreesOfFreedom(Double)
    /// Paired vectors of different lengths.
    case lengthMismatch(Int, Int)
    /// A NaN or infinite observation, at its index.
    case nonFiniteObservation(index: Int)

    public var description: String {
        switch self {
        case .tooFewObservations(let n, let r): "\(n) observation(s); at least \(r) needed"
        case .invalidLevel(let l): "confidence level \(l) is not in (0, 1)"
        case .invalidProbability(let p): "probability \(p) is not in (0, 1)"
        case .invalidDegreesOfFreedom(let nu): "degrees of freedom \(nu) are not finite and > 0"
        case .lengthMismatch(let a, let b): "paired vectors have different lengths (\(a) and \(b))"
        case .nonFiniteObservation(let i): "observation \(i) is not a finite number"
        }
    }
}

/// A Student-t confidence interval for a mean: mean ± t_{(1+level)/2, ν} · standard error.
public struct ConfidenceInterval: Hashable, Sendable, CustomStringConvertible {
    /// The point estimate.
    public let mean: Double
    /// Half the interval's width.
    public let halfWidth: Double
    /// The confidence level, e.g. 0.95.
    public let level: Double
    /// The number of observations (replications).
    public let count: Int
    /// The standard error of the mean.
    public let standardError: Double
    /// The degrees of freedom of the t quantile (n − 1, or Welch's for unpaired differences).
    public let degreesOfFreedom: Double

    /// The lower bound.
    public var lower: Double { mean - halfWidth }
    /// The upper bound.
    public var upper: Double { mean + halfWidth }

    /// Whether `value` lies in [lower, upper].
    public func contains(_ value: Double) -> Bool { value >= lower && value <= upper }

    public var description: String { "\(mean) ± \(halfWidth) (\(level * 100)%, n = \(count))" }

    /// The interval for the mean of `values` (one per replication; at least two, all finite).
    public init(_ values: [Double], level: Double = 0.95) throws(StatisticsError) {
        for (i, v) in values.enumerated() where !v.isFinite { throw .nonFiniteObservation(index: i) }
        try self.init(Tally(values), level: level)
    }

    /// The interval for the mean of the observations of `tally` (at least two).
    public init(_ tally: Tally, level: Double = 0.95) throws(StatisticsError) {
        guard tally.count >= 2 else { throw .tooFewObservations(count: tally.count, required: 2) }
        let standardError = (tally.variance / Double(tally.count)).squareRoot()
        try self.init(mean: tally.mean, standardError: standardError, degreesOfFreedom: Double(tally.count - 1),
                      count: tally.count, level: level)
    }

    private init(mean: Double, standardError: Double, degreesOfFreedom: Double, count: Int, level: Double) throws(StatisticsError) {
        guard level > 0, level < 1 else { throw .invalidLevel(level) }
        let t = try StudentT.quantile((1 + level) / 2, degreesOfFreedom: degreesOfFreedom)
        self.mean = mean
        self.standardError = standardError
        self.halfWidth = t * standardError
        self.level = level
        self.count = count
        self.degreesOfFreedom = degreesOfFreedom
    }

    /// The unpaired (Welch) interval for mean(a) − mean(b), treating the two samples as independent.
    /// With common random numbers prefer `PairedDifference`, which is narrower when the runs correlate.
    public static func welchDifference(_ a: [Double], _ b: [Double], level: Double = 0.95) throws(StatisticsError) -> ConfidenceInterval {
        let ta = try tally(a), tb = try tally(b)
        let va = ta.variance / Double(ta.count), vb = tb.variance / Double(tb.count)
        let se2 = va + vb
        var nu = Double(ta.count + tb.count - 2)
        if se2 > 0 {
            nu = se2 * se2 / (va * va / Double(ta.count - 1) + vb * vb / Double(tb.count - 1))
        }
        return try ConfidenceInterval(mean: ta.mean - tb.mean, standardError: se2.squareRoot(), degreesOfFreedom: nu,
                                      count: Swift.min(ta.count, tb.count), level: level)
    }

    private static func tally(_ values: [Double]) throws(StatisticsError) -> Tally {
        for (i, v) in values.enumerated() where !v.isFinite { throw .nonFiniteObservation(index: i) }
        guard values.count >= 2 else { throw .tooFewObservations(count: values.count, required: 2) }
        return Tally(values)
    }
}

/// The paired comparison of two policies run on the same seeds (common random numbers): the
/// per-replication differences a_r − b_r and the t interval of their mean.
public struct PairedDifference: Hashable, Sendable {
    /// a_r − b_r for each replication r.
    public let differences: [Double]
    /// The confidence interval of the mean difference.
    public let interval: ConfidenceInterval

    /// Pairs `a[r]` with `b[r]` (same length, at least two, finite).
    public init(_ a: [Double], _ b: [Double], level: Double = 0.95) throws(StatisticsError) {
        guard a.count == b.count else { throw .lengthMismatch(a.count, b.count) }
        differences = zip(a, b).map { $0 - $1 }
        interval = try ConfidenceInterval(differences, level: level)
    }

    /// The mean difference.
    public var mean: Double { interval.mean }

    /// Whether the interval excludes zero (the policies differ at the interval's level).
    public var isSignificant: Bool { !interval.contains(0) }
}
