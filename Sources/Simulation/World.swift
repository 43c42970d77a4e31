import DiscreteEvent
import Foundation
import Policies
import Scenario
import ServiceDesk

/// What happens in the physical world, on the simulator's calendar.
enum WorldEvent: Sendable {
    case siteFailure(site: Int32)
    case unitFailure(unit: Int32)
    case arrival(shipment: Int32)
    case visitArrival(visit: Int32)
    case visitDone(visit: Int32)
    case repairDone(shipment: Int32, condemned: Bool)
    case review
    case surge(index: Int32, starts: Bool)
    /// Workflow: an approver decides; the satisfaction callback; settlement statements.
    case approval(order: Int32)
    case callback(order: Int32)
    case statements
    /// Workflow: a depot repair's next step is due.
    case depot(order: Int32)
}

/// Counted events of one run (the canonical benchmark's kinds, and the rest).
public struct EventCounts: Sendable, Equatable, Codable {
    /// Tickets opened.
    public var failure = 0
    /// Units reaching a service point for stock (replenishment).
    public var baseArrival = 0
    /// Units reaching a central warehouse from a supplier or a repair loop.
    public var depotArrival = 0
    public var lateralArrival = 0
    /// Every other world event (emergency arrivals, returns, repairs, visits, reviews, surges).
    public var other = 0
    public var total: Int { failure + baseArrival + depotArrival + lateralArrival + other }

    enum CodingKeys: String, CodingKey {
        case failure, baseArrival = "base_arrival", depotArrival = "depot_arrival", lateralArrival = "lateral_arrival", other
    }
}

/// One replication: the world (randomness and durations) driving the desk (decisions and records).
struct World {
    let scenario: Scenario
    let options: SimulationOptions
    let end: Double
    let warmup: Double
    var sim: Simulator<WorldEvent>
    var desk: DeskCore<KPIRecorder>
    /// The full workflow over the desk, when `options.workflow` (it then owns the desk).
    var flow: WorkflowDriver?
    /// The desk as it stands (inside the workflow when there is one).
    var currentDesk: DeskCore<KPIRecorder> { flow?.flow.desk ?? desk }
    let recorder: KPIRecorder
    var counts = EventCounts()

    // Failure processes, one per (service point, item) cell with demand.
    let cellSite: [Int32]
    let cellItem: [Int32]
    let baseRate: [Double]
    var multiplier: [Double]
    /// Units' failure targets (Weibull ageing), one stream per cell.
    var failureStreams: [RandomStream]
    /// Poisson failures: one superposed process per site (the sum of its cells' rates), each
    /// failure assigned to a cell with probability rate/total (exact for independent Poisson
    /// processes); one stream per site keeps common random numbers per site.
    /// Cells are listed site by site: site s owns cells siteStart[s] ..< siteEnd[s], and
    /// `cellCumulative` holds the running sum of their rates within the site (0 for aged cells),
    /// flat so a failure's cell is found without touching nested arrays.
    var siteStart: [Int]
    var siteEnd: [Int]
    var cellCumulative: [Double]
    var siteRate: [Double]
    /// Per-site streams and failure events, per-shipment arrival bookkeeping (see `WorldTables`).
    let tables: WorldTables
    var classStreams: [RandomStream]
    /// Per site: cumulative installed-unit weights over SLA classes.
    let classCumulative: [[(threshold: Double, index: Int)]]
    let surgeCells: [[Int]]
    let surges: [(start: Double, end: Double, factor: Double)]

    // Weibull ageing: one renewal process per installed item unit (cumulative-hazard form, so a
    // surge multiplies the hazard from its start without losing the unit's age).
    let ageingShape: Double
    var agedCell: [Bool]
    var cellUnits: [[Int32]]
    var unitCell: [Int32] = []
    var unitClass: [Int32] = []
    var unitScale: [Double] = []
    var unitRenewal: [Double] = []
    var unitTarget: [Double] = []
    var unitHazard: [Double] = []
    var unitCheckpoint: [Double] = []
    var unitEvent: [EventID?] = []

