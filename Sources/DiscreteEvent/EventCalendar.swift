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

    /// A first-in-first-out lane for events scheduled with one fixed delay: they arrive in time
    /// order, so they need no heap (deterministic lead times: most of a supply network's pending
    /// events). Entries before `head` are gone.
    @usableFromInline struct Lane {
        @usableFromInline var entries: [Entry] = []
        @usableFromInline var head = 0
        @inlinable init() {}
        @inlinable var isEmpty: Bool { head >= entries.count }
    }

    @usableFromInline var lanes: [Lane] = []
    @usableFromInline var laneOfDelay: [UInt64: Int] = [:]
    @usableFromInline var laneEntries = 0
    /// Lanes a calendar opens at most; later delays go to the heap.
    @inlinable static var maxLanes: Int { 32 }

    /// An empty calendar.
    @inlinable
    public init() {}

    /// The number of pending (scheduled, not yet popped, not cancelled) events.
    @inlinable
    public var count: Int { heap.count + laneEntries - stale }

    /// Whether no event is pending.
    @inlinable
    public var isEmpty: Bool { count == 0 }

    /// Adds an event. Throws `SimulationError.invalidTime` for a NaN or infinite time.
    @inlinable
    @discardableResult
    public mutating func schedule(_ event: Event, at time: Double, priority: Int = 0) throws(SimulationError) -> EventID {
        guard time.isFinite else { throw .invalidTime(time) }
        let slot = takeSlot(event)
        let sequence = nextSequence
        nextSequence &+= 1
        owner[Int(slot)] = sequence
        heap.append(Entry(time: time, priority: Int32(clamping: priority), sequence: sequence, slot: slot))
        siftUp(heap.count - 1)
        return EventID(sequence: sequence, slot: slot)
    }

    /// The lane for events scheduled `delay` after their scheduling time, opened on first use;
    /// nil once `maxLanes` lanes are open (use the heap).
    @inlinable
    public mutating func lane(forDelay delay: Double) -> Int? {
        if let k = laneOfDelay[delay.bitPattern] { return k }
        guard lanes.count < Self.maxLanes else { return nil }
        lanes.append(Lane())
        laneOfDelay[delay.bitPattern] = lanes.count - 1
        return lanes.count - 1
    }

    /// Adds an event to a FIFO lane: it must not precede the lane's last event in (time,
    /// priority), which holds when every event of the lane is scheduled with the lane's delay from
    /// a clock that does not go back; otherwise (or for an unknown lane) it goes to the heap.
    @inlinable
    @discardableResult
    public mutating func schedule(_ event: Event, at time: Double, priority: Int = 0, lane: Int) throws(SimulationError) -> EventID {
        guard time.isFinite else { throw .invalidTime(time) }
        let p = Int32(clamping: priority)
        guard lane >= 0, lane < lanes.count else { return try schedule(event, at: time, priority: priority) }
        if let tail = lanes[lane].entries.last, !lanes[lane].isEmpty,
           !(time > tail.time || (time == tail.time && p >= tail.priority)) {
            return try schedule(event, at: time, priority: priority)
        }
        let slot = takeSlot(event)
        let sequence = nextSequence
        nextSequence &+= 1
        owner[Int(slot)] = sequence
        lanes[lane].entries.append(Entry(time: time, priority: p, sequence: sequence, slot: slot))
        laneEntries += 1
        return EventID(sequence: sequence, slot: slot)
    }

    @inlinable mutating func takeSlot(_ event: Event) -> Int32 {
        if let reused = freeSlots.popLast() {
            payload[Int(reused)] = event
            return reused
        }
        owner.append(Self.freeSlot)
        payload.append(event)
        return Int32(truncatingIfNeeded: owner.count - 1)
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
        if stale > 32 && stale * 2 > heap.count + laneEntries { compact() }
        return true
    }

    /// The time of the next pending event, or nil if none is pending.
    @inlinable
    public mutating func nextTime() -> Double? {
        dropCancelledTop()
        let k = earliestLane()
        guard let h = heap.first else { return k.map { lanes[$0].entries[lanes[$0].head].time } }
        guard let k else { return h.time }
        let l = lanes[k].entries[lanes[k].head]
        return l.precedes(h) ? l.time : h.time
    }

    /// Removes and returns the next pending event, or nil if none is pending.
    @inlinable
    public mutating func popNext() -> ScheduledEvent<Event>? { popNext(before: .infinity) }

    /// Removes and returns the next pending event if it comes before `end`, else nil (and the
    /// event stays pending): one look at the calendar instead of `nextTime()` then `popNext()`.
    @inlinable
    public mutating func popNext(before end: Double) -> ScheduledEvent<Event>? {
        dropCancelledTop()
        let top: Entry
        let k = earliestLane()
        let laneFirst = k.map { k in heap.first.map { lanes[k].entries[lanes[k].head].precedes($0) } ?? true } ?? false
        if let k, laneFirst {
            guard lanes[k].entries[lanes[k].head].time < end else { return nil }
            top = lanes[k].entries[lanes[k].head]
            advance(k)
        } else if let h = heap.first, h.time < end, let removed = removeTop() {
            top = removed
        } else {
            return nil
        }
        guard let event = payload[Int(top.slot)] else { return nil }
        release(top.slot)
        return ScheduledEvent(id: EventID(sequence: top.sequence, slot: top.slot), time: top.time,
                              priority: Int(top.priority), event: event)
    }

    /// Removes every pending event.
    @inlinable
    public mutating func removeAll() {
        heap.removeAll(keepingCapacity: true)
        for k in lanes.indices { lanes[k] = Lane() }
        laneEntries = 0
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
        guard stale > 0 else { return }
        while let top = heap.first, !isLive(top) {
            _ = removeTop()
            stale -= 1
        }
        for k in lanes.indices {
            while !lanes[k].isEmpty && !isLive(lanes[k].entries[lanes[k].head]) {
                advance(k)
                stale -= 1
            }
        }
    }

    /// The lane whose head comes first, if any lane holds an event.
    @inlinable func earliestLane() -> Int? {
        var best: Int?
        for k in lanes.indices where !lanes[k].isEmpty {
            if let b = best {
                if lanes[k].entries[lanes[k].head].precedes(lanes[b].entries[lanes[b].head]) { best = k }
            } else {
                best = k
            }
        }
        return best
    }

    /// Drops lane k's head, compacting the lane's storage now and then.
    @inlinable mutating func advance(_ k: Int) {
        lanes[k].head += 1
        laneEntries -= 1
        if lanes[k].isEmpty {
            lanes[k].entries.removeAll(keepingCapacity: true)
            lanes[k].head = 0
        } else if lanes[k].head >= 1024 && lanes[k].head * 2 >= lanes[k].entries.count {
            lanes[k].entries.removeFirst(lanes[k].head)
            lanes[k].head = 0
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
        laneEntries = 0
        for k in lanes.indices {
            let live = lanes[k].entries[lanes[k].head...].filter { owner[Int($0.slot)] == $0.sequence }
            lanes[k] = Lane()
            lanes[k].entries = Array(live)
            laneEntries += live.count
        }
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
extension EventCalendar.Lane: Sendable where Event: Sendable {}
