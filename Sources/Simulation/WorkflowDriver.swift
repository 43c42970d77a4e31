import DiscreteEvent
import ScenarioModel
import ServiceDesk

/// The simulated organisation behind the full workflow: the installed base as registered assets,
/// the fault code a failed part is reported under, and the people's delays (approvals,
/// satisfaction callbacks) and answers (survey scores), all drawn from the replication's streams.
struct WorkflowDriver: Organisation {
    static var closesOnResolve: Bool { false }
    static var issuesStatements: Bool { true }
    static var drainsUntilQuiet: Bool { true }

    var flow: ServiceWorkflow<KPIRecorder>
    var desk: DeskCore<KPIRecorder> { flow.desk }
    var workflowCommands: Int { flow.commandCount }
    /// Per cell (site × item): assets whose product uses the item, once per unit of the item.
    let assetsByCell: [Int: [Int32]]
    /// Per product × item: the fault code a failure of the item is reported under.
    let faultCode: [Int: String]
    /// Per product: a remote-fix code, and the codes that need no part (a visit or a depot
    /// repair), if the tree has them.
    let remoteCode: [String?]
    let noPartCodes: [[String]]
    let items: Int
    var assetStream: RandomStream
    var peopleStream: RandomStream

    /// Registers one customer per service point and one asset per installed unit (serial
    /// `SITE-PRODUCT-0001`), installed up to four years before the start, under contract when the
    /// installed-base row names an SLA class, 2–60 km from the engineers' base.
    init(desk: DeskCore<KPIRecorder>, scenario s: Scenario, streams: RandomStreams) throws(SimulationFailure) {
        desk.store.usesWatches = true
        var flow = ServiceWorkflow(desk: desk, scenario: s)
        flow.forgetsFinished = true
        var assetStream = streams.stream("workflow-assets", entity: 0)
        peopleStream = streams.stream("workflow-people", entity: 0)
        items = s.items.count
        let rules = s.deskRules
        var codes: [Int: String] = [:]
        for f in rules.faultCodes {
            if let i = f.item, codes[f.product * s.items.count + i] == nil { codes[f.product * s.items.count + i] = f.code }
        }
        faultCode = codes
        remoteCode = s.products.indices.map { p in rules.faultCodes.first { $0.product == p && $0.handling == .remoteFix }?.code }
        noPartCodes = s.products.indices.map { p in
            rules.faultCodes.filter { f in
                f.product == p && f.item == nil && (f.handling.map { $0.needsVisit || $0 == .depotRepair } ?? false)
            }.map(\.code)
        }
        let startDay = s.startDate.map { BusinessCalendar.origin(of: $0) / 86_400 } ?? 0
        var byCell: [Int: [Int32]] = [:]
        var customerOf: [Int: Int] = [:]
        // The installed base is registered in one transaction on a durable store (one per asset
        // would cost a disk sync each: minutes for a hundred thousand assets).
        flow.defersCommit = true
        do {
            for e in s.installedBase {
                let site = s.sites[e.siteIndex]
                if customerOf[e.siteIndex] == nil {
                    customerOf[e.siteIndex] = try flow.registerCustomer(code: "CUST-\(site.id)", name: "Customers of \(site.name)")
                }
                let contract = e.slaClass != nil
                for u in 0..<e.units {
                    let ageDays = assetStream.nextDouble() * 4 * 365
                    guard let installed = ServiceWorkflow<KPIRecorder>.civil(Int((startDay - ageDays).rounded(.down))),
                          let until = ServiceWorkflow<KPIRecorder>.civil(Int(startDay) + 2 * 365) else {
                        throw SimulationFailure.invalidScenario("start_date out of range for asset dates")
                    }
                    let km = 2 + assetStream.nextDouble() * 58
                    let serial = "\(site.id)-\(e.product)-\(String(u + 1).leftPadded(to: 4))"
                    let a = try flow.registerAsset(serial: serial, product: e.product, customer: customerOf[e.siteIndex] ?? 0,
                                                   site: site.id, installed: installed,
                                                   contract: contract ? "SC-\(serial)" : nil, contractUntil: contract ? until : nil,
                                                   distanceKm: km)
                    for item in s.items {
                        for use in item.usedIn where use.productIndex == e.productIndex {
                            for _ in 0..<use.quantity { byCell[e.siteIndex * s.items.count + item.index, default: []].append(Int32(a)) }
                        }
                    }
                }
            }
        } catch let error as SimulationFailure {
            throw error
        } catch {
            throw .invalidScenario("cannot register the installed base as assets: \(error)")
        }
        flow.defersCommit = false
        flow.desk.store.commit()
        self.assetStream = assetStream
        assetsByCell = byCell
        self.flow = flow
    }