    // Durations.
    /// Per (kind, from, to): the lane's lead-time distribution and cost per unit, looked up once.
    var leadCache: [Int: (lead: Distribution, cost: Double)] = [:]
    /// The cost per unit of the lane of the last lead time drawn (0 for supplier deliveries).
    var lastLaneCost = 0.0
    let siteIsRoot: [Bool]
    /// `scenario.sites.count`, kept apart: reaching into the scenario on the hot path copied it.
    let siteCount: Int
    /// Sites with unlimited stock (their issues enter the network), for conservation.
    let siteUnlimited: [Bool]
    let siteIsServicePoint: [Bool]
    var leadStreams: [RandomStream]
    var repairStreams: [RandomStream]
    var visitStreams: [RandomStream]
    let repairTime: [Distribution?]
    let supplyTime: [Distribution?]
    let condemnation: [Double]
    let onSite: Distribution
    let outages: [[(start: Double, end: Double)]]
    let hasOutages: Bool
    let slowdowns: [(from: Int, to: Int, mode: LaneMode?, start: Double, end: Double, factor: Double)]
    let unitCost: [Double]
    /// Transport cost in the measured window, by shipment kind (kept in `tables`).
    var transportCost: [Double] { tables.transportCost.array }
    /// The last desk command's effects, being started (emptied after each drain).
    var pending: [DeskEffect] = []
    /// Whole run, per item: units that entered the network (supplier deliveries and issues of
    /// unlimited sites), for the conservation check (kept in `tables`).
    var bought: [Int] { tables.bought.array }

