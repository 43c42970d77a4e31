import DiscreteEvent
import Foundation
public import ScenarioModel
public import ServiceDesk
import Synchronization

/// One KPI over the replications: mean and 95 % confidence half-width (Student t).
public struct KPIEstimate: Sendable, Equatable {
    /// Which KPI.
    public var key: KPI
    /// Its name in files, e.g. `fill_rate` or `ttr_p95`.
    public var name: String { key.name }
    /// Its unit.
    public var unit: KPIUnit { key.unit }
    /// Mean over the replications (NaN when undefined, e.g. no demand).
    public var mean: Double
    /// 95 % Student-t half-width (0 with one replication).
    public var halfWidth: Double
    /// The value in each replication, in replication order.
    public var replications: [Double]
}

/// Per (site, item) figures of one replication, for cells with demand or stock.
public struct CellResult: Sendable, Codable, Equatable {
    /// Scenario site and item indices of the cell.
    public var site: Int
    public var item: Int
    /// Demands (tickets or child reorders) at the cell in the measured window.
    public var demands: Int
    /// Shares of those demands met from the shelf at once, by lateral, by emergency, and backordered.
    public var fillRate: Double
    public var lateralFraction: Double
    public var emergencyFraction: Double
    public var backorderFraction: Double
    /// Time averages over the window: waiting tickets and units on the shelf.
    public var averageBackorders: Double
    public var averageOnHand: Double
    /// Mean time to restore of the cell's tickets resolved in the window, days.
    public var ttrMeanDays: Double
    /// Tickets of the cell closed in the window (the sample behind `ttrMeanDays`).
    public var ttrCount: Int
}

/// One KPI's value in one replication.
public struct KPIValue: Sendable, Equatable {
    public var key: KPI
    /// NaN when undefined (e.g. a share without demand).
    public var value: Double

    /// Creates a value.
    public init(_ key: KPI, _ value: Double) {
        self.key = key
        self.value = value
    }
}

/// One replication's outcome.
public struct ReplicationResult: Sendable {
    /// The KPIs this replication observed, in a fixed order (some appear only when their subject
    /// did: responses, repairs, an echelon's demand).
    public var kpis: [KPIValue]
    /// Executed events by kind (warm-up included).
    public var events: EventCounts
    /// Wall time of the run itself (loading and reporting excluded).
    public var wallSeconds: Double
    /// Per-cell figures (service points and stocking sites with demand).
    public var cells: [CellResult]
    /// Every resolved order of the measured window, when `keepOrders`.
    public var orders: [OrderRow]
    /// The desk's event log, when `keepLog`.
    public var log: [DeskChange]
    /// Stock conservation at the end, per item: units on shelves, reserved, in transit, in repair.
    public var unitsAtEnd: [Int]
    /// Per item: units in the plan at the start (unlimited sites excluded).
    public var unitsAtStart: [Int]
    /// Per item: units that entered the network (supplier deliveries, issues of unlimited sites).
    public var unitsBought: [Int]
    /// Per item: units that left it (fitted consumables, condemned repairables).
    public var unitsConsumed: [Int]
    /// Weekly series over the whole run, warm-up included.
    public var weeks: [WeekPoint]
    /// Desk commands the world issued (warm-up included): core commands, and with the workflow
    /// its commands (each of which may run several core commands inside one transaction).
    public var deskCommands: Int
    public var workflowCommands: Int
}

/// One week of a run, for the timeline.
public struct WeekPoint: Sendable, Codable, Equatable {
    /// First day of the week (day 0 = start of the warm-up).
    public var startDay: Double
    /// Tickets resolved during the week.
    public var ticketsResolved: Int
    /// Share resolved within their SLA class's restore target (nil without tickets).
    public var slaAttainment: Double?
    /// Time-average service-point backorders and units on hand over the week.
    public var averageBackorders: Double
    public var averageOnHand: Double
    /// Tickets resolved during the week and the share within target, per SLA class (scenario order;
    /// one entry when the scenario has no classes). Restore targets on the continuous clock.
    public var ticketsByClass: [Int]
    public var slaAttainmentByClass: [Double?]
}

