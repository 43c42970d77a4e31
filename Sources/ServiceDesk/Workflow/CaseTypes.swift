public import ScenarioModel

/// A customer of the service organisation.
public struct Customer: Sendable, Equatable, Codable {
    public var id: Int
    public var code: String
    public var name: String
}

/// An installed unit at a customer: what is serviced.
public struct Asset: Sendable, Equatable, Codable {
    public var id: Int
    /// Unique serial number of the unit.
    public var serial: String
    /// Product index in the scenario.
    public var product: Int
    public var customer: Int
    /// The service point the asset is registered at (index in the scenario).
    public var site: Int
    /// Installation date: the warranty runs from here.
    public var installed: CalendarDate
    /// A service contract and its last covered day, if any.
    public var contract: String?
    public var contractUntil: CalendarDate?
    /// Serial numbers of the fitted spare parts, by item index (parts without serial are absent).
    public var components: [Int: String]
    /// Road km from the engineer's base to the customer (for the tariff's distance band).
    public var distanceKm: Double
}

/// Where an order stands in the workflow above the core states.
public enum CaseStage: String, Sendable, Codable, CaseIterable {
    /// Taken in; waiting for triage.
    case intake
    /// Triage chose a handling whose cost needs an approval.
    case awaitingApproval = "awaiting_approval"
    /// The approver refused the handling; triage must choose again (or the order is cancelled).
    case rejected
    /// Handling under way (the core states tell where).
    case inWork = "in_work"
    /// Restored; waiting for the satisfaction callback.
    case awaitingCallback = "awaiting_callback"
    /// Survey taken (or the callback window closed); settled.
    case done
    case cancelled
}

/// The steps of a field visit as the engineer reports them.
public enum VisitStep: String, Sendable, Codable, CaseIterable {
    /// The engineer accepted the job.
    case accepted
    /// Left for the customer.
    case travelling
    case arrived
    /// The work is done (the part fitted, the unit tested).
    case workDone = "work_done"
    /// Left the customer.
    case departed
    /// The visit ended with the fault not yet cleared: another visit follows.
    case partiallyCompleted = "partially_completed"
    /// The visit cleared the fault.
    case completed
}

/// The steps of a depot repair: the customer's unit goes to a depot and comes back repaired.
public enum DepotStep: String, Sendable, Codable, CaseIterable, Comparable {
    case requested
    /// Picked up at the customer.
    case collected
    case received
    case repaired
    /// Sent back to the customer.
    case shipped
    /// Back at the customer: the order is restored.
    case delivered

    public static func < (a: DepotStep, b: DepotStep) -> Bool {
        (allCases.firstIndex(of: a) ?? 0) < (allCases.firstIndex(of: b) ?? 0)
    }
}

/// What re-inspection found in a returned defective part.
public enum InspectionOutcome: String, Sendable, Codable, CaseIterable {
    case repairable
    case scrap
    /// Failed within the supplier's warranty: claimed back from the supplier.
    case supplierClaim = "supplier_claim"
}

/// A defective-part return (RMA) and where it is.
public enum ReturnState: String, Sendable, Codable, CaseIterable {
    case authorised
    case received
    case inspected
}

/// One recorded change of the workflow above the core desk (intake, triage decisions, approvals,
/// SLA stop-watches, surveys, settlement, returns). Kept apart from ``DeskChange`` because these
/// carry text (codes, names, evidence) and are few per order; both share one sequence in a store.
public enum CaseChange: Sendable, Equatable, Codable {
    case customerRegistered(Customer)
    case assetRegistered(Asset)
    /// An order was taken in for an asset, with its entitlement and the evidence for it.
    case intake(order: Int, asset: Int, entitlement: Entitlement, evidence: String, faultCode: String, description: String,
                priority: Int, slaClass: Int, at: Double)
    /// Triage confirmed the fault and chose the handling, with its estimated cost.
    case triaged(order: Int, faultCode: String, handling: Handling, estimatedCost: Double, at: Double)
    case approvalRequested(order: Int, estimatedCost: Double, threshold: Double, at: Double)
    case approvalDecided(order: Int, approved: Bool, by: String, note: String, at: Double)
    /// Waiting for the customer (true) or no longer (false): SLA watches pause meanwhile.
    case customerHold(order: Int, waiting: Bool, at: Double)
    case slaClassChanged(order: Int, from: Int, to: Int, at: Double)
    /// A stop-watch event at its exact instant.
    case sla(order: Int, watch: String, event: SLAWatchEvent, at: Double)
    /// Parts lines: a new unit fitted (its serial), the defective removed (its serial).
    case partFitted(order: Int, item: Int, serial: String, removedSerial: String?, at: Double)
    /// A parts line writing a unit off: a removed consumable, or a returned part inspected as scrap
    /// or claimed from the supplier.
    case partScrapped(order: Int, item: Int, serial: String, at: Double)
    case returnAuthorised(rma: Int, order: Int, item: Int, serial: String, at: Double)
    case returnReceived(rma: Int, serial: String, at: Double)
    case returnInspected(rma: Int, outcome: InspectionOutcome, at: Double)
    case survey(order: Int, score: Int, reason: String, at: Double)
    /// The service fee of an order for the service point that did the job.
    case settled(order: Int, site: Int, job: Handling, km: Double, entitlement: Entitlement, fee: Double, at: Double)
    /// A statement of a service point's fees over [from, to).
    case statement(statement: Int, site: Int, from: Double, to: Double, orders: Int, total: Double, at: Double)
    case stage(order: Int, stage: CaseStage, at: Double)
    /// A field visit's step.
    case visitStep(visit: Int, order: Int, step: VisitStep, at: Double)
    /// A depot repair's step (`depot`: the depot's site).
    case depotStep(order: Int, depot: Int, step: DepotStep, at: Double)