    init(scenario s: Scenario, plan: StockPlan, options o: SimulationOptions, streams: RandomStreams,
         database: SQLiteStore? = nil) throws(SimulationFailure) {
        scenario = s
        options = o
        warmup = o.warmupDays
        end = o.warmupDays + o.horizonDays
        do { sim = try Simulator<WorldEvent>(startTime: 0) } catch { throw .engine("\(error)") }
        let classes = s.slaClasses
        let restore = classes.isEmpty ? [Double.infinity] : classes.map { $0.restoreHours / 24 }
        let response = classes.isEmpty ? [Double.infinity] : classes.map { $0.responseHours / 24 }
        let recorder = KPIRecorder(sites: s.sites.count, items: s.items.count, echelon: s.sites.map { $0.echelon ?? -1 },
                                   unitCost: s.items.map(\.unitCost), restoreDays: restore, responseDays: response,
                                   stock: plan, servicePoint: s.sites.map { $0.kind == .servicePoint },
                                   keepLog: o.keepLog, keepOrders: o.keepOrders, sink: database)
        self.recorder = recorder
        let network = DeskNetwork(scenario: s, plan: plan, unlimitedSites: o.unlimitedSites, sourcing: o.sourcing)
        desk = DeskCore(network: network, store: recorder, start: 0, recyclesIDs: !(o.keepLog || o.keepOrders || database != nil),
                           closesOnResolve: !o.workflow)
        if o.workflow {
            recorder.usesWatches = true
            flow = try WorkflowDriver(desk: desk, scenario: s, streams: streams)
        }
        unitCost = s.items.map(\.unitCost)
        siteIsRoot = s.sites.map { $0.parentIndex == nil }
        siteCount = s.sites.count
        siteUnlimited = s.sites.indices.map { o.unlimitedSites.contains($0) }
        siteIsServicePoint = s.sites.map { $0.kind == .servicePoint }

        var site: [Int32] = [], item: [Int32] = [], rate: [Double] = []
        for (si, row) in s.demandPerYear.enumerated() where s.sites[si].kind.holdsStock {
            for (ii, perYear) in row.enumerated() where perYear > 0 {
                site.append(Int32(si)); item.append(Int32(ii)); rate.append(Units.perDay(perYear))
            }
        }
        cellSite = site; cellItem = item; baseRate = rate
        multiplier = [Double](repeating: 1, count: rate.count)
        var start = [Int](repeating: 0, count: s.sites.count), stop = [Int](repeating: 0, count: s.sites.count)
        for c in (0..<site.count).reversed() { start[Int(site[c])] = c }
        for c in 0..<site.count { stop[Int(site[c])] = c + 1 }
        siteStart = start
        siteEnd = stop
        cellCumulative = [Double](repeating: 0, count: rate.count)
        siteRate = [Double](repeating: 0, count: s.sites.count)
        tables = WorldTables(siteStreams: s.sites.indices.map { streams.stream("failure", entity: $0) },
                             triageStreams: s.sites.indices.map { streams.stream("triage", entity: $0) },
                             items: s.items.count, shipmentKinds: ShipmentKind.allCases.count)
        failureStreams = (0..<rate.count).map { streams.stream("failure", entity: Int(site[$0]) * s.items.count + Int(item[$0])) }
        classStreams = s.sites.indices.map { streams.stream("sla-class", entity: $0) }
        var weights = [[String?: Double]](repeating: [:], count: s.sites.count)
        for e in s.installedBase { weights[e.siteIndex][e.slaClass ?? s.defaultSLAClass, default: 0] += Double(e.units) }
        classCumulative = weights.map { w in
            let total = w.values.reduce(0, +)
            var acc = 0.0
            return w.sorted { ($0.key ?? "") < ($1.key ?? "") }.map { key, value in
                acc += value
                let index = key.flatMap { id in classes.firstIndex { $0.id == id } } ?? 0
                return (total > 0 ? acc / total : 1, index)
            }
        }

        var surgeList: [(Double, Double, Double)] = []
        var surgeTargets: [[Int]] = []
        var outageList = [[(start: Double, end: Double)]](repeating: [], count: s.sites.count)
        var slow: [(from: Int, to: Int, mode: LaneMode?, start: Double, end: Double, factor: Double)] = []
        for d in s.disruptions {
            let a = o.warmupDays + d.startDay, b = o.warmupDays + d.endDay
            switch d.kind {
            case .failureSurge(let target, let factor):
                let items: Set<Int>
                switch target {
                case .item(let id): items = Set(s.itemIndex[id].map { [$0] } ?? [])
                case .product(let id):
                    let p = s.products.firstIndex { $0.id == id }
                    items = Set(s.items.filter { $0.usedIn.contains { $0.productIndex == p } }.map(\.index))
                }
                surgeTargets.append(item.indices.filter { items.contains(Int(item[$0])) })
                surgeList.append((a, b, factor))
            case .siteOutage(let id):
                if let k = s.siteIndex[id] { outageList[k].append((a, b)) }
            case .laneSlowdown(let from, let to, let mode, let factor):
                if let f = s.siteIndex[from], let t = s.siteIndex[to] { slow.append((f, t, mode, a, b, factor)) }
            }
        }
        surges = surgeList
        surgeCells = surgeTargets
        outages = outageList
        hasOutages = outageList.contains { !$0.isEmpty }
        slowdowns = slow

        leadStreams = (0..<(ShipmentKind.allCases.count * (s.sites.count + 1))).map { streams.stream("lead", entity: $0) }
        lastLaneFrom = [Int32](repeating: -2, count: leadStreams.count)
        lastLaneLead = [Distribution?](repeating: nil, count: leadStreams.count)
        lastLaneCostOf = [Double](repeating: 0, count: leadStreams.count)
        lastLaneFixed = [Double](repeating: .nan, count: leadStreams.count)
        repairStreams = s.items.indices.map { streams.stream("repair", entity: $0) }
        visitStreams = s.sites.indices.map { streams.stream("visit", entity: $0) }
        do {
            var repair: [Distribution?] = [], supply: [Distribution?] = []
            for item in s.items {
                repair.append(try item.repairTime.map { d throws(DistributionError) in try .from(d) })
                supply.append(try item.supplierLeadTime.map { d throws(DistributionError) in try .from(d) })
            }
            repairTime = repair
            supplyTime = supply
            supplyFixed = supply.map { d -> Double in
                if let d, case .deterministic(let v) = d.kind { return max(0, v) }
                return .nan
            }
            onSite = try .from(o.onSiteHours)
        } catch { throw .invalidScenario("\(error)") }
        condemnation = s.items.map(\.condemnation)

        ageingShape = o.weibullShape ?? 1
        agedCell = [Bool](repeating: false, count: rate.count)
        cellUnits = [[Int32]](repeating: [], count: rate.count)
        if let k = o.weibullShape {
            guard k > 0, k.isFinite else { throw .invalidOptions("the Weibull shape must be positive") }
            var cellOf: [Int: Int] = [:]
            for c in rate.indices { cellOf[Int(site[c]) * s.items.count + Int(item[c])] = c }
            // Units per cell from the installed base; a cell whose demand the scenario overrides
            // stays Poisson (the override is a rate, not a population of units).
            let overridden = Set(s.demandOverrides.map { $0.siteIndex * s.items.count + $0.itemIndex })
            var implied = [Double](repeating: 0, count: rate.count)
            for e in s.installedBase {
                for it in s.items {
                    for use in it.usedIn where use.productIndex == e.productIndex {
                        if let c = cellOf[e.siteIndex * s.items.count + it.index] { implied[c] += Units.perDay(Double(e.units * use.quantity) * it.failureRate) }
                    }
                }
            }
            for c in rate.indices where implied[c] > 0 && !overridden.contains(Int(site[c]) * s.items.count + Int(item[c])) {
                agedCell[c] = true
            }
            let gamma1 = tgamma(1 + 1 / k)
            for e in s.installedBase {
                let slaClass = (e.slaClass ?? s.defaultSLAClass).flatMap { id in classes.firstIndex { $0.id == id } } ?? 0
                for it in s.items where it.failureRate > 0 {
                    for use in it.usedIn where use.productIndex == e.productIndex {
                        guard let c = cellOf[e.siteIndex * s.items.count + it.index], agedCell[c] else { continue }
                        let scale = Units.daysPerYear / it.failureRate / gamma1
                        for _ in 0..<(e.units * use.quantity) {
                            cellUnits[c].append(Int32(unitCell.count))
                            unitCell.append(Int32(c)); unitClass.append(Int32(slaClass)); unitScale.append(scale)
                            unitRenewal.append(0); unitTarget.append(0); unitHazard.append(0); unitCheckpoint.append(0)
                            unitEvent.append(nil)
                        }
                    }
                }
            }
        }
    }

