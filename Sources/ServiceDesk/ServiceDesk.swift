import Policies
import Scenario

/// The system of record: service orders and their transitions, the stock ledger, shipments,
/// field visits and repair returns. Deterministic: every command carries its own timestamp, the
/// desk draws nothing at random and measures no durations (the world does). After a command,
/// ``effects`` lists what the world must start (shipments, visits, repairs, resolved orders).
///
/// State is held in dense arrays (orders, shipments and visits by integer id; stock by
/// site × item cell) and every change goes to the store as a ``DeskChange``; the hot path
/// allocates nothing once the arrays have grown.
public struct ServiceDesk<Store: DeskStore> {
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

    // Stock cells, index site × itemCount + item.
    var onHand: [Int32]
    var reserved: [Int32]
    var inbound: [Int32]
    var pendingReview: [Int32]
    var waiting: [Int32]
    var waitHead: [Int32]
    var waitTail: [Int32]
    // Waiter nodes (tickets or children's reorders queued at a cell), pooled.
    var waiterIsTicket: [Bool] = []
    var waiterRef: [Int32] = []
    var waiterNext: [Int32] = []
    var freeWaiter: Int32 = -1

    // Orders.
    var orderSite: [Int32] = []
    var orderItem: [Int32] = []
    var orderClass: [Int32] = []
    var orderState: [OrderState] = []
    var orderSourcing: [SourcingKind] = []
    var orderHasPart: [Bool] = []
    var orderNext: [Int32] = []
    var freeOrders: [Int32] = []
    /// Open orders (not closed or cancelled).
    public private(set) var openOrders = 0

    // Engineers.
    var freeEngineers: [Int]
    var engineerHead: [Int32]
    var engineerTail: [Int32]
    /// Sites each engineer base serves, nearest first (the inverse of the candidates).
    let servedBy: [[Int]]

    // Shipments and visits.
    var shipmentKind: [ShipmentKind] = []
    var shipmentTo: [Int32] = []
    var shipmentItem: [Int32] = []
    var shipmentOrder: [Int32] = []
    var shipmentFeed: [Int32] = []
    var shipmentActive: [Bool] = []
    var freeShipments: [Int32] = []
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
        let cells = network.siteCount * network.itemCount
        onHand = [Int32](repeating: 0, count: cells)
        for site in 0..<network.siteCount where network.holdsStock[site] && site < network.stock.count {
            for item in 0..<min(network.itemCount, network.stock[site].count) {
                onHand[site * network.itemCount + item] = Int32(clamping: max(0, network.stock[site][item]))
            }
        }
        reserved = [Int32](repeating: 0, count: cells)
        inbound = reserved
        pendingReview = reserved
        waiting = reserved
        waitHead = [Int32](repeating: -1, count: cells)
        waitTail = waitHead
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
    public func onHand(site: Int, item: Int) -> Int { Int(onHand[site * network.itemCount + item]) }
    /// Units reserved for orders at the site.
    public func reserved(site: Int, item: Int) -> Int { Int(reserved[site * network.itemCount + item]) }
    /// Units ordered by the site and not yet received (including repaired units it is owed).
    public func inbound(site: Int, item: Int) -> Int { Int(inbound[site * network.itemCount + item]) }
    /// Tickets and children's reorders queued at the site for a unit.
    public func waiting(site: Int, item: Int) -> Int { Int(waiting[site * network.itemCount + item]) }
    /// Reorders held for the next periodic review.
    public func heldForReview(site: Int, item: Int) -> Int { Int(pendingReview[site * network.itemCount + item]) }
    /// Inventory position: on hand + inbound + held − waiting (stays at the base-stock level
    /// under one-for-one replenishment for sites that reorder).
    public func inventoryPosition(site: Int, item: Int) -> Int {
        let c = site * network.itemCount + item
        return Int(onHand[c] + inbound[c] + pendingReview[c] - waiting[c])
    }
    /// An order's state, nil for an unknown id.
    public func state(of order: Int) -> OrderState? { orderState.indices.contains(order) ? orderState[order] : nil }
    /// How an order's part was sourced, nil for an unknown id.
    public func sourcing(of order: Int) -> SourcingKind? { orderSourcing.indices.contains(order) ? orderSourcing[order] : nil }
    /// Engineers based at a site and free now.
    public func freeEngineers(site: Int) -> Int { freeEngineers[site] }
    /// Shipments under way (for conservation checks): (kind, item) pairs.
    public var activeShipments: [(kind: ShipmentKind, item: Int)] {
        shipmentActive.indices.filter { shipmentActive[$0] }.map { (shipmentKind[$0], Int(shipmentItem[$0])) }
    }

