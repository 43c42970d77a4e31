import Foundation
public import ScenarioModel

/// The full service-order workflow over the core desk: intake with entitlement and a fault code,
/// triage (re-judgment) with a handling method and approvals above a cost threshold, customer
/// holds, SLA stop-watches on business calendars, parts lines with serial numbers, defective-part
/// returns with a serial check, the satisfaction callback and survey, and settlement of service
/// fees with periodic statements.
///
/// Every command carries its timestamp, checks everything before changing anything, and is one
/// transaction on a durable store (the core commands it runs inside it do not commit on their own).
/// Physical events (an engineer arriving, a shipment delivered, a repair done) come in through the
/// pass-through commands, so the watches see every state an order passes.
///
/// The stop-watches and the states they run in:
/// - `response`: opened, triaged, awaiting part, awaiting engineer, engineer dispatched (and
///   the approval and depot stages within them); stops when an engineer first arrives, or at
///   restore for an order that needs no visit;
/// - `restore`: every open state until restored;
/// - `callback`: from restore until the survey, round the clock (`callback_hours`).
/// `response` and `restore` count business hours on the SLA class's calendar (or the site's)
/// and pause while the customer is awaited (``hold(order:waiting:at:)``).
public struct ServiceWorkflow<Store: DeskStore> {
    /// The core desk: orders' states, stock, shipments, visits.
    public private(set) var desk: DeskCore<Store>
    /// The scenario the rules, calendars and names come from.
    public let scenario: Scenario
    /// Seconds since 1970 (UTC) of desk time 0: the scenario's start date at midnight UTC.
    public let origin: Double

    public private(set) var customers: [Customer] = []
    public private(set) var assets: [Asset] = []
    private var serials: [String: Int] = [:]
    /// Per order: the case above the core order.
    public private(set) var cases: [Int: Case] = [:]
    /// Returns under way (authorised, received or inspected and not yet repaired), by id.
    public private(set) var returns: [Int: DefectiveReturn] = [:]
    private var nextReturn = 0
    /// The return travelling in each core return shipment.
    public private(set) var returnByShipment: [Int: Int] = [:]
    /// Orders whose defective unit went in for repair before the swap (repair and return).
    private var returnedEarly = Set<Int>()
    /// Forget a case once it is done, and a return once it is settled (long simulations:
    /// memory stays flat; the record keeps everything). A live desk keeps them (false).
    public var forgetsFinished = false
    /// Fees settled and not yet on a statement, per site.
    private var unstated: [Int: [(order: Int, fee: Double, at: Double)]] = [:]
    /// Statements issued, and where each site's next period starts.
    public private(set) var statements: [Statement] = []
    private var nextPartSerial = 1
    /// Depot repairs under way: the depot and the last step.
    public private(set) var depotRepairs: [Int: (depot: Int, step: DepotStep)] = [:]
    /// Steps reported for each visit under way.
    private var visitSteps: [Int: Set<VisitStep>] = [:]
    private var calendars: [String: BusinessCalendar] = [:]

    /// The case of one order.
    public struct Case: Sendable, Equatable {
        public var asset: Int
        public var site: Int
        public var entitlement: Entitlement
        public var evidence: String
        public var reportedFault: String
        public var confirmedFault: String?
        public var handling: Handling?
        public var estimatedCost: Double
        public var priority: Int
        public var slaClass: Int
        public var stage: CaseStage
        public var onHold: Bool
        /// response, restore, callback (once restored).
        public var watches: [SLAWatch]
        /// The satisfaction survey's score (1–5) and reason code, once taken.
        public var surveyScore: Int?
        public var surveyReason: String?
        /// The service fee settled for the order.
        public var fee: Double?
    }

    /// A defective-part return (RMA).
    public struct DefectiveReturn: Sendable, Equatable {
        public var id: Int
        public var order: Int
        public var item: Int
        /// The serial of the part removed from the asset: what must come back.
        public var serial: String
        /// The core's return shipment.
        public var shipment: Int
        public var state: ReturnState
        public var outcome: InspectionOutcome?
    }

    /// A settlement statement: a service point's fees over a period.
    public struct Statement: Sendable, Equatable, Codable {
        public var id: Int
        public var site: Int
        public var from: Double
        public var to: Double
        public var orders: [Int]
        public var total: Double
    }

    /// A workflow over a core desk (which must be fresh: the workflow sees every order from intake).
    public init(desk: DeskCore<Store>, scenario: Scenario) {
        self.desk = desk
        self.scenario = scenario
        origin = scenario.startDate.map { BusinessCalendar.origin(of: $0) } ?? 0
        for c in scenario.calendars {
            if let b = BusinessCalendar(c, origin: origin) { calendars[c.id] = b }
        }
    }

    private var store: Store { desk.store }
    private var rules: DeskRules { scenario.deskRules }

    // MARK: - Registration