    /// Whole run, per item: units that left the network (fitted consumables and condemned repairables).
    var consumedConsumables: [Int] {
        scenario.items.indices.map { i in (scenario.items[i].repairable ? 0 : recorder.fittedAll[i]) + recorder.condemnedAll[i] }
    }

    // MARK: - Running

    mutating func run() throws(SimulationFailure) -> EventCounts {
        do {
            for site in siteStart.indices where siteEnd[site] > siteStart[site] { try rescheduleSite(site) }
            for u in unitCell.indices { try renew(u, at: 0) }
            if case .periodic(let period) = scenario.policies.replenishment {
                try sim.schedule(.review, at: period)
            }
            for (k, surge) in surges.enumerated() {
                try sim.schedule(.surge(index: Int32(k), starts: true), at: surge.start)
                try sim.schedule(.surge(index: Int32(k), starts: false), at: surge.end)
            }
            if flow != nil { try sim.schedule(.statements, at: scenario.deskRules.statementDays) }
        } catch { throw .engine("\(error)") }
        // The warm-up: run to its end, reset the statistics there, then run the measured window.
        while let next = sim.step(before: warmup) { try handle(next.event) }
        recorder.reset(at: warmup)
        for k in tables.transportCost.indices { tables.transportCost[k] = 0 }
        while let next = sim.step(before: end) { try handle(next.event) }
        recorder.finish(at: end)
        return counts
    }

    private mutating func handle(_ event: WorldEvent) throws(SimulationFailure) {
        let now = sim.now
        do {
            switch event {
            case .siteFailure(let siteIndex):
                counts.failure += 1
                let site = Int(siteIndex)
                let c = pickCell(site)
                try scheduleSite(site)
                try openTicket(c, slaClass: drawClass(site), at: now)
            case .unitFailure(let unit):
                counts.failure += 1
                let u = Int(unit)
                try renew(u, at: now)
                try openTicket(Int(unitCell[u]), slaClass: Int(unitClass[u]), at: now)
            case .arrival(let shipment):
                let info = tables.shipments[Int(shipment)]
                switch info.arrivalClass {
                case 1: counts.baseArrival += 1
                case 2: counts.depotArrival += 1
                case 3: counts.lateralArrival += 1
                default: counts.other += 1
                }
                if info.supplyItem >= 0 { tables.bought[Int(info.supplyItem)] += 1 }
                if flow != nil {
                    try flowArrival(Int(shipment), at: now)
                } else {
                    try desk.deliver(shipment: Int(shipment), at: now)
                }
            case .visitArrival(let visit):
                counts.other += 1
                if flow != nil { try flow?.flow.arrive(visit: Int(visit), at: now) } else { try desk.arrive(visit: Int(visit), at: now) }
                let site = Int(visitSite[Int(visit)])
                let hours = onSite.sample(using: &visitStreams[site])
                try sim.schedule(.visitDone(visit: visit), after: max(0, hours) / 24)
                return
            case .visitDone(let visit):
                counts.other += 1
                let site = Int(visitSite[Int(visit)])
                let fixed = options.revisitFraction <= 0 || visitStreams[site].nextDouble() >= options.revisitFraction
                if flow != nil {
                    try flow?.flow.completeVisit(visit: Int(visit), fixed: fixed, at: now)
                } else {
                    try desk.completeVisit(visit: Int(visit), fixed: fixed, at: now)
                }
            case .repairDone(let shipment, let condemned):
                counts.other += 1
                if let rma = flow?.flow.returnByShipment[Int(shipment)] {
                    try flow?.flow.completeReturnRepair(rma: rma, at: now)
                } else {
                    try desk.completeRepair(shipment: Int(shipment), condemned: condemned, at: now)
                }
            case .review:
                counts.other += 1
                if flow != nil { try flowReview(at: now) } else { try desk.review(at: now) }
                if case .periodic(let period) = scenario.policies.replenishment { try sim.schedule(.review, after: period) }
            case .surge(let index, let starts):
                counts.other += 1
                let factor = surges[Int(index)].factor
                var sites = Set<Int>()
                for c in surgeCells[Int(index)] {
                    let old = multiplier[c]
                    multiplier[c] = starts ? multiplier[c] * factor : multiplier[c] / factor
                    if agedCell[c] {
                        for u in cellUnits[c] { try rescale(Int(u), from: old, at: now) }
                    } else {
                        sites.insert(Int(cellSite[c]))
                    }
                }
                for site in sites.sorted() { try rescheduleSite(site) }
                return
            case .approval(let order):
                counts.other += 1
                try flow?.flow.decideApproval(order: Int(order), approved: true, by: "simulated approver", at: now)
                try scheduleDepot(Int(order))
            case .callback(let order):
                counts.other += 1
                try flow?.survey(order: Int(order), at: now)
            case .depot(let order):
                counts.other += 1
                let o = Int(order)
                if let current = flow?.flow.depotRepairs[o]?.step,
                   let next = DepotStep.allCases.first(where: { $0 > current }) {
                    try flow?.flow.depotStep(order: o, next, at: now)
                    if next != .delivered, let delay = flow?.depotDelay(after: next) {
                        try sim.schedule(.depot(order: order), after: delay)
                    }
                }
            case .statements:
                counts.other += 1
                try flow?.flow.issueStatements(through: now)
                try sim.schedule(.statements, after: scenario.deskRules.statementDays)
                return
            }
            try drain()
        } catch let error as DeskError {
            throw .desk("\(error) at day \(now)")
        } catch let error as WorkflowError {
            throw .desk("\(error) at day \(now)")
        } catch let error as SimulationError {
            throw .engine("\(error)")
        } catch let error as SimulationFailure {
            throw error
        } catch {
            throw .engine("\(error)")
        }
    }