/// A resolved order for `orders.csv`.
public struct OrderRow: Sendable, Codable, Equatable {
    /// The order's id and where it was opened.
    public var order: Int
    public var site: String
    public var item: String
    public var slaClass: String
    /// Days from the start of the warm-up: opened, engineer first on site (nil without a visit), resolved.
    public var openedDay: Double
    public var onSiteDay: Double?
    public var resolvedDay: Double
    /// How its part was sourced (own, lateral, parent, emergency, backorder, none) and the visits it took.
    public var sourcing: String
    public var visits: Int
}

/// A simulation's outcome: KPIs with confidence intervals and the replications behind them.
public struct SimulationResult: Sendable {
    /// Every KPI with its interval, in a fixed order.
    public var kpis: [KPIEstimate]
    /// The replications behind them, and the options they ran with.
    public var replications: [ReplicationResult]
    public var options: SimulationOptions

    /// The estimate of a KPI, nil when no replication observed it.
    public func kpi(_ key: KPI) -> KPIEstimate? { kpis.first { $0.key == key } }
}

/// Runs the world and the desk.
public enum Simulation {
    /// Simulates `scenario` under the stock plan `plan` for `options.replications`
    /// replications (in parallel; results do not depend on the thread count), calling `progress`
    /// with the number of replications done.
    public static func run(scenario: Scenario, plan: StockPlan, options: SimulationOptions,
                           progress: @Sendable (Int) -> Void = { _ in }) throws(SimulationFailure) -> SimulationResult {
        guard options.horizonDays > 0, options.horizonDays.isFinite else { throw .invalidOptions("the horizon must be a positive number of days") }
        guard options.warmupDays >= 0, options.warmupDays.isFinite else { throw .invalidOptions("the warm-up must be ≥ 0 days") }
        guard options.replications >= 1 else { throw .invalidOptions("at least one replication is needed") }
        guard (0..<1).contains(options.revisitFraction) else { throw .invalidOptions("the revisit fraction must lie in [0, 1)") }
        guard options.approvalHours >= 0, options.approvalHours.isFinite else { throw .invalidOptions("approval hours must be ≥ 0") }
        guard (0...1).contains(options.remoteFixFraction), (0...1).contains(options.noPartFraction) else {
            throw .invalidOptions("remote-fix and no-part fractions must lie in [0, 1]")
        }
        guard plan.fits(scenario) else {
            throw .invalidOptions("the stock plan must have one row per site and one column per item")
        }
        let done = Counter()
        let results: [ReplicationResult]
        do {
            results = try Replications.run(count: options.replications, seed: options.seed, threads: options.threads) {
                r, streams throws(SimulationFailure) -> ReplicationResult in
                let out = try runOne(scenario: scenario, plan: plan, options: options, streams: streams,
                                     database: r == 0 ? options.database : nil)
                progress(done.increment())
                return out
            }
        }
        let kpis = aggregate(results.map(\.kpis))
        return SimulationResult(kpis: kpis, replications: results, options: options)
    }

    /// Averages each KPI over the replications **by key**: a replication emits some KPIs only
    /// when it observed their subject (responses, repairs, an echelon's demand), so positions differ
    /// between replications. KPIs appear in order of first appearance; a replication that did not
    /// report a KPI holds NaN in its slot, which, like any undefined value, makes the mean NaN and
    /// the half-width 0.
    static func aggregate(_ replications: [[KPIValue]]) -> [KPIEstimate] {
        var order: [KPI] = []
        var index: [KPI: Int] = [:]
        for rep in replications {
            for entry in rep where index[entry.key] == nil {
                index[entry.key] = order.count
                order.append(entry.key)
            }
        }
        var values = [[Double]](repeating: [Double](repeating: .nan, count: replications.count), count: order.count)
        for (r, rep) in replications.enumerated() {
            for entry in rep { if let k = index[entry.key] { values[k][r] = entry.value } }
        }
        return order.enumerated().map { k, key in
            let v = values[k]
            var half = 0.0
            if v.allSatisfy(\.isFinite), v.count > 1, let ci = try? ConfidenceInterval(v, level: 0.95) { half = ci.halfWidth }
            return KPIEstimate(key: key, mean: v.reduce(0, +) / Double(v.count),
                               halfWidth: half, replications: v)
        }
    }