    /// Registers a customer; returns its id.
    public mutating func registerCustomer(code: String, name: String) throws(WorkflowError) -> Int {
        guard !code.isEmpty else { throw .invalid("a customer needs a code") }
        guard !customers.contains(where: { $0.code == code }) else { throw .invalid("customer code \(code) is already registered") }
        let c = Customer(id: customers.count, code: code, name: name)
        customers.append(c)
        store.record(case: .customerRegistered(c))
        commit(.registerCustomer(code: code, name: name))
        return c.id
    }

    /// Registers an installed unit: its serial (unique), product, customer, service point,
    /// installation date, contract, and the road km from the engineers' base to it. Every serialised
    /// part of the product gets a serial `SERIAL/ITEM`.
    public mutating func registerAsset(serial: String, product: String, customer: Int, site: String, installed: CalendarDate,
                                       contract: String? = nil, contractUntil: CalendarDate? = nil,
                                       distanceKm: Double = 0) throws(WorkflowError) -> Int {
        guard !serial.isEmpty else { throw .invalid("an asset needs a serial number") }
        guard serials[serial] == nil else { throw .duplicateSerial(serial) }
        guard let p = scenario.productIndex[product] else { throw .invalid("no product \(product)") }
        guard customers.indices.contains(customer) else { throw .unknownCustomer(customer) }
        guard let s = scenario.siteIndex[site], scenario.sites[s].kind == .servicePoint else {
            throw .invalid("\(site) is not a service point")
        }
        guard distanceKm >= 0, distanceKm.isFinite else { throw .invalid("distance must be ≥ 0 km") }
        guard (contract == nil) == (contractUntil == nil) else { throw .invalid("a contract needs its last covered day, and the other way round") }
        var components: [Int: String] = [:]
        for item in scenario.items where item.usedIn.contains(where: { $0.productIndex == p }) {
            components[item.index] = "\(serial)/\(item.id)"
        }
        let a = Asset(id: assets.count, serial: serial, product: p, customer: customer, site: s, installed: installed,
                      contract: contract, contractUntil: contractUntil, components: components, distanceKm: distanceKm)
        assets.append(a)
        serials[serial] = a.id
        store.record(case: .assetRegistered(a))
        commit(.registerAsset(serial: serial, product: product, customer: customer, site: site, installed: installed, contract: contract, contractUntil: contractUntil, distanceKm: distanceKm))
        return a.id
    }

    // MARK: - Entitlement

    /// The civil date (UTC) of desk time `t` (nil outside years 1–9999).
    public func date(at t: Double) -> CalendarDate? {
        let x = ((origin + t * 86_400) / 86_400).rounded(.down)
        guard x.isFinite, abs(x) < 4e6 else { return nil }
        return Self.civil(Int(x))
    }

    /// The civil date of day `n` since 1970-01-01 (nil outside years 1–9999).
    public static func civil(_ n: Int) -> CalendarDate? { BusinessCalendar.civilDate(day: n) }

    /// `date` plus `months` (the day clamped to the month's length).
    static func adding(months: Int, to date: CalendarDate) -> CalendarDate {
        let total = date.year * 12 + (date.month - 1) + months
        let y = total / 12, m = total % 12 + 1
        var day = date.day
        while CalendarDate(year: y, month: m, day: day) == nil && day > 28 { day -= 1 }
        return CalendarDate(year: y, month: m, day: day) ?? date
    }

    /// What covers an asset on `day`, and the evidence: warranty (installation + the product's
    /// warranty months, last covered day before the anniversary), else an active contract, else
    /// out of warranty.
    public func entitlement(of asset: Asset, on day: CalendarDate) -> (Entitlement, String) {
        let months = asset.product < rules.warrantyMonths.count ? rules.warrantyMonths[asset.product] : 0
        let warrantyEnd = Self.adding(months: months, to: asset.installed)
        let warrantyText = "installed \(asset.installed), \(months) months warranty until \(warrantyEnd) (exclusive)"
        if months > 0, day < warrantyEnd { return (.warranty, warrantyText) }
        if let contract = asset.contract, let until = asset.contractUntil, day <= until {
            return (.contract, "\(warrantyText); contract \(contract) covers until \(until) (inclusive)")
        }
        let contractText = asset.contract.map { c in "; contract \(c) ended \(asset.contractUntil.map { "\($0)" } ?? "")" } ?? "; no contract"
        return (.outOfWarranty, warrantyText + contractText)
    }

    // MARK: - Intake and triage

    /// Takes in an order for an asset: the reported fault code must be in the product's fault
    /// tree; the entitlement is computed and its evidence stored; the response and restore
    /// watches start. The suspected part (the code's item) is the core order's part for now.
    public mutating func intake(asset a: Int, faultCode: String, description: String = "", priority: Int = 3,
                                slaClass: String? = nil, at time: Double) throws(WorkflowError) -> Int {
        guard assets.indices.contains(a) else { throw .unknownAsset(a) }
        let k = try classIndex(slaClass, site: assets[a].site, product: assets[a].product)
        return try intake(asset: a, faultCode: faultCode, description: description, priority: priority, classIndex: k, at: time)
    }