    /// Visits' service sites (the desk tells them in the dispatch effect), by visit id.
    var visitSite: [Int32] = []

    /// Starts the clocks of what the last desk command set in motion.
    private mutating func drain() throws {
        if flow != nil {
            try drainWorkflow()
            return
        }
        desk.takeEffects(into: &pending)
        try startClocks()
    }

    /// With the workflow: its commands may set more in motion (a scrapped return buys a
    /// replacement), so effects are drained until none is left.
    private mutating func drainWorkflow() throws {
        while true {
            flow?.flow.takeEffects(into: &pending)
            if pending.isEmpty { return }
            try startClocks()
        }
    }

    private mutating func startClocks() throws {
        let n = pending.count
        guard n > 0 else { return }
        let now = sim.now
        // By index: iterating the array itself retained and released it on every event.
        for i in 0..<n {
            switch pending[i] {
            case .shipmentSent(let shipment, let kind, let from, let to, let item):
                let departure = hasOutages ? Self.outageEnd(outages, Int(from), at: now) : now
                var lead = try leadTime(kind, from: Int(from), to: Int(to), item: Int(item))
                if !slowdowns.isEmpty { lead *= Self.slowdown(slowdowns, kind, from: Int(from), to: Int(to), at: departure) }
                let arrival = hasOutages ? Self.outageEnd(outages, Int(to), at: departure + lead) : departure + lead
                if lastLeadDeterministic && departure == now && arrival == departure + lead, let lane = laneFor(lead) {
                    // A fixed delay: its FIFO lane keeps these arrivals in order without the heap.
                    try sim.schedule(.arrival(shipment: shipment), after: lead, lane: lane)
                } else {
                    try sim.schedule(.arrival(shipment: shipment), at: arrival)
                }
                if now >= warmup { tables.transportCost[Int(kind.rawValue)] += lastLaneCost }
                let id = Int(shipment)
                tables.shipments.extend(to: id + 1, with: ShipmentInfo(supplyItem: -1, arrivalClass: 0))
                if from >= 0 && siteUnlimited[Int(from)] { tables.bought[Int(item)] += 1 }
                tables.shipments[id] = ShipmentInfo(
                    supplyItem: kind == .supply ? item : -1,
                    arrivalClass: Self.arrivalClass(kind, toRoot: siteIsRoot[Int(to)], toServicePoint: siteIsServicePoint[Int(to)]))
            case .visitDispatched(let visit, _, let engineerSite, let site):
                try flow?.flow.acceptVisit(visit: Int(visit), at: now)
                if Int(visit) >= visitSite.count { visitSite += [Int32](repeating: 0, count: Int(visit) + 1 - visitSite.count) }
                visitSite[Int(visit)] = site
                let drive = engineerSite == site ? 0 : (scenario.travelHours(fromIndex: Int(engineerSite), toIndex: Int(site)) ?? 0)
                let start = outageEnd(Int(engineerSite), at: now)
                try sim.schedule(.visitArrival(visit: visit), at: start + (drive + options.localTravelHours) / 24)
            case .repairStarted(let shipment, _, let item):
                let i = Int(item)
                let days = repairTime[i]?.sample(using: &repairStreams[i]) ?? 0
                let condemned = repairStreams[i].nextDouble() < condemnation[i]
                if let rma = flow?.flow.returnByShipment[Int(shipment)] {
                    // Re-inspection on receipt: scrap is written off now, a repairable goes to the bench.
                    try flow?.flow.inspectReturn(rma: rma, outcome: condemned ? .scrap : .repairable, at: now)
                    if condemned { continue }
                }
                try sim.schedule(.repairDone(shipment: shipment, condemned: condemned), after: max(0, days))
            case .orderResolved(let order):
                if flow != nil {
                    let hours = flow?.callbackDelayHours() ?? 0
                    try sim.schedule(.callback(order: order), after: hours / 24)
                } else {
                    try desk.close(order: Int(order), at: now)
                }
            }
        }
        // Emptied one by one: `removeAll(keepingCapacity:)` (in `takeEffects`) went through the
        // generic `replaceSubrange`, several times the cost for the one or two effects of an event.
        repeat { pending.removeLast() } while !pending.isEmpty
    }

