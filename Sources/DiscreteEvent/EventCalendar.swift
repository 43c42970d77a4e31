/// Identifies one scheduled event, so that it can be cancelled. Never reused within a calendar.
public struct EventID: Hashable, Sendable, CustomStringConvertible {
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
/// when more than half of it is cancelled), `schedule` and `popNext` are O(log n). Priorities are
/// clamped to the 32-bit range. The calendar has no clock; `Simulator` adds one and rejects times
/// in the past.
public struct EventCalendar<Event> {
    @usableFromInline struct Entry {
        @usableFromInline var time: Double
        @usableFromInline var sequence: UInt64
        @usableFromInline var priority: Int32
        @usableFromInline var slot: Int32

        @inlinable init(time: Double, priority: Int32, sequence: UInt64, slot: Int32) {
            self.time = time
            self.sequence = sequence
            self.priority = priority
            self.slot = slot
        }

        @inlinable @inline(__always) func precedes(_ other: Entry) -> Bool {
            if time != other.time { return time < other.time }
            if priority != other.priority { return priority < other.priority }
            return sequence < other.sequence
        }
    }

    @inlinable static var freeSlot: UInt64 { .max }

    @usableFromInline var heap: [Entry] = []
    /// `owner[slot]` is the sequence of the pending event holding the slot, or `freeSlot`.
    @usableFromInline var owner: [UInt64] = []
    /// `payload[slot]`: the event of the pending entry holding the slot.
    @usableFromInline var payload: [Event?] = []
    @usableFromInline var freeSlots: [Int32] = []
    @usableFromInline var nextSequence: UInt64 = 0
    @usableFromInline var stale = 0

    /// An empty calendar.
    @inlinable
    public init() {}

    /// The number of pending (scheduled, not yet popped, not cancelled) events.
    @inlinable
    public var count: Int { heap.count - stale }

    /// Whether no event is pending.
    @inlinable
    public var isEmpty: Bool { count == 0 }

    /// Adds an event. Throws `SimulationError.invalidTime` for a NaN or infinite time.
    @inlinable
    @discardableResult
    public mutating func schedule(_ event: Event, at time: Double, priority: Int = 0) throws(SimulationError) -> EventID {
        guard time.isFinite else { throw .invalidTime(time) }
        let slot: Int32
        if let reused = freeSlots.popLast() {
            slot = reused
            payload[Int(slot)] = event
        } else {
            slot = Int32(truncatingIfNeeded: owner.count)
            owner.append(Self.freeSlot)
            payload.append(event)
        }
        let sequence = nextSequence
        nextSequence &+= 1
        owner[Int(slot)] = sequence
        heap.append(Entry(time: time, priority: Int32(clamping: priority), sequence: sequence, slot: slot))
        siftUp(heap.count - 1)
        return EventID(sequence: sequence, slot: slot)
    }

    /// Whether the event is still pending.
    @inlinable
    public func isPending(_ id: EventID) -> Bool {
        let slot = Int(id.slot)
        return slot >= 0 && slot < owner.count && owner[slot] == id.sequence
    }

    /// Cancels a pending event. Returns false if it already fired or was cancelled.
    @inlinable
    @discardableResult
    public mutating func cancel(_ id: EventID) -> Bool {
        guard isPending(id) else { return false }
        release(id.slot)
        stale += 1
        if stale > 32 && stale * 2 > heap.count { compact() }
        return true
    }

    /// The time of the next pending event, or nil if none is pending.
    @inlinable
    public mutating func nextTime() -> Double? {
        dropCancelledTop()
        return heap.first?.time
    }

    /// Removes and returns the next pending event, or nil if none is pending.
    @inlinable
    public mutating func popNext() -> ScheduledEvent<Event>? {
        dropCancelledTop()
        guard let top = removeTop(), let event = payload[Int(top.slot)] else { return nil }
        release(top.slot)
        return ScheduledEvent(id: EventID(sequence: top.sequence, slot: top.slot), time: top.time,
                              priority: Int(top.priority), event: event)
    }

    /// Removes every pending event.
    @inlinable
    public mutating func removeAll() {
        heap.removeAll(keepingCapacity: true)
        owner.removeAll(keepingCapacity: true)
        payload.removeAll(keepingCapacity: true)
        freeSlots.removeAll(keepingCapacity: true)
        stale = 0
    }

    // MARK: heap internals

    @inlinable mutating func release(_ slot: Int32) {
        owner[Int(slot)] = Self.freeSlot
        payload[Int(slot)] = nil
        freeSlots.append(slot)
    }

    @inlinable @inline(__always) func isLive(_ entry: Entry) -> Bool { owner[Int(entry.slot)] == entry.sequence }

    @inlinable mutating func dropCancelledTop() {
        while let top = heap.first, !isLive(top) {
            _ = removeTop()
            stale -= 1
        }
    }

    @inlinable mutating func removeTop() -> Entry? {
        guard let last = heap.popLast() else { return nil }
        guard !heap.isEmpty else { return last }
        let top = heap[0]
        heap[0] = last
        siftDown(0)
        return top
    }

    @inlinable mutating func compact() {
        let owner = self.owner
        heap.removeAll { owner[Int($0.slot)] != $0.sequence }
        stale = 0
        var i = heap.count / 4 + 1
        while i > 0 {
            i -= 1
            if i < heap.count { siftDown(i) }
        }
    }

    @inlinable mutating func siftUp(_ start: Int) {
        heap.withUnsafeMutableBufferPointer { h in
            var child = start
            let entry = h[child]
            while child > 0 {
                let parent = (child - 1) >> 2
                guard entry.precedes(h[parent]) else { break }
                h[child] = h[parent]
                child = parent
            }
            h[child] = entry
        }
    }

    @inlinable mutating func siftDown(_ start: Int) {
        heap.withUnsafeMutableBufferPointer { h in
            let n = h.count
            var parent = start
            let entry = h[parent]
            while true {
                let first = 4 * parent + 1
                guard first < n else { break }
                var best = first
                let last = min(first + 4, n)
                var c = first + 1
                while c < last {
                    if h[c].precedes(h[best]) { best = c }
                    c += 1
                }
                guard h[best].precedes(entry) else { break }
                h[parent] = h[best]
                parent = best
            }
            h[parent] = entry
        }
    }
}

extension EventCalendar: Sendable where Event: Sendable {}
extension EventCalendar.Entry: Sendable where Event: Sendable {}
