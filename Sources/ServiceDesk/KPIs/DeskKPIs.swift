public import ScenarioModel

/// What the KPI definitions need besides the log: the network's names and kinds, the SLA
/// targets, the installed units and the opening stock.
public struct KPIContext: Sendable {
    public var siteCodes: [String]
    public var servicePoint: [Bool]
    public var itemCodes: [String]
    public var unitCost: [Double]
    public var productCodes: [String]
    public var classCodes: [String]
    /// Restore and response targets per class in days (continuous; nil: none), for orders
    /// without a workflow stop-watch.
    public var restoreDays: [Double?]
    public var responseDays: [Double?]
    /// Units on the shelves at time 0.
    public var openingStock: StockPlan

    public init(siteCodes: [String], servicePoint: [Bool], itemCodes: [String], unitCost: [Double], productCodes: [String],
                classCodes: [String], restoreDays: [Double?], responseDays: [Double?], openingStock: StockPlan) {
        self.siteCodes = siteCodes
        self.servicePoint = servicePoint
        self.itemCodes = itemCodes
        self.unitCost = unitCost
        self.productCodes = productCodes
        self.classCodes = classCodes
        self.restoreDays = restoreDays
        self.responseDays = responseDays
        self.openingStock = openingStock
    }
}

/// The desk's KPIs, one definition each, computed from the event log alone (the desk's and the
/// workflow's changes) over a window [from, to) of desk time. The same function serves a
/// simulated run (its memory log) and a live or simulated SQLite record (read back).
///
/// Definitions (an order counts in the window when the event that decides the KPI falls in it):
/// - fill rate: demands at service points met from the shelf at once ÷ demands there;
///   lateral and emergency shares: orders sourced so ÷ those demands;
/// - TAT: restore time − report time (order opened), over orders restored in the window;
///   repair loop: repair completed − defective return sent;
/// - SLA attainment (restore and response), per class and per service point: for an order the
///   workflow took in, its stop-watch, counted when it stops in the window, met when no breach
///   came first, under the order's class at that moment; for an order without a workflow, the
///   continuous time from opening to restore (at restore) or to the engineer's first arrival (at
///   arrival) within the class's target;
/// - first-time fix: restored orders with exactly one visit ÷ restored orders with a visit;
/// - failure ratio: orders taken in per registered asset of the product per year;
/// - stock age: average units on hand ÷ units issued per day (Little's law);
/// - settlement: fees per service point and job; satisfaction: mean score and its distribution.
public struct DeskKPIs: Sendable, Equatable, Codable {
    /// One attainment figure: how many stopped, how many met.
    public struct Attainment: Sendable, Equatable, Codable {
        public var orders = 0
        public var met = 0
        public var share: Double? { orders > 0 ? Double(met) / Double(orders) : nil }
    }

    public var from: Double
    public var to: Double
    public var demands = 0
    public var metFromStock = 0
    public var lateral = 0
    public var emergency = 0
    public var fillRate: Double? { demands > 0 ? Double(metFromStock) / Double(demands) : nil }
    public var lateralFraction: Double? { demands > 0 ? Double(lateral) / Double(demands) : nil }
    public var emergencyFraction: Double? { demands > 0 ? Double(emergency) / Double(demands) : nil }
    public var restored = 0
    public var tatSumDays = 0.0
    public var tatDays: [Double] = []
    public var tatMeanDays: Double? { restored > 0 ? tatSumDays / Double(restored) : nil }
    public var repairLoops = 0
    public var repairLoopSumDays = 0.0
    public var repairLoopMeanDays: Double? { repairLoops > 0 ? repairLoopSumDays / Double(repairLoops) : nil }
    public var restoreByClass: [String: Attainment] = [:]
    public var restoreBySite: [String: Attainment] = [:]
    public var responseByClass: [String: Attainment] = [:]
    public var withVisit = 0
    public var firstTimeFixed = 0
    public var firstTimeFixRate: Double? { withVisit > 0 ? Double(firstTimeFixed) / Double(withVisit) : nil }
    /// Orders taken in per asset per year, by product (products with registered assets only).
    public var failureRatio: [String: Double] = [:]
    public var averageOnHand = 0.0
    public var issued = 0
    public var stockAgeDays: Double? { issued > 0 ? averageOnHand / (Double(issued) / max(1e-12, to - from)) : nil }
    public var feesBySite: [String: Double] = [:]
    public var feesByJob: [String: Double] = [:]
    public var feeTotal: Double { feesBySite.values.reduce(0, +) }
    public var surveys = 0
    public var scoreSum = 0
    public var scores: [Int] = [0, 0, 0, 0, 0]
    public var satisfaction: Double? { surveys > 0 ? Double(scoreSum) / Double(surveys) : nil }
    /// Defective-part returns (RMAs) authorised in the window, those of them received back, and
    /// the days from authorisation to receipt summed over the received ones.
    public var returnsAuthorised = 0
    public var returnsReceived = 0
    public var returnLagSumDays = 0.0
    /// Return ratio: the share of defective parts taken out in the window that came back
    /// (received ÷ authorised, by authorisation time).
    public var returnRatio: Double? { returnsAuthorised > 0 ? Double(returnsReceived) / Double(returnsAuthorised) : nil }
    /// Mean days from a return's authorisation to its receipt.
    public var returnLagMeanDays: Double? { returnsReceived > 0 ? returnLagSumDays / Double(returnsReceived) : nil }
    /// Inspections in the window by outcome (`repairable`, `scrap`, `supplier_claim`).
    public var inspections: [String: Int] = [:]