    static func arrivalClass(_ kind: ShipmentKind, toRoot: Bool, toServicePoint: Bool) -> UInt8 {
        switch kind {
        case .replenishment where toServicePoint: 1
        case .supply where toRoot, .repaired where toRoot: 2
        case .lateral: 3
        default: 0
        }
    }

    /// Opens and triages a ticket for cell c (the world draws remote fix and no-part shares).
    private mutating func openTicket(_ c: Int, slaClass: Int, at now: Double) throws {
        let site = Int(cellSite[c])
        if flow != nil {
            let u = tables.triageStreams[site].nextDouble()
            let remote = u < options.remoteFixFraction
            let noPart = !remote && u < options.remoteFixFraction + (1 - options.remoteFixFraction) * options.noPartFraction
            if let (order, waits) = try flow?.open(site: site, item: Int(cellItem[c]), slaClass: slaClass, remote: remote,
                                                   noPart: noPart, at: now) {
                if waits { try sim.schedule(.approval(order: Int32(order)), after: options.approvalHours / 24) }
                try scheduleDepot(order)
            }
            return
        }
        let order = try desk.openOrder(site: site, item: Int(cellItem[c]), slaClass: slaClass, at: now)
        let u = tables.triageStreams[site].nextDouble()
        let remote = u < options.remoteFixFraction
        let noPart = !remote && u < options.remoteFixFraction + (1 - options.remoteFixFraction) * options.noPartFraction
        try desk.triage(order: order, needsPart: !noPart, remote: remote, at: now)
    }

    /// A new unit at `t`: age 0, a fresh Exp(1) hazard target, its failure scheduled.
    private mutating func renew(_ u: Int, at t: Double) throws(SimulationError) {
        let c = Int(unitCell[u])
        unitRenewal[u] = t
        unitCheckpoint[u] = t
        unitHazard[u] = 0
        unitTarget[u] = failureStreams[c].nextExponential(mean: 1)
        try scheduleUnit(u)
    }

    /// The unit fails when its cumulative hazard Σ m·[((t−r)/s)^k] reaches its target: solved
    /// in closed form within the current multiplier's segment.
    private mutating func scheduleUnit(_ u: Int) throws(SimulationError) {
        let k = ageingShape, s = unitScale[u], r = unitRenewal[u], m = multiplier[Int(unitCell[u])]
        guard m > 0 else { unitEvent[u] = nil; return }
        let base = pow((unitCheckpoint[u] - r) / s, k)
        let t = r + s * pow(base + (unitTarget[u] - unitHazard[u]) / m, 1 / k)
        unitEvent[u] = try sim.schedule(.unitFailure(unit: Int32(u)), at: max(t, sim.now))
    }

    /// The cell's multiplier changed at `t` (it was `old`): bank the hazard so far, reschedule.
    private mutating func rescale(_ u: Int, from old: Double, at t: Double) throws(SimulationError) {
        let k = ageingShape, s = unitScale[u], r = unitRenewal[u]
        unitHazard[u] += old * (pow((t - r) / s, k) - pow((unitCheckpoint[u] - r) / s, k))
        unitCheckpoint[u] = t
        if let id = unitEvent[u] { sim.cancel(id) }
        try scheduleUnit(u)
    }