    /// ``intake(asset:faultCode:description:priority:slaClass:at:)`` with the class by index.
    public mutating func intake(asset a: Int, faultCode: String, description: String = "", priority: Int = 3,
                                classIndex k: Int, at time: Double) throws(WorkflowError) -> Int {
        guard assets.indices.contains(a) else { throw .unknownAsset(a) }
        let asset = assets[a]
        let productID = scenario.products[asset.product].id
        guard let fault = rules.faultCode(faultCode, product: asset.product) else {
            throw .unknownFaultCode(code: faultCode, product: productID)
        }
        guard (1...5).contains(priority) else { throw .invalid("priority must be 1 (highest) to 5") }
        guard k == 0 || scenario.slaClasses.indices.contains(k) else { throw .invalid("no SLA class \(k)") }
        guard let today = date(at: time) else { throw .invalid("time \(time) is outside the calendar") }
        let (entitlement, evidence) = entitlement(of: asset, on: today)
        let order = try core { d throws(DeskError) in try d.openOrder(site: asset.site, item: fault.item ?? -1, slaClass: k, at: time) }
        store.record(case: .intake(order: order, asset: a, entitlement: entitlement, evidence: evidence, faultCode: faultCode,
                                   description: description, priority: priority, slaClass: k, at: time))
        var c = Case(asset: a, site: asset.site, entitlement: entitlement, evidence: evidence, reportedFault: faultCode,
                     confirmedFault: nil, handling: nil, estimatedCost: 0, priority: priority, slaClass: k, stage: .intake,
                     onHold: false, watches: [], surveyScore: nil, surveyReason: nil, fee: nil)
        let (response, restore) = targets(k)
        c.watches = [SLAWatch(name: "response", targetHours: response, warningShare: rules.warningShare, at: time),
                     SLAWatch(name: "restore", targetHours: restore, warningShare: rules.warningShare, at: time)]
        cases[order] = c
        setStage(order, .intake, at: time)
        for w in 0..<2 { watch(order, w) { w, cal, emit in w.setRunning(true, at: time, on: cal, emit: emit) } }
        commit(.intake(asset: a, faultCode: faultCode, description: description, priority: priority, classIndex: k, at: time))
        return order
    }

    /// Triage: the confirmed fault code and the handling. Handling cost (the rules' estimate plus
    /// the part's unit cost when one is fitted) above the approval threshold waits for an
    /// approval; otherwise the core desk sources the part and dispatches.
    public mutating func triage(order: Int, faultCode: String, handling: Handling, at time: Double) throws(WorkflowError) {
        let c = try caseOf(order)
        guard c.stage == .intake || c.stage == .rejected else { throw .wrongStage(order: order, stage: c.stage, command: "triage") }
        let product = assets[c.asset].product
        guard let fault = rules.faultCode(faultCode, product: product) else {
            throw .unknownFaultCode(code: faultCode, product: scenario.products[product].id)
        }
        guard time >= desk.now else { throw .desk(.timeWentBack(command: "triage", at: time, last: desk.now)) }
        let part = handling.needsPart ? fault.item : nil
        let cost = (rules.handlingCosts[handling] ?? 0) + (part.map { scenario.items[$0].unitCost } ?? 0)
        cases[order]?.confirmedFault = faultCode
        cases[order]?.handling = handling
        cases[order]?.estimatedCost = cost
        store.record(case: .triaged(order: order, faultCode: faultCode, handling: handling, estimatedCost: cost, at: time))
        if cost > rules.approvalThreshold + 1e-9 {
            store.record(case: .approvalRequested(order: order, estimatedCost: cost, threshold: rules.approvalThreshold, at: time))
            setStage(order, .awaitingApproval, at: time)
        } else {
            try startWork(order, at: time)
        }
        commit(.triage(order: order, faultCode: faultCode, handling: handling, at: time))
    }

    /// An approver's decision on a handling above the threshold: approved starts the work;
    /// refused sends the order back to triage.
    public mutating func decideApproval(order: Int, approved: Bool, by approver: String, note: String = "",
                                        at time: Double) throws(WorkflowError) {
        let c = try caseOf(order)
        guard c.stage == .awaitingApproval else { throw .wrongStage(order: order, stage: c.stage, command: "approval") }
        guard !approver.trimmingCharacters(in: .whitespaces).isEmpty else { throw .invalid("an approval names the person responsible") }
        guard time >= desk.now else { throw .desk(.timeWentBack(command: "approval", at: time, last: desk.now)) }
        store.record(case: .approvalDecided(order: order, approved: approved, by: approver, note: note, at: time))
        if approved { try startWork(order, at: time) } else { setStage(order, .rejected, at: time) }
        commit(.decideApproval(order: order, approved: approved, by: approver, note: note, at: time))
    }

