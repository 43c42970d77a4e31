/// A piecewise-linear function of one variable through breakpoints `(x₀ = 0, y₀), (x₁, y₁), …`,
/// linear between them and extended with the last segment's slope beyond the last breakpoint.
///
/// Placement uses it for a depot's stock cost as a function of the demand assigned to it.
public struct PiecewiseLinear: Sendable, Equatable, Codable {
    /// Breakpoint abscissae, strictly increasing, the first 0.
    public let x: [Double]
    /// Function values at the breakpoints.
    public let y: [Double]

    /// Creates the function; throws unless there are at least two breakpoints, `x` starts at 0 and
    /// increases strictly, and every number is finite.
    public init(x: [Double], y: [Double]) throws(PlacementError) {
        guard x.count >= 2, x.count == y.count else {
            throw .invalidInput(field: "piecewise-linear breakpoints", reason: "need at least two (x, y) pairs of equal length, got \(x.count) and \(y.count)")
        }
        guard x[0] == 0 else { throw .invalidInput(field: "piecewise-linear breakpoints", reason: "the first x must be 0, got \(x[0])") }
        for k in x.indices {
            guard x[k].isFinite, y[k].isFinite else {
                throw .invalidInput(field: "piecewise-linear breakpoint \(k)", reason: "(\(x[k]), \(y[k])) is not finite")
            }
            if k > 0, !(x[k] > x[k - 1]) {
                throw .invalidInput(field: "piecewise-linear breakpoint \(k)", reason: "x must increase strictly (\(x[k - 1]) then \(x[k]))")
            }
        }
        self.x = x
        self.y = y
    }

    /// Number of linear segments.
    public var segmentCount: Int { x.count - 1 }

    /// Length of segment `s` (0-based).
    public func length(_ s: Int) -> Double { x[s + 1] - x[s] }

    /// Slope of segment `s` (0-based).
    public func slope(_ s: Int) -> Double { (y[s + 1] - y[s]) / (x[s + 1] - x[s]) }

    /// True when the slopes do not increase (a concave function).
    public var isConcave: Bool {
        (1..<segmentCount).allSatisfy { slope($0) <= slope($0 - 1) + 1e-9 * max(1, abs(slope($0 - 1))) }
    }

    /// The function's value at `t ≥ 0` (negative `t` is treated as 0).
    public func value(at t: Double) -> Double {
        let t = max(0, t)
        var s = 0
        while s < segmentCount - 1 && t > x[s + 1] { s += 1 }
        return y[s] + slope(s) * (t - x[s])
    }
}
