import Policies
import ScenarioModel

/// The system of record: service orders and their transitions, the stock ledger, shipments,
/// field visits and repair returns. Deterministic: every command carries its own timestamp, the
/// desk draws nothing at random and measures no durations (the world does). After a command,
/// ``effects`` lists what the world must start (shipments, visits, repairs, resolved orders).
///
/// State is held in dense arrays (orders, shipments and visits by integer id; stock by
/// site × item cell) and every change goes to the store as a ``DeskChange``; the hot path
/// allocates nothing once the arrays have grown.
public struct DeskCore<Store: DeskStore> {
    /// The static network the desk decides on.
    public let network: DeskNetwork
    /// Where every change is recorded.
    public let store: Store
    /// Reuse the ids of closed orders, delivered shipments and finished visits (long simulations:
    /// memory stays flat). A system of record keeps every id unique (false).
    public let recyclesIDs: Bool
    /// Close an order in the same command that resolves it (the simulation's rule: nothing
    /// happens between restore and closure); otherwise `orderResolved` asks the caller to close.
    public let closesOnResolve: Bool
    /// Whether the store writes each command's changes as one transaction (``DeskStore/commit()``).
    let commitsCommands: Bool
    /// Set while a workflow command runs core commands inside it: the workflow commits once.
    var nested = false

    /// Stock cells (site × itemCount + item), pooled waiters, orders and shipments, with
    /// per-site facts: see ``DeskStorage`` (copied in `begin` when the desk value is shared).
    var storage: DeskStorage
    /// Whether the ladder starts with the site's own shelf (the common case decided inline).
    let ownFirst: Bool
    let itemCount: Int
    /// Open orders (not closed or cancelled).
    public private(set) var openOrders = 0

    // Engineers.
    var freeEngineers: [Int]
    var engineerHead: [Int32]
    var engineerTail: [Int32]
    /// Sites each engineer base serves, nearest first (the inverse of the candidates).
    let servedBy: [[Int]]

    // Visits.
    var visitOrder: [Int32] = []
    var visitEngineer: [Int32] = []
    var visitActive: [Bool] = []
    var freeVisits: [Int32] = []

    /// What the world must start after the last command (cleared at the start of each command).
    public private(set) var effects: [DeskEffect] = []
    /// Time of the last command.
    public private(set) var now: Double
    /// Commands accepted so far (for throughput figures).
    public private(set) var commandCount = 0

    /// A desk over `network` with the plan's stock on the shelves at time `start`.
    public init(network: DeskNetwork, store: Store, start: Double = 0, recyclesIDs: Bool = false, closesOnResolve: Bool = false) {
        self.closesOnResolve = closesOnResolve
        self.network = network
        self.store = store
        commitsCommands = store.commitsCommands
        self.recyclesIDs = recyclesIDs
        var cells = [StockCell](repeating: StockCell(), count: network.siteCount * network.itemCount)
        for site in 0..<network.siteCount where network.holdsStock[site] && site < network.stock.siteCount {
            for item in 0..<min(network.itemCount, network.stock.itemCount) {
                cells[site * network.itemCount + item].onHand = Int32(clamping: max(0, network.stock[site][item]))
            }
        }
        let facts = (0..<network.siteCount).map { site in
            SiteFacts(parent: Int32(network.parent[site]), root: Int32(network.root[site]), unlimited: network.unlimited[site],
                      hasEngineers: !network.engineerCandidates[site].isEmpty)
        }
        storage = DeskStorage(cells: cells, sites: facts)
        ownFirst = network.ladder.first == .own
        itemCount = network.itemCount
        freeEngineers = network.engineers
        engineerHead = [Int32](repeating: -1, count: network.siteCount)
        engineerTail = engineerHead
        var served = [[Int]](repeating: [], count: network.siteCount)
        for site in 0..<network.siteCount {
            for e in network.engineerCandidates[site] { served[e].append(site) }
        }
        // Each base serves its own site first, then the others in the order they list it.
        servedBy = served.enumerated().map { e, sites in sites.filter { $0 == e } + sites.filter { $0 != e } }
        now = start
    }

