import Foundation
import Policies
import ScenarioModel
import ServiceDesk
import Testing

/// The desk's commands on a small network: CW → A, B (one pool); A has one engineer, B none
/// (home-service-point dispatch, so B's orders resolve when the part arrives, unless a test asks
/// for nearest-available dispatch); item X is a consumable, item R a repairable repaired at CW.
@Suite("Service desk")
struct DeskTests {
    static let yaml = """
    format: 1
    name: desk
    currency: EUR
    lane_defaults:
      replenishment: {lead_time: 1}
      lateral: {lead_time: 0.2}
      emergency: {lead_time: 0.5}
      return: {lead_time: 2}
    policies:
      sourcing: [own, lateral, parent, emergency]
    products: [{id: P}]
    items:
      - {id: X, unit_cost: 10, failure_rate: 0.1, used_in: {P: 1}, supplier_lead_time: 5}
      - {id: R, unit_cost: 50, failure_rate: 0.1, used_in: {P: 1}, repairable: true, repair_site: CW, repair_time: 3, condemnation: 0.1, supplier_lead_time: 20}
    sites:
      - {id: CW, kind: central_warehouse, lat: 50, lon: 8}
      - {id: A, kind: service_point, parent: CW, lat: 50.1, lon: 8, pool: G, engineers: 1}
      - {id: B, kind: service_point, parent: CW, lat: 50.2, lon: 8, pool: G}
    installed_base:
      - {site: A, product: P, units: 10}
      - {site: B, product: P, units: 10}
    """

    /// A desk with stock [CW, A, B] of X and R on the given store, which keeps the log.
    static func desk(x: [Int], r: [Int] = [0, 0, 0], homeDispatch: Bool = true, store: StoreKind,
                     closesOnResolve: Bool = false) throws -> (DeskCore<TestStore>, Scenario) {
        let text = homeDispatch ? yaml.replacingOccurrences(of: "  sourcing: [own, lateral, parent, emergency]",
                                                           with: "  sourcing: [own, lateral, parent, emergency]\n  dispatch: home_service_point") : yaml
        let s = try ScenarioLoader.load(yaml: text, file: "desk.yaml", baseDirectory: nil)
        let plan: StockPlan = [[x[0], r[0]], [x[1], r[1]], [x[2], r[2]]]
        let recorder = try TestStore(store, catalog: DeskCatalog(scenario: s, plan: plan))
        return (DeskCore(network: DeskNetwork(scenario: s, plan: plan), store: recorder, closesOnResolve: closesOnResolve), s)
    }

    static let cw = 0, a = 1, b = 2, x = 0, r = 1

    @Test func transitionTable() {
        #expect(OrderState.opened.canMove(to: .triaged))
        #expect(!OrderState.opened.canMove(to: .resolved))
        #expect(!OrderState.closed.canMove(to: .opened))
        #expect(OrderState.allCases.allSatisfy { !OrderState.closed.canMove(to: $0) && !OrderState.cancelled.canMove(to: $0) })
        #expect(!OrderState.onSite.canMove(to: .cancelled))
    }

    /// Own stock → reserved → engineer → on site → resolved → closed; the reorder ships at once
    /// from CW, and the inventory position stays at the base-stock level throughout.
    @Test(arguments: StoreKind.allCases) func ownStockWithVisit(store: StoreKind) throws {
        var (desk, _) = try Self.desk(x: [2, 1, 0], store: store)
        let o = try desk.openOrder(site: Self.a, item: Self.x, at: 1)
        try desk.triage(order: o, needsPart: true, at: 1)
        #expect(desk.sourcing(of: o) == .own)
        #expect(desk.state(of: o) == .engineerDispatched)
        #expect(desk.onHand(site: Self.a, item: Self.x) == 0 && desk.reserved(site: Self.a, item: Self.x) == 1)
        #expect(desk.onHand(site: Self.cw, item: Self.x) == 1 && desk.inbound(site: Self.a, item: Self.x) == 1)
        #expect(desk.inventoryPosition(site: Self.a, item: Self.x) == 1)
        let visits = desk.effects.compactMap { if case .visitDispatched(let v, _, _, _) = $0 { Int(v) } else { nil } }
        let shipments = desk.effects.compactMap { if case .shipmentSent(let s, .replenishment, 0, 1, 0) = $0 { Int(s) } else { nil } }
        #expect(visits.count == 1 && shipments.count == 1)
        try desk.arrive(visit: visits[0], at: 1.2)
        try desk.completeVisit(visit: visits[0], at: 1.3)
        #expect(desk.state(of: o) == .resolved)
        #expect(desk.reserved(site: Self.a, item: Self.x) == 0)
        try desk.close(order: o, at: 1.3)
        #expect(desk.state(of: o) == .closed)
        try desk.deliver(shipment: shipments[0], at: 2)
        #expect(desk.onHand(site: Self.a, item: Self.x) == 1 && desk.inbound(site: Self.a, item: Self.x) == 0)
        #expect(desk.inventoryPosition(site: Self.a, item: Self.x) == 1)
        #expect(desk.openOrders == 0)
        // The log holds every transition in order.
        let moves = desk.store.log.compactMap { if case .orderMoved(_, _, let to, _) = $0 { to } else { nil } }
        #expect(moves == [.triaged, .engineerDispatched, .onSite, .resolved, .closed])
        try desk.verifyStore()
    }