    private mutating func startWork(_ order: Int, at time: Double) throws(WorkflowError) {
        guard let c = cases[order], let handling = c.handling else { return }
        let product = assets[c.asset].product
        let part = handling.needsPart ? rules.faultCode(c.confirmedFault ?? "", product: product)?.item : nil
        let remote = handling == .remoteFix || handling == .scrap
        let depot = handling == .depotRepair
        try core { d throws(DeskError) in
            try d.triage(order: order, needsPart: part != nil, remote: remote, external: depot, item: part ?? -1, at: time)
        }
        setStage(order, .inWork, at: time)
        authoriseEarlyReturn(order, at: time)
        if depot {
            // The service point's parent depot (or the service point itself at a root).
            let site = c.site
            let target = scenario.sites[site].parentIndex ?? site
            depotRepairs[order] = (target, .requested)
            store.record(case: .depotStep(order: order, depot: target, step: .requested, at: time))
        }
        try afterCore(at: time)
    }

    // MARK: - Holds and priority

    /// The desk waits for the customer (`waiting`), or no longer: the response and restore
    /// watches pause meanwhile.
    public mutating func hold(order: Int, waiting: Bool, at time: Double) throws(WorkflowError) {
        let c = try caseOf(order)
        guard c.stage != .done, c.stage != .cancelled, c.stage != .awaitingCallback else {
            throw .wrongStage(order: order, stage: c.stage, command: "customer hold")
        }
        guard c.onHold != waiting else { throw .invalid("order \(order) is \(waiting ? "already" : "not") waiting for the customer") }
        guard time >= desk.now else { throw .desk(.timeWentBack(command: "hold", at: time, last: desk.now)) }
        cases[order]?.onHold = waiting
        store.record(case: .customerHold(order: order, waiting: waiting, at: time))
        for w in 0..<2 { watch(order, w) { w, cal, emit in w.setRunning(!waiting, at: time, on: cal, emit: emit) } }
        commit(.hold(order: order, waiting: waiting, at: time))
    }

    /// A new SLA class mid-flight (a priority change): watches keep the time counted and take
    /// the new targets; a breach already reached stays.
    public mutating func changeSLAClass(order: Int, to slaClass: String, at time: Double) throws(WorkflowError) {
        let c = try caseOf(order)
        guard let k = scenario.slaClasses.firstIndex(where: { $0.id == slaClass }) else { throw .invalid("no SLA class \(slaClass)") }
        guard c.stage != .done, c.stage != .cancelled else { throw .wrongStage(order: order, stage: c.stage, command: "SLA class change") }
        guard time >= desk.now else { throw .desk(.timeWentBack(command: "SLA class change", at: time, last: desk.now)) }
        store.record(case: .slaClassChanged(order: order, from: c.slaClass, to: k, at: time))
        // Time so far is counted on the old class's calendar; the new one counts from here.
        for w in 0..<2 { watch(order, w) { w, cal, emit in w.checkpoint(at: time, on: cal, emit: emit) } }
        cases[order]?.slaClass = k
        let (response, restore) = targets(k)
        watch(order, 0) { w, cal, emit in w.retarget(hours: response, at: time, on: cal, emit: emit) }
        watch(order, 1) { w, cal, emit in w.retarget(hours: restore, at: time, on: cal, emit: emit) }
        commit(.changeSLAClass(order: order, to: slaClass, at: time))
    }

    // MARK: - Physical events (from the field, the carriers, the repair shop)

    /// The engineer accepted the job and left for the customer (`travelling`), or only accepted it.
    public mutating func acceptVisit(visit: Int, travelling: Bool = true, at time: Double) throws(WorkflowError) {
        guard let order = desk.order(ofVisit: visit), desk.state(of: order) == .engineerDispatched else {
            throw .desk(.unknownVisit(visit))
        }
        guard time >= desk.now else { throw .desk(.timeWentBack(command: "accept visit", at: time, last: desk.now)) }
        guard !visitSteps[visit, default: []].contains(.accepted) else { throw .invalid("visit \(visit) was already accepted") }
        step(visit, order, .accepted, at: time)
        if travelling { step(visit, order, .travelling, at: time) }
        commit(.acceptVisit(visit: visit, travelling: travelling, at: time))
    }

    /// The engineer left for the customer (after accepting).
    public mutating func startTravel(visit: Int, at time: Double) throws(WorkflowError) {
        guard let order = desk.order(ofVisit: visit), desk.state(of: order) == .engineerDispatched else {
            throw .desk(.unknownVisit(visit))
        }
        guard visitSteps[visit, default: []].contains(.accepted), !visitSteps[visit, default: []].contains(.travelling) else {
            throw .invalid("visit \(visit) must be accepted, and not yet under way, to start travelling")
        }
        guard time >= desk.now else { throw .desk(.timeWentBack(command: "start travel", at: time, last: desk.now)) }
        step(visit, order, .travelling, at: time)
        commit(.startTravel(visit: visit, at: time))
    }