    static func runOne(scenario s: Scenario, plan: StockPlan, options: SimulationOptions,
                       streams: RandomStreams, database path: String? = nil) throws(SimulationFailure) -> ReplicationResult {
        let clock = ContinuousClock(), started = clock.now
        var store: SQLiteStore?
        if let path {
            do { store = try SQLiteStore.create(path: path, catalog: DeskCatalog(scenario: s, plan: plan)) } catch {
                throw .store(error.description)
            }
        }
        if options.workflow {
            return try finish(World<WorkflowDriver>(scenario: s, plan: plan, options: options, streams: streams, database: store),
                              store: store, options: options, plan: plan, started: started)
        }
        return try finish(World<BareDesk>(scenario: s, plan: plan, options: options, streams: streams, database: store),
                          store: store, options: options, plan: plan, started: started)
    }

    /// Runs `world` to its end, closes the replication's store, and summarises the run.
    private static func finish<Org>(_ world: consuming World<Org>, store: SQLiteStore?, options: SimulationOptions, plan: StockPlan,
                                    started: ContinuousClock.Instant) throws(SimulationFailure) -> ReplicationResult {
        let counts = try world.run()
        if let store {
            do throws(DeskStoreError) {
                try store.setMeta("measure_from_day", "\(world.warmup)")
                try store.setMeta("measure_to_day", "\(world.end)")
                try store.setMeta("seed", "\(options.seed)")
                if let failure = store.failure { throw failure }
                try store.close()
            } catch { throw .store(error.description) }
        }
        let wall = ContinuousClock().now - started
        let (sec, atto) = wall.components
        return summarize(world, counts: counts, wall: Double(sec) + Double(atto) * 1e-18, plan: plan)
    }

    static func summarize<Org>(_ world: World<Org>, counts: EventCounts, wall: Double, plan: StockPlan) -> ReplicationResult {
        let tally = cellTally(world, plan: plan)
        let units = conservation(world, plan: plan)
        return ReplicationResult(kpis: kpiValues(world, tally), events: counts, wallSeconds: wall, cells: tally.cells,
                                 orders: orderRows(world), log: world.recorder.log?.log ?? [], unitsAtEnd: units.atEnd,
                                 unitsAtStart: units.atStart, unitsBought: world.bought, unitsConsumed: world.consumedConsumables,
                                 weeks: weekPoints(world),
                                 deskCommands: world.org.desk.commandCount, workflowCommands: world.org.workflowCommands)
    }

    /// The stocking cells' counts over the measured window, per cell and summed (tickets at
    /// service points, demand per echelon level, stock on hand and its value).
    struct CellTally {
        var demands = 0, met = 0, lateral = 0, emergency = 0, backordered = 0
        var servicePointBackorders = 0.0, onHandUnits = 0.0, onHandValue = 0.0, holding = 0.0
        /// Per echelon level: (demands, met from stock).
        var echelonDemand = [Int: (Int, Int)]()
        var cells: [CellResult] = []
    }

    private static func ratio(_ a: Int, _ b: Int) -> Double { b > 0 ? Double(a) / Double(b) : .nan }

    private static func cellTally<Org>(_ world: World<Org>, plan: StockPlan) -> CellTally {
        let s = world.scenario, r = world.recorder, items = s.items.count
        let window = max(1e-9, world.end - world.warmup)
        var t = CellTally()
        for site in s.sites.indices where s.sites[site].kind.holdsStock {
            for item in 0..<items {
                let c = site * items + item
                let level = s.sites[site].echelon ?? -1
                var e = t.echelonDemand[level] ?? (0, 0)
                e.0 += r.cells[c].demands; e.1 += r.cells[c].met
                t.echelonDemand[level] = e
                let avgOnHand = r.cells[c].onHandArea / window, avgBack = r.cells[c].backorderArea / window
                t.onHandUnits += avgOnHand
                t.onHandValue += avgOnHand * s.items[item].unitCost
                t.holding += avgOnHand * s.items[item].unitCost * s.items[item].holdingRate
                if s.sites[site].kind == .servicePoint {
                    t.demands += r.cells[c].demands; t.met += r.cells[c].met; t.lateral += r.cells[c].lateral
                    t.emergency += r.cells[c].emergency; t.backordered += r.cells[c].backordered
                    t.servicePointBackorders += avgBack
                }
                if r.cells[c].demands > 0 || plan[site][item] > 0 {
                    let d = r.cells[c].demands
                    t.cells.append(CellResult(site: site, item: item, demands: d, fillRate: ratio(r.cells[c].met, d),
                                              lateralFraction: ratio(r.cells[c].lateral, d), emergencyFraction: ratio(r.cells[c].emergency, d),
                                              backorderFraction: ratio(r.cells[c].backordered, d), averageBackorders: avgBack,
                                              averageOnHand: avgOnHand, ttrMeanDays: r.cells[c].ttrCount > 0 ? r.cells[c].ttrSum / Double(r.cells[c].ttrCount) : .nan,
                                              ttrCount: r.cells[c].ttrCount))
                }
            }
        }
        return t
    }