    /// Moves the last command's effects into `buffer` (its old contents are dropped), leaving the
    /// desk's list empty: the world drains them without copying.
    public mutating func takeEffects(into buffer: inout [DeskEffect]) {
        if !buffer.isEmpty { buffer.removeAll(keepingCapacity: true) }
        swap(&buffer, &effects)
    }

    // MARK: - Reading

    /// Free units on the shelf.
    public func onHand(site: Int, item: Int) -> Int { Int(storage.cells[site * itemCount + item].onHand) }
    /// Units reserved for orders at the site.
    public func reserved(site: Int, item: Int) -> Int { Int(storage.cells[site * itemCount + item].reserved) }
    /// Units ordered by the site and not yet received (including repaired units it is owed).
    public func inbound(site: Int, item: Int) -> Int { Int(storage.cells[site * itemCount + item].inbound) }
    /// Tickets and children's reorders queued at the site for a unit.
    public func waiting(site: Int, item: Int) -> Int { Int(storage.cells[site * itemCount + item].waiting) }
    /// Reorders held for the next periodic review.
    public func heldForReview(site: Int, item: Int) -> Int { Int(storage.cells[site * itemCount + item].pendingReview) }
    /// Inventory position: on hand + inbound + held − waiting (stays at the base-stock level
    /// under one-for-one replenishment for sites that reorder).
    public func inventoryPosition(site: Int, item: Int) -> Int {
        let c = storage.cells[site * itemCount + item]
        return Int(c.onHand + c.inbound + c.pendingReview - c.waiting)
    }
    /// An order's state, nil for an unknown id.
    public func state(of order: Int) -> OrderState? { storage.orders.contains(order) ? storage.orders[order].state : nil }
    /// How an order's part was sourced, nil for an unknown id.
    public func sourcing(of order: Int) -> SourcingKind? { storage.orders.contains(order) ? storage.orders[order].sourcing : nil }
    /// Engineers based at a site and free now.
    public func freeEngineers(site: Int) -> Int { freeEngineers[site] }
    /// The part an order needs (−1: none known), nil for an unknown id.
    public func item(of order: Int) -> Int? { storage.orders.contains(order) ? Int(storage.orders[order].item) : nil }
    /// The SLA class index of `order`, nil for an unknown order.
    public func slaClass(of order: Int) -> Int? { storage.orders.contains(order) ? Int(storage.orders[order].slaClass) : nil }
    /// Whether a part was sourced for the order (it is fitted when the work is done).
    func hasPart(_ order: Int) -> Bool { storage.orders.contains(order) && storage.orders[order].hasPart }
    /// The order a field visit under way serves, nil for an unknown or finished visit.
    public func order(ofVisit visit: Int) -> Int? {
        visitActive.indices.contains(visit) && visitActive[visit] ? Int(visitOrder[visit]) : nil
    }
    /// A shipment under way: its kind, destination, item and order (−1 for none); nil otherwise.
    public func shipment(_ id: Int) -> (kind: ShipmentKind, to: Int, item: Int, order: Int)? {
        guard storage.shipments.contains(id), storage.shipments[id].active else { return nil }
        let r = storage.shipments[id]
        return (r.kind, Int(r.to), Int(r.item), Int(r.order))
    }
    /// Whether `order` waits for a spare that none could be sourced for (backordered, or from the
    /// parent), its defective still at the customer: repair and return's exchange wait runs.
    public func awaitsUnsourcedSpare(_ order: Int) -> Bool {
        guard storage.orders.contains(order) else { return false }
        let r = storage.orders[order]
        return r.state == .awaitingPart && (r.sourcing == .backorder || r.sourcing == .parent) && !r.returned
    }

    /// Per item: defective units already in the repair loop whose tickets still wait for a unit
    /// (repair and return). Each is the machine's unit, not the stock's, until its ticket is
    /// restored: conservation counts it out of the network's units.
    public var defectivesAhead: [Int] {
        var n = [Int](repeating: 0, count: itemCount)
        for o in storage.orders.indices where storage.orders[o].returned {
            switch storage.orders[o].state {
            case .awaitingPart, .awaitingEngineer, .engineerDispatched, .onSite: n[Int(storage.orders[o].item)] += 1
            default: break
            }
        }
        return n
    }