    /// The KPIs of a log over [from, to).
    public static func compute(log: [DeskChange], cases: [CaseChange], context c: KPIContext, from: Double, to: Double) -> DeskKPIs {
        var k = DeskKPIs(from: from, to: to)
        let w = LogWindow(context: c, from: from, to: to)
        let watched = addWorkflowLog(cases, to: &k, w)
        addDeskLog(log, to: &k, w, watched: watched)
        return k
    }

    /// The workflow's log: SLA attainment from the stop-watches (counted when a watch stops in the
    /// window, under the order's class at that moment), returns and inspections, surveys, fees,
    /// failure ratios per product. Returns the orders the workflow watched.
    private static func addWorkflowLog(_ cases: [CaseChange], to k: inout DeskKPIs, _ w: LogWindow) -> Set<Int> {
        let c = w.context, from = w.from, to = w.to
        var classNow: [Int: Int] = [:]
        var orderSite: [Int: Int] = [:]
        var breached: [Int: Set<String>] = [:]
        var assetsPerProduct: [Int: Int] = [:]
        var assetProduct: [Int: Int] = [:]
        var assetSite: [Int: Int] = [:]
        var intakesPerProduct: [Int: Int] = [:]
        var watched = Set<Int>()
        var authorisedAt: [Int: Double] = [:]
        for change in cases {
            switch change {
            case .returnAuthorised(let rma, _, _, _, let t) where w.inWindow(t):
                k.returnsAuthorised += 1
                authorisedAt[rma] = t
            case .returnReceived(let rma, _, let t):
                if let a = authorisedAt[rma] { k.returnsReceived += 1; k.returnLagSumDays += t - a }
            case .returnInspected(_, let outcome, let t) where w.inWindow(t):
                k.inspections[outcome.rawValue, default: 0] += 1
            case .assetRegistered(let a):
                assetsPerProduct[a.product, default: 0] += 1
                assetProduct[a.id] = a.product
                assetSite[a.id] = a.site
            case .intake(let o, let asset, _, _, _, _, _, let k2, let t):
                classNow[o] = k2
                orderSite[o] = assetSite[asset]
                breached[o] = nil
                watched.insert(o)
                if w.inWindow(t), let p = assetProduct[asset] { intakesPerProduct[p, default: 0] += 1 }
            case .slaClassChanged(let o, _, let to, _):
                classNow[o] = to
            case .sla(let o, let watch, .breach, _):
                breached[o, default: []].insert(watch)
            case .sla(let o, let watch, .stopped, let t) where watch != "callback":
                guard w.inWindow(t) else { break }
                let x = classNow[o] ?? 0, met = !(breached[o]?.contains(watch) ?? false)
                if watch == "restore" {
                    k.restoreByClass[w.cls(x), default: Attainment()].orders += 1
                    if met { k.restoreByClass[w.cls(x), default: Attainment()].met += 1 }
                    if let s = orderSite[o] {
                        k.restoreBySite[w.site(s), default: Attainment()].orders += 1
                        if met { k.restoreBySite[w.site(s), default: Attainment()].met += 1 }
                    }
                } else {
                    k.responseByClass[w.cls(x), default: Attainment()].orders += 1
                    if met { k.responseByClass[w.cls(x), default: Attainment()].met += 1 }
                }
            case .survey(_, let score, _, let t) where w.inWindow(t):
                k.surveys += 1; k.scoreSum += score
                if (1...5).contains(score) { k.scores[score - 1] += 1 }
            case .settled(_, let s, let job, _, _, let fee, let t) where w.inWindow(t):
                k.feesBySite[w.site(s), default: 0] += fee
                k.feesByJob[job.rawValue, default: 0] += fee
            default:
                break
            }
        }
        let years = max(1e-12, to - from) / Units.daysPerYear
        for (p, n) in assetsPerProduct where n > 0 {
            let code = c.productCodes.indices.contains(p) ? c.productCodes[p] : "#\(p)"
            k.failureRatio[code] = Double(intakesPerProduct[p] ?? 0) / Double(n) / years
        }

        return watched
    }

