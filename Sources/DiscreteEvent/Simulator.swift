/// A model driven by a `Simulator`: it owns its state and statistics and reacts to its own events.
public protocol SimulationModel {
    /// The model's event payload, typically an enum.
    associatedtype Event
    /// What `handle` may throw; `SimulationError` when it only schedules.
    associatedtype Failure: Error

    /// Reacts to `event` at `simulator.now`, scheduling follow-up events on `simulator`.
    mutating func handle(_ event: Event, in simulator: inout Simulator<Event>) throws(Failure)

    /// Discards statistics gathered so far (called once, at the end of the warm-up).
    mutating func resetStatistics(at time: Double)
}

extension SimulationModel {
    /// By default a model gathers no statistics to reset.
    public mutating func resetStatistics(at time: Double) {}
}

/// The simulated clock and its event calendar. Time is a `Double` (Echelon uses days).
///
/// Only the simulator moves `now`, and only forward: an event may not be scheduled before it. Events
/// carry a payload chosen by the model (an enum, so the hot loop allocates no closures); the model's
/// handler receives each one in (time, priority, sequence) order.
public struct Simulator<Event> {
    /// The current simulated time.
    @inlinable public var now: Double { clock }
    @usableFromInline var clock: Double
    /// The number of events handled so far.
    @inlinable public var handledEvents: Int { handled }
    @usableFromInline var handled = 0
    @usableFromInline var calendar = EventCalendar<Event>()

    /// A simulator whose clock starts at `startTime` (finite) with an empty calendar.
    @inlinable
    public init(startTime: Double = 0) throws(SimulationError) {
        guard startTime.isFinite else { throw .invalidTime(startTime) }
        clock = startTime
    }

    /// The number of pending events.
    @inlinable
    public var pendingEvents: Int { calendar.count }

    /// Schedules `event` at the absolute time `time` (finite, not before `now`). At equal times the
    /// smaller `priority` runs first, then the event scheduled first.
    @inlinable @inline(__always)
    @discardableResult
    public mutating func schedule(_ event: Event, at time: Double, priority: Int = 0) throws(SimulationError) -> EventID {
        guard time.isFinite else { throw .invalidTime(time) }
        guard time >= now else { throw .timeInPast(time: time, now: now) }
        return try calendar.schedule(event, at: time, priority: priority)
    }

    /// Schedules `event` `delay` time units from now (finite, non-negative).
    @inlinable @inline(__always)
    @discardableResult
    public mutating func schedule(_ event: Event, after delay: Double, priority: Int = 0) throws(SimulationError) -> EventID {
        guard delay.isFinite, delay >= 0 else { throw .invalidDelay(delay) }
        return try schedule(event, at: now + delay, priority: priority)
    }

    /// Schedules `event` `delay` after now in the FIFO lane of that delay (see
    /// `EventCalendar.lane(forDelay:)`): for delays that repeat exactly, such as deterministic
    /// lead times, the calendar keeps them in arrival order without a heap. Same order and result
    /// as `schedule(_:after:priority:)`.
    @inlinable
    @discardableResult
    public mutating func scheduleInLane(_ event: Event, after delay: Double, priority: Int = 0) throws(SimulationError) -> EventID {
        guard delay.isFinite, delay >= 0 else { throw .invalidDelay(delay) }
        guard let lane = calendar.lane(forDelay: delay) else { return try schedule(event, at: now + delay, priority: priority) }
        return try calendar.schedule(event, at: now + delay, priority: priority, lane: lane)
    }

    /// Cancels a pending event; false if it already fired or was cancelled.
    @inlinable
    @discardableResult
    public mutating func cancel(_ id: EventID) -> Bool { calendar.cancel(id) }

    /// Whether the event is still pending.
    @inlinable
    public func isPending(_ id: EventID) -> Bool { calendar.isPending(id) }

    /// The time of the next pending event, if any.
    @inlinable
    public mutating func nextEventTime() -> Double? { calendar.nextTime() }

    /// Takes the next event off the calendar and advances the clock to its time, leaving the handling
    /// to the caller. Returns nil when no event is pending.
    @inlinable
    public mutating func step() -> ScheduledEvent<Event>? {
        guard let next = calendar.popNext() else { return nil }
        clock = next.time
        handled += 1
        return next
    }

    /// Takes the next event if it comes before `end` (advancing the clock to it), else nil.
    @inlinable @inline(__always)
    public mutating func step(before end: Double) -> ScheduledEvent<Event>? {
        guard let next = calendar.popNext(before: end) else { return nil }
        clock = next.time
        handled += 1
        return next
    }

    /// The FIFO lane for events scheduled with this exact delay, or nil when the calendar has
    /// opened its maximum of lanes (see `EventCalendar.lane(forDelay:)`).
    @inlinable
    public mutating func lane(forDelay delay: Double) -> Int? { calendar.lane(forDelay: delay) }

    /// Schedules `event` `delay` after now in lane `lane` (from `lane(forDelay:)` with this
    /// delay); it falls back to the heap when the lane's order would break.
    @inlinable @inline(__always)
    @discardableResult
    public mutating func schedule(_ event: Event, after delay: Double, priority: Int = 0, lane: Int) throws(SimulationError) -> EventID {
        guard delay.isFinite, delay >= 0 else { throw .invalidDelay(delay) }
        return try calendar.schedule(event, at: now + delay, priority: priority, lane: lane)
    }

    /// Handles every event whose time is before `end`, in calendar order, then sets the clock to `end`.
    /// Events at exactly `end` stay pending. An `end` that is NaN or not after `now` handles nothing.
    /// With `end = .infinity` the run stops when the calendar is empty and the clock stays at the last event.
    @inlinable
    public mutating func run<Failure: Error>(
        until end: Double, _ handle: (inout Simulator<Event>, Event) throws(Failure) -> Void
    ) throws(Failure) {
        while let next = calendar.popNext(before: end) {
            clock = next.time
            handled += 1
            try handle(&self, next.event)
        }
        if end.isFinite && end > now { clock = end }
    }

    /// Runs `model` until `end` (see `run(until:_:)`).
    @inlinable
    public mutating func run<Model: SimulationModel>(_ model: inout Model, until end: Double) throws(Model.Failure)
    where Model.Event == Event {
        try run(until: end) { (simulator: inout Simulator<Event>, event: Event) throws(Model.Failure) in
            try model.handle(event, in: &simulator)
        }
    }

    /// Runs `model` to `warmUp`, resets its statistics there, then runs on to `end`: the statistics
    /// cover [warmUp, end).
    @inlinable
    public mutating func run<Model: SimulationModel>(_ model: inout Model, warmUp: Double, until end: Double) throws(Model.Failure)
    where Model.Event == Event {
        try run(&model, until: warmUp)
        model.resetStatistics(at: now)
        try run(&model, until: end)
    }
}

extension Simulator: Sendable where Event: Sendable {}
