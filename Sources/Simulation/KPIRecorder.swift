import ScenarioModel
import ServiceDesk

/// The desk's store during a simulation: it turns every ``DeskChange`` into KPI accumulators as
/// it is recorded (so each KPI is a function of the event log), and keeps the log itself only
/// when asked. Statistics cover [reset time, end).
/// Its hot stored properties (all but the workflow's watch tallies) skip the runtime exclusivity
/// checks (`@exclusivity(unchecked)`): one replication's recorder is used by one thread, from the
/// desk's `record` calls only, which never overlap; the checks cost about a sixth of the
/// simulation's run time. The recorder is the simulation's storage type for them: no other type
/// of the module has unchecked fields but `WorldTables`.
final class KPIRecorder: DeskStore {
    let sites: Int
    let items: Int
    let echelon: [Int]
    let unitCost: [Double]
    let restoreDays: [Double]
    let responseDays: [Double]
    let classCount: Int
    let log: MemoryStore?
    /// A durable store that records the same changes (the SQLite desk database), or nil.
    let sink: SQLiteStore?
    let commitsCommands: Bool
    let keepOrders: Bool

    // The dense state below lives in `RawBuffer`s (no copy-on-write or bounds checks per change):
    // cells are site × item (both from the desk's own network), orders and shipments are ids the
    // desk handed out (`orders` grows to every id announced by `orderOpened`, `repairSent` to
    // every return sent), classes are clamped to `classCount`, weeks grow in `week(_:)`. All
    // buffers are freed in `deinit`.

    @exclusivity(unchecked) var start = 0.0
    // Per order (by id; ids are reused only when the desk recycles them): one record per order,
    // so an order's bookkeeping is one write.
    struct OrderInfo {
        var opened = 0.0
        var firstOnSite = -1.0
        var slaClass: Int32 = 0
        var site: Int32 = 0
        var item: Int32 = 0
        var visits: Int32 = 0
        var sourcing = SourcingKind.none
    }
    @exclusivity(unchecked) var orders = RawBuffer<OrderInfo>(repeating: OrderInfo(), count: 0)

    // Per cell (site × item): one record per cell, so a change touches one element.
    struct Cell {
        var demands = 0
        var met = 0
        var lateral = 0
        var emergency = 0
        var backordered = 0
        var ttrCount = 0
        var onHand: Int32 = 0
        var backorders: Int32 = 0
        var onHandArea = 0.0
        var onHandSince = 0.0
        var backorderArea = 0.0
        var backorderSince = 0.0
        var ttrSum = 0.0
    }
    let cells: RawBuffer<Cell>

    // Network.
    @exclusivity(unchecked) var ttr = Histogram()
    @exclusivity(unchecked) var response = Histogram()
    let classRestored: RawBuffer<Int>
    let classWithinTarget: RawBuffer<Int>
    let classResponded: RawBuffer<Int>
    let classResponseWithinTarget: RawBuffer<Int>
    @exclusivity(unchecked) var engineerBusyArea = 0.0
    @exclusivity(unchecked) var engineersBusy = 0
    @exclusivity(unchecked) var engineersSince = 0.0
    @exclusivity(unchecked) var visitsCompleted = 0
    @exclusivity(unchecked) var ordersWithVisit = 0
    @exclusivity(unchecked) var firstTimeFixed = 0
    @exclusivity(unchecked) var repairSent = RawBuffer<Double>(repeating: 0, count: 0)
    @exclusivity(unchecked) var repairLoop = Running()
    let shipmentsByKind = RawBuffer<Int>(repeating: 0, count: ShipmentKind.allCases.count)
    @exclusivity(unchecked) var issuedUnits = 0
    /// Whole run (never reset): parts fitted and units condemned, per item, for conservation.
    let fittedAll: RawBuffer<Int>
    let condemnedAll: RawBuffer<Int>
    @exclusivity(unchecked) var condemned = 0
    @exclusivity(unchecked) var repaired = 0
    /// Weekly series over the whole run (warm-up included, never reset): resolved tickets, those
    /// within their class's restore target, and the areas of service-point backorders and of
    /// units on hand.
    @exclusivity(unchecked) var weekResolved = RawBuffer<Int>(repeating: 0, count: 0)
    @exclusivity(unchecked) var weekWithin = RawBuffer<Int>(repeating: 0, count: 0)
    /// The same two counts per week and SLA class, flattened: index `week * classCount + class`.
    @exclusivity(unchecked) var weekClassResolved = RawBuffer<Int>(repeating: 0, count: 0)
    @exclusivity(unchecked) var weekClassWithin = RawBuffer<Int>(repeating: 0, count: 0)
    @exclusivity(unchecked) var weekBackorderArea = RawBuffer<Double>(repeating: 0, count: 0)
    @exclusivity(unchecked) var weekOnHandArea = RawBuffer<Double>(repeating: 0, count: 0)
    @exclusivity(unchecked) var levelBackorders = 0
    @exclusivity(unchecked) var levelOnHand = 0
    @exclusivity(unchecked) var levelSince = 0.0
    /// The week `levelSince` lies in, and its end (the fast path of `advanceWeeks`).
    @exclusivity(unchecked) var currentWeek = -1
    @exclusivity(unchecked) var currentWeekEnd = 0.0
    let servicePoint: RawBuffer<Bool>
    /// Per order: (id, site, item, class, opened, resolved, sourcing) when `keepOrders`.
    @exclusivity(unchecked) var closedOrders: [OrderRecord] = []