    /// The order a change is about, if any.
    public var order: Int? {
        switch self {
        case .intake(let o, _, _, _, _, _, _, _, _), .triaged(let o, _, _, _, _), .approvalRequested(let o, _, _, _),
             .approvalDecided(let o, _, _, _, _), .customerHold(let o, _, _), .slaClassChanged(let o, _, _, _),
             .sla(let o, _, _, _), .partFitted(let o, _, _, _, _), .returnAuthorised(_, let o, _, _, _),
             .survey(let o, _, _, _), .settled(let o, _, _, _, _, _, _), .stage(let o, _, _), .visitStep(_, let o, _, _),
             .depotStep(let o, _, _, _), .partScrapped(let o, _, _, _):
            return o
        default:
            return nil
        }
    }

    /// Every kind as stored.
    public static let kinds = ["customer_registered", "asset_registered", "intake", "triaged", "approval_requested",
                               "approval_decided", "customer_hold", "sla_class_changed", "sla", "part_fitted",
                               "return_authorised", "return_received", "return_inspected", "survey", "settled",
                               "statement", "stage", "visit_step", "depot_step", "part_scrapped"]

    /// The kind as stored.
    public var kind: String {
        switch self {
        case .customerRegistered: "customer_registered"
        case .assetRegistered: "asset_registered"
        case .intake: "intake"
        case .triaged: "triaged"
        case .approvalRequested: "approval_requested"
        case .approvalDecided: "approval_decided"
        case .customerHold: "customer_hold"
        case .slaClassChanged: "sla_class_changed"
        case .sla: "sla"
        case .partFitted: "part_fitted"
        case .returnAuthorised: "return_authorised"
        case .returnReceived: "return_received"
        case .returnInspected: "return_inspected"
        case .survey: "survey"
        case .settled: "settled"
        case .statement: "statement"
        case .stage: "stage"
        case .visitStep: "visit_step"
        case .depotStep: "depot_step"
        case .partScrapped: "part_scrapped"
        }
    }

    /// When it happened (registrations: nil).
    public var time: Double? {
        switch self {
        case .customerRegistered, .assetRegistered: nil
        case .intake(_, _, _, _, _, _, _, _, let t), .triaged(_, _, _, _, let t), .approvalRequested(_, _, _, let t),
             .approvalDecided(_, _, _, _, let t), .customerHold(_, _, let t), .slaClassChanged(_, _, _, let t),
             .sla(_, _, _, let t), .partFitted(_, _, _, _, let t), .returnAuthorised(_, _, _, _, let t),
             .returnReceived(_, _, let t), .returnInspected(_, _, let t), .survey(_, _, _, let t),
             .settled(_, _, _, _, _, _, let t), .statement(_, _, _, _, _, _, let t), .stage(_, _, let t),
             .visitStep(_, _, _, let t), .depotStep(_, _, _, let t), .partScrapped(_, _, _, let t):
            t
        }
    }
}

/// Why a workflow command was refused.
public enum WorkflowError: Error, Sendable, Equatable, CustomStringConvertible {
    case desk(DeskError)
    case unknownCustomer(Int)
    case unknownAsset(Int)
    case duplicateSerial(String)
    case unknownFaultCode(code: String, product: String)
    case wrongStage(order: Int, stage: CaseStage, command: String)
    case serialMismatch(rma: Int, expected: String, got: String)
    case unknownReturn(Int)
    case invalid(String)

    public var description: String {
        switch self {
        case .desk(let e): e.description
        case .unknownCustomer(let c): "no customer \(c)"
        case .unknownAsset(let a): "no asset \(a)"
        case .duplicateSerial(let s): "an asset with serial \(s) is already registered"
        case .unknownFaultCode(let c, let p): "no fault code \(c) for product \(p)"
        case .wrongStage(let o, let s, let c): "order \(o) is at \(s.rawValue); \(c) is not allowed there"
        case .serialMismatch(let r, let e, let g): "return \(r): the part received has serial \(g), but the part removed had \(e)"
        case .unknownReturn(let r): "no return \(r)"
        case .invalid(let m): m
        }
    }
}
