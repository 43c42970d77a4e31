/// What happened to an SLA stop-watch.
public enum SLAWatchEvent: String, Sendable, Codable, CaseIterable {
    /// It started (or resumed after a pause) counting.
    case running
    /// It stopped counting for a while (a state outside its list, or the customer is awaited).
    case paused
    /// Its elapsed time reached the warning share of the target.
    case warning
    /// Its elapsed time reached the target. Never undone.
    case breach
    /// It stopped for good: met when no breach came first.
    case stopped
}

/// One named stop-watch of one order (response, restore, callback…): business time counted on a
/// ``BusinessCalendar`` while it runs, with warning and breach thresholds whose instants are
/// exact.
///
/// The watch is advanced by the desk's commands, each with its timestamp; ``advance(to:)`` first
/// emits every threshold crossed before that time at its own instant, so a threshold reached
/// while nobody looked still carries the instant it was reached. A breach stays a breach: later
/// pauses, a longer target after a priority change, or stopping do not undo it.
public struct SLAWatch: Sendable, Equatable {
    /// The watch's name, e.g. `response`.
    public let name: String
    /// Target in business hours, and the warning share of it (e.g. 0.8).
    public private(set) var targetHours: Double
    public let warningShare: Double
    /// Business hours counted before `runningSince` (or in all, when not running).
    public private(set) var elapsedHours = 0.0
    /// Desk time it has been running since; nil while paused or stopped.
    public private(set) var runningSince: Double?
    /// Instants of the warning and the breach, once reached.
    public private(set) var warnedAt: Double?
    public private(set) var breachedAt: Double?
    /// When it stopped for good.
    public private(set) var stoppedAt: Double?
    /// Desk time of the last update.
    public private(set) var updatedAt: Double

    /// A watch created (paused) at `time`.
    public init(name: String, targetHours: Double, warningShare: Double = 0.8, at time: Double) {
        self.name = name
        self.targetHours = targetHours
        self.warningShare = min(1, max(0, warningShare))
        updatedAt = time
    }

    /// Whether it is counting.
    public var isRunning: Bool { runningSince != nil }
    /// Whether it stopped without a breach.
    public var met: Bool { stoppedAt != nil && breachedAt == nil }

    /// Business hours elapsed at desk time `t` (≥ the last update).
    public func elapsed(at t: Double, on calendar: BusinessCalendar) -> Double {
        guard let since = runningSince else { return elapsedHours }
        return elapsedHours + calendar.businessHours(from: since, to: max(since, t))
    }

    /// The next threshold this watch will cross if it keeps running, and its instant; nil when
    /// paused, stopped, past both thresholds, or never (a calendar that does not open).
    public func nextDeadline(on calendar: BusinessCalendar) -> (event: SLAWatchEvent, at: Double)? {
        guard let since = runningSince else { return nil }
        let threshold: Double, event: SLAWatchEvent
        if warnedAt == nil && warningShare < 1 {
            threshold = targetHours * warningShare; event = .warning
        } else if breachedAt == nil {
            threshold = targetHours; event = .breach
        } else {
            return nil
        }
        let need = max(0, threshold - elapsedHours)
        guard let at = calendar.instant(after: need, from: since) else { return nil }
        return (event, at)
    }

    /// Moves the watch to desk time `t`, emitting every threshold crossed on the way at its own
    /// instant (≤ `t`).
    public mutating func advance(to t: Double, on calendar: BusinessCalendar, emit: (SLAWatchEvent, Double) -> Void) {
        while let (event, at) = nextDeadline(on: calendar), at <= t {
            if event == .warning { warnedAt = at } else { breachedAt = at }
            // Crossing a threshold does not change the count; only the instant is recorded.
            emit(event, at)
        }
        updatedAt = max(updatedAt, t)
    }

    /// Starts or pauses counting at `t` (after emitting what was crossed before).
    public mutating func setRunning(_ running: Bool, at t: Double, on calendar: BusinessCalendar,
                                    emit: (SLAWatchEvent, Double) -> Void) {
        guard stoppedAt == nil else { return }
        advance(to: t, on: calendar, emit: emit)
        if running, runningSince == nil {
            runningSince = t
            emit(.running, t)
        } else if !running, let since = runningSince {
            elapsedHours += calendar.businessHours(from: since, to: t)
            runningSince = nil
            emit(.paused, t)
        }
    }

    /// Stops the watch for good at `t`.
    public mutating func stop(at t: Double, on calendar: BusinessCalendar, emit: (SLAWatchEvent, Double) -> Void) {
        guard stoppedAt == nil else { return }
        advance(to: t, on: calendar, emit: emit)
        if let since = runningSince { elapsedHours += calendar.businessHours(from: since, to: t) }
        runningSince = nil
        stoppedAt = t
        emit(.stopped, t)
    }

    /// Folds the time counted up to `t` into the elapsed total (after emitting what was crossed),
    /// so that the watch can go on with another calendar from `t` (a change of SLA class).
    public mutating func checkpoint(at t: Double, on calendar: BusinessCalendar, emit: (SLAWatchEvent, Double) -> Void) {
        advance(to: t, on: calendar, emit: emit)
        if let since = runningSince, t > since {
            elapsedHours += calendar.businessHours(from: since, to: t)
            runningSince = t
        }
    }

    /// A new target from `t` on (a priority change): time already counted stays counted; a
    /// threshold the new target puts behind is crossed at `t`; a breach already reached stays.
    public mutating func retarget(hours: Double, at t: Double, on calendar: BusinessCalendar,
                                  emit: (SLAWatchEvent, Double) -> Void) {
        guard stoppedAt == nil else { return }
        advance(to: t, on: calendar, emit: emit)
        let counted = elapsed(at: t, on: calendar)
        if runningSince != nil {
            elapsedHours = counted
            runningSince = t
        }
        targetHours = hours
        if warnedAt == nil, warningShare < 1, counted >= hours * warningShare { warnedAt = t; emit(.warning, t) }
        if breachedAt == nil, counted >= hours { breachedAt = t; emit(.breach, t) }
    }
}