    // MARK: - Commands

    /// Opens a ticket at a service site for `item` (−1: the part is not known yet).
    public mutating func openOrder(site: Int, item: Int, slaClass: Int = 0, at time: Double) throws(DeskError) -> Int {
        defer { if commitsCommands && !nested { store.commit() } }
        try begin("openOrder", time)
        guard site >= 0, site < network.siteCount, network.holdsStock[site] else { throw .invalidSite(site) }
        guard item >= -1, item < network.itemCount else { throw .invalidItem(item) }
        let id: Int
        if let reuse = freeOrders.popLast() {
            id = Int(reuse)
            orderSite[id] = Int32(site); orderItem[id] = Int32(item); orderClass[id] = Int32(slaClass)
            orderState[id] = .opened; orderSourcing[id] = .none; orderHasPart[id] = false; orderNext[id] = -1
        } else {
            id = orderSite.count
            orderSite.append(Int32(site)); orderItem.append(Int32(item)); orderClass.append(Int32(slaClass))
            orderState.append(.opened); orderSourcing.append(.none); orderHasPart.append(false); orderNext.append(-1)
        }
        openOrders += 1
        store.record(.orderOpened(order: Int32(id), site: Int32(site), item: Int32(item), slaClass: Int32(slaClass), at: time))
        return id
    }

    /// Records the confirmed fault: with a part, runs the sourcing ladder; without one, the order
    /// goes straight to dispatch (or is resolved remotely when `remote`).
    /// `item` names the part when the order was opened without one (−1), or replaces the one
    /// suspected at opening; it is recorded as `orderPart`.
    public mutating func triage(order: Int, needsPart: Bool, remote: Bool = false, item part: Int? = nil,
                                at time: Double) throws(DeskError) {
        defer { if commitsCommands && !nested { store.commit() } }
        if let part { guard part >= -1, part < network.itemCount else { throw .invalidItem(part) } }
        try begin("triage", time)
        try move(order, to: .triaged)
        if let part, part != Int(orderItem[order]) {
            orderItem[order] = Int32(part)
            store.record(.orderPart(order: Int32(order), item: Int32(part), at: now))
        }
        let site = Int(orderSite[order]), item = Int(orderItem[order])
        if remote {
            try move(order, to: .resolved)
            resolved(order)
            return
        }
        guard needsPart, item >= 0 else {
            readyForWork(order)
            return
        }
        orderHasPart[order] = true
        let choice = Sourcing.choose(site: site, item: item, ladder: network.ladder, poolMembers: network.poolMembers[site],
                                     parent: network.parent[site] >= 0 ? network.parent[site] : nil,
                                     emergencySource: network.root[site] >= 0 ? network.root[site] : nil,
                                     donorRule: network.donorRule,
                                     view: StockLookup(onHand: onHand, unlimited: network.unlimited, itemCount: network.itemCount))
        let c = site * network.itemCount + item
        switch choice {
        case .own:
            take(site, item)
            reserved[c] += 1
            record(order, .own, source: site)
            store.record(.demand(site: Int32(site), item: Int32(item), metFromStock: true, at: now))
            reorder(site, item)
            readyForWork(order)
        case .lateral(let donor):
            try shipForTicket(order, .lateral, from: donor)
        case .emergency(let source):
            try shipForTicket(order, .emergency, from: source)
        case .parent, .backorder:
            record(order, choice == .parent ? .parent : .backorder, source: network.parent[site])
            store.record(.demand(site: Int32(site), item: Int32(item), metFromStock: false, at: now))
            enqueue(c, ticket: true, ref: Int32(order))
            store.record(.backorders(site: Int32(site), item: Int32(item), delta: 1, at: now))
            reorder(site, item)
            try move(order, to: .awaitingPart)
        }
    }

