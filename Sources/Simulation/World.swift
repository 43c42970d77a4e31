import DiscreteEvent
import Foundation
import ScenarioModel
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
    /// Repair and return: a ticket's exchange wait ran out (an index into `World.waitOrder`).
    case exchangeWait(wait: Int32)
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

/// One replication: the world (randomness and durations) driving an organisation (the desk alone,
/// or the workflow over it: decisions and records).
struct World<Org: Organisation> {
    let scenario: Scenario
    let options: SimulationOptions
    let end: Double
    let warmup: Double
    var sim: Simulator<WorldEvent>
    /// Who answers the events; it owns the desk.
    var org: Org
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
    /// Per failure cell (site and item): cumulative weights over SLA classes
    /// (`Scenario.slaClassShares`: a part fails in the products that use it).
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
        try Self.checkProgress(s, plan: plan, unlimitedSites: o.unlimitedSites)
        let desk = DeskCore(network: network, store: recorder, start: 0, recyclesIDs: !(o.keepLog || o.keepOrders || database != nil),
                            closesOnResolve: Org.closesOnResolve)
        org = try Org(desk: desk, scenario: s, streams: streams)
        unitCost = s.items.map(\.unitCost)
        siteIsRoot = s.sites.map { $0.parentIndex == nil }
        siteCount = s.sites.count
        siteUnlimited = s.sites.indices.map { o.unlimitedSites.contains($0) }
        siteIsServicePoint = s.sites.map { $0.kind == .servicePoint }

        let cells = Self.failureCells(s)
        cellSite = cells.site; cellItem = cells.item; baseRate = cells.rate
        multiplier = [Double](repeating: 1, count: cells.rate.count)
        siteStart = cells.siteStart
        siteEnd = cells.siteEnd
        cellCumulative = [Double](repeating: 0, count: cells.rate.count)
        siteRate = [Double](repeating: 0, count: s.sites.count)
        tables = WorldTables(siteStreams: s.sites.indices.map { streams.stream("failure", entity: $0) },
                             triageStreams: s.sites.indices.map { streams.stream("triage", entity: $0) },
                             items: s.items.count, shipmentKinds: ShipmentKind.allCases.count)
        failureStreams = cells.rate.indices.map {
            streams.stream("failure", entity: Int(cells.site[$0]) * s.items.count + Int(cells.item[$0]))
        }
        classStreams = s.sites.indices.map { streams.stream("sla-class", entity: $0) }
        classCumulative = Self.classWeights(s, site: cells.site, item: cells.item)

        let d = Self.disruptions(s, o, cellItem: cells.item)
        surges = d.surges
        surgeCells = d.surgeCells
        outages = d.outages
        hasOutages = d.outages.contains { !$0.isEmpty }
        slowdowns = d.slowdowns

        leadStreams = (0..<(ShipmentKind.allCases.count * (s.sites.count + 1))).map { streams.stream("lead", entity: $0) }
        lastLaneFrom = [Int32](repeating: -2, count: leadStreams.count)
        lastLaneLead = [Distribution?](repeating: nil, count: leadStreams.count)
        lastLaneCostOf = [Double](repeating: 0, count: leadStreams.count)
        lastLaneFixed = [Double](repeating: .nan, count: leadStreams.count)
        repairStreams = s.items.indices.map { streams.stream("repair", entity: $0) }
        visitStreams = s.sites.indices.map { streams.stream("visit", entity: $0) }
        let durations = try Self.durations(s, o)
        repairTime = durations.repair
        supplyTime = durations.supply
        supplyFixed = durations.supply.map { d -> Double in
            if let d, case .deterministic(let v) = d.kind { return max(0, v) }
            return .nan
        }
        onSite = durations.onSite
        condemnation = s.items.map(\.condemnation)
        exchangeWaitItems = s.items.count
        exchangeWaitDays = (0..<max(1, s.slaClasses.count)).flatMap { k in
            s.items.indices.map { i in s.items[i].repairable ? s.repairPractice(item: i, slaClass: k).exchangeWaitHours / 24 : 0 }
        }
        hasExchangeWaits = exchangeWaitDays.contains { $0 > 0 }