    /// The engineer reached the customer: the response watch stops.
    public mutating func arrive(visit: Int, at time: Double) throws(WorkflowError) {
        guard let order = desk.order(ofVisit: visit) else { throw .desk(.unknownVisit(visit)) }
        try core { d throws(DeskError) in try d.arrive(visit: visit, at: time) }
        step(visit, order, .arrived, at: time)
        watch(order, 0) { w, cal, emit in w.stop(at: time, on: cal, emit: emit) }
        try afterCore(at: time)
        commit(.arrive(visit: visit, at: time))
    }

    /// The work is done: parts lines (the new part's serial fitted, the defective's removed), a
    /// return authorised for a repairable, and the order restored.
    public mutating func completeVisit(visit: Int, fixed: Bool = true, at time: Double) throws(WorkflowError) {
        guard let order = desk.order(ofVisit: visit) else { throw .desk(.unknownVisit(visit)) }
        try core { d throws(DeskError) in try d.completeVisit(visit: visit, fixed: fixed, at: time) }
        if fixed { step(visit, order, .workDone, at: time) }
        step(visit, order, .departed, at: time)
        step(visit, order, fixed ? .completed : .partiallyCompleted, at: time)
        visitSteps[visit] = nil
        try afterCore(at: time)
        commit(.completeVisit(visit: visit, fixed: fixed, at: time))
    }

    private mutating func step(_ visit: Int, _ order: Int, _ s: VisitStep, at time: Double) {
        visitSteps[visit, default: []].insert(s)
        store.record(case: .visitStep(visit: visit, order: order, step: s, at: time))
    }

    /// A shipment reached its destination. A defective return goes through ``receiveReturn``
    /// instead (its serial is checked).
    public mutating func deliver(shipment: Int, at time: Double) throws(WorkflowError) {
        if returnByShipment[shipment] != nil {
            throw .invalid("shipment \(shipment) is a defective return: receive it with its serial (receiveReturn)")
        }
        try core { d throws(DeskError) in try d.deliver(shipment: shipment, at: time) }
        try afterCore(at: time)
        commit(.deliver(shipment: shipment, at: time))
    }

    /// A returned defective part arrives at the repair site: its serial must be the one removed.
    public mutating func receiveReturn(rma: Int, serial: String, at time: Double) throws(WorkflowError) {
        guard let r = returns[rma] else { throw .unknownReturn(rma) }
        guard r.state == .authorised else { throw .invalid("return \(rma) was already received") }
        guard serial == r.serial else { throw .serialMismatch(rma: rma, expected: r.serial, got: serial) }
        try core { d throws(DeskError) in try d.deliver(shipment: r.shipment, at: time) }
        returns[rma]?.state = .received
        store.record(case: .returnReceived(rma: rma, serial: serial, at: time))
        commit(.receiveReturn(rma: rma, serial: serial, at: time))
    }

    /// Re-inspection: repairable parts are repaired back into stock when the repair completes;
    /// scrap and supplier claims are written off (the core buys a replacement).
    public mutating func inspectReturn(rma: Int, outcome: InspectionOutcome, at time: Double) throws(WorkflowError) {
        guard let r = returns[rma] else { throw .unknownReturn(rma) }
        guard r.state == .received else { throw .invalid("return \(rma) is \(r.state.rawValue), not received") }
        guard time >= desk.now else { throw .desk(.timeWentBack(command: "inspection", at: time, last: desk.now)) }
        returns[rma]?.state = .inspected
        returns[rma]?.outcome = outcome
        store.record(case: .returnInspected(rma: rma, outcome: outcome, at: time))
        if outcome != .repairable {
            store.record(case: .partScrapped(order: r.order, item: r.item, serial: r.serial, at: time))
            try core { d throws(DeskError) in try d.completeRepair(shipment: r.shipment, condemned: true, at: time) }
            finishReturn(rma)
        }
        commit(.inspectReturn(rma: rma, outcome: outcome, at: time))
    }

    /// The repair of an inspected repairable return is done: the unit goes back into stock.
    public mutating func completeReturnRepair(rma: Int, at time: Double) throws(WorkflowError) {
        guard let r = returns[rma], r.state == .inspected, r.outcome == .repairable else {
            throw .invalid("return \(rma) is not an inspected repairable part")
        }
        try core { d throws(DeskError) in try d.completeRepair(shipment: r.shipment, condemned: false, at: time) }
        finishReturn(rma)
        commit(.completeReturnRepair(rma: rma, at: time))
    }

    /// Repair and return after the item's exchange wait: a ticket still without a spare sends its
    /// defective in for repair, under an authorised return (nothing happens for a ticket that
    /// has its spare by now).
    public mutating func sendDefectiveIn(order: Int, at time: Double) throws(WorkflowError) {
        _ = try caseOf(order)
        guard time >= desk.now else { throw .desk(.timeWentBack(command: "send defective in", at: time, last: desk.now)) }
        if try core({ d throws(DeskError) in try d.sendDefectiveIn(order: order, at: time) }) {
            authoriseEarlyReturn(order, at: time)
        }
        commit(.sendDefectiveIn(order: order, at: time))
    }