    /// Rebuilds a site's cumulative rates (after a change of multipliers) and its next failure
    /// (memoryless, so redrawing from now is exact).
    private mutating func rescheduleSite(_ site: Int) throws(SimulationError) {
        var acc = 0.0
        for c in siteStart[site]..<siteEnd[site] {
            if !agedCell[c] { acc += baseRate[c] * multiplier[c] }
            cellCumulative[c] = acc
        }
        siteRate[site] = acc
        if let id = tables.siteNext[site] { sim.cancel(id) }
        try scheduleSite(site)
    }

    private mutating func scheduleSite(_ site: Int) throws(SimulationError) {
        let rate = siteRate[site]
        guard rate > 0 else { tables.siteNext[site] = nil; return }
        let gap = tables.siteStreams[site].nextExponential(mean: 1 / rate)
        tables.siteNext[site] = try sim.schedule(.siteFailure(site: Int32(site)), after: gap)
    }

    /// The cell of a site's failure: rate-proportional, by binary search on the cumulative rates.
    private mutating func pickCell(_ site: Int) -> Int {
        let u = tables.siteStreams[site].nextDouble() * siteRate[site]
        var lo = siteStart[site], hi = siteEnd[site] - 1
        // The site's cells lie within `cellCumulative` (built with it in `init`): no bounds check
        // per probe, and no overflow check (indices are far below Int.max / 2).
        cellCumulative.withUnsafeBufferPointer { cumulative in
            assert(lo >= 0 && hi < cumulative.count)
            while lo < hi {
                let mid = (lo &+ hi) >> 1
                if cumulative[mid] > u { hi = mid } else { lo = mid &+ 1 }
            }
        }
        return lo
    }

    private mutating func drawClass(_ site: Int) -> Int {
        let table = classCumulative[site]
        guard table.count > 1 else { return table.first?.index ?? 0 }
        let u = classStreams[site].nextDouble()
        return table.first { u < $0.threshold }?.index ?? table[table.count - 1].index
    }

    /// The first instant at or after `t` when `site` is not in an outage. A static function over
    /// the outage table: a method on `self` made the compiler copy the whole world per call.
    private static func outageEnd(_ outages: [[(start: Double, end: Double)]], _ site: Int, at t: Double) -> Double {
        guard site >= 0, site < outages.count else { return t }
        var x = t
        for w in outages[site] where x >= w.start && x < w.end { x = w.end }
        return x
    }

    private func outageEnd(_ site: Int, at t: Double) -> Double {
        hasOutages ? Self.outageEnd(outages, site, at: t) : t
    }

    private static func slowdown(_ slowdowns: [(from: Int, to: Int, mode: LaneMode?, start: Double, end: Double, factor: Double)],
                                 _ kind: ShipmentKind, from: Int, to: Int, at t: Double) -> Double {
        var f = 1.0
        let mode = Self.mode(kind)
        for s in slowdowns where s.from == from && s.to == to && t >= s.start && t < s.end && (s.mode == nil || s.mode == mode) {
            f *= s.factor
        }
        return f
    }

    static func mode(_ kind: ShipmentKind) -> LaneMode {
        switch kind {
        case .replenishment, .repaired, .supply: .replenishment
        case .lateral: .lateral
        case .emergency: .emergency
        case .defectiveReturn: .return
        }
    }

    /// Whether the last lead time drawn came from a deterministic distribution.
    var lastLeadDeterministic = false
    /// The calendar lanes of the fixed delays seen so far (few: one per deterministic lead time).
    var laneDelays: [Double] = []
    var laneIDs: [Int?] = []

    /// The last delay looked up and its lane (usually the same delay event after event).
    var lastLaneDelay = Double.nan
    var lastLaneID: Int?

    private mutating func laneFor(_ delay: Double) -> Int? {
        if delay == lastLaneDelay { return lastLaneID }
        for (k, d) in laneDelays.enumerated() where d == delay {
            lastLaneDelay = delay
            lastLaneID = laneIDs[k]
            return laneIDs[k]
        }
        let id = sim.lane(forDelay: delay)
        laneDelays.append(delay)
        laneIDs.append(id)
        lastLaneDelay = delay
        lastLaneID = id
        return id
    }

