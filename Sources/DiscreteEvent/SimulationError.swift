/// Why the engine refused to schedule an event.
public enum SimulationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A time or start time that is NaN or infinite.
    case invalidTime(Double)
    /// An event scheduled before the simulator's current time.
    case timeInPast(time: Double, now: Double)
    /// A delay that is negative, NaN or infinite.
    case invalidDelay(Double)

    public var description: String {
        switch self {
        case .invalidTime(let t): "event time \(t) is not a finite number"
        case .timeInPast(let t, let now): "event time \(t) lies before the current time \(now)"
        case .invalidDelay(let d): "delay \(d) is not a finite, non-negative number"
        }
    }
}