    /// The desk's log: fill rate and sourcing at service points, restores and TAT, response and
    /// restore attainment of unwatched orders on the continuous clock, first-time fix, repair
    /// loops, issues and the time-average stock on hand.
    private static func addDeskLog(_ log: [DeskChange], to k: inout DeskKPIs, _ w: LogWindow, watched: Set<Int>) {
        let c = w.context, from = w.from, to = w.to
        var opened: [Int: (t: Double, site: Int, cls: Int)] = [:]
        var firstOnSite: [Int: Double] = [:]
        var visits: [Int: Int] = [:]
        var returnSent: [Int: Double] = [:]
        var onHand: [Int: Int] = [:]
        let items = c.itemCodes.count
        for s in 0..<c.openingStock.siteCount {
            for i in c.openingStock[s].indices where c.openingStock[s][i] > 0 { onHand[s * items + i] = c.openingStock[s][i] }
        }
        var since: [Int: Double] = [:]
        var area = 0.0
        func accrue(_ cell: Int, until t: Double) {
            let start = max(from, since[cell] ?? from), end = min(to, t)
            if end > start { area += Double(onHand[cell] ?? 0) * (end - start) }
            since[cell] = max(since[cell] ?? from, min(max(t, from), to))
        }
        for change in log {
            switch change {
            case .orderOpened(let o, let s, _, let x, let t):
                opened[Int(o)] = (t, Int(s), Int(x))
            case .orderSourced(let o, let kind, _, let t):
                guard w.inWindow(t), let info = opened[Int(o)], w.isSP(info.site) else { break }
                if kind == .lateral { k.lateral += 1 }
                if kind == .emergency { k.emergency += 1 }
            case .demand(let s, _, let met, let t):
                guard w.inWindow(t), w.isSP(Int(s)) else { break }
                k.demands += 1
                if met { k.metFromStock += 1 }
            case .orderMoved(let o32, _, let to, let t):
                let o = Int(o32)
                if to == .onSite, firstOnSite[o] == nil {
                    firstOnSite[o] = t
                    // No stop-watch: response counted when the engineer first arrives.
                    if w.inWindow(t), !watched.contains(o), let info = opened[o] {
                        let x = info.cls
                        let met = (c.responseDays.indices.contains(x) ? c.responseDays[x] : nil).map { t - info.t <= $0 + 1e-12 } ?? true
                        k.responseByClass[w.cls(x), default: Attainment()].orders += 1
                        if met { k.responseByClass[w.cls(x), default: Attainment()].met += 1 }
                    }
                }
                guard to == .resolved, w.inWindow(t), let info = opened[o] else { break }
                k.restored += 1
                let tat = t - info.t
                k.tatSumDays += tat
                k.tatDays.append(tat)
                if !watched.contains(o) {
                    // No stop-watch: the class's target in continuous time.
                    let x = info.cls
                    let met = (c.restoreDays.indices.contains(x) ? c.restoreDays[x] : nil).map { tat <= $0 + 1e-12 } ?? true
                    k.restoreByClass[w.cls(x), default: Attainment()].orders += 1
                    k.restoreBySite[w.site(info.site), default: Attainment()].orders += 1
                    if met {
                        k.restoreByClass[w.cls(x), default: Attainment()].met += 1
                        k.restoreBySite[w.site(info.site), default: Attainment()].met += 1
                    }
                }
                if let n = visits[o], n > 0 {
                    k.withVisit += 1
                    if n == 1 { k.firstTimeFixed += 1 }
                }
            case .visitDispatched(_, let o, _, _):
                visits[Int(o), default: 0] += 1
            case .shipmentSent(let sh, .defectiveReturn, _, _, _, _, let t):
                returnSent[Int(sh)] = t
            case .repairCompleted(let sh, _, _, _, let t):
                if w.inWindow(t), let sent = returnSent[Int(sh)] {
                    k.repairLoops += 1
                    k.repairLoopSumDays += t - sent
                }
            case .onHand(let s, let i, let d, _, let t):
                let cell = Int(s) * items + Int(i)
                accrue(cell, until: t)
                onHand[cell, default: 0] += Int(d)
                if d < 0, w.inWindow(t) { k.issued += 1 }
            default:
                break
            }
        }
        // Closing the cells in ascending order keeps the floating-point sum the same from run to run
        // (a Set's order follows the per-process hash seed).
        for cell in Set(onHand.keys).union(since.keys).sorted() { accrue(cell, until: to) }
        k.averageOnHand = area / max(1e-12, to - from)
        k.tatDays.sort()
    }