    /// A visit that cannot finish the work: the order goes back for another visit (the freed
    /// engineer is sent again), its part stays reserved, and only the second visit fits it.
    @Test(arguments: StoreKind.allCases) func partialVisitNeedsAnother(store: StoreKind) throws {
        var (desk, _) = try Self.desk(x: [2, 1, 0], store: store)
        let o = try desk.openOrder(site: Self.a, item: Self.x, at: 1)
        try desk.triage(order: o, needsPart: true, at: 1)
        let first = try #require(desk.effects.compactMap { if case .visitDispatched(let v, _, _, _) = $0 { Int(v) } else { nil } }.first)
        try desk.arrive(visit: first, at: 1.1)
        try desk.completeVisit(visit: first, fixed: false, at: 1.2)
        #expect(desk.state(of: o) == .engineerDispatched && desk.reserved(site: Self.a, item: Self.x) == 1)
        let second = try #require(desk.effects.compactMap { if case .visitDispatched(let v, _, _, _) = $0 { Int(v) } else { nil } }.first)
        #expect(second != first)
        try desk.arrive(visit: second, at: 2)
        try desk.completeVisit(visit: second, at: 2.1)
        #expect(desk.state(of: o) == .resolved && desk.reserved(site: Self.a, item: Self.x) == 0)
        let moves = desk.store.log.compactMap { if case .orderMoved(Int32(o), _, let to, _) = $0 { to } else { nil } }
        #expect(moves == [.triaged, .engineerDispatched, .onSite, .engineerDispatched, .onSite, .resolved])
        #expect(desk.store.log.count { if case .partConsumed = $0 { true } else { false } } == 1)
        try desk.verifyStore()
    }

    /// A desk is a value: a copy goes its own way (its state is copied on its first command).
    @Test func copiesAreIndependent() throws {
        var (desk, _) = try Self.desk(x: [2, 1, 0], store: .memory)
        let before = desk
        let o = try desk.openOrder(site: Self.a, item: Self.x, at: 1)
        try desk.triage(order: o, needsPart: true, at: 1)
        #expect(desk.onHand(site: Self.a, item: Self.x) == 0 && desk.state(of: o) == .engineerDispatched)
        #expect(before.onHand(site: Self.a, item: Self.x) == 1 && before.state(of: o) == nil)
        var other = before
        let p = try other.openOrder(site: Self.b, item: Self.x, at: 2)
        #expect(p == 0 && other.state(of: p) == .opened)
        #expect(desk.state(of: 0) == .engineerDispatched && before.state(of: 0) == nil)
    }

    /// No own stock: a lateral from the pool member with stock; the donor reorders; with no
    /// engineer at B the order is resolved when the unit arrives.
    @Test(arguments: StoreKind.allCases) func lateralFromPoolMember(store: StoreKind) throws {
        var (desk, _) = try Self.desk(x: [0, 2, 0], store: store)
        let o = try desk.openOrder(site: Self.b, item: Self.x, at: 0)
        try desk.triage(order: o, needsPart: true, at: 0)
        #expect(desk.sourcing(of: o) == .lateral)
        #expect(desk.onHand(site: Self.a, item: Self.x) == 1 && desk.inbound(site: Self.a, item: Self.x) == 1)
        #expect(desk.inbound(site: Self.b, item: Self.x) == 0)
        let lateral = desk.effects.compactMap { if case .shipmentSent(let s, .lateral, 1, 2, 0) = $0 { Int(s) } else { nil } }
        #expect(lateral.count == 1)
        try desk.deliver(shipment: lateral[0], at: 0.2)
        #expect(desk.state(of: o) == .resolved)
        #expect(desk.effects.contains(.orderResolved(order: Int32(o))))
        try desk.verifyStore()
    }

