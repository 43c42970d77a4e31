import Foundation
import GRDB
import ScenarioModel
@testable import ServiceDesk
import Testing

/// The full workflow on both stores, against hand-computed answers. Desk time 0 is 2026-01-01
/// 00:00 UTC (a Thursday); day 8 is Friday 9 January, day 11 Monday 12 January (a holiday in
/// the office calendar), day 12 Tuesday 13 January. Berlin is UTC+1 in January.
@Suite("Service workflow")
struct WorkflowTests {
    static let yaml = """
    format: 1
    name: workflow
    currency: EUR
    start_date: 2026-01-01
    lane_defaults:
      replenishment: {lead_time: 1}
      lateral: {lead_time: 0.2}
      emergency: {lead_time: 0.5}
      return: {lead_time: 2}
    policies:
      sourcing: [own, lateral, parent, emergency]
      dispatch: home_service_point
    products: [{id: P}]
    items:
      - {id: X, unit_cost: 10, failure_rate: 0.1, used_in: {P: 1}, supplier_lead_time: 5}
      - {id: R, unit_cost: 50, failure_rate: 0.1, used_in: {P: 1}, repairable: true, repair_site: CW, repair_time: 3, condemnation: 0.1, supplier_lead_time: 20}
    sites:
      - {id: CW, kind: central_warehouse, lat: 50, lon: 8}
      - {id: A, kind: service_point, parent: CW, lat: 50.1, lon: 8, pool: G, engineers: 1, calendar: office}
      - {id: B, kind: service_point, parent: CW, lat: 50.2, lon: 8, pool: G}
    installed_base:
      - {site: A, product: P, units: 10, sla_class: gold}
      - {site: B, product: P, units: 10}
    calendars:
      - id: office
        time_zone: Europe/Berlin
        weekly: {mon: "08:00-18:00", tue: "08:00-18:00", wed: "08:00-18:00", thu: "08:00-18:00", fri: "08:00-18:00"}
        holidays: [2026-01-12]
    sla_classes:
      - {id: gold, response_hours: 4, restore_hours: 8, clock: business, calendar: office}
      - {id: std, response_hours: 8, restore_hours: 24, clock: continuous}
    default_sla_class: std
    service_desk:
      approval_threshold: 100
      handling_costs: {on_site_repair: 40, replacement: 500}
      warranty: [{product: P, months: 12}]
      fault_codes:
        - {product: P, code: X-FAIL, item: X, handling: on_site_repair}
        - {product: P, code: R-FAIL, item: R, handling: on_site_repair}
        - {product: P, code: SOFT, handling: remote_fix}
        - {product: P, code: DEPOT, description: Unit worn out, handling: depot_repair}
      tariffs:
        - {job: on_site_repair, max_km: 30, warranty: any, fee: 90}
        - {job: on_site_repair, warranty: out_of_warranty, fee: 150}
        - {job: on_site_repair, warranty: any, fee: 120}
        - {job: remote_fix, warranty: any, fee: 20}
        - {job: depot_repair, warranty: any, fee: 60}
    """

    static let cw = 0, a = 1, b = 2, x = 0, r = 1