    /// Shipments under way (for conservation checks): (kind, item) pairs.
    public var activeShipments: [(kind: ShipmentKind, item: Int)] {
        storage.shipments.indices.filter { storage.shipments[$0].active }.map { (storage.shipments[$0].kind, Int(storage.shipments[$0].item)) }
    }

    // MARK: - Commands

    /// Opens a ticket at a service site for `item` (−1: the part is not known yet).
    public mutating func openOrder(site: Int, item: Int, slaClass: Int = 0, at time: Double) throws(DeskError) -> Int {
        defer { if commitsCommands && !nested { store.commit() } }
        try begin("openOrder", time)
        guard site >= 0, site < network.siteCount, network.holdsStock[site] else { throw .invalidSite(site) }
        guard item >= -1, item < network.itemCount else { throw .invalidItem(item) }
        let id: Int
        let record = OrderRecord(site: Int32(site), item: Int32(item), slaClass: Int32(slaClass))
        if let reuse = storage.freeOrders.popLast() {
            id = Int(reuse)
            storage.orders[id] = record
        } else {
            id = storage.orders.count
            storage.orders.append(record)
        }
        openOrders += 1
        store.record(.orderOpened(order: Int32(id), site: Int32(site), item: Int32(item), slaClass: Int32(slaClass), at: time))
        return id
    }

    /// Records the confirmed fault: with a part, runs the sourcing ladder; without one, the order
    /// goes straight to dispatch (or is resolved remotely when `remote`).
    /// `item` names the part when the order was opened without one (−1), or replaces the one
    /// suspected at opening; it is recorded as `orderPart`.
    /// `external`: the work happens outside the desk's field service (e.g. the unit goes to a
    /// depot for repair); the order stays triaged until ``resolve(order:at:)``.
    public mutating func triage(order: Int, needsPart: Bool, remote: Bool = false, external: Bool = false, item part: Int? = nil,
                                at time: Double) throws(DeskError) {
        defer { if commitsCommands && !nested { store.commit() } }
        if let part { guard part >= -1, part < network.itemCount else { throw .invalidItem(part) } }
        try begin("triage", time)
        try move(order, to: .triaged)
        if let part, part != Int(storage.orders[order].item) {
            storage.orders[order].item = Int32(part)
            store.record(.orderPart(order: Int32(order), item: Int32(part), at: now))
        }
        let site = Int(storage.orders[order].site), item = Int(storage.orders[order].item)
        if remote {
            try move(order, to: .resolved)
            resolved(order)
            return
        }
        if external { return }
        guard needsPart, item >= 0 else {
            readyForWork(order)
            return
        }
        storage.orders[order].hasPart = true
        let c = site * itemCount + item
        let facts = storage.sites[site]
        // The ladder's usual first step inline (the same answer as `Sourcing.choose`).
        let choice = ownFirst && (facts.unlimited || storage.cells[c].onHand > 0) ? .own
            : Sourcing.choose(site: site, item: item, ladder: network.ladder, poolMembers: network.poolMembers[site],
                              parent: facts.parent >= 0 ? Int(facts.parent) : nil,
                              emergencySource: facts.root >= 0 ? Int(facts.root) : nil,
                              donorRule: network.donorRule,
                              view: StockLookup(cells: storage.cells.base, sites: storage.sites.base, itemCount: itemCount))
        switch choice {
        case .own:
            take(site, item)
            storage.cells[c].reserved += 1
            record(order, .own, source: site)
            store.record(.demand(site: Int32(site), item: Int32(item), metFromStock: true, at: now))
            reorder(site, item)
            readyForWork(order)
        case .lateral(let donor):
            try shipForTicket(order, .lateral, from: donor)
        case .emergency(let source):
            try shipForTicket(order, .emergency, from: source)
        case .parent, .backorder:
            record(order, choice == .parent ? .parent : .backorder, source: Int(facts.parent))
            store.record(.demand(site: Int32(site), item: Int32(item), metFromStock: false, at: now))
            enqueue(c, ticket: true, ref: Int32(order))
            store.record(.backorders(site: Int32(site), item: Int32(item), delta: 1, at: now))
            reorder(site, item)
            try move(order, to: .awaitingPart)
            // No spare could be sourced: under repair and return the defective goes in now.
            if network.returnTiming(item: item, slaClass: Int(storage.orders[order].slaClass)) == .atOnceWithoutSpare { returnDefective(order) }
        }
    }