    /// Tickets wait first in, first out; a child reorder queues at an empty parent and the supplier
    /// order restocks the parent.
    @Test(arguments: StoreKind.allCases) func backordersAreServedInOrder(store: StoreKind) throws {
        var (desk, _) = try Self.desk(x: [0, 0, 0], store: store)
        let first = try desk.openOrder(site: Self.b, item: Self.x, at: 0)
        try desk.triage(order: first, needsPart: true, at: 0)
        let second = try desk.openOrder(site: Self.b, item: Self.x, at: 1)
        try desk.triage(order: second, needsPart: true, at: 1)
        #expect(desk.sourcing(of: first) == .backorder && desk.state(of: first) == .awaitingPart)
        #expect(desk.waiting(site: Self.b, item: Self.x) == 2 && desk.waiting(site: Self.cw, item: Self.x) == 2)
        #expect(desk.inventoryPosition(site: Self.b, item: Self.x) == 0 && desk.inventoryPosition(site: Self.cw, item: Self.x) == 0)
        let supply = desk.effects.compactMap { if case .shipmentSent(let s, .supply, -1, 0, 0) = $0 { Int(s) } else { nil } }
        #expect(supply.count == 1)
        try desk.deliver(shipment: supply[0], at: 5)
        // The oldest child reorder gets the unit; it ships to B.
        let down = desk.effects.compactMap { if case .shipmentSent(let s, .replenishment, 0, 2, 0) = $0 { Int(s) } else { nil } }
        #expect(down.count == 1)
        try desk.deliver(shipment: down[0], at: 6)
        #expect(desk.state(of: first) == .resolved && desk.state(of: second) == .awaitingPart)
        // Backorders are logged at both levels: B's tickets, and B's reorders queued at CW.
        func net(_ site: Int) -> Int32 {
            desk.store.log.reduce(0) { if case .backorders(Int32(site), 0, let d, _) = $1 { $0 + d } else { $0 } }
        }
        #expect(net(Self.b) == 1 && net(Self.cw) == 1)
        #expect(Int(net(Self.cw)) == desk.waiting(site: Self.cw, item: Self.x))
        try desk.verifyStore()
    }

    /// One engineer, two tickets: the second waits for the engineer and is dispatched when the
    /// first visit completes; cancelling a waiting order puts its part back on the shelf.
    @Test(arguments: StoreKind.allCases) func engineerQueueAndCancel(store: StoreKind) throws {
        var (desk, _) = try Self.desk(x: [5, 3, 0], store: store)
        let o1 = try desk.openOrder(site: Self.a, item: Self.x, at: 0)
        try desk.triage(order: o1, needsPart: true, at: 0)
        let v1 = try #require(desk.effects.compactMap { if case .visitDispatched(let v, _, _, _) = $0 { Int(v) } else { nil } }.first)
        let o2 = try desk.openOrder(site: Self.a, item: Self.x, at: 0.1)
        try desk.triage(order: o2, needsPart: true, at: 0.1)
        #expect(desk.state(of: o2) == .awaitingEngineer && desk.freeEngineers(site: Self.a) == 0)
        let o3 = try desk.openOrder(site: Self.a, item: Self.x, at: 0.2)
        try desk.triage(order: o3, needsPart: true, at: 0.2)
        try desk.cancel(order: o3, at: 0.3)
        #expect(desk.state(of: o3) == .cancelled)
        #expect(desk.onHand(site: Self.a, item: Self.x) == 1 && desk.reserved(site: Self.a, item: Self.x) == 2)
        try desk.arrive(visit: v1, at: 0.5)
        try desk.completeVisit(visit: v1, at: 0.6)
        #expect(desk.state(of: o2) == .engineerDispatched)
        // A visit that is over cannot complete again; an order on site cannot be cancelled.
        #expect(throws: DeskError.unknownVisit(v1)) { try desk.completeVisit(visit: v1, at: 0.7) }
        #expect(throws: DeskError.self) { try desk.cancel(order: o1, at: 0.7) }
        try desk.verifyStore()
    }