    /// A lateral or emergency unit for one ticket: the source issues it and reorders; the
    /// ticket's own site keeps its inventory position.
    private mutating func shipForTicket(_ order: Int, _ kind: ShipmentKind, from source: Int) throws(DeskError) {
        let site = Int(orderSite[order]), item = Int(orderItem[order])
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
        guard shipmentActive.indices.contains(shipment), shipmentActive[shipment] else { throw .unknownShipment(shipment) }
        let kind = shipmentKind[shipment], to = Int(shipmentTo[shipment]), item = Int(shipmentItem[shipment])
        store.record(.shipmentDelivered(shipment: Int32(shipment), kind: kind, to: Int32(to), item: Int32(item), at: now))
        switch kind {
        case .replenishment, .supply, .repaired:
            finish(shipment)
            inbound[to * network.itemCount + item] -= 1
            receive(to, item)
        case .lateral, .emergency:
            let order = Int(shipmentOrder[shipment])
            finish(shipment)
            reserved[to * network.itemCount + item] += 1
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
        guard shipmentActive.indices.contains(shipment), shipmentActive[shipment],
              shipmentKind[shipment] == .defectiveReturn else { throw .unknownShipment(shipment) }
        let site = Int(shipmentTo[shipment]), item = Int(shipmentItem[shipment]), feed = Int(shipmentFeed[shipment])
        finish(shipment)
        store.record(.repairCompleted(shipment: Int32(shipment), site: Int32(site), item: Int32(item), condemned: condemned, at: now))
        if condemned {
            send(.supply, from: -1, to: feed, item: item, order: -1)
        } else if feed == site {
            inbound[feed * network.itemCount + item] -= 1
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
    public mutating func completeVisit(visit: Int, at time: Double) throws(DeskError) {
        defer { if commitsCommands && !nested { store.commit() } }
        try begin("completeVisit", time)
        guard visitActive.indices.contains(visit), visitActive[visit] else { throw .unknownVisit(visit) }
        let order = Int(visitOrder[visit]), engineer = Int(visitEngineer[visit])
        visitActive[visit] = false
        if recyclesIDs { freeVisits.append(Int32(visit)) }
        store.record(.visitCompleted(visit: Int32(visit), order: Int32(order), at: now))
        consumePart(order)
        try move(order, to: .resolved)
        resolved(order)
        freeEngineers[engineer] += 1
        store.record(.engineerFree(site: Int32(engineer), at: now))
        serveQueues(engineer)
    }

    /// Closes a resolved order.
    public mutating func close(order: Int, at time: Double) throws(DeskError) {
        defer { if commitsCommands && !nested { store.commit() } }
        try begin("close", time)
        try move(order, to: .closed)
        openOrders -= 1
        if recyclesIDs { freeOrders.append(Int32(order)) }
    }

    /// Cancels an order that no engineer has reached; a reserved part goes back on the shelf.
    public mutating func cancel(order: Int, at time: Double) throws(DeskError) {
        defer { if commitsCommands && !nested { store.commit() } }
        try begin("cancel", time)
        guard orderState.indices.contains(order) else { throw .unknownOrder(order) }
        let state = orderState[order]
        guard state.canMove(to: .cancelled) else { throw .invalidTransition(order: order, from: state, to: .cancelled) }
        let site = Int(orderSite[order]), item = Int(orderItem[order])
        if state == .awaitingPart {
            throw .notAllowed("order \(order) is waiting for a part already sourced for it; cancel it when the part has arrived")
        }
        if state == .awaitingEngineer {
            unlinkEngineerQueue(order)
            if orderHasPart[order], item >= 0 {
                reserved[site * network.itemCount + item] -= 1
                receive(site, item)
            }
        }
        try move(order, to: .cancelled)
        openOrders -= 1
        if recyclesIDs { freeOrders.append(Int32(order)) }
    }

    /// After an order is resolved: close it at once, or tell the caller.
    private mutating func resolved(_ order: Int) {
        guard closesOnResolve else {
            effects.append(.orderResolved(order: Int32(order)))
            return
        }
        orderState[order] = .closed
        store.record(.orderMoved(order: Int32(order), from: .resolved, to: .closed, at: now))
        openOrders -= 1
        if recyclesIDs { freeOrders.append(Int32(order)) }
    }

    /// A periodic review: every reorder held since the last review is released.
    public mutating func review(at time: Double) throws(DeskError) {
        defer { if commitsCommands && !nested { store.commit() } }
        try begin("review", time)
        for site in 0..<network.siteCount where network.holdsStock[site] {
            for item in 0..<network.itemCount {
                let c = site * network.itemCount + item
                let n = pendingReview[c]
                guard n > 0 else { continue }
                pendingReview[c] = 0
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
    }

    private mutating func move(_ order: Int, to next: OrderState) throws(DeskError) {
        guard orderState.indices.contains(order) else { throw .unknownOrder(order) }
        let from = orderState[order]
        guard from.canMove(to: next) else { throw .invalidTransition(order: order, from: from, to: next) }
        orderState[order] = next
        store.record(.orderMoved(order: Int32(order), from: from, to: next, at: now))
    }

    private mutating func record(_ order: Int, _ kind: SourcingKind, source: Int) {
        orderSourcing[order] = kind
        store.record(.orderSourced(order: Int32(order), kind: kind, source: Int32(source), at: now))
    }

    /// Takes one unit off a shelf that has one (the ladder checked it); unlimited sites always give.
    private mutating func take(_ site: Int, _ item: Int) {
        guard !network.unlimited[site] else { return }
        let c = site * network.itemCount + item
        onHand[c] -= 1
        store.record(.onHand(site: Int32(site), item: Int32(item), delta: -1, level: onHand[c], at: now))
    }

    /// One-for-one: the site's inventory position fell by one; reorder (or hold for review).
    private mutating func reorder(_ site: Int, _ item: Int) {
        guard !network.stopsReorders(site: site, item: item) else { return }
        if Replenishment.releasesImmediately(network.replenishment) {
            requestFromParent(site, item)
        } else {
            pendingReview[site * network.itemCount + item] += 1
        }
    }

    /// Orders one unit for `site` from its parent (or from the supplier at a root).
    private mutating func requestFromParent(_ site: Int, _ item: Int) {
        inbound[site * network.itemCount + item] += 1
        let p = network.parent[site]
        guard p >= 0 else {
            send(.supply, from: -1, to: site, item: item, order: -1)
            return
        }
        let pc = p * network.itemCount + item
        if network.unlimited[p] || onHand[pc] > 0 {
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
        let c = site * network.itemCount + item
        if let (isTicket, ref) = dequeue(c) {
            if isTicket {
                reserved[c] += 1
                store.record(.backorders(site: Int32(site), item: Int32(item), delta: -1, at: now))
                readyForWork(Int(ref))
            } else {
                store.record(.backorders(site: Int32(site), item: Int32(item), delta: -1, at: now))
                send(.replenishment, from: site, to: Int(ref), item: item, order: -1)
            }
        } else {
            onHand[c] += 1
            store.record(.onHand(site: Int32(site), item: Int32(item), delta: 1, level: onHand[c], at: now))
        }
    }

    private mutating func send(_ kind: ShipmentKind, from: Int, to: Int, item: Int, order: Int) {
        let id: Int
        if let reuse = freeShipments.popLast() {
            id = Int(reuse)
            shipmentKind[id] = kind; shipmentTo[id] = Int32(to); shipmentItem[id] = Int32(item)
            shipmentOrder[id] = Int32(order); shipmentFeed[id] = -1; shipmentActive[id] = true
        } else {
            id = shipmentKind.count
            shipmentKind.append(kind); shipmentTo.append(Int32(to)); shipmentItem.append(Int32(item))
            shipmentOrder.append(Int32(order)); shipmentFeed.append(-1); shipmentActive.append(true)
        }
        store.record(.shipmentSent(shipment: Int32(id), kind: kind, from: Int32(from), to: Int32(to), item: Int32(item),
                                   order: Int32(order), at: now))
        effects.append(.shipmentSent(shipment: Int32(id), kind: kind, from: Int32(from), to: Int32(to), item: Int32(item)))
        lastShipment = id
    }

    /// The id of the last shipment sent (to attach the repair feed to a return).
    private var lastShipment = -1

    private mutating func finish(_ shipment: Int) {
        shipmentActive[shipment] = false
        if recyclesIDs { freeShipments.append(Int32(shipment)) }
    }

    /// The order's part (if any) is at its site: dispatch an engineer, queue for one, or, where no
    /// engineer serves the site, fit the part and resolve at once.
    private mutating func readyForWork(_ order: Int) {
        let site = Int(orderSite[order])
        guard !network.engineerCandidates[site].isEmpty else {
            consumePart(order)
            let from = orderState[order]
            orderState[order] = .resolved
            store.record(.orderMoved(order: Int32(order), from: from, to: .resolved, at: now))
            resolved(order)
            return
        }
        if let engineer = Dispatch.choose(site: site, rule: network.dispatch, freeEngineers: freeEngineers,
                                          candidates: network.engineerCandidates[site]) {
            dispatch(order, engineer)
        } else {
            let from = orderState[order]
            orderState[order] = .awaitingEngineer
            store.record(.orderMoved(order: Int32(order), from: from, to: .awaitingEngineer, at: now))
            orderNext[order] = -1
            if engineerTail[site] >= 0 { orderNext[Int(engineerTail[site])] = Int32(order) } else { engineerHead[site] = Int32(order) }
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
        let from = orderState[order]
        orderState[order] = .engineerDispatched
        store.record(.orderMoved(order: Int32(order), from: from, to: .engineerDispatched, at: now))
        store.record(.visitDispatched(visit: Int32(id), order: Int32(order), engineerSite: Int32(engineer), at: now))
        effects.append(.visitDispatched(visit: Int32(id), order: Int32(order), engineerSite: Int32(engineer), site: orderSite[order]))
    }

    /// A free engineer at `base` takes the oldest waiting order of the nearest site it serves.
    private mutating func serveQueues(_ base: Int) {
        let sites = network.dispatch == .homeServicePoint ? [base] : servedBy[base]
        for site in sites where freeEngineers[base] > 0 {
            let head = engineerHead[site]
            guard head >= 0 else { continue }
            let order = Int(head)
            engineerHead[site] = orderNext[order]
            if engineerHead[site] < 0 { engineerTail[site] = -1 }
            orderNext[order] = -1
            dispatch(order, base)
        }
    }

    private mutating func unlinkEngineerQueue(_ order: Int) {
        let site = Int(orderSite[order])
        var previous: Int32 = -1, x = engineerHead[site]
        while x >= 0 && Int(x) != order { previous = x; x = orderNext[Int(x)] }
        guard x >= 0 else { return }
        let next = orderNext[order]
        if previous >= 0 { orderNext[Int(previous)] = next } else { engineerHead[site] = next }
        if engineerTail[site] == Int32(order) { engineerTail[site] = previous }
        orderNext[order] = -1
    }

    /// Fits the order's reserved part; a repairable's defective unit goes back to its repair site.
    private mutating func consumePart(_ order: Int) {
        guard orderHasPart[order] else { return }
        let site = Int(orderSite[order]), item = Int(orderItem[order])
        reserved[site * network.itemCount + item] -= 1
        store.record(.partConsumed(order: Int32(order), site: Int32(site), item: Int32(item), at: now))
        guard network.repairable[item], network.repairSite[item] >= 0 else { return }
        let feed = orderSourcing[order] == .emergency && network.root[site] >= 0
            ? network.root[site] : network.repairFeed(site: site, item: item)
        inbound[feed * network.itemCount + item] += 1
        send(.defectiveReturn, from: site, to: network.repairSite[item], item: item, order: order)
        shipmentFeed[lastShipment] = Int32(feed)
    }

    private mutating func enqueue(_ cell: Int, ticket: Bool, ref: Int32) {
        let node: Int32
        if freeWaiter >= 0 {
            node = freeWaiter
            freeWaiter = waiterNext[Int(node)]
            waiterIsTicket[Int(node)] = ticket; waiterRef[Int(node)] = ref; waiterNext[Int(node)] = -1
        } else {
            node = Int32(waiterRef.count)
            waiterIsTicket.append(ticket); waiterRef.append(ref); waiterNext.append(-1)
        }
        if waitTail[cell] >= 0 { waiterNext[Int(waitTail[cell])] = node } else { waitHead[cell] = node }
        waitTail[cell] = node
        waiting[cell] += 1
    }

    private mutating func dequeue(_ cell: Int) -> (Bool, Int32)? {
        let node = waitHead[cell]
        guard node >= 0 else { return nil }
        let n = Int(node)
        waitHead[cell] = waiterNext[n]
        if waitHead[cell] < 0 { waitTail[cell] = -1 }
        waiting[cell] -= 1
        let out = (waiterIsTicket[n], waiterRef[n])
        waiterNext[n] = freeWaiter
        freeWaiter = node
        return out
    }
}

/// The desk's shelves as the policies see them: just the shelf counts and the unlimited flags
/// (not a copy of the whole desk, which would retain every one of its arrays per ticket).
struct StockLookup: StockView {
    let onHand: [Int32]
    let unlimited: [Bool]
    let itemCount: Int
    func available(site: Int, item: Int) -> Int {
        unlimited[site] ? Int.max : Int(onHand[site * itemCount + item])
    }
}