    private mutating func finishReturn(_ rma: Int) {
        guard let r = returns[rma] else { return }
        returnByShipment[r.shipment] = nil
        if forgetsFinished { returns[rma] = nil }
    }

    /// Cancels an order no engineer has reached (the core's rule); its watches stop.
    public mutating func cancel(order: Int, at time: Double) throws(WorkflowError) {
        let c = try caseOf(order)
        guard c.stage != .done, c.stage != .cancelled, c.stage != .awaitingCallback else {
            throw .wrongStage(order: order, stage: c.stage, command: "cancel")
        }
        if depotRepairs[order] != nil { throw .invalid("order \(order) has a depot repair under way; it cannot be cancelled") }
        try core { d throws(DeskError) in try d.cancel(order: order, at: time) }
        for w in 0..<2 { watch(order, w) { w, cal, emit in w.stop(at: time, on: cal, emit: emit) } }
        setStage(order, .cancelled, at: time)
        if forgetsFinished { cases[order] = nil }
        commit(.cancel(order: order, at: time))
    }

    // MARK: - Closure

    /// The satisfaction callback: score 1–5 and a reason code. Stops the callback watch, closes
    /// the order and settles its service fee.
    public mutating func survey(order: Int, score: Int, reason: String, at time: Double) throws(WorkflowError) {
        let c = try caseOf(order)
        guard c.stage == .awaitingCallback else { throw .wrongStage(order: order, stage: c.stage, command: "survey") }
        guard (1...5).contains(score) else { throw .invalid("a survey score is 1 to 5, not \(score)") }
        guard time >= desk.now else { throw .desk(.timeWentBack(command: "survey", at: time, last: desk.now)) }
        store.record(case: .survey(order: order, score: score, reason: reason, at: time))
        cases[order]?.surveyScore = score
        cases[order]?.surveyReason = reason
        if c.watches.count > 2 { watch(order, 2) { w, cal, emit in w.stop(at: time, on: cal, emit: emit) } }
        try core { d throws(DeskError) in try d.close(order: order, at: time) }
        settle(order, at: time)
        setStage(order, .done, at: time)
        if forgetsFinished { cases[order] = nil }
        commit(.survey(order: order, score: score, reason: reason, at: time))
    }

    /// Issues every statement whose period ended by `time`: one per service point with fees in
    /// it, periods of `statement_days` from desk time 0.
    public mutating func issueStatements(through time: Double) throws(WorkflowError) {
        guard time >= desk.now else { throw .desk(.timeWentBack(command: "statements", at: time, last: desk.now)) }
        let period = rules.statementDays
        for site in unstated.keys.sorted() {
            guard var fees = unstated[site] else { continue }
            while let first = fees.first {
                let k = (first.at / period).rounded(.down)
                let from = k * period, to = from + period
                guard to <= time else { break }
                let inPeriod = fees.filter { $0.at < to }
                fees.removeAll { $0.at < to }
                let s = Statement(id: statements.count, site: site, from: from, to: to, orders: inPeriod.map(\.order),
                                  total: inPeriod.reduce(0) { $0 + $1.fee })
                statements.append(s)
                store.record(case: .statement(statement: s.id, site: site, from: from, to: to, orders: s.orders.count,
                                              total: s.total, at: time))
            }
            unstated[site] = fees
        }
        commit(.issueStatements(through: time))
    }

    private mutating func settle(_ order: Int, at time: Double) {
        guard let c = cases[order], let job = c.handling else { return }
        let km = assets[c.asset].distanceKm
        let fee = rules.fee(job: job, km: km, entitlement: c.entitlement)?.fee ?? 0
        cases[order]?.fee = fee
        store.record(case: .settled(order: order, site: c.site, job: job, km: km, entitlement: c.entitlement, fee: fee, at: time))
        unstated[c.site, default: []].append((order, fee, time))
    }

    /// Moves the last command's effects into `buffer` (see ``DeskCore/takeEffects(into:)``).
    public mutating func takeEffects(into buffer: inout [DeskEffect]) {
        desk.takeEffects(into: &buffer)
    }

    // MARK: - Deadlines (the injected clock)

    /// The earliest SLA threshold still to come over all open orders: the caller wakes the
    /// workflow then (``tick(at:)``), so warnings and breaches are recorded at their instant.
    public func nextDeadline() -> Double? {
        var best: Double?
        for (order, c) in cases where c.stage != .done && c.stage != .cancelled {
            for w in c.watches.indices {
                if let d = c.watches[w].nextDeadline(on: calendar(order, w))?.at, best.map({ d < $0 }) ?? true { best = d }
            }
        }
        return best
    }