    struct OrderRecord: Sendable {
        var order: Int
        var site: Int
        var item: Int
        var slaClass: Int
        var opened: Double
        var onSite: Double?
        var resolved: Double
        var sourcing: SourcingKind
        var visits: Int
    }

    init(sites: Int, items: Int, echelon: [Int], unitCost: [Double], restoreDays: [Double], responseDays: [Double],
         stock: StockPlan, servicePoint: [Bool], keepLog: Bool, keepOrders: Bool, sink: SQLiteStore? = nil) {
        self.sink = sink
        commitsCommands = sink != nil
        self.sites = sites
        var flags = [Bool](repeating: false, count: sites)
        for s in 0..<min(sites, servicePoint.count) { flags[s] = servicePoint[s] }
        self.servicePoint = RawBuffer(flags)
        self.items = items
        self.echelon = echelon
        self.unitCost = unitCost
        // At least one target per class index used (a missing one never counts as met).
        self.restoreDays = restoreDays.isEmpty ? [.infinity] : restoreDays
        self.responseDays = responseDays.isEmpty ? [.infinity] : responseDays
        classCount = max(1, restoreDays.count)
        log = keepLog ? MemoryStore() : nil
        self.keepOrders = keepOrders
        let cellCount = sites * items
        var initial = [Cell](repeating: Cell(), count: cellCount)
        for s in 0..<min(sites, stock.siteCount) {
            for i in 0..<min(items, stock.itemCount) { initial[s * items + i].onHand = Int32(clamping: stock[s][i]) }
        }
        cells = RawBuffer(initial)
        levelOnHand = initial.reduce(0) { $0 + Int($1.onHand) }
        fittedAll = RawBuffer(repeating: 0, count: items)
        condemnedAll = RawBuffer(repeating: 0, count: items)
        classRestored = RawBuffer(repeating: 0, count: classCount)
        classWithinTarget = RawBuffer(repeating: 0, count: classCount)
        classResponded = RawBuffer(repeating: 0, count: classCount)
        classResponseWithinTarget = RawBuffer(repeating: 0, count: classCount)
    }

    deinit {
        orders.free(); cells.free(); classRestored.free(); classWithinTarget.free(); classResponded.free()
        classResponseWithinTarget.free(); repairSent.free(); shipmentsByKind.free(); fittedAll.free(); condemnedAll.free()
        weekResolved.free(); weekWithin.free(); weekClassResolved.free(); weekClassWithin.free(); weekBackorderArea.free(); weekOnHandArea.free(); servicePoint.free()
    }

    /// Starts measuring at `time`: counters to zero, time averages restart with current levels.
    func reset(at time: Double) {
        start = time
        for k in watchRestored.indices { watchRestored[k] = 0; watchRestoredMet[k] = 0; watchResponded[k] = 0; watchRespondedMet[k] = 0 }
        for c in cells.indices {
            let level = cells[c].onHand, waiting = cells[c].backorders
            cells[c] = Cell()
            cells[c].onHand = level
            cells[c].backorders = waiting
            cells[c].onHandSince = time
            cells[c].backorderSince = time
        }
        ttr = Histogram(); response = Histogram()
        for k in 0..<classCount { classRestored[k] = 0; classWithinTarget[k] = 0; classResponded[k] = 0; classResponseWithinTarget[k] = 0 }
        engineerBusyArea = 0; engineersSince = time
        visitsCompleted = 0; ordersWithVisit = 0; firstTimeFixed = 0
        repairLoop = Running()
        for k in shipmentsByKind.indices { shipmentsByKind[k] = 0 }
        issuedUnits = 0; condemned = 0; repaired = 0
        closedOrders.removeAll()
    }