    /// A lateral or emergency unit for one ticket: the source issues it and reorders; the
    /// ticket's own site keeps its inventory position.
    private mutating func shipForTicket(_ order: Int, _ kind: ShipmentKind, from source: Int) throws(DeskError) {
        let site = Int(storage.orders[order].site), item = Int(storage.orders[order].item)
        take(source, item)
        record(order, kind == .lateral ? .lateral : .emergency, source: source)
        store.record(.demand(site: Int32(site), item: Int32(item), metFromStock: false, at: now))
        send(kind, from: source, to: site, item: item, order: order)
        reorder(source, item)
        try move(order, to: .awaitingPart)
    }

    /// A shipment reached its destination.
    public mutating func deliver(shipment: Int, at time: Double) throws(DeskError) {
        defer { if commitsCommands && !nested { store.commit() } }
        try begin("deliver", time)
        guard storage.shipments.contains(shipment), storage.shipments[shipment].active else { throw .unknownShipment(shipment) }
        let record = storage.shipments[shipment]
        let kind = record.kind, to = Int(record.to), item = Int(record.item)
        store.record(.shipmentDelivered(shipment: Int32(shipment), kind: kind, to: Int32(to), item: Int32(item), at: now))
        switch kind {
        case .replenishment, .supply, .repaired:
            finish(shipment)
            storage.cells[to * itemCount + item].inbound -= 1
            receive(to, item)
        case .lateral, .emergency:
            let order = Int(record.order)
            finish(shipment)
            storage.cells[to * itemCount + item].reserved += 1
            readyForWork(order)
        case .defectiveReturn:
            // The unit enters repair at its destination; the shipment record follows it.
            effects.append(.repairStarted(shipment: Int32(shipment), site: Int32(to), item: Int32(item)))
            store.record(.repairStarted(shipment: Int32(shipment), site: Int32(to), item: Int32(item), at: now))
        }
    }

    /// A repair finished: the unit goes to the site its loop feeds, or, condemned, is replaced by
    /// a new unit bought for that site.
    public mutating func completeRepair(shipment: Int, condemned: Bool, at time: Double) throws(DeskError) {
        defer { if commitsCommands && !nested { store.commit() } }
        try begin("completeRepair", time)
        guard storage.shipments.contains(shipment), storage.shipments[shipment].active,
              storage.shipments[shipment].kind == .defectiveReturn else { throw .unknownShipment(shipment) }
        let record = storage.shipments[shipment]
        let site = Int(record.to), item = Int(record.item), feed = Int(record.feed)
        finish(shipment)
        store.record(.repairCompleted(shipment: Int32(shipment), site: Int32(site), item: Int32(item), condemned: condemned, at: now))
        if condemned {
            send(.supply, from: -1, to: feed, item: item, order: -1)
        } else if feed == site {
            storage.cells[feed * itemCount + item].inbound -= 1
            receive(feed, item)
        } else {
            send(.repaired, from: site, to: feed, item: item, order: -1)
        }
    }

    /// The engineer of a visit reached the customer.
    public mutating func arrive(visit: Int, at time: Double) throws(DeskError) {
        defer { if commitsCommands && !nested { store.commit() } }
        try begin("arrive", time)
        guard visitActive.indices.contains(visit), visitActive[visit] else { throw .unknownVisit(visit) }
        let order = Int(visitOrder[visit])
        try move(order, to: .onSite)
        store.record(.visitArrived(visit: Int32(visit), order: Int32(order), at: now))
    }

