/// A solver with an optional wall-clock deadline: the time GLPK may still use, and whether it is up.
protocol DeadlineBound {
    var deadline: ContinuousClock.Instant? { get }
    var clock: ContinuousClock { get }
}

extension DeadlineBound {
    /// Seconds left before the deadline (at least 1 ms, so GLPK gets a positive limit); nil without one.
    func remaining() -> Double? {
        guard let deadline else { return nil }
        return max(0.001, (deadline - clock.now).seconds)
    }

    /// Whether the deadline has passed.
    func expired() -> Bool { deadline.map { clock.now >= $0 } ?? false }
}