    func commit() { sink?.commit() }

    /// With the workflow, SLA attainment follows its stop-watches (business hours), counted
    /// when the watch stops in the window; the class is the order's at that moment.
    var usesWatches = false
    var watchClass: [Int: Int] = [:]
    var watchBreached: [Int: Set<String>] = [:]
    var watchRestored: [Int] = []
    var watchRestoredMet: [Int] = []
    var watchResponded: [Int] = []
    var watchRespondedMet: [Int] = []

    func record(command: WorkflowCommand) {
        if let sink { sink.record(command: command) }
    }

    func record(case change: CaseChange) {
        if let log { log.record(case: change) }
        if let sink { sink.record(case: change) }
        guard usesWatches else { return }
        switch change {
        case .intake(let o, _, _, _, _, _, _, let k, _):
            watchClass[o] = k
            watchBreached[o] = nil
        case .slaClassChanged(let o, _, let k, _):
            watchClass[o] = k
        case .sla(let o, let watch, .breach, _):
            watchBreached[o, default: []].insert(watch)
        case .sla(let o, let watch, .stopped, let t) where watch != "callback":
            let k = min(classCount - 1, max(0, watchClass[o] ?? 0))
            let met = !(watchBreached[o]?.contains(watch) ?? false)
            if watch == "restore" {
                watchBreached[o] = nil
                watchClass[o] = nil
            }
            guard t >= start else { return }
            if watchRestored.isEmpty {
                watchRestored = [Int](repeating: 0, count: classCount)
                watchRestoredMet = watchRestored; watchResponded = watchRestored; watchRespondedMet = watchRestored
            }
            if watch == "restore" {
                watchRestored[k] += 1
                if met { watchRestoredMet[k] += 1 }
            } else {
                watchResponded[k] += 1
                if met { watchRespondedMet[k] += 1 }
            }
        default:
            break
        }
    }

    /// One change: dispatched to a method per kind. Always inlined, so that the desk's
    /// specialised code (`DeskCore<KPIRecorder>`) calls the kind's method directly, without
    /// building the enum or switching on it.
    @inline(__always) func record(_ change: DeskChange) {
        if let log { log.record(change) }
        if let sink { sink.record(change) }
        switch change {
        case .orderOpened(let order, let site, let item, let slaClass, let t):
            opened(Int(order), site: site, item: item, slaClass: slaClass, at: t)
        case .orderSourced(let order, let kind, _, let t):
            sourced(Int(order), kind: kind, at: t)
        case .orderPart(let order, let item, _):
            orders[Int(order)].item = item
        case .demand(let site, let item, let metFromStock, let t):
            demand(Int(site) * items + Int(item), metFromStock: metFromStock, at: t)
        case .orderMoved(let order, _, let to, let t):
            if to == .onSite { onSite(Int(order), at: t) } else if to == .resolved { resolved(Int(order), at: t) }
        case .onHand(let site, let item, let delta, _, let t):
            onHand(Int(site) * items + Int(item), delta: delta, at: t)
        case .backorders(let site, let item, let delta, let t):
            backorders(Int(site), Int(site) * items + Int(item), delta: delta, at: t)
        case .shipmentSent(let shipment, let kind, _, _, _, _, let t):
            sent(Int(shipment), kind: kind, at: t)
        case .partConsumed(_, _, let item, _):
            fittedAll[Int(item)] += 1
        case .repairCompleted(let shipment, _, let item, let wasCondemned, let t):
            repairCompleted(Int(shipment), item: Int(item), condemned: wasCondemned, at: t)
        case .visitDispatched(_, let order, _, let t):
            busy(+1, at: t)
            orders[Int(order)].visits += 1
        case .visitCompleted(_, _, let t):
            busy(-1, at: t)
            if t >= start { visitsCompleted += 1 }
        default:
            break
        }
    }

    private func opened(_ o: Int, site: Int32, item: Int32, slaClass: Int32, at t: Double) {
        let info = OrderInfo(opened: t, slaClass: slaClass, site: site, item: item)
        if o < orders.count {
            orders[o] = info
        } else {
            orders.extend(to: o, with: OrderInfo())
            orders.append(info)
        }
    }