    /// The work of a visit is done: the part is fitted, the order resolved, the engineer free.
    public mutating func completeVisit(visit: Int, fixed: Bool = true, at time: Double) throws(DeskError) {
        defer { if commitsCommands && !nested { store.commit() } }
        try begin("completeVisit", time)
        guard visitActive.indices.contains(visit), visitActive[visit] else { throw .unknownVisit(visit) }
        let order = Int(visitOrder[visit]), engineer = Int(visitEngineer[visit])
        let next: OrderState = fixed ? .resolved : .awaitingEngineer
        guard let state = state(of: order), state.canMove(to: next) else {
            throw .invalidTransition(order: order, from: state(of: order) ?? .opened, to: next)
        }
        visitActive[visit] = false
        if recyclesIDs { freeVisits.append(Int32(visit)) }
        store.record(.visitCompleted(visit: Int32(visit), order: Int32(order), at: now))
        freeEngineers[engineer] += 1
        if fixed {
            consumePart(order)
            try move(order, to: .resolved)
            resolved(order)
        } else {
            // Partly done: the reserved part stays reserved; the order needs another visit.
            readyForWork(order)
        }
        store.record(.engineerFree(site: Int32(engineer), at: now))
        serveQueues(engineer)
    }

    /// Repair and return after a wait: the ticket's defective unit goes in for repair now, if the
    /// ticket still waits for a spare that none could be sourced for (backordered, or from the
    /// parent; not a lateral or emergency unit on its way) and its part is a repairable whose
    /// defective has not gone back yet; otherwise nothing happens (a late timer). Returns
    /// whether it was sent.
    @discardableResult
    public mutating func sendDefectiveIn(order: Int, at time: Double) throws(DeskError) -> Bool {
        defer { if commitsCommands && !nested { store.commit() } }
        try begin("sendDefectiveIn", time)
        guard storage.orders.contains(order) else { throw .unknownOrder(order) }
        let record = storage.orders[order]
        guard awaitsUnsourcedSpare(order), record.hasPart, record.item >= 0, network.isRepairable(Int(record.item)) else { return false }
        returnDefective(order)
        return true
    }

    /// Resolves a triaged order whose work happened outside the field service (``triage``'s
    /// `external`).
    public mutating func resolve(order: Int, at time: Double) throws(DeskError) {
        defer { if commitsCommands && !nested { store.commit() } }
        try begin("resolve", time)
        guard state(of: order) == .triaged else {
            throw .invalidTransition(order: order, from: state(of: order) ?? .opened, to: .resolved)
        }
        try move(order, to: .resolved)
        resolved(order)
    }

    /// Closes a resolved order.
    public mutating func close(order: Int, at time: Double) throws(DeskError) {
        defer { if commitsCommands && !nested { store.commit() } }
        try begin("close", time)
        try move(order, to: .closed)
        openOrders -= 1
        if recyclesIDs { storage.freeOrders.append(Int32(order)) }
    }

    /// Cancels an order that no engineer has reached; a reserved part goes back on the shelf.
    public mutating func cancel(order: Int, at time: Double) throws(DeskError) {
        defer { if commitsCommands && !nested { store.commit() } }
        try begin("cancel", time)
        guard storage.orders.contains(order) else { throw .unknownOrder(order) }
        let state = storage.orders[order].state
        guard state.canMove(to: .cancelled) else { throw .invalidTransition(order: order, from: state, to: .cancelled) }
        let site = Int(storage.orders[order].site), item = Int(storage.orders[order].item)
        if state == .awaitingPart {
            throw .notAllowed("order \(order) is waiting for a part already sourced for it; cancel it when the part has arrived")
        }
        if storage.orders[order].returned {
            throw .notAllowed("order \(order)'s defective unit is in repair (repair and return): the order ends when a unit comes back and is fitted")
        }
        if state == .awaitingEngineer {
            unlinkEngineerQueue(order)
            if storage.orders[order].hasPart, item >= 0 {
                storage.cells[site * itemCount + item].reserved -= 1
                receive(site, item)
            }
        }
        try move(order, to: .cancelled)
        openOrders -= 1
        if recyclesIDs { storage.freeOrders.append(Int32(order)) }
    }

