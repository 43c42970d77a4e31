/// Observation-based statistics (count, mean, variance by Welford's method, min, max), e.g. of
/// waiting times. A value type: copy it to snapshot, `reset()` it at the end of the warm-up.
public struct Tally: Hashable, Sendable {
    /// The number of observations.
    public private(set) var count = 0
    /// The sample mean (0 before the first observation).
    public private(set) var mean = 0.0
    private var m2 = 0.0
    /// The smallest observation (+∞ before the first).
    public private(set) var min = Double.infinity
    /// The largest observation (−∞ before the first).
    public private(set) var max = -Double.infinity

    /// An empty tally.
    public init() {}

    /// A tally of `values`.
    public init(_ values: some Sequence<Double>) {
        for v in values { add(v) }
    }

    /// Records one observation.
    public mutating func add(_ value: Double) {
        count += 1
        let delta = value - mean
        mean += delta / Double(count)
        m2 += delta * (value - mean)
        if value < min { min = value }
        if value > max { max = value }
    }

    /// The sum of the observations.
    public var sum: Double { mean * Double(count) }

    /// The sample variance (divisor n − 1; 0 with fewer than two observations).
    public var variance: Double { count > 1 ? m2 / Double(count - 1) : 0 }

    /// The sample standard deviation.
    public var standardDeviation: Double { variance.squareRoot() }

    /// Adds the observations of `other` (Chan et al.'s parallel update).
    public mutating func merge(_ other: Tally) {
        guard other.count > 0 else { return }
        guard count > 0 else {
            self = other
            return
        }
        let n = Double(count + other.count)
        let delta = other.mean - mean
        m2 += other.m2 + delta * delta * Double(count) * Double(other.count) / n
        mean += delta * Double(other.count) / n
        count += other.count
        min = Swift.min(min, other.min)
        max = Swift.max(max, other.max)
    }

    /// Forgets every observation.
    public mutating func reset() { self = Tally() }
}

/// The time average of a piecewise-constant level (queue length, stock on hand, backorders).
///
/// The level holds from one `record` to the next; `mean(at:)` is the integral since the start (or
/// the last `reset`) divided by the elapsed time. Updates at times before the last one are taken as
/// happening at the last one (the simulator's clock never runs backwards).
public struct TimeWeighted: Hashable, Sendable {
    /// The current level.
    public private(set) var level: Double
    /// When the observation window began (construction or the last reset).
    public private(set) var startTime: Double
    /// When the level last changed.
    public private(set) var lastTime: Double
    private var area = 0.0
    /// The smallest level held during the window.
    public private(set) var min: Double
    /// The largest level held during the window.
    public private(set) var max: Double

    /// A statistic whose level is `level` from `time` on.
    public init(level: Double = 0, at time: Double = 0) {
        self.level = level
        startTime = time
        lastTime = time
        min = level
        max = level
    }

    /// Sets the level to `newLevel` from `time` on.
    public mutating func record(_ newLevel: Double, at time: Double) {
        if time > lastTime {
            area += level * (time - lastTime)
            lastTime = time
        }
        level = newLevel
        if newLevel < min { min = newLevel }
        if newLevel > max { max = newLevel }
    }

    /// Changes the level by `delta` at `time`.
    public mutating func add(_ delta: Double, at time: Double) { record(level + delta, at: time) }

    /// The integral of the level from the window's start to `time` (≥ the last update).
    public func integral(upTo time: Double) -> Double {
        area + level * Swift.max(0, time - lastTime)
    }

    /// The time average over [startTime, time]; the current level if no time has elapsed.
    public func mean(at time: Double) -> Double {
        let elapsed = Swift.max(time, lastTime) - startTime
        return elapsed > 0 ? integral(upTo: time) / elapsed : level
    }

    /// Starts a new window at `time` (the end of the warm-up), keeping the current level.
    public mutating func reset(at time: Double) {
        self = TimeWeighted(level: level, at: Swift.max(time, lastTime))
    }
}