    /// Intake and triage of a failure of `item` at `site`: an asset of the cell (uniform over its
    /// units), the part's fault code (or the remote-fix / no-part code the world drew), the
    /// handling the code suggests. Returns the order and whether it waits for an approval.
    mutating func open(site: Int, item: Int, slaClass: Int, remote: Bool, noPart: Bool,
                       at now: Double) throws(WorkflowError) -> (order: Int, awaitsApproval: Bool)? {
        guard let pool = assetsByCell[site * items + item], !pool.isEmpty else { return nil }
        let a = Int(pool[min(pool.count - 1, Int(assetStream.nextDouble() * Double(pool.count)))])
        let product = flow.assets[a].product
        var code = faultCode[product * items + item]
        if remote, let r = remoteCode[product] { code = r }
        if noPart, !remote, !noPartCodes[product].isEmpty {
            let list = noPartCodes[product]
            code = list[min(list.count - 1, Int(assetStream.nextDouble() * Double(list.count)))]
        }
        guard let code else { return nil }
        let handling = flow.scenario.deskRules.faultCode(code, product: product)?.handling ?? .onSiteRepair
        let order = try flow.intake(asset: a, faultCode: code, classIndex: slaClass, at: now)
        try flow.triage(order: order, faultCode: code, handling: handling, at: now)
        return (order, flow.cases[order]?.stage == .awaitingApproval)
    }

    /// Days until a depot repair's next step: collection 0.5, transit 1 each way, the repair
    /// uniform 2–5, shipping back at once.
    mutating func depotDelay(after step: DepotStep) -> Double {
        switch step {
        case .requested: 0.5
        case .collected, .shipped: 1
        case .received: 2 + 3 * peopleStream.nextDouble()
        case .repaired: 0
        case .delivered: 0
        }
    }

    /// Hours until the satisfaction callback: uniform 2–20 h.
    mutating func callbackDelayHours() -> Double { 2 + 18 * peopleStream.nextDouble() }

    /// The survey: restored late, scores 1–3 (20/40/40 %); on time, 3–5 (10/40/50 %).
    mutating func survey(order: Int, at now: Double) throws(WorkflowError) {
        let late = flow.cases[order]?.watches.dropFirst().first?.breachedAt != nil
        let u = peopleStream.nextDouble()
        let score = late ? (u < 0.2 ? 1 : u < 0.6 ? 2 : 3) : (u < 0.1 ? 3 : u < 0.5 ? 4 : 5)
        try flow.survey(order: order, score: score, reason: late ? "late" : (score == 5 ? "fast" : "ok"), at: now)
    }
}

extension String {
    /// Left-padded with zeros to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

extension WorkflowDriver {
    /// A shipment arrives: a defective return is received under the serial its return
    /// authorisation names; anything else is delivered.
    mutating func deliver(shipment: Int, at now: Double) throws(WorkflowError) {
        if let rma = flow.returnByShipment[shipment], let serial = flow.returns[rma]?.serial {
            try flow.receiveReturn(rma: rma, serial: serial, at: now)
        } else {
            try flow.deliver(shipment: shipment, at: now)
        }
    }

    mutating func arrive(visit: Int, at now: Double) throws(WorkflowError) { try flow.arrive(visit: visit, at: now) }
    mutating func completeVisit(visit: Int, fixed: Bool, at now: Double) throws(WorkflowError) {
        try flow.completeVisit(visit: visit, fixed: fixed, at: now)
    }

    /// Every repair-loop unit travels under a return authorisation in the workflow.
    mutating func completeRepair(shipment: Int, condemned: Bool, at now: Double) throws(WorkflowError) {
        guard let rma = flow.returnByShipment[shipment] else {
            throw .invalid("shipment \(shipment) reached the repair bench without a return authorisation")
        }
        try flow.completeReturnRepair(rma: rma, at: now)
    }

    mutating func review(at now: Double) throws(WorkflowError) { try flow.review(at: now) }
    mutating func sendDefectiveIn(order: Int, at now: Double) throws(WorkflowError) { try flow.sendDefectiveIn(order: order, at: now) }
    mutating func takeEffects(into buffer: inout [DeskEffect]) { flow.takeEffects(into: &buffer) }
    mutating func visitDispatched(_ visit: Int, at now: Double) throws(WorkflowError) { try flow.acceptVisit(visit: visit, at: now) }

    /// Re-inspection on receipt: scrap is written off now, a repairable goes to the bench.
    mutating func repairStarted(shipment: Int, condemned: Bool, at now: Double) throws(WorkflowError) -> Bool {
        guard let rma = flow.returnByShipment[shipment] else { return true }
        try flow.inspectReturn(rma: rma, outcome: condemned ? .scrap : .repairable, at: now)
        return !condemned
    }

    /// The order stays open until its satisfaction callback.
    mutating func resolved(order: Int, at now: Double) -> Double? { callbackDelayHours() }

    mutating func approve(order: Int, at now: Double) throws(WorkflowError) {
        try flow.decideApproval(order: order, approved: true, by: "simulated approver", at: now)
    }

    mutating func depotRequestDelay(order: Int) -> Double? {
        guard flow.depotRepairs[order]?.step == .requested else { return nil }
        return depotDelay(after: .requested)
    }

    mutating func nextDepotStep(order: Int, at now: Double) throws(WorkflowError) -> Double? {
        guard let current = flow.depotRepairs[order]?.step,
              let next = DepotStep.allCases.first(where: { $0 > current }) else { return nil }
        try flow.depotStep(order: order, next, at: now)
        return next == .delivered ? nil : depotDelay(after: next)
    }

    mutating func issueStatements(through now: Double) throws(WorkflowError) { try flow.issueStatements(through: now) }
}