    /// The q-quantile of the TAT sample (the smallest value with at least q of the sample at or below it).
    /// The desk's value of a simulation KPI, recomputed from the record: the same key names the
    /// same definition in both places (a test holds the two equal). Nil for a KPI the record does
    /// not define (costs, shipments, backorders, quantiles) or without data.
    public func value(_ key: KPI) -> Double? {
        switch key {
        case .fillRate: return fillRate
        case .lateralFraction: return lateralFraction
        case .emergencyFraction: return emergencyFraction
        case .ttrMean: return tatMeanDays
        case .firstTimeFixRate: return firstTimeFixRate
        case .repairLoopDays: return repairLoopMeanDays
        case .stockAge: return stockAgeDays
        case .averageOnHand: return averageOnHand
        case .slaRestore(let c): return restoreByClass[c]?.share
        case .slaResponse(let c): return responseByClass[c]?.share
        default: return nil
        }
    }

    /// The KPIs `value(_:)` defines for these SLA classes (one key per definition shared with the
    /// simulation).
    public static func sharedKeys(classes: [String]) -> [KPI] {
        [.fillRate, .lateralFraction, .emergencyFraction, .ttrMean, .firstTimeFixRate, .repairLoopDays, .stockAge, .averageOnHand]
            + classes.flatMap { [KPI.slaRestore(slaClass: $0), .slaResponse(slaClass: $0)] }
    }

    public func tatQuantile(_ q: Double) -> Double? {
        guard !tatDays.isEmpty else { return nil }
        let need = max(1, Int((q * Double(tatDays.count)).rounded(.up)))
        return tatDays[min(tatDays.count, need) - 1]
    }
}

extension KPIContext {
    /// The context of a scenario under a stock plan (sites that hold no stock start empty).
    public init(scenario s: Scenario, plan: StockPlan) {
        self.init(siteCodes: s.sites.map(\.id), servicePoint: s.sites.map { $0.kind == .servicePoint },
                  itemCodes: s.items.map(\.id), unitCost: s.items.map(\.unitCost), productCodes: s.products.map(\.id),
                  classCodes: s.slaClasses.map(\.id), restoreDays: s.slaClasses.map { $0.restoreHours / 24 },
                  responseDays: s.slaClasses.map { $0.responseHours / 24 },
                  openingStock: StockPlan(levels: s.sites.indices.map { site in
                      s.sites[site].kind.holdsStock && site < plan.siteCount ? plan[site] : [Int](repeating: 0, count: s.items.count)
                  }) ?? StockPlan(zerosFor: s))
    }
}

/// A log read over [from, to): the window test and the names of sites and classes.
private struct LogWindow {
    let context: KPIContext
    let from: Double
    let to: Double
    func inWindow(_ t: Double) -> Bool { t >= from && t < to }
    func site(_ s: Int) -> String { context.siteCodes.indices.contains(s) ? context.siteCodes[s] : "#\(s)" }
    func cls(_ x: Int) -> String { context.classCodes.indices.contains(x) ? context.classCodes[x] : "#\(x)" }
    func isSP(_ s: Int) -> Bool { context.servicePoint.indices.contains(s) && context.servicePoint[s] }
}
