/// The key the calendar orders events by: time, priority, sequence (24 bytes; the payload stays
/// apart, in its slot).
@usableFromInline
struct CalendarEntry: Sendable, BitwiseCopyable {
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

    /// (time, priority, sequence) order; sequences are unique, so the order is total.
    @inlinable @inline(__always) func precedes(_ other: CalendarEntry) -> Bool {
        if time != other.time { return time < other.time }
        if priority != other.priority { return priority < other.priority }
        return sequence < other.sequence
    }
}

/// A FIFO lane of the calendar: a ring buffer of keys in time order.
///
/// Invariants: `base` has room for `mask + 1` entries (a power of two); the lane's entries are
/// at `(head + i) & mask` for `i < count`, `count ≤ mask + 1`. The ring belongs to one
/// `CalendarStorage`, which frees it in its `deinit`.
@usableFromInline
struct CalendarLane {
    @usableFromInline var base: UnsafeMutablePointer<CalendarEntry>
    @usableFromInline var mask: Int
    @usableFromInline var head: Int
    @usableFromInline var count: Int
    /// The bit pattern of the lane's delay.
    @usableFromInline var delay: UInt64

    @inlinable init(delay: UInt64, capacity: Int) {
        base = .allocate(capacity: capacity)
        mask = capacity - 1
        head = 0
        count = 0
        self.delay = delay
    }

    /// The first entry (the lane must not be empty).
    @inlinable var first: CalendarEntry {
        @inline(__always) get {
            assert(count > 0, "empty calendar lane")
            return base[head]
        }
    }

    /// The last entry (the lane must not be empty).
    @inlinable var last: CalendarEntry {
        assert(count > 0, "empty calendar lane")
        return base[(head &+ count &- 1) & mask]
    }

    @inlinable @inline(__always) mutating func append(_ entry: CalendarEntry) {
        if count > mask { grow() }
        base[(head &+ count) & mask] = entry
        count &+= 1
    }

    @inlinable @inline(__always) mutating func dropFirst() {
        assert(count > 0, "empty calendar lane")
        head = (head &+ 1) & mask
        count &-= 1
    }

    /// Doubles the ring, its entries moved to the front in order.
    @inlinable @inline(never) mutating func grow() {
        let capacity = (mask + 1) * 2
        let bigger = UnsafeMutablePointer<CalendarEntry>.allocate(capacity: capacity)
        for i in 0..<count { (bigger + i).initialize(to: base[(head + i) & mask]) }
        base.deallocate()
        base = bigger
        mask = capacity - 1
        head = 0
    }

    /// An independent copy of the ring.
    @inlinable func copy() -> CalendarLane {
        var other = CalendarLane(delay: delay, capacity: mask + 1)
        for i in 0..<count { (other.base + i).initialize(to: base[(head + i) & mask]) }
        other.count = count
        return other
    }

    /// Keeps the entries for which `keep` holds, in order.
    @inlinable mutating func removeAll(where drop: (CalendarEntry) -> Bool) {
        var kept = 0
        for i in 0..<count {
            let e = base[(head + i) & mask]
            if !drop(e) {
                base[(head + kept) & mask] = e
                kept += 1
            }
        }
        count = kept
    }
}

/// The calendar's working memory: the 4-ary heap of keys, the payload slots and the FIFO lanes,
/// in buffers of its own. A class so that one calendar operation checks uniqueness once
/// (`EventCalendar.unique()`, copying the storage when the calendar value is shared) instead
/// of once per array write; everything here is only mutated while uniquely referenced.
///
/// Its stored properties skip the runtime exclusivity checks (`@exclusivity(unchecked)`): a
/// calendar belongs to one simulator on one thread, and no operation holds an access across
/// another (each reads and writes the fields and returns); a class's checked accesses cost a
/// runtime call each, several per event on the calendar's hottest path.
///
/// Invariants (all indices are produced by the storage itself, `assert`ed in debug builds):
/// - `heap` has room for `heapCapacity` keys, the first `heapCount` initialised;
/// - `owner`, `payload` and `freeSlots` have room for `slotCapacity` elements; slots
///   `0 ..< slotCount` are in use or free; `owner[s]` is the sequence of the pending event
///   holding slot `s`, or `freeSlot`, and `payload[s]` is initialised exactly when
///   `owner[s] != freeSlot`; `freeSlots[0 ..< freeCount]` lists the free slots (so
///   `freeCount ≤ slotCount`);
/// - `lanes` has room for `maxLanes` lanes, the first `laneCount` initialised;
/// - `stale` counts keys (heap or lanes) of cancelled events, whose slot no longer names them.
/// Every buffer is freed, and every live payload deinitialised, in `deinit`.
@usableFromInline
final class CalendarStorage<Event> {
    @inlinable static var freeSlot: UInt64 { .max }
    /// Lanes a calendar opens at most; later delays go to the heap.
    @inlinable static var maxLanes: Int { 32 }