    /// After an order is resolved: close it at once, or tell the caller.
    private mutating func resolved(_ order: Int) {
        guard closesOnResolve else {
            effects.append(.orderResolved(order: Int32(order)))
            return
        }
        storage.orders[order].state = .closed
        store.record(.orderMoved(order: Int32(order), from: .resolved, to: .closed, at: now))
        openOrders -= 1
        if recyclesIDs { storage.freeOrders.append(Int32(order)) }
    }

    /// A periodic review: every reorder held since the last review is released.
    public mutating func review(at time: Double) throws(DeskError) {
        defer { if commitsCommands && !nested { store.commit() } }
        try begin("review", time)
        for site in 0..<network.siteCount where network.holdsStock[site] {
            for item in 0..<network.itemCount {
                let c = site * itemCount + item
                let n = storage.cells[c].pendingReview
                guard n > 0 else { continue }
                storage.cells[c].pendingReview = 0
                for _ in 0..<n { requestFromParent(site, item) }
            }
        }
    }

    // MARK: - Internals

    private mutating func begin(_ command: String, _ time: Double) throws(DeskError) {
        guard time >= now, time.isFinite else { throw .timeWentBack(command: command, at: time, last: now) }
        now = time
        commandCount &+= 1
        if !effects.isEmpty { effects.removeAll(keepingCapacity: true) }
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
    }

    private mutating func move(_ order: Int, to next: OrderState) throws(DeskError) {
        guard storage.orders.contains(order) else { throw .unknownOrder(order) }
        let from = storage.orders[order].state
        guard from.canMove(to: next) else { throw .invalidTransition(order: order, from: from, to: next) }
        storage.orders[order].state = next
        store.record(.orderMoved(order: Int32(order), from: from, to: next, at: now))
    }

    private mutating func record(_ order: Int, _ kind: SourcingKind, source: Int) {
        storage.orders[order].sourcing = kind
        store.record(.orderSourced(order: Int32(order), kind: kind, source: Int32(source), at: now))
    }

    /// Takes one unit off a shelf that has one (the ladder checked it); unlimited sites always give.
    private mutating func take(_ site: Int, _ item: Int) {
        guard !storage.sites[site].unlimited else { return }
        let c = site * itemCount + item
        storage.cells[c].onHand -= 1
        store.record(.onHand(site: Int32(site), item: Int32(item), delta: -1, level: storage.cells[c].onHand, at: now))
    }

    /// One-for-one: the site's inventory position fell by one; reorder (or hold for review).
    private mutating func reorder(_ site: Int, _ item: Int) {
        guard !network.stopsReorders(site: site, item: item) else { return }
        if Replenishment.releasesImmediately(network.replenishment) {
            requestFromParent(site, item)
        } else {
            storage.cells[site * itemCount + item].pendingReview += 1
        }
    }

    /// Orders one unit for `site` from its parent (or from the supplier at a root).
    private mutating func requestFromParent(_ site: Int, _ item: Int) {
        storage.cells[site * itemCount + item].inbound += 1
        let p = Int(storage.sites[site].parent)
        guard p >= 0 else {
            send(.supply, from: -1, to: site, item: item, order: -1)
            return
        }
        let pc = p * itemCount + item
        if storage.sites[p].unlimited || storage.cells[pc].onHand > 0 {
            take(p, item)
            store.record(.demand(site: Int32(p), item: Int32(item), metFromStock: true, at: now))
            send(.replenishment, from: p, to: site, item: item, order: -1)
        } else {
            store.record(.demand(site: Int32(p), item: Int32(item), metFromStock: false, at: now))
            enqueue(pc, ticket: false, ref: Int32(site))
            store.record(.backorders(site: Int32(p), item: Int32(item), delta: 1, at: now))
        }
        reorder(p, item)
    }