    /// A workflow over a fresh desk with stock [CW, A, B] of X and R, one customer and an asset
    /// at A (installed 2025-06-01, 12 km away).
    static func workflow(_ store: StoreKind, x: [Int] = [2, 2, 0], r: [Int] = [1, 1, 0]) throws -> ServiceWorkflow<TestStore> {
        let s = try ScenarioLoader.load(yaml: yaml, file: "workflow.yaml", baseDirectory: nil)
        let plan: StockPlan = [[x[0], r[0]], [x[1], r[1]], [x[2], r[2]]]
        let recorder = try TestStore(store, catalog: DeskCatalog(scenario: s, plan: plan))
        var w = ServiceWorkflow(desk: DeskCore(network: DeskNetwork(scenario: s, plan: plan), store: recorder), scenario: s)
        let customer = try w.registerCustomer(code: "C-1", name: "Dairy Nord")
        _ = try w.registerAsset(serial: "SN-1", product: "P", customer: customer, site: "A",
                                installed: try #require(CalendarDate(parsing: "2025-06-01")), distanceKm: 12)
        return w
    }

    static func t(_ day: Int, _ hourUTC: Double) -> Double { Double(day) + hourUTC / 24 }

    static func slaEvents(_ log: [CaseChange], order: Int) -> [String] {
        log.compactMap {
            guard case .sla(order, let watch, let event, let at) = $0 else { return nil }
            return "\(watch) \(event.rawValue) \(String(format: "%.4f", at * 24))"
        }
    }

    /// Intake Friday 17:00 Berlin → triage (cost 50, no approval) → engineer on site Tuesday 10:00
    /// → done Tuesday 17:00 → survey Wednesday 11:00. Response (4 business hours, Monday a holiday):
    /// 1 h Friday + 2 h Tuesday at arrival, met. Restore (8 h): warning at 6.4 h = Tuesday 13:24,
    /// breach at 8 h = Tuesday 15:00, both recorded at those instants though seen only at 17:00.
    /// The callback (24 h) is met at 18 h. Fee: on-site repair, 12 km, warranty → 90.
    @Test(arguments: StoreKind.allCases) func fullOrderOnBusinessHours(store: StoreKind) throws {
        var w = try Self.workflow(store)
        let t0 = Self.t(8, 16)
        let o = try w.intake(asset: 0, faultCode: "X-FAIL", description: "no print", priority: 2, at: t0)
        let c = try #require(w.cases[o])
        #expect(c.entitlement == .warranty && c.slaClass == 0)
        #expect(c.evidence == "installed 2025-06-01, 12 months warranty until 2026-06-01 (exclusive)")
        try w.triage(order: o, faultCode: "X-FAIL", handling: .onSiteRepair, at: t0)
        #expect(w.cases[o]?.estimatedCost == 50 && w.cases[o]?.stage == .inWork)
        #expect(w.desk.state(of: o) == .engineerDispatched)
        let visit = try #require(w.desk.effects.compactMap { if case .visitDispatched(let v, _, _, _) = $0 { Int(v) } else { nil } }.first)
        try w.arrive(visit: visit, at: Self.t(12, 9))
        try w.completeVisit(visit: visit, at: Self.t(12, 16))
        #expect(w.cases[o]?.stage == .awaitingCallback && w.desk.state(of: o) == .resolved)
        try w.survey(order: o, score: 4, reason: "slow-parts", at: Self.t(13, 10))
        #expect(w.desk.state(of: o) == .closed && w.cases[o]?.stage == .done && w.cases[o]?.fee == 90)
        let h = { (day: Int, hour: Double) in String(format: "%.4f", (Double(day) * 24 + hour)) }
        #expect(Self.slaEvents(w.desk.store.caseLog, order: o) == [
            "response running \(h(8, 16))", "restore running \(h(8, 16))",
            "response stopped \(h(12, 9))",
            "restore warning \(h(12, 12.4))", "restore breach \(h(12, 14))", "restore stopped \(h(12, 16))",
            "callback running \(h(12, 16))", "callback stopped \(h(13, 10))",
        ])
        #expect(w.cases[o]?.watches.map(\.met) == [true, false, true])
        let stages = w.desk.store.caseLog.compactMap { if case .stage(o, let s, _) = $0 { s } else { nil } }
        #expect(stages == [.intake, .inWork, .awaitingCallback, .done])
        // The consumable X removed at the customer is written off there.
        #expect(w.desk.store.caseLog.contains(.partScrapped(order: o, item: Self.x, serial: "SN-1/X", at: Self.t(12, 16))))
        #expect(w.desk.store.caseLog.contains(.settled(order: o, site: Self.a, job: .onSiteRepair, km: 12, entitlement: .warranty,
                                                        fee: 90, at: Self.t(13, 10))))
        try w.desk.verifyStore()
    }

    /// Entitlement at intake: within the warranty; after it with an active contract (its last day
    /// included); after both, out of warranty, each with its evidence.
    @Test(arguments: StoreKind.allCases) func entitlementAtIntake(store: StoreKind) throws {
        var w = try Self.workflow(store)
        let d = { (s: String) throws -> CalendarDate in try #require(CalendarDate(parsing: s)) }
        let old = try w.registerAsset(serial: "SN-2", product: "P", customer: 0, site: "A", installed: try d("2024-06-01"),
                                      contract: "K-7", contractUntil: try d("2026-01-09"), distanceKm: 40)
        let bare = try w.registerAsset(serial: "SN-3", product: "P", customer: 0, site: "A", installed: try d("2024-06-01"), distanceKm: 50)
        let o1 = try w.intake(asset: old, faultCode: "X-FAIL", at: Self.t(8, 23.5))      // 9 Jan, the contract's last day
        let o2 = try w.intake(asset: old, faultCode: "X-FAIL", at: Self.t(9, 0.5))       // 10 Jan
        let o3 = try w.intake(asset: bare, faultCode: "SOFT", at: Self.t(9, 1))
        #expect(w.cases[o1]?.entitlement == .contract)
        #expect(w.cases[o1]?.evidence == "installed 2024-06-01, 12 months warranty until 2025-06-01 (exclusive); contract K-7 covers until 2026-01-09 (inclusive)")
        #expect(w.cases[o2]?.entitlement == .outOfWarranty)
        #expect(w.cases[o2]?.evidence == "installed 2024-06-01, 12 months warranty until 2025-06-01 (exclusive); contract K-7 ended 2026-01-09")
        #expect(w.cases[o3]?.entitlement == .outOfWarranty && w.cases[o3]?.evidence.hasSuffix("; no contract") == true)
        // Remote fix: resolved at triage; the fee for an out-of-warranty remote fix is 20.
        try w.triage(order: o3, faultCode: "SOFT", handling: .remoteFix, at: Self.t(9, 2))
        #expect(w.desk.state(of: o3) == .resolved && w.cases[o3]?.stage == .awaitingCallback)
        try w.survey(order: o3, score: 5, reason: "quick", at: Self.t(9, 3))
        #expect(w.cases[o3]?.fee == 20)
        // Unknown codes, assets and bad priorities are refused and record nothing.
        let before = w.desk.store.caseLog.count
        #expect(throws: WorkflowError.unknownFaultCode(code: "NOPE", product: "P")) { try w.intake(asset: bare, faultCode: "NOPE", at: Self.t(9, 4)) }
        #expect(throws: WorkflowError.unknownAsset(9)) { try w.intake(asset: 9, faultCode: "SOFT", at: Self.t(9, 4)) }
        #expect(throws: WorkflowError.self) { try w.intake(asset: bare, faultCode: "SOFT", priority: 9, at: Self.t(9, 4)) }
        #expect(throws: WorkflowError.duplicateSerial("SN-3")) {
            try w.registerAsset(serial: "SN-3", product: "P", customer: 0, site: "A", installed: try d("2024-06-01"))
        }
        #expect(w.desk.store.caseLog.count == before)
        try w.desk.verifyStore()
    }

    /// A replacement (500 + no part) is above the 100 threshold: it waits for an approval; a refusal
    /// sends the order back to triage, where an on-site repair (40 + 10) goes ahead at once.
    @Test(arguments: StoreKind.allCases) func approvalAboveTheThreshold(store: StoreKind) throws {
        var w = try Self.workflow(store)
        let o = try w.intake(asset: 0, faultCode: "X-FAIL", at: 1)
        try w.triage(order: o, faultCode: "X-FAIL", handling: .replacement, at: 1.01)
        #expect(w.cases[o]?.stage == .awaitingApproval && w.desk.state(of: o) == .opened)
        #expect(throws: WorkflowError.self) { try w.decideApproval(order: o, approved: true, by: "  ", at: 1.02) }
        #expect(throws: WorkflowError.wrongStage(order: o, stage: .awaitingApproval, command: "triage")) {
            try w.triage(order: o, faultCode: "X-FAIL", handling: .onSiteRepair, at: 1.02)
        }
        try w.decideApproval(order: o, approved: false, by: "M. Keller", note: "repair first", at: 1.05)
        #expect(w.cases[o]?.stage == .rejected)
        try w.triage(order: o, faultCode: "X-FAIL", handling: .onSiteRepair, at: 1.06)
        #expect(w.cases[o]?.stage == .inWork && w.desk.state(of: o) == .engineerDispatched)
        let log = w.desk.store.caseLog
        #expect(log.contains(.approvalRequested(order: o, estimatedCost: 500, threshold: 100, at: 1.01)))
        #expect(log.contains(.approvalDecided(order: o, approved: false, by: "M. Keller", note: "repair first", at: 1.05)))
        // An approved one goes ahead.
        let p = try w.intake(asset: 0, faultCode: "X-FAIL", at: 2)
        try w.triage(order: p, faultCode: "X-FAIL", handling: .replacement, at: 2)
        try w.decideApproval(order: p, approved: true, by: "M. Keller", at: 2.1)
        #expect(w.cases[p]?.stage == .inWork && w.desk.state(of: p) == .awaitingEngineer)
        try w.desk.verifyStore()
    }

    /// A customer hold pauses response and restore (round the clock, class std at B… here A's
    /// asset with std): 8 h response; on hold from 2 h to 7 h; the engineer arrives at 9 h →
    /// 4 h counted, met. A priority change to gold (4 business hours) after 5 counted hours
    /// breaches at the change; changing back does not undo it.
    @Test(arguments: StoreKind.allCases) func holdAndPriorityChange(store: StoreKind) throws {
        var w = try Self.workflow(store)
        let t0 = Self.t(8, 8)   // Friday 09:00 Berlin
        let o = try w.intake(asset: 0, faultCode: "X-FAIL", slaClass: "std", at: t0)
        try w.hold(order: o, waiting: true, at: t0 + 2.0 / 24)
        #expect(throws: WorkflowError.self) { try w.hold(order: o, waiting: true, at: t0 + 3.0 / 24) }
        try w.hold(order: o, waiting: false, at: t0 + 7.0 / 24)
        try w.triage(order: o, faultCode: "X-FAIL", handling: .onSiteRepair, at: t0 + 7.0 / 24)
        let visit = try #require(w.desk.effects.compactMap { if case .visitDispatched(let v, _, _, _) = $0 { Int(v) } else { nil } }.first)
        try w.arrive(visit: visit, at: t0 + 9.0 / 24)
        let response = try #require(w.cases[o]?.watches[0])
        #expect(response.met && abs(response.elapsedHours - 4) < 1e-9)

        let p = try w.intake(asset: 0, faultCode: "X-FAIL", slaClass: "std", at: t0 + 9.0 / 24)
        try w.changeSLAClass(order: p, to: "gold", at: t0 + 14.0 / 24)     // 5 h counted ≥ 4 h
        try w.changeSLAClass(order: p, to: "std", at: t0 + 15.0 / 24)
        let events = Self.slaEvents(w.desk.store.caseLog, order: p)
        let at = String(format: "%.4f", (t0 + 14.0 / 24) * 24)
        #expect(events.contains("response warning \(at)") && events.contains("response breach \(at)"))
        #expect(w.cases[p]?.watches[0].breachedAt.map { abs($0 - (t0 + 14.0 / 24)) < 1e-9 } == true)
        #expect(w.cases[p]?.slaClass == 1)
        try w.desk.verifyStore()
    }

    /// Parts lines and the defective return: the repairable R fitted at A gets a new serial, the
    /// removed one (SN-1/R) must come back; a wrong serial is refused and changes nothing; the
    /// inspected repairable is repaired into CW's stock.
    @Test(arguments: StoreKind.allCases) func defectiveReturnSerialCheck(store: StoreKind) throws {
        var w = try Self.workflow(store)
        let o = try w.intake(asset: 0, faultCode: "R-FAIL", at: 1)
        try w.triage(order: o, faultCode: "R-FAIL", handling: .onSiteRepair, at: 1)
        let visit = try #require(w.desk.effects.compactMap { if case .visitDispatched(let v, _, _, _) = $0 { Int(v) } else { nil } }.first)
        try w.arrive(visit: visit, at: 1.1)
        try w.completeVisit(visit: visit, at: 1.2)
        #expect(w.assets[0].components[Self.r] == "R-1")
        #expect(w.returns.count == 1 && w.returns[0]?.serial == "SN-1/R" && w.returns[0]?.state == .authorised)
        #expect(w.desk.store.caseLog.contains(.partFitted(order: o, item: Self.r, serial: "R-1", removedSerial: "SN-1/R", at: 1.2)))
        #expect(throws: WorkflowError.serialMismatch(rma: 0, expected: "SN-1/R", got: "SN-9/R")) {
            try w.receiveReturn(rma: 0, serial: "SN-9/R", at: 3.2)
        }
        #expect(w.returns[0]?.state == .authorised)
        let shipment = try #require(w.returns[0]?.shipment)
        #expect(w.returnByShipment[shipment] == 0)
        #expect(throws: WorkflowError.self) { try w.deliver(shipment: shipment, at: 3.2) }
        try w.receiveReturn(rma: 0, serial: "SN-1/R", at: 3.2)
        try w.inspectReturn(rma: 0, outcome: .repairable, at: 3.3)
        let before = w.desk.onHand(site: Self.cw, item: Self.r)
        try w.completeReturnRepair(rma: 0, at: 6.3)
        #expect(w.desk.onHand(site: Self.cw, item: Self.r) + w.desk.waiting(site: Self.cw, item: Self.r) >= before)
        #expect(w.returns[0]?.outcome == .repairable && w.returnByShipment[shipment] == nil)
        try w.desk.verifyStore()

        // The return KPIs, by authorisation time: taken out at 1.2, back at 3.2 (lag 2 days),
        // inspected at 3.3. Window [0, 2): 1 of 1 back, no inspection yet; [2, 30): none taken out
        // (no ratio), one inspection.
        let s = try ScenarioLoader.load(yaml: Self.yaml, file: "workflow.yaml", baseDirectory: nil)
        let context = KPIContext(scenario: s, plan: [[2, 1], [2, 1], [0, 0]])
        let early = DeskKPIs.compute(log: w.desk.store.log, cases: w.desk.store.caseLog, context: context, from: 0, to: 2)
        #expect(early.returnsAuthorised == 1 && early.returnsReceived == 1 && early.returnRatio == 1)
        #expect(abs((early.returnLagMeanDays ?? 0) - 2) < 1e-12 && early.inspections.isEmpty)
        let late = DeskKPIs.compute(log: w.desk.store.log, cases: w.desk.store.caseLog, context: context, from: 2, to: 30)
        #expect(late.returnsAuthorised == 0 && late.returnRatio == nil && late.inspections == ["repairable": 1])
    }

    /// Statements: two orders settled in January (days 1 and 2) and one in February (day 31) at
    /// A; statements through day 60 → [0, 30) with 2 orders and [30, 60) with 1.
    @Test(arguments: StoreKind.allCases) func monthlyStatements(store: StoreKind) throws {
        var w = try Self.workflow(store)
        func remoteFix(on day: Double) throws {
            let o = try w.intake(asset: 0, faultCode: "SOFT", at: day)
            try w.triage(order: o, faultCode: "SOFT", handling: .remoteFix, at: day)
            try w.survey(order: o, score: 3, reason: "ok", at: day + 0.5)
        }
        try remoteFix(on: 1)
        try remoteFix(on: 2)
        try w.issueStatements(through: 29)
        #expect(w.statements.isEmpty)
        try remoteFix(on: 31)
        try w.issueStatements(through: 60)
        #expect(w.statements.map(\.orders) == [[0, 1], [2]])
        #expect(w.statements.map(\.total) == [40, 20])
        #expect(w.statements.map(\.from) == [0, 30] && w.statements.map(\.to) == [30, 60])
        try w.desk.verifyStore()
        if let db = w.desk.store.sqlite {
            let stated = try db.pool.read { d in try Int.fetchOne(d, sql: "SELECT COUNT(*) FROM settlements WHERE statement_id IS NOT NULL") }
            #expect(stated == 3)
        }
    }

    /// The injected clock: the next deadline is the earliest threshold; a tick records what is due
    /// at its own instant.
    @Test(arguments: StoreKind.allCases) func tickFiresAtTheInstant(store: StoreKind) throws {
        var w = try Self.workflow(store)
        let t0 = Self.t(8, 8)
        let o = try w.intake(asset: 0, faultCode: "X-FAIL", slaClass: "std", at: t0)
        // std response 8 h: warning at 6.4 h.
        #expect(w.nextDeadline().map { abs($0 - (t0 + 6.4 / 24)) < 1e-9 } == true)
        try w.tick(at: t0 + 7.0 / 24)
        #expect(Self.slaEvents(w.desk.store.caseLog, order: o).contains("response warning \(String(format: "%.4f", t0 * 24 + 6.4))"))
        #expect(w.nextDeadline().map { abs($0 - (t0 + 8.0 / 24)) < 1e-9 } == true)
        try w.desk.verifyStore()
    }

    /// One script on both stores: the two logs (desk and workflow) read back are identical.
    @Test func bothStoresKeepTheSameLog() throws {
        func script(_ store: StoreKind) throws -> ([DeskChange], [CaseChange]) {
            var w = try Self.workflow(store)
            let o = try w.intake(asset: 0, faultCode: "R-FAIL", priority: 1, at: Self.t(8, 16))
            try w.hold(order: o, waiting: true, at: Self.t(8, 16.5))
            try w.hold(order: o, waiting: false, at: Self.t(11, 9))
            try w.triage(order: o, faultCode: "R-FAIL", handling: .onSiteRepair, at: Self.t(11, 9))
            let visit = try #require(w.desk.effects.compactMap { if case .visitDispatched(let v, _, _, _) = $0 { Int(v) } else { nil } }.first)
            try w.arrive(visit: visit, at: Self.t(12, 8))
            try w.completeVisit(visit: visit, at: Self.t(12, 9))
            try w.survey(order: o, score: 2, reason: "late", at: Self.t(13, 9))
            try w.receiveReturn(rma: 0, serial: "SN-1/R", at: Self.t(14, 9))
            try w.inspectReturn(rma: 0, outcome: .scrap, at: Self.t(14, 10))
            try w.issueStatements(through: 31)
            try w.desk.verifyStore()
            return (w.desk.store.log, w.desk.store.caseLog)
        }
        let memory = try script(.memory), sqlite = try script(.sqlite)
        // The scrapped return is written off by its serial.
        #expect(memory.1.contains { if case .partScrapped(_, DeskTests.r, "SN-1/R", _) = $0 { true } else { false } })
        #expect(memory.0.count > 10 && memory.1.count > 15)
        #expect(memory.0 == sqlite.0)
        #expect(memory.1 == sqlite.1)
    }

    /// KPIs from the log, by hand: order 1 is the business-hours order above (restore breached,
    /// response met, one visit, score 4, fee 90, TAT 4 days); order 2 a remote fix on day 13
    /// (restored at once, score 5, fee 20). Over [0, 30): restore 1 of 2 met for gold and at A;
    /// first-time fix 1/1; satisfaction 4.5; fees 110; fill rate 1/1 (order 2 needs no part);
    /// 2 orders on 1 asset in 30/365 years = 24.33 a year. Stock: 6 units until day 8⅔, then 4
    /// (A's and CW's X each issued one) → 4.5778 on average, 2 issued → stock age 68.67 days.
    @Test(arguments: StoreKind.allCases) func kpisByHand(store: StoreKind) throws {
        var w = try Self.workflow(store)
        let t0 = Self.t(8, 16)
        let o = try w.intake(asset: 0, faultCode: "X-FAIL", at: t0)
        try w.triage(order: o, faultCode: "X-FAIL", handling: .onSiteRepair, at: t0)
        let visit = try #require(w.desk.effects.compactMap { if case .visitDispatched(let v, _, _, _) = $0 { Int(v) } else { nil } }.first)
        try w.arrive(visit: visit, at: Self.t(12, 9))
        try w.completeVisit(visit: visit, at: Self.t(12, 16))
        try w.survey(order: o, score: 4, reason: "slow-parts", at: Self.t(13, 10))
        let p = try w.intake(asset: 0, faultCode: "SOFT", at: Self.t(13, 11))
        try w.triage(order: p, faultCode: "SOFT", handling: .remoteFix, at: Self.t(13, 11))
        try w.survey(order: p, score: 5, reason: "quick", at: Self.t(13, 12))
        let s = try ScenarioLoader.load(yaml: Self.yaml, file: "workflow.yaml", baseDirectory: nil)
        let context = KPIContext(scenario: s, plan: [[2, 1], [2, 1], [0, 0]])
        var k = DeskKPIs.compute(log: w.desk.store.log, cases: w.desk.store.caseLog, context: context, from: 0, to: 30)
        if let db = w.desk.store.sqlite {
            let fromRecord = try db.kpis(from: 0, to: 30)
            #expect(fromRecord == k)
            k = fromRecord
        }
        #expect(k.restoreByClass["gold"] == DeskKPIs.Attainment(orders: 2, met: 1))
        #expect(k.restoreBySite["A"] == DeskKPIs.Attainment(orders: 2, met: 1))
        // The remote fix's response watch stops at its restore: both responses met.
        #expect(k.responseByClass["gold"] == DeskKPIs.Attainment(orders: 2, met: 2))
        #expect(k.firstTimeFixRate == 1 && k.withVisit == 1)
        #expect(k.satisfaction == 4.5 && k.scores == [0, 0, 0, 1, 1])
        #expect(k.feeTotal == 110 && k.feesBySite == ["A": 110] && k.feesByJob == ["on_site_repair": 90, "remote_fix": 20])
        #expect(k.fillRate == 1 && k.demands == 1 && k.lateralFraction == 0)
        #expect(k.restored == 2 && abs((k.tatMeanDays ?? 0) - 2) < 1e-9 && k.tatQuantile(0.5) == 0)
        #expect(abs((k.failureRatio["P"] ?? 0) - 2 / (30.0 / 365)) < 1e-9)
        #expect(k.issued == 2 && abs(k.averageOnHand - (6 * t0 + 4 * (30 - t0)) / 30) < 1e-9)
        #expect(abs((k.stockAgeDays ?? 0) - k.averageOnHand / (2.0 / 30)) < 1e-9 && abs((k.stockAgeDays ?? 0) - 68.6667) < 1e-3)
    }

    /// A visit's steps: accepted, travelling, arrived, then a partial completion (departed) and a
    /// second visit that completes; steps out of order are refused.
    @Test(arguments: StoreKind.allCases) func visitSteps(store: StoreKind) throws {
        var w = try Self.workflow(store)
        let o = try w.intake(asset: 0, faultCode: "X-FAIL", slaClass: "std", at: 1)
        try w.triage(order: o, faultCode: "X-FAIL", handling: .onSiteRepair, at: 1)
        let v1 = try #require(w.desk.effects.compactMap { if case .visitDispatched(let v, _, _, _) = $0 { Int(v) } else { nil } }.first)
        #expect(throws: WorkflowError.self) { try w.startTravel(visit: v1, at: 1.01) }
        try w.acceptVisit(visit: v1, travelling: false, at: 1.01)
        #expect(throws: WorkflowError.self) { try w.acceptVisit(visit: v1, at: 1.02) }
        try w.startTravel(visit: v1, at: 1.02)
        try w.arrive(visit: v1, at: 1.1)
        try w.completeVisit(visit: v1, fixed: false, at: 1.2)
        #expect(w.cases[o]?.stage == .inWork && w.desk.state(of: o) == .engineerDispatched)
        let v2 = try #require(w.desk.effects.compactMap { if case .visitDispatched(let v, _, _, _) = $0 { Int(v) } else { nil } }.first)
        try w.acceptVisit(visit: v2, at: 2)
        try w.arrive(visit: v2, at: 2.1)
        try w.completeVisit(visit: v2, at: 2.2)
        #expect(w.cases[o]?.stage == .awaitingCallback)
        let steps = w.desk.store.caseLog.compactMap { if case .visitStep(let v, o, let s, _) = $0 { "\(v == v1 ? 1 : 2):\(s.rawValue)" } else { nil } }
        #expect(steps == ["1:accepted", "1:travelling", "1:arrived", "1:departed", "1:partially_completed",
                          "2:accepted", "2:travelling", "2:arrived", "2:work_done", "2:departed", "2:completed"])
        // The response watch stopped at the first arrival; first-time fix fails (two visits).
        #expect(w.cases[o]?.watches[0].stoppedAt == 1.1)
        let s = try ScenarioLoader.load(yaml: Self.yaml, file: "workflow.yaml", baseDirectory: nil)
        let k = DeskKPIs.compute(log: w.desk.store.log, cases: w.desk.store.caseLog, context: KPIContext(scenario: s, plan: [[2, 1], [2, 1], [0, 0]]),
                                 from: 0, to: 10)
        #expect(k.withVisit == 1 && k.firstTimeFixed == 0)
        try w.desk.verifyStore()
    }

    /// A depot repair: no visit, no part; the unit goes to A's depot (CW) and back, step by step
    /// in order; delivery back restores the order (std restore: 24 h round the clock, breached at day 2).
    @Test(arguments: StoreKind.allCases) func depotRepairWorkOrder(store: StoreKind) throws {
        var w = try Self.workflow(store)
        let o = try w.intake(asset: 0, faultCode: "DEPOT", slaClass: "std", at: 1)
        try w.triage(order: o, faultCode: "DEPOT", handling: .depotRepair, at: 1)
        #expect(w.desk.state(of: o) == .triaged && w.desk.effects.isEmpty)
        #expect(w.depotRepairs[o]?.depot == Self.cw && w.depotRepairs[o]?.step == .requested)
        #expect(throws: WorkflowError.self) { try w.depotStep(order: o, .repaired, at: 1.5) }
        try w.depotStep(order: o, .collected, at: 1.5)
        try w.depotStep(order: o, .received, at: 2.5)
        try w.depotStep(order: o, .repaired, at: 4.5)
        try w.depotStep(order: o, .shipped, at: 4.5)
        try w.depotStep(order: o, .delivered, at: 5.5)
        #expect(w.desk.state(of: o) == .resolved && w.cases[o]?.stage == .awaitingCallback && w.depotRepairs[o] == nil)
        #expect(w.cases[o]?.watches[1].stoppedAt == 5.5 && w.cases[o]?.watches[1].breachedAt.map { abs($0 - 2) < 1e-9 } == true)
        try w.survey(order: o, score: 3, reason: "slow", at: 6)
        #expect(w.cases[o]?.fee == 60)
        let steps = w.desk.store.caseLog.compactMap { if case .depotStep(o, _, let s, _) = $0 { s } else { nil } }
        #expect(steps == DepotStep.allCases)
        try w.desk.verifyStore()
    }

    /// A live desk closed and rebuilt from its record: the command log replays to exactly the
    /// logged changes, the rebuilt desk has the same state, and it goes on where it stopped.
    @Test func restoreFromTheRecord() throws {
        var w = try Self.workflow(.sqlite)
        let o = try w.intake(asset: 0, faultCode: "R-FAIL", at: Self.t(8, 16))
        try w.triage(order: o, faultCode: "R-FAIL", handling: .onSiteRepair, at: Self.t(8, 16))
        let visit = try #require(w.desk.effects.compactMap { if case .visitDispatched(let v, _, _, _) = $0 { Int(v) } else { nil } }.first)
        try w.acceptVisit(visit: visit, at: Self.t(8, 17))
        try w.hold(order: o, waiting: true, at: Self.t(9, 8))
        let db = try #require(w.desk.store.sqlite)
        let s = try ScenarioLoader.load(yaml: Self.yaml, file: "workflow.yaml", baseDirectory: nil)
        var live = try ServiceWorkflow.restore(scenario: s, store: db)
        #expect(live.cases[o]?.watches == w.cases[o]?.watches && live.cases[o]?.stage == w.cases[o]?.stage)
        #expect(live.cases[o]?.onHold == true && live.assets == w.assets && live.customers == w.customers)
        for site in 0..<3 { for item in 0..<2 {
            #expect(live.desk.onHand(site: site, item: item) == w.desk.onHand(site: site, item: item))
            #expect(live.desk.reserved(site: site, item: item) == w.desk.reserved(site: site, item: item))
            #expect(live.desk.inbound(site: site, item: item) == w.desk.inbound(site: site, item: item))
        } }
        #expect(live.desk.state(of: o) == .engineerDispatched)
        // It goes on: the hold ends, the engineer arrives and finishes; the record still checks out.
        try live.hold(order: o, waiting: false, at: Self.t(11, 9))
        try live.arrive(visit: visit, at: Self.t(11, 10))
        try live.completeVisit(visit: visit, at: Self.t(11, 11))
        #expect(live.returns[0]?.serial == "SN-1/R")
        #expect(try db.check().passed)
        // Restored again after more commands, it still replays; a log entry written behind the
        // commands' back does not.
        var again = try ServiceWorkflow.restore(scenario: s, store: db)
        _ = try again.registerCustomer(code: "C-2", name: "after restore")
        #expect(try ServiceWorkflow.restore(scenario: s, store: db).customers.count == 2)
        let payload = String(decoding: try JSONEncoder().encode(CaseChange.stage(order: o, stage: .done, at: 0)), as: UTF8.self)
        try db.pool.write { d in
            try d.execute(sql: "INSERT INTO case_events(seq, at, kind, order_id, payload) VALUES (100000, 0, 'stage', ?, ?)", arguments: [o, payload])
        }
        #expect(throws: WorkflowError.self) { _ = try ServiceWorkflow.restore(scenario: s, store: db) }
    }

    /// The record itself refuses to undo a breach.
    @Test func recordKeepsBreaches() throws {
        var w = try Self.workflow(.sqlite)
        let o = try w.intake(asset: 0, faultCode: "X-FAIL", slaClass: "std", at: 0)
        try w.tick(at: 1)
        let db = try #require(w.desk.store.sqlite)
        let breached = try db.pool.read { d in try Double.fetchOne(d, sql: "SELECT breached_at FROM sla_watches WHERE order_id = ? AND name = 'response'", arguments: [o]) }
        #expect(breached.map { abs($0 - 8.0 / 24) < 1e-9 } == true)
        #expect(throws: (any Error).self) {
            try db.pool.write { d in try d.execute(sql: "UPDATE sla_watches SET breached_at = NULL WHERE order_id = ?", arguments: [o]) }
        }
        #expect(throws: (any Error).self) {
            try db.pool.write { d in try d.execute(sql: "UPDATE returns SET serial = 'x'") ; try d.execute(sql: "UPDATE case_events SET kind = 'x'") }
        }
    }
}