    @usableFromInline @exclusivity(unchecked) var heap: UnsafeMutablePointer<CalendarEntry>
    @usableFromInline @exclusivity(unchecked) var heapCount: Int
    @usableFromInline @exclusivity(unchecked) var heapCapacity: Int
    @usableFromInline @exclusivity(unchecked) var owner: UnsafeMutablePointer<UInt64>
    @usableFromInline @exclusivity(unchecked) var payload: UnsafeMutablePointer<Event>
    @usableFromInline @exclusivity(unchecked) var freeSlots: UnsafeMutablePointer<Int32>
    @usableFromInline @exclusivity(unchecked) var slotCount: Int
    @usableFromInline @exclusivity(unchecked) var freeCount: Int
    @usableFromInline @exclusivity(unchecked) var slotCapacity: Int
    @usableFromInline let lanes: UnsafeMutablePointer<CalendarLane>
    @usableFromInline @exclusivity(unchecked) var laneCount: Int
    @usableFromInline @exclusivity(unchecked) var laneEntries: Int
    @usableFromInline @exclusivity(unchecked) var nextSequence: UInt64
    @usableFromInline @exclusivity(unchecked) var stale: Int

    @inlinable init() {
        heapCapacity = 16
        heap = .allocate(capacity: 16)
        heapCount = 0
        slotCapacity = 16
        owner = .allocate(capacity: 16)
        payload = .allocate(capacity: 16)
        freeSlots = .allocate(capacity: 16)
        slotCount = 0
        freeCount = 0
        lanes = .allocate(capacity: Self.maxLanes)
        laneCount = 0
        laneEntries = 0
        nextSequence = 0
        stale = 0
    }

    @inlinable init(copying o: CalendarStorage) {
        heapCapacity = o.heapCapacity
        heap = .allocate(capacity: o.heapCapacity)
        heap.initialize(from: o.heap, count: o.heapCount)
        heapCount = o.heapCount
        slotCapacity = o.slotCapacity
        owner = .allocate(capacity: o.slotCapacity)
        owner.initialize(from: o.owner, count: o.slotCount)
        payload = .allocate(capacity: o.slotCapacity)
        for s in 0..<o.slotCount where o.owner[s] != Self.freeSlot { (payload + s).initialize(to: o.payload[s]) }
        freeSlots = .allocate(capacity: o.slotCapacity)
        freeSlots.initialize(from: o.freeSlots, count: o.freeCount)
        slotCount = o.slotCount
        freeCount = o.freeCount
        lanes = .allocate(capacity: Self.maxLanes)
        for k in 0..<o.laneCount { (lanes + k).initialize(to: o.lanes[k].copy()) }
        laneCount = o.laneCount
        laneEntries = o.laneEntries
        nextSequence = o.nextSequence
        stale = o.stale
    }

    deinit {
        for s in 0..<slotCount where owner[s] != Self.freeSlot { (payload + s).deinitialize(count: 1) }
        for k in 0..<laneCount { lanes[k].base.deallocate() }
        heap.deallocate()
        owner.deallocate()
        payload.deallocate()
        freeSlots.deallocate()
        lanes.deallocate()
    }

    @inlinable var count: Int { heapCount + laneEntries - stale }

    // MARK: slots

    /// A slot holding `event`, owned by `sequence`.
    @inlinable @inline(__always) func takeSlot(_ event: Event, sequence: UInt64) -> Int32 {
        let slot: Int
        if freeCount > 0 {
            freeCount &-= 1
            slot = Int(freeSlots[freeCount])
        } else {
            if slotCount == slotCapacity { growSlots() }
            slot = slotCount
            slotCount &+= 1
        }
        assert(slot < slotCount)
        owner[slot] = sequence
        (payload + slot).initialize(to: event)
        return Int32(truncatingIfNeeded: slot)
    }