        ageingShape = o.weibullShape ?? 1
        agedCell = [Bool](repeating: false, count: cells.rate.count)
        cellUnits = [[Int32]](repeating: [], count: cells.rate.count)
        if let k = o.weibullShape {
            guard k > 0, k.isFinite else { throw .invalidOptions("the Weibull shape must be positive") }
            registerUnits(shape: k)
        }
    }

    /// Advance exchange needs a spare before the defective goes back: an item with demand, all of
    /// it from SLA classes that exchange in advance, no unit in the plan at any site and no
    /// unlimited site to draw from could never restore a ticket (its repair loop would stay
    /// empty), so the run is refused instead of stalling. Demand of one repair-and-return class
    /// keeps the loop fed: its defectives go in and come back as spares for every class.
    static func checkProgress(_ s: Scenario, plan: StockPlan, unlimitedSites: Set<Int>) throws(SimulationFailure) {
        guard unlimitedSites.isEmpty else { return }
        for item in s.items where item.repairable {
            let stock = s.sites.indices.reduce(0) { $0 + plan[$1][item.index] }
            guard stock == 0 else { continue }
            var exchanging = Set<Int>(), returning = false
            for site in s.sites.indices where s.demandPerYear[site][item.index] > 0 {
                let shares = s.slaClassShares(site: site, item: item.index)
                for k in shares.isEmpty ? [0] : shares.filter({ $0.weight > 0 }).map(\.slaClass) {
                    if s.repairPractice(item: item.index, slaClass: k).practice == .advanceExchange { exchanging.insert(k) } else { returning = true }
                }
            }
            if !exchanging.isEmpty && !returning {
                let classes = exchanging.sorted().compactMap { s.slaClasses.indices.contains($0) ? s.slaClasses[$0].id : nil }
                let byClass = item.repairPractice != .advanceExchange && !classes.isEmpty
                throw .cannotProgress(
                    "item \(item.id) is repaired by advance exchange (a spare first, the defective back after the swap"
                        + (byClass ? ", as SLA class\(classes.count > 1 ? "es" : "") \(classes.joined(separator: ", ")) require\(classes.count > 1 ? "" : "s")" : "")
                        + "), but the plan holds no unit of it anywhere: no spare could ever be sent, so no ticket for it would be "
                        + "restored. Stock at least one unit of \(item.id), or set repair_practice: repair_and_return on the "
                        + (byClass ? "class" : "item") + " (the defective then goes in for repair when no spare can be sourced)")
            }
        }
    }

    /// The failure cells: one per (stocking site, item) with demand, listed site by site, with
    /// each site's range of cells.
    private static func failureCells(_ s: Scenario)
        -> (site: [Int32], item: [Int32], rate: [Double], siteStart: [Int], siteEnd: [Int]) {
        var site: [Int32] = [], item: [Int32] = [], rate: [Double] = []
        for (si, row) in s.demandPerYear.enumerated() where s.sites[si].kind.holdsStock {
            for (ii, perYear) in row.enumerated() where perYear > 0 {
                site.append(Int32(si)); item.append(Int32(ii)); rate.append(Units.perDay(perYear))
            }
        }
        var start = [Int](repeating: 0, count: s.sites.count), stop = [Int](repeating: 0, count: s.sites.count)
        for c in (0..<site.count).reversed() { start[Int(site[c])] = c }
        for c in 0..<site.count { stop[Int(site[c])] = c + 1 }
        return (site, item, rate, start, stop)
    }

    /// Per failure cell: the cumulative shares of its SLA classes, from which a failure's class
    /// is drawn (the same split the analytic window measures use).
    private static func classWeights(_ s: Scenario, site: [Int32], item: [Int32]) -> [[(threshold: Double, index: Int)]] {
        site.indices.map { c in
            var acc = 0.0
            return s.slaClassShares(site: Int(site[c]), item: Int(item[c])).map { share in
                acc += share.weight
                return (acc, share.slaClass)
            }
        }
    }

    /// The scenario's disruptions on the run's clock (days from the end of the warm-up): failure
    /// surges with the cells they hit, site outages per site, lane slowdowns.
    private static func disruptions(_ s: Scenario, _ o: SimulationOptions, cellItem item: [Int32]) -> (
        surges: [(start: Double, end: Double, factor: Double)], surgeCells: [[Int]],
        outages: [[(start: Double, end: Double)]],
        slowdowns: [(from: Int, to: Int, mode: LaneMode?, start: Double, end: Double, factor: Double)]
    ) {
        var surgeList: [(start: Double, end: Double, factor: Double)] = []
        var surgeTargets: [[Int]] = []
        var outageList = [[(start: Double, end: Double)]](repeating: [], count: s.sites.count)
        var slow: [(from: Int, to: Int, mode: LaneMode?, start: Double, end: Double, factor: Double)] = []
        for d in s.disruptions where o.disruptions {
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
        return (surgeList, surgeTargets, outageList, slow)
    }

    /// Per item: the repair time and the supplier lead time, and the on-site work time.
    private static func durations(_ s: Scenario, _ o: SimulationOptions) throws(SimulationFailure)
        -> (repair: [Distribution?], supply: [Distribution?], onSite: Distribution) {
        do {
            var repair: [Distribution?] = [], supply: [Distribution?] = []
            for item in s.items {
                repair.append(try item.repairTime.map { d throws(DistributionError) in try .from(d) })
                supply.append(try item.supplierLeadTime.map { d throws(DistributionError) in try .from(d) })
            }
            return (repair, supply, try .from(o.onSiteHours))
        } catch { throw .invalidScenario("\(error)") }
    }

    /// Weibull ageing: which cells are aged (those the installed base implies, unless the scenario
    /// overrides their demand: an override is a rate, not a population of units, so it stays
    /// Poisson), and one renewal process per installed unit of an aged cell.
    private mutating func registerUnits(shape k: Double) {
        let s = scenario
        var cellOf: [Int: Int] = [:]
        for c in baseRate.indices { cellOf[Int(cellSite[c]) * s.items.count + Int(cellItem[c])] = c }
        let overridden = Set(s.demandOverrides.map { $0.siteIndex * s.items.count + $0.itemIndex })
        var implied = [Double](repeating: 0, count: baseRate.count)
        for e in s.installedBase {
            for it in s.items {
                for use in it.usedIn where use.productIndex == e.productIndex {
                    if let c = cellOf[e.siteIndex * s.items.count + it.index] { implied[c] += Units.perDay(Double(e.units * use.quantity) * it.failureRate) }
                }
            }
        }
        for c in baseRate.indices where implied[c] > 0 && !overridden.contains(Int(cellSite[c]) * s.items.count + Int(cellItem[c])) {
            agedCell[c] = true
        }
        let gamma1 = tgamma(1 + 1 / k)
        for e in s.installedBase {
            let slaClass = (e.slaClass ?? s.defaultSLAClass).flatMap { id in s.slaClasses.firstIndex { $0.id == id } } ?? 0
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
            if Org.issuesStatements { try sim.schedule(.statements, at: scenario.deskRules.statementDays) }
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
                try openTicket(c, slaClass: drawClass(cell: c, site: site), at: now)
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
                try org.deliver(shipment: Int(shipment), at: now)
            case .visitArrival(let visit):
                counts.other += 1
                try org.arrive(visit: Int(visit), at: now)
                let site = Int(visitSite[Int(visit)])
                let hours = onSite.sample(using: &visitStreams[site])
                try sim.schedule(.visitDone(visit: visit), after: max(0, hours) / 24)
                return
            case .visitDone(let visit):
                counts.other += 1
                let site = Int(visitSite[Int(visit)])
                let fixed = options.revisitFraction <= 0 || visitStreams[site].nextDouble() >= options.revisitFraction
                try org.completeVisit(visit: Int(visit), fixed: fixed, at: now)
            case .repairDone(let shipment, let condemned):
                counts.other += 1
                try org.completeRepair(shipment: Int(shipment), condemned: condemned, at: now)
            case .review:
                counts.other += 1
                try org.review(at: now)
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
                try org.approve(order: Int(order), at: now)
                try scheduleDepot(Int(order))
                // The approved work was sourced just now: its exchange wait starts here.
                if hasExchangeWaits, let item = org.desk.item(of: Int(order)), item >= 0 {
                    try startExchangeWait(Int(order), item: item, slaClass: org.desk.slaClass(of: Int(order)) ?? 0)
                }
            case .callback(let order):
                counts.other += 1
                try org.survey(order: Int(order), at: now)
            case .depot(let order):
                counts.other += 1
                if let delay = try org.nextDepotStep(order: Int(order), at: now) {
                    try sim.schedule(.depot(order: order), after: delay)
                }
            case .exchangeWait(let wait):
                counts.other += 1
                let order = Int(waitOrder[Int(wait)])
                guard runningWait[order] == wait else { return }
                runningWait[order] = -1
                try org.sendDefectiveIn(order: order, at: now)
            case .statements:
                counts.other += 1
                try org.issueStatements(through: now)
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

    /// A depot repair just requested: its collection is scheduled.
    mutating func scheduleDepot(_ order: Int) throws {
        guard let delay = org.depotRequestDelay(order: order) else { return }
        try sim.schedule(.depot(order: Int32(order)), after: delay)
    }

    // Repair and return's exchange waits (items with `exchange_wait_hours` > 0).
    /// Per SLA class and item (`class * exchangeWaitItems + item`): the exchange wait in days (0: none).
    var exchangeWaitDays: [Double] = []
    var exchangeWaitItems = 0
    var hasExchangeWaits = false
    /// Per wait started: its order; per order id: its running wait (−1: none), so that a wait
    /// of an order id since closed and reused is recognised as stale.
    var waitOrder: [Int32] = []
    var runningWait: [Int32] = []

    /// Visits' service sites (the desk tells them in the dispatch effect), by visit id.
    var visitSite: [Int32] = []

    /// Whether the last lead time drawn came from a deterministic distribution.
    var lastLeadDeterministic = false
    /// The calendar lanes of the fixed delays seen so far (few: one per deterministic lead time).
    var laneDelays: [Double] = []
    var laneIDs: [Int?] = []

    /// The last delay looked up and its lane (usually the same delay event after event).
    var lastLaneDelay = Double.nan
    var lastLaneID: Int?

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
/// The one growing table, `shipments`, skips the runtime exclusivity check
/// (`@exclusivity(unchecked)`): a world runs on one thread and each access ends before the next
/// begins; it is the world's only unchecked field.
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
