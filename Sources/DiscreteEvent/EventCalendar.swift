/// Identifies one scheduled event, so that it can be cancelled. Never reused within a calendar.
public struct EventID: Hashable, Sendable, BitwiseCopyable, CustomStringConvertible {
    /// The event's insertion sequence number (also its tie-breaker).
    public let sequence: UInt64
    @usableFromInline let slot: Int32

    @usableFromInline init(sequence: UInt64, slot: Int32) {
        self.sequence = sequence
        self.slot = slot
    }

    public var description: String { "event #\(sequence)" }
}

/// An event taken from the calendar: when it fires, its tie-breaking priority and its payload.
public struct ScheduledEvent<Event> {
    public let id: EventID
    public let time: Double
    public let priority: Int
    public let event: Event

    @usableFromInline init(id: EventID, time: Double, priority: Int, event: Event) {
        self.id = id
        self.time = time
        self.priority = priority
        self.event = event
    }
}

extension ScheduledEvent: Sendable where Event: Sendable {}

/// A future-event list ordered by (time, priority, sequence): earlier times first; at equal times the
/// smaller priority first; at equal time and priority the event scheduled first. Ties are therefore
/// deterministic.
///
/// A 4-ary heap of small keys (time, sequence, priority, slot: 24 bytes) with the payloads kept
/// apart by slot, so sifting moves keys only and a level holds four children in one cache line
/// or two (a binary heap of whole entries spent a fifth of a simulation in its sift-down). Lazy
/// deletion: `cancel` is O(1) (the key is skipped when it reaches the top; the heap is compacted
/// when more than half of it is cancelled), `schedule` and `popNext` are O(log n). Events
/// scheduled with one fixed delay can go to a FIFO lane instead (a ring buffer: they arrive in
/// time order, so they need no heap). Priorities are clamped to the 32-bit range. The calendar
/// has no clock; `Simulator` adds one and rejects times in the past.
///
/// A value: its heap, slots and lanes live in one `CalendarStorage`, copied when the calendar is
/// shared at the start of a mutating operation (one uniqueness check per operation).
public struct EventCalendar<Event> {
    @usableFromInline var storage = CalendarStorage<Event>()

    /// Lanes a calendar opens at most; later delays go to the heap.
    @inlinable static var maxLanes: Int { CalendarStorage<Event>.maxLanes }

    /// An empty calendar.
    @inlinable
    public init() {}

    /// The storage, copied first if this calendar shares it.
    @inlinable @inline(__always) mutating func unique() -> CalendarStorage<Event> {
        if !isKnownUniquelyReferenced(&storage) { storage = CalendarStorage(copying: storage) }
        return storage
    }

    /// The number of pending (scheduled, not yet popped, not cancelled) events.
    @inlinable
    public var count: Int { storage.count }

    /// Whether no event is pending.
    @inlinable
    public var isEmpty: Bool { count == 0 }

    /// Adds an event. Throws `SimulationError.invalidTime` for a NaN or infinite time.
    @inlinable @inline(__always)
    @discardableResult
    public mutating func schedule(_ event: Event, at time: Double, priority: Int = 0) throws(SimulationError) -> EventID {
        guard time.isFinite else { throw .invalidTime(time) }
        return unique().schedule(event, at: time, priority: Int32(clamping: priority))
    }

    /// The lane for events scheduled `delay` after their scheduling time, opened on first use;
    /// nil once `maxLanes` lanes are open (use the heap).
    @inlinable
    public mutating func lane(forDelay delay: Double) -> Int? {
        unique().lane(forDelay: delay.bitPattern)
    }

    /// Adds an event to a FIFO lane: it must not precede the lane's last event in (time,
    /// priority), which holds when every event of the lane is scheduled with the lane's delay from
    /// a clock that does not go back; otherwise (or for an unknown lane) it goes to the heap.
    @inlinable @inline(__always)
    @discardableResult
    public mutating func schedule(_ event: Event, at time: Double, priority: Int = 0, lane: Int) throws(SimulationError) -> EventID {
        guard time.isFinite else { throw .invalidTime(time) }
        let p = Int32(clamping: priority)
        let s = unique()
        if lane >= 0, lane < s.laneCount, let id = s.schedule(event, at: time, priority: p, lane: lane) { return id }
        return s.schedule(event, at: time, priority: p)
    }

    /// Whether the event is still pending.
    @inlinable
    public func isPending(_ id: EventID) -> Bool {
        storage.isPending(slot: Int(id.slot), sequence: id.sequence)
    }

    /// Cancels a pending event. Returns false if it already fired or was cancelled.
    @inlinable
    @discardableResult
    public mutating func cancel(_ id: EventID) -> Bool {
        guard isPending(id) else { return false }
        return unique().cancel(slot: Int(id.slot), sequence: id.sequence)
    }

    /// The time of the next pending event, or nil if none is pending.
    @inlinable
    public mutating func nextTime() -> Double? {
        if storage.stale == 0 { return storage.nextTime() }
        return unique().nextTime()
    }

    /// Removes and returns the next pending event, or nil if none is pending.
    @inlinable
    public mutating func popNext() -> ScheduledEvent<Event>? { popNext(before: .infinity) }

    /// Removes and returns the next pending event if it comes before `end`, else nil (and the
    /// event stays pending): one look at the calendar instead of `nextTime()` then `popNext()`.
    @inlinable @inline(__always)
    public mutating func popNext(before end: Double) -> ScheduledEvent<Event>? {
        unique().popNext(before: end)
    }

    /// Removes every pending event.
    @inlinable
    public mutating func removeAll() {
        unique().removeAll()
    }
}

extension EventCalendar: Sendable where Event: Sendable {}
