/// The life of a service order. Every change goes through ``OrderState/canMove(to:)``.
public enum OrderState: UInt8, Sendable, BitwiseCopyable, Codable, CaseIterable, CustomStringConvertible {
    case opened
    case triaged
    /// Waiting for a part (lateral, emergency or replenishment on its way, or backordered).
    case awaitingPart
    /// The part (if any) is at the site, reserved; waiting for a free engineer.
    case awaitingEngineer
    case engineerDispatched
    case onSite
    case resolved
    case closed
    case cancelled

    /// The transition table: which state may follow which.
    public func canMove(to next: OrderState) -> Bool {
        switch (self, next) {
        case (.opened, .triaged),
             (.triaged, .awaitingPart), (.triaged, .awaitingEngineer), (.triaged, .engineerDispatched), (.triaged, .resolved),
             (.awaitingPart, .awaitingEngineer), (.awaitingPart, .engineerDispatched), (.awaitingPart, .resolved),
             (.awaitingEngineer, .engineerDispatched),
             (.engineerDispatched, .onSite),
             (.onSite, .resolved),
             // A visit that could not finish the work: another visit.
             (.onSite, .awaitingEngineer), (.onSite, .engineerDispatched),
             (.resolved, .closed):
            return true
        case (.opened, .cancelled), (.triaged, .cancelled), (.awaitingPart, .cancelled), (.awaitingEngineer, .cancelled):
            return true
        default:
            return false
        }
    }

    /// Whether no further change can happen.
    public var isFinal: Bool { self == .closed || self == .cancelled }

    public var description: String {
        switch self {
        case .opened: "opened"
        case .triaged: "triaged"
        case .awaitingPart: "awaiting_part"
        case .awaitingEngineer: "awaiting_engineer"
        case .engineerDispatched: "engineer_dispatched"
        case .onSite: "on_site"
        case .resolved: "resolved"
        case .closed: "closed"
        case .cancelled: "cancelled"
        }
    }
}

/// How an order's part was sourced.
public enum SourcingKind: UInt8, Sendable, BitwiseCopyable, Codable, CaseIterable {
    case none
    case own
    case lateral
    case parent
    case emergency
    case backorder
}

/// What a shipment carries and why.
public enum ShipmentKind: UInt8, Sendable, BitwiseCopyable, Codable, CaseIterable, CustomStringConvertible {
    /// Parent → child, one-for-one restocking.
    case replenishment
    /// Pool member → pool member, for one ticket.
    case lateral
    /// Central warehouse → service point, express, for one ticket.
    case emergency
    /// Defective unit → its repair site.
    case defectiveReturn
    /// Repaired unit → the site its repair loop feeds.
    case repaired
    /// Supplier → the site that buys (new units, or replacements for condemned ones).
    case supply

    public var description: String {
        switch self {
        case .replenishment: "replenishment"
        case .lateral: "lateral"
        case .emergency: "emergency"
        case .defectiveReturn: "return"
        case .repaired: "repaired"
        case .supply: "supply"
        }
    }
}

/// One recorded change of the desk: the event log the stores keep and every KPI is computed from.
/// Plain values only, so recording one allocates nothing.
public enum DeskChange: Sendable, Equatable {
    case orderOpened(order: Int32, site: Int32, item: Int32, slaClass: Int32, at: Double)
    case orderMoved(order: Int32, from: OrderState, to: OrderState, at: Double)
    case orderSourced(order: Int32, kind: SourcingKind, source: Int32, at: Double)
    /// The part an order needs was set at triage (it was unknown or another at opening).
    case orderPart(order: Int32, item: Int32, at: Double)
    /// A demand for one unit at a stocking site (a ticket or a child's reorder), met at once from
    /// the shelf or not.
    case demand(site: Int32, item: Int32, metFromStock: Bool, at: Double)
    /// On-hand units of a site and item changed by `delta` (shelf level after the change: `level`).
    case onHand(site: Int32, item: Int32, delta: Int32, level: Int32, at: Double)
    /// Demands waiting at a site for an unallocated unit changed by `delta`: backordered tickets at
    /// a service point, children's reorders queued at a depot or warehouse.
    case backorders(site: Int32, item: Int32, delta: Int32, at: Double)
    case shipmentSent(shipment: Int32, kind: ShipmentKind, from: Int32, to: Int32, item: Int32, order: Int32, at: Double)
    case shipmentDelivered(shipment: Int32, kind: ShipmentKind, to: Int32, item: Int32, at: Double)
    case visitDispatched(visit: Int32, order: Int32, engineerSite: Int32, at: Double)
    case visitArrived(visit: Int32, order: Int32, at: Double)
    case visitCompleted(visit: Int32, order: Int32, at: Double)
    case engineerFree(site: Int32, at: Double)
    /// A part was fitted (consumed) for an order.
    case partConsumed(order: Int32, site: Int32, item: Int32, at: Double)
    case repairStarted(shipment: Int32, site: Int32, item: Int32, at: Double)
    case repairCompleted(shipment: Int32, site: Int32, item: Int32, condemned: Bool, at: Double)

    /// When the change happened.
    public var time: Double {
        switch self {
        case .orderOpened(_, _, _, _, let t), .orderMoved(_, _, _, let t), .orderSourced(_, _, _, let t),
             .orderPart(_, _, let t), .demand(_, _, _, let t), .onHand(_, _, _, _, let t), .backorders(_, _, _, let t),
             .shipmentSent(_, _, _, _, _, _, let t), .shipmentDelivered(_, _, _, _, let t),
             .visitDispatched(_, _, _, let t), .visitArrived(_, _, let t), .visitCompleted(_, _, let t),
             .engineerFree(_, let t), .partConsumed(_, _, _, let t), .repairStarted(_, _, _, let t),
             .repairCompleted(_, _, _, _, let t):
            return t
        }
    }
}

/// What the world must do after a desk command: start a clock for something physical.
public enum DeskEffect: Sendable, Equatable {
    /// A shipment left `from` for `to` (the world draws its lead time and reports the delivery).
    case shipmentSent(shipment: Int32, kind: ShipmentKind, from: Int32, to: Int32, item: Int32)
    /// An engineer left `engineerSite` for an order at `site` (the world draws travel and work).
    case visitDispatched(visit: Int32, order: Int32, engineerSite: Int32, site: Int32)
    /// A defective unit entered repair at `site` (the world draws the turnaround and condemnation).
    case repairStarted(shipment: Int32, site: Int32, item: Int32)
    /// The order is resolved (the world decides when it is closed).
    case orderResolved(order: Int32)
}

/// Errors of desk commands: a command that the current state does not allow.
public enum DeskError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownOrder(Int)
    case unknownShipment(Int)
    case unknownVisit(Int)
    case invalidTransition(order: Int, from: OrderState, to: OrderState)
    case invalidSite(Int)
    case invalidItem(Int)
    case timeWentBack(command: String, at: Double, last: Double)
    case notAllowed(String)

    public var description: String {
        switch self {
        case .unknownOrder(let o): "no service order \(o)"
        case .unknownShipment(let s): "no shipment \(s) in transit"
        case .unknownVisit(let v): "no field visit \(v) under way"
        case .invalidTransition(let o, let a, let b): "order \(o): cannot move from \(a) to \(b)"
        case .invalidSite(let s): "no stock-holding site \(s)"
        case .invalidItem(let i): "no item \(i)"
        case .timeWentBack(let c, let t, let last): "\(c) at \(t) is before the last command at \(last)"
        case .notAllowed(let m): m
        }
    }
}