    /// The replication's KPIs, in the order the outputs list them.
    private static func kpiValues<Org>(_ world: World<Org>, _ t: CellTally) -> [KPIValue] {
        let s = world.scenario, r = world.recorder
        let window = max(1e-9, world.end - world.warmup)
        var kpis: [KPIValue] = []
        kpis.append(KPIValue(.fillRate, ratio(t.met, t.demands)))
        for level in t.echelonDemand.keys.sorted() where level >= 0 {
            let e = t.echelonDemand[level] ?? (0, 0)
            kpis.append(KPIValue(.fillRateEchelon(level), ratio(e.1, e.0)))
        }
        kpis.append(KPIValue(.lateralFraction, ratio(t.lateral, t.demands)))
        kpis.append(KPIValue(.emergencyFraction, ratio(t.emergency, t.demands)))
        kpis.append(KPIValue(.backorderFraction, ratio(t.backordered, t.demands)))
        kpis.append(KPIValue(.averageBackorders, t.servicePointBackorders))
        kpis.append(KPIValue(.ticketsPerYear, Units.perYear(Double(r.ttr.count) / window)))
        kpis.append(KPIValue(.ttrMean, r.ttr.mean))
        kpis.append(KPIValue(.ttrP50, r.ttr.quantile(0.5)))
        kpis.append(KPIValue(.ttrP90, r.ttr.quantile(0.9)))
        kpis.append(KPIValue(.ttrP95, r.ttr.quantile(0.95)))
        if r.response.count > 0 {
            kpis.append(KPIValue(.responseMean, r.response.mean))
            kpis.append(KPIValue(.responseP90, r.response.quantile(0.9)))
        }
        for (k, sla) in s.slaClasses.enumerated() where k < r.classRestored.count {
            if r.usesWatches {
                // The workflow's stop-watches: business hours on the class's calendar.
                let restored = k < r.watchRestored.count ? r.watchRestored[k] : 0
                let responded = k < r.watchResponded.count ? r.watchResponded[k] : 0
                kpis.append(KPIValue(.slaRestore(slaClass: sla.id), ratio(k < r.watchRestoredMet.count ? r.watchRestoredMet[k] : 0, restored)))
                if responded > 0 {
                    kpis.append(KPIValue(.slaResponse(slaClass: sla.id), ratio(r.watchRespondedMet[k], responded)))
                }
                continue
            }
            kpis.append(KPIValue(.slaRestore(slaClass: sla.id), ratio(r.classWithinTarget[k], r.classRestored[k])))
            if r.classResponded[k] > 0 {
                kpis.append(KPIValue(.slaResponse(slaClass: sla.id), ratio(r.classResponseWithinTarget[k], r.classResponded[k])))
            }
        }
        kpis.append(KPIValue(.averageOnHand, t.onHandUnits))
        kpis.append(KPIValue(.stockValue, t.onHandValue))
        kpis.append(KPIValue(.holdingCostPerYear, t.holding))
        let issuesPerDay = Double(r.issuedUnits) / window
        kpis.append(KPIValue(.stockAge, issuesPerDay > 0 ? t.onHandUnits / issuesPerDay : .nan))
        let engineers = s.sites.reduce(0) { $0 + $1.engineers }
        if engineers > 0 {
            kpis.append(KPIValue(.engineerUtilisation, r.engineerBusyArea / (Double(engineers) * window)))
            kpis.append(KPIValue(.firstTimeFixRate, ratio(r.firstTimeFixed, r.ordersWithVisit)))
        }
        if r.repairLoop.count > 0 { kpis.append(KPIValue(.repairLoopDays, r.repairLoop.mean)) }
        kpis.append(KPIValue(.transportCostPerYear, Units.perYear(world.transportCost.reduce(0, +) / window)))
        for kind in ShipmentKind.allCases where kind != .supply {
            kpis.append(KPIValue(.transportCostPerYearOfKind("\(kind)"), Units.perYear(world.transportCost[Int(kind.rawValue)] / window)))
        }
        var penalties = 0.0
        for (k, sla) in s.slaClasses.enumerated() where k < r.classRestored.count {
            let breaches = r.usesWatches
                ? (k < r.watchRestored.count ? r.watchRestored[k] - r.watchRestoredMet[k] : 0)
                : r.classRestored[k] - r.classWithinTarget[k]
            penalties += Double(breaches) * sla.penaltyPerBreach
        }
        kpis.append(KPIValue(.penaltyCostPerYear, Units.perYear(penalties / window)))
        for kind in ShipmentKind.allCases {
            kpis.append(KPIValue(.shipmentsPerYear(kind: "\(kind)"), Units.perYear(Double(r.shipmentsByKind[Int(kind.rawValue)]) / window)))
        }

        return kpis
    }