    private func sourced(_ o: Int, kind: SourcingKind, at t: Double) {
        orders[o].sourcing = kind
        let info = orders[o]
        guard t >= start, info.item >= 0 else { return }
        let c = Int(info.site) * items + Int(info.item)
        switch kind {
        case .lateral: cells[c].lateral += 1
        case .emergency: cells[c].emergency += 1
        case .parent, .backorder: cells[c].backordered += 1
        default: break
        }
    }

    private func demand(_ c: Int, metFromStock: Bool, at t: Double) {
        guard t >= start else { return }
        cells[c].demands += 1
        if metFromStock { cells[c].met += 1 }
    }

    private func onSite(_ o: Int, at t: Double) {
        guard orders[o].firstOnSite < 0 else { return }
        orders[o].firstOnSite = t
        guard t >= start else { return }
        let k = min(classCount - 1, max(0, Int(orders[o].slaClass)))
        let r = t - orders[o].opened
        response.add(r)
        classResponded[k] += 1
        if r <= responseDays[min(k, responseDays.count - 1)] + 1e-12 { classResponseWithinTarget[k] += 1 }
    }

    private func onHand(_ c: Int, delta: Int32, at t: Double) {
        let cell = cells.base + c
        cell.pointee.onHandArea += Double(cell.pointee.onHand) * (t - max(cell.pointee.onHandSince, start))
        cell.pointee.onHandSince = max(t, start)
        cell.pointee.onHand += delta
        advanceWeeks(to: t)
        levelOnHand += Int(delta)
        if delta < 0 && t >= start { issuedUnits += 1 }
    }

    private func backorders(_ site: Int, _ c: Int, delta: Int32, at t: Double) {
        let cell = cells.base + c
        cell.pointee.backorderArea += Double(cell.pointee.backorders) * (t - max(cell.pointee.backorderSince, start))
        cell.pointee.backorderSince = max(t, start)
        cell.pointee.backorders += delta
        if servicePoint[site] {
            advanceWeeks(to: t)
            levelBackorders += Int(delta)
        }
    }

    private func sent(_ s: Int, kind: ShipmentKind, at t: Double) {
        if t >= start { shipmentsByKind[Int(kind.rawValue)] += 1 }
        if kind == .defectiveReturn {
            repairSent.extend(to: s + 1, with: 0)
            repairSent[s] = t
        }
    }

    private func repairCompleted(_ s: Int, item: Int, condemned wasCondemned: Bool, at t: Double) {
        if wasCondemned { condemnedAll[item] += 1 }
        if t >= start {
            repairLoop.add(t - repairSent[s])
            if wasCondemned { condemned += 1 } else { repaired += 1 }
        }
    }

    private func busy(_ delta: Int, at t: Double) {
        engineerBusyArea += Double(engineersBusy) * (t - max(engineersSince, start))
        engineersSince = max(t, start)
        engineersBusy += delta
    }

    private func week(_ t: Double) -> Int {
        let w = max(0, Int(t / 7))
        if weekResolved.count <= w {
            weekResolved.extend(to: w + 1, with: 0); weekWithin.extend(to: w + 1, with: 0)
            weekClassResolved.extend(to: (w + 1) * classCount, with: 0); weekClassWithin.extend(to: (w + 1) * classCount, with: 0)
            weekBackorderArea.extend(to: w + 1, with: 0); weekOnHandArea.extend(to: w + 1, with: 0)
        }
        return w
    }

    /// Adds the current levels' areas up to `t`, split at week boundaries.
    @inline(__always) func advanceWeeks(to t: Double) {
        // Fast path: still inside the current week (almost every change).
        if t < currentWeekEnd && currentWeek >= 0 {
            let dt = t - levelSince
            if dt > 0 {
                weekBackorderArea[currentWeek] += Double(levelBackorders) * dt
                weekOnHandArea[currentWeek] += Double(levelOnHand) * dt
                levelSince = t
            }
            return
        }
        advanceWeeksSlowly(to: t)
    }

    private func advanceWeeksSlowly(to t: Double) {
        while levelSince < t {
            let w = week(levelSince)
            let segmentEnd = min(t, Double(w + 1) * 7)
            weekBackorderArea[w] += Double(levelBackorders) * (segmentEnd - levelSince)
            weekOnHandArea[w] += Double(levelOnHand) * (segmentEnd - levelSince)
            levelSince = segmentEnd
            currentWeek = w
            currentWeekEnd = Double(w + 1) * 7
        }
    }