    /// A unit arrived for stock at `site`: the oldest waiter gets it, else the shelf.
    private mutating func receive(_ site: Int, _ item: Int) {
        let c = site * itemCount + item
        if let (isTicket, ref) = dequeue(c) {
            if isTicket {
                storage.cells[c].reserved += 1
                store.record(.backorders(site: Int32(site), item: Int32(item), delta: -1, at: now))
                readyForWork(Int(ref))
            } else {
                store.record(.backorders(site: Int32(site), item: Int32(item), delta: -1, at: now))
                send(.replenishment, from: site, to: Int(ref), item: item, order: -1)
            }
        } else {
            storage.cells[c].onHand += 1
            store.record(.onHand(site: Int32(site), item: Int32(item), delta: 1, level: storage.cells[c].onHand, at: now))
        }
    }

    private mutating func send(_ kind: ShipmentKind, from: Int, to: Int, item: Int, order: Int) {
        let id: Int
        let record = ShipmentRecord(to: Int32(to), item: Int32(item), order: Int32(order), kind: kind)
        if let reuse = storage.freeShipments.popLast() {
            id = Int(reuse)
            storage.shipments[id] = record
        } else {
            id = storage.shipments.count
            storage.shipments.append(record)
        }
        store.record(.shipmentSent(shipment: Int32(id), kind: kind, from: Int32(from), to: Int32(to), item: Int32(item),
                                   order: Int32(order), at: now))
        effects.append(.shipmentSent(shipment: Int32(id), kind: kind, from: Int32(from), to: Int32(to), item: Int32(item)))
        lastShipment = id
    }

    /// The id of the last shipment sent (to attach the repair feed to a return).
    private var lastShipment = -1

    private mutating func finish(_ shipment: Int) {
        storage.shipments[shipment].active = false
        if recyclesIDs { storage.freeShipments.append(Int32(shipment)) }
    }

    /// The order's part (if any) is at its site: dispatch an engineer, queue for one, or, where no
    /// engineer serves the site, fit the part and resolve at once.
    private mutating func readyForWork(_ order: Int) {
        let site = Int(storage.orders[order].site)
        guard storage.sites[site].hasEngineers else {
            consumePart(order)
            let from = storage.orders[order].state
            storage.orders[order].state = .resolved
            store.record(.orderMoved(order: Int32(order), from: from, to: .resolved, at: now))
            resolved(order)
            return
        }
        if let engineer = Dispatch.choose(site: site, rule: network.dispatch, freeEngineers: freeEngineers,
                                          candidates: network.engineerCandidates[site]) {
            dispatch(order, engineer)
        } else {
            let from = storage.orders[order].state
            storage.orders[order].state = .awaitingEngineer
            store.record(.orderMoved(order: Int32(order), from: from, to: .awaitingEngineer, at: now))
            storage.orders[order].next = -1
            if engineerTail[site] >= 0 { storage.orders[Int(engineerTail[site])].next = Int32(order) } else { engineerHead[site] = Int32(order) }
            engineerTail[site] = Int32(order)
        }
    }

    private mutating func dispatch(_ order: Int, _ engineer: Int) {
        freeEngineers[engineer] -= 1
        let id: Int
        if let reuse = freeVisits.popLast() {
            id = Int(reuse)
            visitOrder[id] = Int32(order); visitEngineer[id] = Int32(engineer); visitActive[id] = true
        } else {
            id = visitOrder.count
            visitOrder.append(Int32(order)); visitEngineer.append(Int32(engineer)); visitActive.append(true)
        }
        let from = storage.orders[order].state
        storage.orders[order].state = .engineerDispatched
        store.record(.orderMoved(order: Int32(order), from: from, to: .engineerDispatched, at: now))
        store.record(.visitDispatched(visit: Int32(id), order: Int32(order), engineerSite: Int32(engineer), at: now))
        effects.append(.visitDispatched(visit: Int32(id), order: Int32(order), engineerSite: Int32(engineer), site: storage.orders[order].site))
    }

    /// A free engineer at `base` takes the oldest waiting order of the nearest site it serves.
    private mutating func serveQueues(_ base: Int) {
        let sites = network.dispatch == .homeServicePoint ? [base] : servedBy[base]
        for site in sites where freeEngineers[base] > 0 {
            let head = engineerHead[site]
            guard head >= 0 else { continue }
            let order = Int(head)
            engineerHead[site] = storage.orders[order].next
            if engineerHead[site] < 0 { engineerTail[site] = -1 }
            storage.orders[order].next = -1
            dispatch(order, base)
        }
    }

