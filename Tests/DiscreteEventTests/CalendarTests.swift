import Testing
import DiscreteEvent

@Suite struct CalendarTests {
    @Test func ordersByTimeThenPriorityThenInsertion() throws {
        var calendar = EventCalendar<String>()
        try calendar.schedule("late", at: 5)
        try calendar.schedule("tie-low-priority-1", at: 2, priority: 1)
        try calendar.schedule("tie-high-priority", at: 2, priority: -1)
        try calendar.schedule("tie-low-priority-2", at: 2, priority: 1)
        try calendar.schedule("tie-default-1", at: 2)
        try calendar.schedule("early", at: 1)
        try calendar.schedule("tie-default-2", at: 2)
        var order: [String] = []
        while let next = calendar.popNext() { order.append(next.event) }
        #expect(order == ["early", "tie-high-priority", "tie-default-1", "tie-default-2",
                          "tie-low-priority-1", "tie-low-priority-2", "late"])
    }

    @Test func manyRandomEventsComeOutSorted() throws {
        var calendar = EventCalendar<Int>()
        var stream = RandomStream(seed: 7)
        for i in 0..<2_000 { try calendar.schedule(i, at: Double(stream.next() % 50), priority: Int(stream.next() % 3)) }
        var previous: (Double, Int, UInt64)?
        var popped = 0
        while let next = calendar.popNext() {
            let key = (next.time, next.priority, next.id.sequence)
            if let p = previous { #expect(p < key) }
            previous = key
            popped += 1
        }
        #expect(popped == 2_000)
    }

    /// A hold model mixing fixed-delay events (FIFO lanes) with random ones (heap), some of them
    /// cancelled: the simulator pops exactly the order of a heap-only reference run, with the
    /// same counts, and an out-of-order lane event falls back to the heap.
    @Test func fifoLanesKeepTheHeapOrder() throws {
        /// Runs the hold model; fixed-delay events go to FIFO lanes or to the heap.
        func holdModel(useLanes: Bool) throws -> [Int] {
            var sim = try Simulator<Int>()
            var start = RandomStream(seed: 3), rng = RandomStream(seed: 9)
            for i in 0..<200 { try sim.schedule(i, after: start.nextExponential(mean: 5)) }
            var fired: [Int] = []
            var n = 200
            while let ev = sim.step() {
                fired.append(ev.event)
                let u = rng.nextDouble()
                if u < 0.4 {
                    let delay = [1.0, 10, 20][n % 3]
                    if useLanes {
                        try sim.scheduleInLane(n, after: delay, priority: n % 2)
                    } else {
                        try sim.schedule(n, after: delay, priority: n % 2)
                    }
                } else if u < 0.8 {
                    try sim.schedule(n, after: rng.nextExponential(mean: 3))
                }
                if u < 0.8 { n += 1 }
                if fired.count > 5000 { break }
            }
            return fired
        }
        let seen = try holdModel(useLanes: true), reference = try holdModel(useLanes: false)
        var cancelled = 0
        #expect(seen == reference)
        #expect(seen.count > 1000)
        // Cancelling lane events: they never fire, and the count stays right.
        var sim = try Simulator<Int>()
        var ids: [EventID] = []
        for i in 0..<100 { ids.append(try sim.scheduleInLane(i, after: 2)) }
        for k in stride(from: 0, to: 100, by: 3) { if sim.cancel(ids[k]) { cancelled += 1 } }
        #expect(sim.pendingEvents == 100 - cancelled)
        var fired: [Int] = []
        while let ev = sim.step() { fired.append(ev.event) }
        #expect(fired == (0..<100).filter { $0 % 3 != 0 })
        // An event that would precede the lane's tail goes to the heap and still comes out in order.
        var cal = EventCalendar<String>()
        let maybeLane = cal.lane(forDelay: 1)
        let lane = try #require(maybeLane)
        try cal.schedule("b", at: 5, lane: lane)
        try cal.schedule("a", at: 3, lane: lane)
        try cal.schedule("c", at: 4)
        var order: [String] = []
        while let e = cal.popNext() { order.append(e.event) }
        #expect(order == ["a", "c", "b"])
    }

    @Test func cancelledEventsNeverFire() throws {
        var calendar = EventCalendar<Int>()
        var ids: [EventID] = []
        for i in 0..<200 { ids.append(try calendar.schedule(i, at: Double(i % 17))) }
        for (i, id) in ids.enumerated() where i % 3 == 0 { let cancelled = calendar.cancel(id); #expect(cancelled) }
        let again = calendar.cancel(ids[0])
        #expect(!again)  // twice
        #expect(calendar.count == 200 - 67)
        #expect(!calendar.isPending(ids[3]) && calendar.isPending(ids[4]))
        var fired: [Int] = []
        while let next = calendar.popNext() { fired.append(next.event) }
        #expect(fired.sorted() == (0..<200).filter { $0 % 3 != 0 })
        let late = calendar.cancel(ids[4])
        #expect(!late)  // already fired
        #expect(calendar.isEmpty)
    }

    @Test func slotsAreReusedWithoutConfusingOldIDs() throws {
        var calendar = EventCalendar<Int>()
        let first = try calendar.schedule(1, at: 1)
        let cancelled = calendar.cancel(first)
        #expect(cancelled)
        let second = try calendar.schedule(2, at: 2)  // reuses the slot
        #expect(first != second)
        let stale = calendar.cancel(first)
        #expect(!stale)
        #expect(calendar.isPending(second))
        let next = calendar.popNext()
        #expect(next?.event == 2)
    }

    @Test func simulatorClockIsMonotonicAndRejectsBadTimes() throws {
        var sim = try Simulator<Int>(startTime: 0)
        var stream = RandomStream(seed: 1)
        for i in 0..<100 { try sim.schedule(i, at: stream.nextDouble() * 10) }
        var times: [Double] = []
        sim.run(until: 5) { sim, _ in times.append(sim.now) }
        #expect(times == times.sorted())
        #expect(times.allSatisfy { $0 < 5 })
        #expect(sim.now == 5)
        #expect(throws: SimulationError.timeInPast(time: 4, now: 5)) { try sim.schedule(0, at: 4) }
        #expect(throws: SimulationError.self) { try sim.schedule(0, at: .nan) }
        #expect(throws: SimulationError.invalidTime(.infinity)) { try sim.schedule(0, at: .infinity) }
        #expect(throws: SimulationError.invalidDelay(-1)) { try sim.schedule(0, after: -1) }
        #expect(throws: SimulationError.self) { try sim.schedule(0, after: .nan) }
        #expect(throws: SimulationError.self) { try Simulator<Int>(startTime: .nan) }
        let before = sim.handledEvents
        sim.run(until: .nan) { _, _ in }
        sim.run(until: 1) { _, _ in }
        #expect(sim.handledEvents == before && sim.now == 5)
        sim.run(until: .infinity) { _, _ in }
        #expect(sim.pendingEvents == 0 && sim.handledEvents == 100 && sim.now < 10)
    }

    @Test func eventsAtTheEndStayPendingAndHandlersCanScheduleAndCancel() throws {
        var sim = try Simulator<String>()
        try sim.schedule("at-end", at: 10)
        let doomed = try sim.schedule("doomed", at: 3)
        try sim.schedule("canceller", at: 1)
        var log: [String] = []
        try sim.run(until: 10) { (sim: inout Simulator<String>, event: String) throws(SimulationError) in
            log.append("\(event)@\(sim.now)")
            if event == "canceller" {
                let cancelled = sim.cancel(doomed)
                #expect(cancelled)
                try sim.schedule("child", after: 0.5)
                try sim.schedule("same-time", after: 0)
            }
        }
        #expect(log == ["canceller@1.0", "same-time@1.0", "child@1.5"])
        #expect(sim.pendingEvents == 1)
        let last = sim.step()
        #expect(last?.event == "at-end")
        let none = sim.step()
        #expect(none == nil)
    }

    @Test func largeCancellationLoadsCompactTheHeap() throws {
        var calendar = EventCalendar<Int>()
        var keep: [Int] = []
        for i in 0..<1_000 {
            let id = try calendar.schedule(i, at: Double(1_000 - i))
            if i % 10 == 0 { keep.append(i) } else { calendar.cancel(id) }
        }
        var fired: [Int] = []
        while let next = calendar.popNext() { fired.append(next.event) }
        #expect(fired == keep.reversed())
    }

    /// The calendar is a value: a copy and the original evolve independently (heap, slots and
    /// lanes are copied on the first mutation of a shared storage), payloads included.
    @Test func copiesAreIndependent() throws {
        var original = EventCalendar<String>()
        let maybeLane = original.lane(forDelay: 2)
        let lane = try #require(maybeLane)
        for i in 0..<20 {
            try original.schedule("heap-\(i)", at: Double(i) + 0.5)
            try original.schedule("lane-\(i)", at: Double(i) + 2, lane: lane)
        }
        let doomed = try original.schedule("doomed", at: 3.25)
        var copy = original
        let cancelled: Bool = copy.cancel(doomed)
        #expect(cancelled && original.isPending(doomed) && !copy.isPending(doomed))
        try copy.schedule("only-in-copy", at: 0)
        var fromCopy: [String] = []
        while let e = copy.popNext() { fromCopy.append(e.event) }
        #expect(fromCopy.first == "only-in-copy" && !fromCopy.contains("doomed") && fromCopy.count == 41)
        #expect(original.count == 41 && copy.isEmpty)
        var fromOriginal: [String] = []
        while let e = original.popNext() { fromOriginal.append(e.event) }
        #expect(fromOriginal.contains("doomed") && !fromOriginal.contains("only-in-copy"))
        #expect(fromOriginal.filter { $0 != "doomed" } == fromCopy.dropFirst().map { $0 })
        // A calendar emptied with removeAll is reusable, and its copy kept everything.
        var emptied = EventCalendar<String>()
        try emptied.schedule("a", at: 1)
        let maybeEmptiedLane = emptied.lane(forDelay: 1)
        let emptiedLane = try #require(maybeEmptiedLane)
        try emptied.schedule("b", at: 2, lane: emptiedLane)
        let kept = emptied
        emptied.removeAll()
        #expect(emptied.isEmpty && kept.count == 2)
        try emptied.schedule("c", at: 1)
        #expect(emptied.popNext()?.event == "c" && emptied.popNext() == nil)
    }

    /// A lane's ring wraps around and grows while wrapped (pops interleaved with pushes), and
    /// still gives its events in order, with cancelled ones skipped and compacted away.
    @Test func laneRingsWrapGrowAndCompact() throws {
        var sim = try Simulator<Int>()
        var rng = RandomStream(seed: 11)
        var ids: [Int: EventID] = [:]
        var expected: [Int] = []
        var cancelled = Set<Int>()
        var fired: [Int] = []
        var n = 0
        for round in 0..<400 {
            // Bursts of pushes (growing the ring), then some pops (moving its head around).
            for _ in 0..<(round % 7) {
                ids[n] = try sim.scheduleInLane(n, after: 5)
                expected.append(n)
                n += 1
            }
            if rng.nextDouble() < 0.3, let victim = expected.last(where: { !cancelled.contains($0) && !fired.contains($0) }),
               let id = ids[victim], sim.cancel(id) as Bool {
                cancelled.insert(victim)
            }
            for _ in 0..<2 { if let e = sim.step() { fired.append(e.event) } }
        }
        while let e = sim.step() { fired.append(e.event) }
        #expect(fired == expected.filter { !cancelled.contains($0) })
        #expect(!cancelled.isEmpty && sim.pendingEvents == 0)
        // Most of a wrapped lane cancelled: the calendar compacts it (more than half stale)
        // and the survivors still come out in order.
        var lanes = try Simulator<Int>()
        var laneIDs: [EventID] = []
        for i in 0..<100 { laneIDs.append(try lanes.scheduleInLane(i, after: 1)) }
        for _ in 0..<90 { _ = lanes.step() }  // the ring's head is now far from its start
        for i in 100..<200 { laneIDs.append(try lanes.scheduleInLane(i, after: 1)) }  // wraps
        for i in 100..<200 where i % 5 != 0 { lanes.cancel(laneIDs[i]) }
        #expect(lanes.pendingEvents == 10 + 20)
        var survivors: [Int] = []
        while let e = lanes.step() { survivors.append(e.event) }
        #expect(survivors == Array(90..<100) + (100..<200).filter { $0 % 5 == 0 })
    }
}