    @inlinable @inline(never) func growSlots() {
        let capacity = slotCapacity * 2
        let o = UnsafeMutablePointer<UInt64>.allocate(capacity: capacity)
        o.moveInitialize(from: owner, count: slotCount)
        owner.deallocate()
        owner = o
        let p = UnsafeMutablePointer<Event>.allocate(capacity: capacity)
        for s in 0..<slotCount where owner[s] != Self.freeSlot { (p + s).moveInitialize(from: payload + s, count: 1) }
        payload.deallocate()
        payload = p
        let f = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
        f.moveInitialize(from: freeSlots, count: freeCount)
        freeSlots.deallocate()
        freeSlots = f
        slotCapacity = capacity
    }

    /// Frees a live slot, returning its payload.
    @inlinable @inline(__always) func release(_ slot: Int32) -> Event {
        let s = Int(slot)
        assert(s >= 0 && s < slotCount && owner[s] != Self.freeSlot, "calendar slot not live")
        owner[s] = Self.freeSlot
        freeSlots[freeCount] = slot
        freeCount &+= 1
        return (payload + s).move()
    }

    @inlinable @inline(__always) func isLive(_ entry: CalendarEntry) -> Bool { owner[Int(entry.slot)] == entry.sequence }

    @inlinable func isPending(slot: Int, sequence: UInt64) -> Bool {
        slot >= 0 && slot < slotCount && owner[slot] == sequence
    }

    // MARK: scheduling

    @inlinable @inline(__always) func schedule(_ event: Event, at time: Double, priority: Int32) -> EventID {
        let sequence = nextSequence
        nextSequence &+= 1
        let slot = takeSlot(event, sequence: sequence)
        push(CalendarEntry(time: time, priority: priority, sequence: sequence, slot: slot))
        return EventID(sequence: sequence, slot: slot)
    }

    @inlinable func lane(forDelay bits: UInt64) -> Int? {
        for k in 0..<laneCount where lanes[k].delay == bits { return k }
        guard laneCount < Self.maxLanes else { return nil }
        (lanes + laneCount).initialize(to: CalendarLane(delay: bits, capacity: 16))
        laneCount += 1
        return laneCount - 1
    }

    /// Adds to lane `k` (a valid lane) if the event does not precede its tail; false otherwise.
    @inlinable @inline(__always) func schedule(_ event: Event, at time: Double, priority: Int32, lane k: Int) -> EventID? {
        assert(k >= 0 && k < laneCount)
        let lane = lanes + k
        if lane.pointee.count > 0 {
            let tail = lane.pointee.last
            guard time > tail.time || (time == tail.time && priority >= tail.priority) else { return nil }
        }
        let sequence = nextSequence
        nextSequence &+= 1
        let slot = takeSlot(event, sequence: sequence)
        lane.pointee.append(CalendarEntry(time: time, priority: priority, sequence: sequence, slot: slot))
        laneEntries &+= 1
        return EventID(sequence: sequence, slot: slot)
    }

    @inlinable func cancel(slot: Int, sequence: UInt64) -> Bool {
        guard isPending(slot: slot, sequence: sequence) else { return false }
        _ = release(Int32(truncatingIfNeeded: slot))
        stale += 1
        if stale > 32 && stale * 2 > heapCount + laneEntries { compact() }
        return true
    }

    // MARK: taking

    /// The lane whose first entry comes first (−1 if every lane is empty), and that entry.
    @inlinable @inline(__always) func earliestLane() -> (lane: Int, entry: CalendarEntry) {
        var best = -1
        var entry = CalendarEntry(time: 0, priority: 0, sequence: 0, slot: 0)
        for k in 0..<laneCount where lanes[k].count > 0 {
            let e = lanes[k].first
            if best < 0 || e.precedes(entry) {
                best = k
                entry = e
            }
        }
        return (best, entry)
    }

    @inlinable func nextTime() -> Double? {
        if stale > 0 { dropCancelled() }
        let (k, l) = earliestLane()
        guard heapCount > 0 else { return k >= 0 ? l.time : nil }
        let h = heap[0]
        return k >= 0 && l.precedes(h) ? l.time : h.time
    }