    /// A repairable's defective unit goes back to CW, is repaired into CW's stock; a condemned one
    /// is replaced by a purchase. CW does not reorder a repairable from the supplier.
    @Test(arguments: StoreKind.allCases) func repairLoop(store: StoreKind) throws {
        var (desk, _) = try Self.desk(x: [0, 0, 0], r: [1, 1, 0], store: store)
        let o = try desk.openOrder(site: Self.b, item: Self.r, at: 0)
        try desk.triage(order: o, needsPart: true, at: 0)
        #expect(desk.sourcing(of: o) == .lateral)
        let lateral = try #require(desk.effects.compactMap { if case .shipmentSent(let s, .lateral, _, _, _) = $0 { Int(s) } else { nil } }.first)
        // A's reorder takes CW's unit; CW, fed by repairs, orders nothing.
        #expect(desk.onHand(site: Self.cw, item: Self.r) == 0)
        #expect(!desk.effects.contains { if case .shipmentSent(_, .supply, _, _, _) = $0 { true } else { false } })
        try desk.deliver(shipment: lateral, at: 0.2)
        let back = try #require(desk.effects.compactMap { if case .shipmentSent(let s, .defectiveReturn, 2, 0, 1) = $0 { Int(s) } else { nil } }.first)
        #expect(desk.inbound(site: Self.cw, item: Self.r) == 1)
        try desk.deliver(shipment: back, at: 2.2)
        #expect(desk.effects == [.repairStarted(shipment: Int32(back), site: 0, item: 1)])
        try desk.completeRepair(shipment: back, condemned: false, at: 5.2)
        #expect(desk.onHand(site: Self.cw, item: Self.r) == 1 && desk.inbound(site: Self.cw, item: Self.r) == 0)
        try desk.verifyStore()
    }

    /// A desk that closes on resolve: the order ends closed in the resolving command, with both
    /// transitions logged and no effect asking the caller to close it.
    @Test(arguments: StoreKind.allCases) func closesOnResolve(store: StoreKind) throws {
        var (desk, _) = try Self.desk(x: [1, 0, 1], store: store, closesOnResolve: true)
        let o = try desk.openOrder(site: Self.b, item: Self.x, at: 0)
        try desk.triage(order: o, needsPart: true, at: 0)
        #expect(desk.state(of: o) == .closed && desk.openOrders == 0)
        #expect(!desk.effects.contains(.orderResolved(order: Int32(o))))
        let moves = desk.store.log.compactMap { if case .orderMoved(_, _, let to, _) = $0 { to } else { nil } }
        #expect(moves == [.triaged, .resolved, .closed])
        try desk.verifyStore()
    }

    /// Nearest-available dispatch sends A's engineer to B, which has none of its own.
    @Test(arguments: StoreKind.allCases) func nearestEngineerServesNeighbour(store: StoreKind) throws {
        var (desk, _) = try Self.desk(x: [0, 0, 1], homeDispatch: false, store: store)
        let o = try desk.openOrder(site: Self.b, item: Self.x, at: 0)
        try desk.triage(order: o, needsPart: true, at: 0)
        #expect(desk.state(of: o) == .engineerDispatched)
        #expect(desk.effects.contains { if case .visitDispatched(_, _, 1, 2) = $0 { true } else { false } })
        #expect(desk.freeEngineers(site: Self.a) == 0)
        try desk.verifyStore()
    }

    /// Commands out of time order or on unknown records are refused and change nothing.
    @Test(arguments: StoreKind.allCases) func badCommandsChangeNothing(store: StoreKind) throws {
        var (desk, _) = try Self.desk(x: [1, 1, 1], store: store)
        let o = try desk.openOrder(site: Self.a, item: Self.x, at: 5)
        #expect(throws: DeskError.self) { try desk.triage(order: o, needsPart: true, at: 4) }
        #expect(desk.state(of: o) == .opened)
        #expect(throws: DeskError.unknownOrder(99)) { try desk.close(order: 99, at: 6) }
        #expect(throws: DeskError.invalidTransition(order: o, from: .opened, to: .closed)) { try desk.close(order: o, at: 6) }
        #expect(throws: DeskError.self) { try desk.openOrder(site: 99, item: 0, at: 6) }
        #expect(throws: DeskError.self) { try desk.openOrder(site: Self.a, item: 7, at: 6) }
        #expect(throws: DeskError.unknownShipment(3)) { try desk.deliver(shipment: 3, at: 6) }
        #expect(desk.onHand(site: Self.a, item: Self.x) == 1)
        try desk.verifyStore()
    }
}