    /// Conservation: units held by the desk at the end (on hand, reserved, in transit but for
    /// supplier deliveries, less the defectives in repair ahead of their tickets' spare) and at the start (the plan, but for unlimited sites), per item.
    private static func conservation<Org>(_ world: World<Org>, plan: StockPlan) -> (atStart: [Int], atEnd: [Int]) {
        let s = world.scenario, items = s.items.count
        var atEnd = [Int](repeating: 0, count: items), atStart = atEnd
        for site in s.sites.indices where s.sites[site].kind.holdsStock {
            for item in 0..<items {
                atStart[item] += world.org.desk.network.unlimited[site] ? 0 : plan[site][item]
                atEnd[item] += world.org.desk.onHand(site: site, item: item) + world.org.desk.reserved(site: site, item: item)
            }
        }
        for shipment in world.org.desk.activeShipments where shipment.kind != .supply { atEnd[shipment.item] += 1 }
        for (item, n) in world.org.desk.defectivesAhead.enumerated() { atEnd[item] -= n }
        return (atStart, atEnd)
    }

    /// The closed orders, when the run keeps them.
    private static func orderRows<Org>(_ world: World<Org>) -> [OrderRow] {
        let s = world.scenario, r = world.recorder
        guard world.options.keepOrders else { return [] }
        return r.closedOrders.map { o in
            OrderRow(order: o.order, site: s.sites[o.site].id, item: o.item >= 0 ? s.items[o.item].id : "",
                     slaClass: o.slaClass < s.slaClasses.count ? s.slaClasses[o.slaClass].id : "",
                     openedDay: o.opened, onSiteDay: o.onSite, resolvedDay: o.resolved, sourcing: "\(o.sourcing)", visits: o.visits)
        }
    }

    /// The week-by-week timeline (weeks from day 0, the warm-up included).
    private static func weekPoints<Org>(_ world: World<Org>) -> [WeekPoint] {
        let r = world.recorder
        var weeks: [WeekPoint] = []
        for w in r.weekResolved.indices {
            let a = Double(w) * 7, b = min(world.end, a + 7)
            guard b > a else { continue }
            let classes = (0..<r.classCount).map { k in r.weekClassResolved[w * r.classCount + k] }
            let within = (0..<r.classCount).map { k in r.weekClassWithin[w * r.classCount + k] }
            weeks.append(WeekPoint(startDay: a, ticketsResolved: r.weekResolved[w],
                                   slaAttainment: r.weekResolved[w] > 0 ? Double(r.weekWithin[w]) / Double(r.weekResolved[w]) : nil,
                                   averageBackorders: r.weekBackorderArea[w] / (b - a), averageOnHand: r.weekOnHandArea[w] / (b - a),
                                   ticketsByClass: classes,
                                   slaAttainmentByClass: zip(within, classes).map { $1 > 0 ? Double($0) / Double($1) : nil }))
        }
        return weeks
    }
}

/// A thread-safe counter for progress.
final class Counter: Sendable {
    private let value = Mutex(0)
    func increment() -> Int {
        value.withLock { count in
            count += 1
            return count
        }
    }
}