    /// Draws a lead time (days) for a shipment.
    private mutating func leadTime(_ kind: ShipmentKind, from: Int, to: Int, item: Int) throws -> Double {
        let streamIndex = Int(kind.rawValue) * (siteCount + 1) + max(0, to)
        if kind == .supply || from < 0 {
            lastLaneCost = 0
            // Fixed supplier lead times skip the distribution (no copy of it, no draw).
            let fixed = supplyFixed[item]
            if !fixed.isNaN { lastLeadDeterministic = true; return fixed }
            guard let d = supplyTime[item] else { lastLeadDeterministic = true; return 0 }
            lastLeadDeterministic = false
            return max(0, d.sample(using: &leadStreams[streamIndex]))
        }
        // Fast path: the last lane used into (kind, to), usually the only one (a site's parent).
        if lastLaneFrom[streamIndex] == Int32(from) {
            lastLaneCost = lastLaneCostOf[streamIndex]
            let fixed = lastLaneFixed[streamIndex]
            if !fixed.isNaN { lastLeadDeterministic = true; return fixed }
            if let d = lastLaneLead[streamIndex] {
                lastLeadDeterministic = false
                return max(0, d.sample(using: &leadStreams[streamIndex]))
            }
        }
        let key = (Int(kind.rawValue) * siteCount + from) * siteCount + to
        let d: Distribution
        if let cached = leadCache[key] {
            d = cached.lead
            lastLaneCost = cached.cost
        } else {
            let lane = scenario.lane(fromIndex: from, toIndex: to, mode: Self.mode(kind))
            if let lane {
                d = try .from(lane.leadTime)
            } else {
                d = try .deterministic((scenario.travelHours(fromIndex: from, toIndex: to) ?? 24) / 24)
            }
            lastLaneCost = lane?.costPerUnit ?? 0
            leadCache[key] = (d, lastLaneCost)
        }
        lastLaneFrom[streamIndex] = Int32(from)
        lastLaneLead[streamIndex] = d
        lastLaneCostOf[streamIndex] = lastLaneCost
        if case .deterministic(let v) = d.kind { lastLaneFixed[streamIndex] = max(0, v) } else { lastLaneFixed[streamIndex] = .nan }
        if case .deterministic = d.kind { lastLeadDeterministic = true } else { lastLeadDeterministic = false }
        return max(0, d.sample(using: &leadStreams[streamIndex]))
    }

    /// Per (kind, destination) stream index: the origin, lead time and cost of the last lane used.
    var lastLaneFrom: [Int32] = []
    var lastLaneLead: [Distribution?] = []
    var lastLaneCostOf: [Double] = []
    /// The fixed lead time of that lane, NaN when it is random.
    var lastLaneFixed: [Double] = []
    /// Per item: the fixed supplier lead time, NaN when random or absent.
    var supplyFixed: [Double] = []
}

/// Per shipment id: whether its delivery buys a unit of an item (supplier deliveries; −1 none),
/// and how its arrival is counted (0 other, 1 base, 2 depot, 3 lateral: the canonical
/// benchmark's event kinds).
struct ShipmentInfo {
    var supplyItem: Int32
    var arrivalClass: UInt8
}

/// The world's state written on every event, in `RawBuffer`s (no copy-on-write check per write).
/// Per site (fixed size: site indices come from the scenario's own failure cells), per item and
/// per shipment kind (fixed size: indices from the scenario's items and `ShipmentKind`'s raw
/// values) and per shipment id (grown to every id the desk announces before it is read). One
/// per world, which is never copied while it runs; the buffers are freed in `deinit`.
final class WorldTables {
    let siteStreams: RawBuffer<RandomStream>
    let triageStreams: RawBuffer<RandomStream>
    let siteNext: RawBuffer<EventID?>
    @exclusivity(unchecked) var shipments = RawBuffer<ShipmentInfo>(repeating: ShipmentInfo(supplyItem: -1, arrivalClass: 0), count: 0)
    /// Whole run, per item: units that entered the network.
    let bought: RawBuffer<Int>
    /// Transport cost in the measured window, by shipment kind (raw value).
    let transportCost: RawBuffer<Double>

    init(siteStreams: [RandomStream], triageStreams: [RandomStream], items: Int, shipmentKinds: Int) {
        self.siteStreams = RawBuffer(siteStreams)
        self.triageStreams = RawBuffer(triageStreams)
        siteNext = RawBuffer(repeating: nil, count: siteStreams.count)
        bought = RawBuffer(repeating: 0, count: items)
        transportCost = RawBuffer(repeating: 0, count: shipmentKinds)
    }

    deinit {
        siteStreams.free(); triageStreams.free(); siteNext.free(); shipments.free(); bought.free(); transportCost.free()
    }
}