    private func resolved(_ o: Int, at t: Double) {
        let info = orders[o]
        let w = week(t), k = min(classCount - 1, max(0, Int(info.slaClass)))
        let d = t - info.opened
        let target = restoreDays[min(k, restoreDays.count - 1)]
        weekResolved[w] += 1
        weekClassResolved[w * classCount + k] += 1
        if d <= target + 1e-12 { weekWithin[w] += 1; weekClassWithin[w * classCount + k] += 1 }
        guard t >= start else { return }
        ttr.add(d)
        classRestored[k] += 1
        if d <= target + 1e-12 { classWithinTarget[k] += 1 }
        let item = Int(info.item), site = Int(info.site)
        if item >= 0 {
            let c = site * items + item
            cells[c].ttrSum += d
            cells[c].ttrCount += 1
        }
        if info.visits > 0 {
            ordersWithVisit += 1
            if info.visits == 1 { firstTimeFixed += 1 }
        }
        if keepOrders {
            closedOrders.append(OrderRecord(order: o, site: site, item: item, slaClass: Int(info.slaClass), opened: info.opened,
                                            onSite: info.firstOnSite >= 0 ? info.firstOnSite : nil, resolved: t,
                                            sourcing: info.sourcing, visits: Int(info.visits)))
        }
    }

    /// Closes the time averages at `end`.
    func finish(at end: Double) {
        for c in cells.indices {
            cells[c].onHandArea += Double(cells[c].onHand) * (end - max(cells[c].onHandSince, start))
            cells[c].onHandSince = end
            cells[c].backorderArea += Double(cells[c].backorders) * (end - max(cells[c].backorderSince, start))
            cells[c].backorderSince = end
        }
        busy(0, at: end)
        advanceWeeks(to: end)
    }
}

/// A running mean (count, sum).
struct Running: Sendable {
    var count = 0
    var sum = 0.0
    mutating func add(_ x: Double) { count += 1; sum += x }
    var mean: Double { count > 0 ? sum / Double(count) : 0 }
}

/// Durations in days on fixed bins (1/1440 day up to 10 days, then 0.1 day up to 1,000 days), so
/// percentiles cost constant memory however long the run. Bin k holds (edge(k − 1), edge(k)], so a
/// quantile (the bin's upper edge) is never below the sample value, at most one bin above it, and
/// exact for values on the grid (a deterministic 0.25 or 1 day; rounding noise of 1e-6 bin ignored).
struct Histogram: Sendable {
    static let fineBins = 14_400
    static let coarseBins = 9_900
    var fine = [Int](repeating: 0, count: fineBins)
    var coarse = [Int](repeating: 0, count: coarseBins)
    var over = 0
    var zero = 0
    var count = 0
    var sum = 0.0

    /// The bin holding `x` on a grid of `perDay` bins a day: ⌈x·perDay⌉ − 1, tolerating rounding.
    @inline(__always) static func bin(_ x: Double, perDay: Double, count: Int) -> Int {
        max(0, min(count - 1, Int((x * perDay - 1e-6).rounded(.up)) - 1))
    }

    mutating func add(_ x: Double) {
        count += 1
        sum += x
        if x <= 0 { zero += 1; return }
        if x <= 10 + 1e-9 {
            fine[Self.bin(x, perDay: 1440, count: Self.fineBins)] += 1
        } else if x <= 1000 + 1e-9 {
            coarse[Self.bin(x - 10, perDay: 10, count: Self.coarseBins)] += 1
        } else {
            over += 1
        }
    }

    var mean: Double { count > 0 ? sum / Double(count) : 0 }

    /// The smallest bin upper edge x with #{≤ x} ≥ q·n (0 when that many are zero).
    func quantile(_ q: Double) -> Double {
        guard count > 0 else { return 0 }
        let need = Int((q * Double(count)).rounded(.up))
        var seen = zero
        if seen >= need { return 0 }
        for (k, n) in fine.enumerated() {
            seen += n
            if seen >= need { return Double(k + 1) / 1440 }
        }
        for (k, n) in coarse.enumerated() {
            seen += n
            if seen >= need { return 10 + Double(k + 1) / 10 }
        }
        return .infinity
    }
}