    @inlinable @inline(__always) func popNext(before end: Double) -> ScheduledEvent<Event>? {
        if stale > 0 { dropCancelled() }
        let (k, l) = earliestLane()
        let top: CalendarEntry
        if heapCount > 0 && (k < 0 || heap[0].precedes(l)) {
            guard heap[0].time < end else { return nil }
            top = removeTop()
        } else if k >= 0 {
            guard l.time < end else { return nil }
            top = l
            lanes[k].dropFirst()
            laneEntries &-= 1
        } else {
            return nil
        }
        let event = release(top.slot)
        return ScheduledEvent(id: EventID(sequence: top.sequence, slot: top.slot), time: top.time,
                              priority: Int(top.priority), event: event)
    }

    /// Drops cancelled keys from the heap's top and the lanes' heads.
    @inlinable func dropCancelled() {
        while heapCount > 0 && !isLive(heap[0]) {
            _ = removeTop()
            stale -= 1
        }
        for k in 0..<laneCount {
            while lanes[k].count > 0 && !isLive(lanes[k].first) {
                lanes[k].dropFirst()
                laneEntries -= 1
                stale -= 1
            }
        }
    }

    @inlinable func removeAll() {
        for s in 0..<slotCount where owner[s] != Self.freeSlot { (payload + s).deinitialize(count: 1) }
        heapCount = 0
        for k in 0..<laneCount {
            lanes[k].head = 0
            lanes[k].count = 0
        }
        laneEntries = 0
        slotCount = 0
        freeCount = 0
        stale = 0
    }

    /// Drops every cancelled key, then restores the heap order.
    @inlinable func compact() {
        var kept = 0
        for i in 0..<heapCount where isLive(heap[i]) {
            heap[kept] = heap[i]
            kept += 1
        }
        heapCount = kept
        laneEntries = 0
        for k in 0..<laneCount {
            lanes[k].removeAll { !self.isLive($0) }
            laneEntries += lanes[k].count
        }
        stale = 0
        var i = heapCount / 4 + 1
        while i > 0 {
            i -= 1
            if i < heapCount { siftDown(heap[i], from: i) }
        }
    }

    // MARK: heap

    @inlinable @inline(__always) func push(_ entry: CalendarEntry) {
        if heapCount == heapCapacity { growHeap() }
        var child = heapCount
        heapCount &+= 1
        while child > 0 {
            let parent = (child &- 1) >> 2
            let p = heap[parent]
            guard entry.precedes(p) else { break }
            heap[child] = p
            child = parent
        }
        heap[child] = entry
    }

    @inlinable @inline(never) func growHeap() {
        let capacity = heapCapacity * 2
        let bigger = UnsafeMutablePointer<CalendarEntry>.allocate(capacity: capacity)
        bigger.moveInitialize(from: heap, count: heapCount)
        heap.deallocate()
        heap = bigger
        heapCapacity = capacity
    }

    /// Removes and returns the heap's top (the heap must not be empty).
    @inlinable @inline(__always) func removeTop() -> CalendarEntry {
        assert(heapCount > 0, "empty calendar heap")
        let top = heap[0]
        heapCount &-= 1
        if heapCount > 0 { siftDown(heap[heapCount], from: 0) }
        return top
    }

    /// Puts `entry` at `start` and sifts it down.
    @inlinable @inline(__always) func siftDown(_ entry: CalendarEntry, from start: Int) {
        let h = heap
        let n = heapCount
        var parent = start
        while true {
            let first = 4 &* parent &+ 1
            guard first < n else { break }
            var best = first
            var bestEntry = h[first]
            if first &+ 3 < n {
                // Four children: a tournament of three comparisons, no loop (keys are distinct,
                // so the winner is the one smallest child whatever the pairing).
                let b = h[first &+ 1], c = h[first &+ 2], d = h[first &+ 3]
                if b.precedes(bestEntry) {
                    best = first &+ 1
                    bestEntry = b
                }
                let cd = d.precedes(c)
                let right = cd ? d : c
                if right.precedes(bestEntry) {
                    best = cd ? first &+ 3 : first &+ 2
                    bestEntry = right
                }
            } else {
                var c = first &+ 1
                while c < n {
                    let e = h[c]
                    if e.precedes(bestEntry) {
                        best = c
                        bestEntry = e
                    }
                    c &+= 1
                }
            }
            guard bestEntry.precedes(entry) else { break }
            h[parent] = bestEntry
            parent = best
        }
        h[parent] = entry
    }
}

// Only mutated while uniquely referenced (copy on write at each `EventCalendar` operation), like
// the standard collections' storage.
extension CalendarStorage: @unchecked Sendable where Event: Sendable {}