    /// Open orders about to breach: each running watch whose breach falls within `horizon` days
    /// of `time`, or that has already breached and is still running, soonest first.
    public func breachWarnings(at time: Double, within horizon: Double) -> [(order: Int, watch: String, breachAt: Double)] {
        var out: [(order: Int, watch: String, breachAt: Double)] = []
        for (order, c) in cases where c.stage != .done && c.stage != .cancelled {
            for w in c.watches.indices where c.watches[w].isRunning {
                let watch = c.watches[w]
                if let b = watch.breachedAt {
                    out.append((order, watch.name, b))
                    continue
                }
                // The breach instant: the target counted from the elapsed time so far.
                let cal = calendar(order, w)
                guard let since = watch.runningSince,
                      let at = cal.instant(after: max(0, watch.targetHours - watch.elapsedHours), from: since) else { continue }
                if at <= time + horizon { out.append((order, watch.name, at)) }
            }
        }
        return out.sorted { $0.breachAt != $1.breachAt ? $0.breachAt < $1.breachAt : $0.order < $1.order }
    }

    /// Records every SLA threshold reached by `time`, each at its own instant.
    public mutating func tick(at time: Double) throws(WorkflowError) {
        guard time >= desk.now else { throw .desk(.timeWentBack(command: "tick", at: time, last: desk.now)) }
        for order in cases.keys.sorted() {
            guard let c = cases[order], c.stage != .done, c.stage != .cancelled else { continue }
            for w in c.watches.indices { watch(order, w) { w, cal, emit in w.advance(to: time, on: cal, emit: emit) } }
        }
        commit(.tick(at: time))
    }

    // MARK: - Helpers

    private func caseOf(_ order: Int) throws(WorkflowError) -> Case {
        guard let c = cases[order] else { throw .desk(.unknownOrder(order)) }
        return c
    }

    private func classIndex(_ id: String?, site: Int, product: Int) throws(WorkflowError) -> Int {
        if let id {
            guard let k = scenario.slaClasses.firstIndex(where: { $0.id == id }) else { throw .invalid("no SLA class \(id)") }
            return k
        }
        let entry = scenario.installedBase.first { $0.siteIndex == site && $0.productIndex == product }
        let name = entry?.slaClass ?? scenario.defaultSLAClass
        return name.flatMap { n in scenario.slaClasses.firstIndex { $0.id == n } } ?? 0
    }

    /// Response and restore targets of a class, in hours (no classes: none, i.e. infinite).
    private func targets(_ k: Int) -> (Double, Double) {
        guard scenario.slaClasses.indices.contains(k) else { return (.infinity, .infinity) }
        return (scenario.slaClasses[k].responseHours, scenario.slaClasses[k].restoreHours)
    }

    /// The calendar a watch counts on: the callback is continuous; response and restore follow
    /// the class's clock (business: the class's calendar, else the site's).
    private func calendar(_ order: Int, _ w: Int) -> BusinessCalendar {
        guard w < 2, let c = cases[order], scenario.slaClasses.indices.contains(c.slaClass) else { return .continuous(origin: origin) }
        let cls = scenario.slaClasses[c.slaClass]
        guard cls.clock == .business,
              let id = cls.calendar ?? scenario.sites[c.site].calendar, let cal = calendars[id] else { return .continuous(origin: origin) }
        return cal
    }

    /// Runs `body` on watch `w` of `order`, recording what it emits.
    private mutating func watch(_ order: Int, _ w: Int,
                                _ body: (inout SLAWatch, BusinessCalendar, (SLAWatchEvent, Double) -> Void) -> Void) {
        guard var c = cases[order], c.watches.indices.contains(w) else { return }
        let cal = calendar(order, w)
        let name = c.watches[w].name
        let store = self.store
        body(&c.watches[w], cal) { event, at in store.record(case: .sla(order: order, watch: name, event: event, at: at)) }
        cases[order] = c
    }

    private mutating func setStage(_ order: Int, _ stage: CaseStage, at time: Double) {
        cases[order]?.stage = stage
        store.record(case: .stage(order: order, stage: stage, at: time))
    }

    /// Runs core commands inside this workflow command (they do not commit on their own).
    private mutating func core<T>(_ body: (inout DeskCore<Store>) throws(DeskError) -> T) throws(WorkflowError) -> T {
        desk.nested = true
        defer { desk.nested = false }
        do { return try body(&desk) } catch { throw .desk(error) }
    }

    /// After core commands: a resolved order stops its response and restore watches and starts
    /// the callback watch.
    private mutating func afterCore(at time: Double) throws(WorkflowError) {
        for effect in desk.effects {
            guard case .orderResolved(let o) = effect else { continue }
            let order = Int(o)
            guard cases[order] != nil else { continue }
            partsLines(order, at: time)
            for w in 0..<2 { watch(order, w) { w, cal, emit in w.stop(at: time, on: cal, emit: emit) } }
            var callback = SLAWatch(name: "callback", targetHours: rules.callbackHours, warningShare: rules.warningShare, at: time)
            let store = self.store
            callback.setRunning(true, at: time, on: .continuous(origin: origin)) { e, t in
                store.record(case: .sla(order: order, watch: "callback", event: e, at: t))
            }
            cases[order]?.watches.append(callback)
            setStage(order, .awaitingCallback, at: time)
        }
    }

