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

    /// Whether more than `reserve` seconds are left before the deadline (always, without one).
    func hasTime(beyond reserve: Double) -> Bool { deadline.map { ($0 - clock.now).seconds > reserve } ?? true }

    /// Wall-clock seconds since `start`.
    func seconds(since start: ContinuousClock.Instant) -> Double { (clock.now - start).seconds }
}

extension Duration {
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) * 1e-18
    }
}