    private mutating func unlinkEngineerQueue(_ order: Int) {
        let site = Int(storage.orders[order].site)
        var previous: Int32 = -1, x = engineerHead[site]
        while x >= 0 && Int(x) != order { previous = x; x = storage.orders[Int(x)].next }
        guard x >= 0 else { return }
        let next = storage.orders[order].next
        if previous >= 0 { storage.orders[Int(previous)].next = next } else { engineerHead[site] = next }
        if engineerTail[site] == Int32(order) { engineerTail[site] = previous }
        storage.orders[order].next = -1
    }

    /// Fits the order's reserved part; a repairable's defective unit goes back to its repair site
    /// (unless it went in already).
    private mutating func consumePart(_ order: Int) {
        let record = storage.orders[order]
        guard record.hasPart else { return }
        let site = Int(record.site), item = Int(record.item)
        storage.cells[site * itemCount + item].reserved -= 1
        store.record(.partConsumed(order: Int32(order), site: Int32(site), item: Int32(item), at: now))
        returnDefective(order)
    }

    /// Sends the order's defective unit to its item's repair site, once; the repaired unit will
    /// feed the repair site if it lies on the site's path to the root, else the root (the root
    /// itself after an emergency shipment, which the root issued).
    private mutating func returnDefective(_ order: Int) {
        let record = storage.orders[order]
        let site = Int(record.site), item = Int(record.item)
        guard !record.returned, network.isRepairable(item), network.repairSite[item] >= 0 else { return }
        storage.orders[order].returned = true
        let feed = record.sourcing == .emergency && network.root[site] >= 0
            ? network.root[site] : network.repairFeed(site: site, item: item)
        storage.cells[feed * itemCount + item].inbound += 1
        send(.defectiveReturn, from: site, to: network.repairSite[item], item: item, order: order)
        storage.shipments[lastShipment].feed = Int32(feed)
    }

    private mutating func enqueue(_ cell: Int, ticket: Bool, ref: Int32) {
        let node: Int32
        let waiter = Waiter(isTicket: ticket, ref: ref, next: -1)
        if storage.freeWaiter >= 0 {
            node = storage.freeWaiter
            storage.freeWaiter = storage.waiters[Int(node)].next
            storage.waiters[Int(node)] = waiter
        } else {
            node = Int32(storage.waiters.count)
            storage.waiters.append(waiter)
        }
        let c = storage.cells.base + cell
        if c.pointee.waitTail >= 0 { storage.waiters[Int(c.pointee.waitTail)].next = node } else { c.pointee.waitHead = node }
        c.pointee.waitTail = node
        c.pointee.waiting += 1
    }

    private mutating func dequeue(_ cell: Int) -> (Bool, Int32)? {
        let c = storage.cells.base + cell
        let node = c.pointee.waitHead
        guard node >= 0 else { return nil }
        let n = Int(node)
        c.pointee.waitHead = storage.waiters[n].next
        if c.pointee.waitHead < 0 { c.pointee.waitTail = -1 }
        c.pointee.waiting -= 1
        let out = (storage.waiters[n].isTicket, storage.waiters[n].ref)
        storage.waiters[n].next = storage.freeWaiter
        storage.freeWaiter = node
        return out
    }
}

/// The desk's shelves as the policies see them: just the shelf counts and the unlimited flags
/// (not a copy of the whole desk, which would retain every one of its arrays per ticket).
/// It reads the desk's storage in place; it lives only for one `Sourcing.choose` call, inside a
/// command, while the storage cannot change.
struct StockLookup: StockView {
    let cells: UnsafeMutablePointer<StockCell>
    let sites: UnsafeMutablePointer<SiteFacts>
    let itemCount: Int
    func available(site: Int, item: Int) -> Int {
        sites[site].unlimited ? Int.max : Int(cells[site * itemCount + item].onHand)
    }
}