    /// The parts lines of a restored order that had a part: the new unit fitted under a new
    /// serial, the defective removed with the asset's serial for it, and a return authorised for
    /// it when the core sends it back for repair.
    private mutating func partsLines(_ order: Int, at time: Double) {
        guard desk.hasPart(order), let c = cases[order], let item = desk.item(of: order), item >= 0 else { return }
        let serial = "\(scenario.items[item].id)-\(String(nextPartSerial))"
        nextPartSerial += 1
        let removed = assets[c.asset].components[item]
        assets[c.asset].components[item] = serial
        store.record(case: .partFitted(order: order, item: item, serial: serial, removedSerial: removed, at: time))
        let returned = returnedEarly.remove(order) != nil || desk.effects.contains { effect in
            if case .shipmentSent(let shipment, .defectiveReturn, _, _, _) = effect { return desk.shipment(Int(shipment))?.order == order }
            return false
        }
        if !returned, let removed {
            // Not sent back for repair: written off at the customer.
            store.record(case: .partScrapped(order: order, item: item, serial: removed, at: time))
        }
        authoriseReturns(order, item: item, serial: removed ?? "\(assets[c.asset].serial)/\(scenario.items[item].id)", at: time)
    }

    /// Repair and return: when the core sent the defective in at triage (no spare could be
    /// sourced), its return is authorised now, under the serial of the part still in the asset.
    private mutating func authoriseEarlyReturn(_ order: Int, at time: Double) {
        guard desk.hasPart(order), let c = cases[order], let item = desk.item(of: order), item >= 0 else { return }
        let serial = assets[c.asset].components[item] ?? "\(assets[c.asset].serial)/\(scenario.items[item].id)"
        if authoriseReturns(order, item: item, serial: serial, at: time) { returnedEarly.insert(order) }
    }

    /// Authorises a return for each defective the last core command sent back for `order`;
    /// whether there was one.
    @discardableResult
    private mutating func authoriseReturns(_ order: Int, item: Int, serial: String, at time: Double) -> Bool {
        var any = false
        for effect in desk.effects {
            guard case .shipmentSent(let shipment, .defectiveReturn, _, _, _) = effect,
                  desk.shipment(Int(shipment))?.order == order else { continue }
            let rma = DefectiveReturn(id: nextReturn, order: order, item: item, serial: serial,
                                      shipment: Int(shipment), state: .authorised, outcome: nil)
            nextReturn += 1
            returns[rma.id] = rma
            returnByShipment[Int(shipment)] = rma.id
            store.record(case: .returnAuthorised(rma: rma.id, order: order, item: item, serial: rma.serial, at: time))
            any = true
        }
        return any
    }

    /// The next step of a depot repair (collected, received, repaired, shipped, delivered, in
    /// that order); delivery back to the customer restores the order.
    public mutating func depotStep(order: Int, _ step: DepotStep, at time: Double) throws(WorkflowError) {
        guard let repair = depotRepairs[order] else { throw .invalid("order \(order) has no depot repair under way") }
        let steps = DepotStep.allCases
        guard let i = steps.firstIndex(of: repair.step), i + 1 < steps.count, steps[i + 1] == step else {
            throw .invalid("depot repair of order \(order) is \(repair.step.rawValue); \(step.rawValue) cannot come next")
        }
        guard time >= desk.now else { throw .desk(.timeWentBack(command: "depot step", at: time, last: desk.now)) }
        store.record(case: .depotStep(order: order, depot: repair.depot, step: step, at: time))
        if step == .delivered {
            depotRepairs[order] = nil
            try core { d throws(DeskError) in try d.resolve(order: order, at: time) }
            try afterCore(at: time)
        } else {
            depotRepairs[order] = (repair.depot, step)
        }
        commit(.depotStep(order: order, step: step, at: time))
    }

    /// A periodic review of the core desk (held reorders are released).
    public mutating func review(at time: Double) throws(WorkflowError) {
        try core { d throws(DeskError) in try d.review(at: time) }
        try afterCore(at: time)
        commit(.review(at: time))
    }

    /// Workflow commands completed (each one transaction on a durable store).
    public private(set) var commandCount = 0

    /// Leave the transaction open after each command: the caller adds its own rows (e.g. an
    /// idempotency record) and calls the store's `commit()`, so both land in one transaction.
    public var defersCommit = false

    private mutating func commit(_ command: WorkflowCommand) {
        commandCount &+= 1
        guard desk.commitsCommands else { return }
        store.record(command: command)
        if !defersCommit { store.commit() }
    }
}
