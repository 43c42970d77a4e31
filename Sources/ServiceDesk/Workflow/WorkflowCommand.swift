public import ScenarioModel

/// A workflow command with its inputs: what the command log keeps, so that a desk can be rebuilt
/// exactly by applying the same commands again (the desk is deterministic given its commands).
public enum WorkflowCommand: Sendable, Equatable, Codable {
    case registerCustomer(code: String, name: String)
    case registerAsset(serial: String, product: String, customer: Int, site: String, installed: CalendarDate, contract: String?,
                       contractUntil: CalendarDate?, distanceKm: Double)
    case intake(asset: Int, faultCode: String, description: String, priority: Int, classIndex: Int, at: Double)
    case triage(order: Int, faultCode: String, handling: Handling, at: Double)
    case decideApproval(order: Int, approved: Bool, by: String, note: String, at: Double)
    case hold(order: Int, waiting: Bool, at: Double)
    case changeSLAClass(order: Int, to: String, at: Double)
    case acceptVisit(visit: Int, travelling: Bool, at: Double)
    case startTravel(visit: Int, at: Double)
    case arrive(visit: Int, at: Double)
    case completeVisit(visit: Int, fixed: Bool, at: Double)
    case deliver(shipment: Int, at: Double)
    case receiveReturn(rma: Int, serial: String, at: Double)
    case inspectReturn(rma: Int, outcome: InspectionOutcome, at: Double)
    case completeReturnRepair(rma: Int, at: Double)
    case sendDefectiveIn(order: Int, at: Double)
    case depotStep(order: Int, step: DepotStep, at: Double)
    case survey(order: Int, score: Int, reason: String, at: Double)
    case issueStatements(through: Double)
    case tick(at: Double)
    case review(at: Double)
    case cancel(order: Int, at: Double)

    /// The command's name as stored.
    public var name: String {
        switch self {
        case .registerCustomer: "register_customer"
        case .registerAsset: "register_asset"
        case .intake: "intake"
        case .triage: "triage"
        case .decideApproval: "decide_approval"
        case .hold: "hold"
        case .changeSLAClass: "change_sla_class"
        case .acceptVisit: "accept_visit"
        case .startTravel: "start_travel"
        case .arrive: "arrive"
        case .completeVisit: "complete_visit"
        case .deliver: "deliver"
        case .receiveReturn: "receive_return"
        case .inspectReturn: "inspect_return"
        case .completeReturnRepair: "complete_return_repair"
        case .sendDefectiveIn: "send_defective_in"
        case .depotStep: "depot_step"
        case .survey: "survey"
        case .issueStatements: "issue_statements"
        case .tick: "tick"
        case .review: "review"
        case .cancel: "cancel"
        }
    }

    /// When it was issued (registrations: nil).
    public var time: Double? {
        switch self {
        case .registerCustomer, .registerAsset: nil
        case .intake(_, _, _, _, _, let t), .triage(_, _, _, let t), .decideApproval(_, _, _, _, let t), .hold(_, _, let t),
             .changeSLAClass(_, _, let t), .acceptVisit(_, _, let t), .startTravel(_, let t), .arrive(_, let t),
             .completeVisit(_, _, let t), .deliver(_, let t), .receiveReturn(_, _, let t), .inspectReturn(_, _, let t),
             .completeReturnRepair(_, let t), .sendDefectiveIn(_, let t), .depotStep(_, _, let t), .survey(_, _, _, let t), .issueStatements(let t),
             .tick(let t), .review(let t), .cancel(_, let t):
            t
        }
    }
}

extension ServiceWorkflow {
    /// Applies one logged command; returns the id it created (customer, asset, order), if any.
    @discardableResult
    public mutating func apply(_ command: WorkflowCommand) throws(WorkflowError) -> Int? {
        switch command {
        case .registerCustomer(let code, let name):
            return try registerCustomer(code: code, name: name)
        case .registerAsset(let serial, let product, let customer, let site, let installed, let contract, let until, let km):
            return try registerAsset(serial: serial, product: product, customer: customer, site: site, installed: installed,
                                     contract: contract, contractUntil: until, distanceKm: km)
        case .intake(let asset, let code, let text, let priority, let k, let t):
            return try intake(asset: asset, faultCode: code, description: text, priority: priority, classIndex: k, at: t)
        case .triage(let o, let code, let h, let t): try triage(order: o, faultCode: code, handling: h, at: t)
        case .decideApproval(let o, let ok, let by, let note, let t): try decideApproval(order: o, approved: ok, by: by, note: note, at: t)
        case .hold(let o, let waiting, let t): try hold(order: o, waiting: waiting, at: t)
        case .changeSLAClass(let o, let k, let t): try changeSLAClass(order: o, to: k, at: t)
        case .acceptVisit(let v, let travelling, let t): try acceptVisit(visit: v, travelling: travelling, at: t)
        case .startTravel(let v, let t): try startTravel(visit: v, at: t)
        case .arrive(let v, let t): try arrive(visit: v, at: t)
        case .completeVisit(let v, let fixed, let t): try completeVisit(visit: v, fixed: fixed, at: t)
        case .deliver(let s, let t): try deliver(shipment: s, at: t)
        case .receiveReturn(let r, let serial, let t): try receiveReturn(rma: r, serial: serial, at: t)
        case .inspectReturn(let r, let outcome, let t): try inspectReturn(rma: r, outcome: outcome, at: t)
        case .completeReturnRepair(let r, let t): try completeReturnRepair(rma: r, at: t)
        case .sendDefectiveIn(let o, let t): try sendDefectiveIn(order: o, at: t)
        case .depotStep(let o, let step, let t): try depotStep(order: o, step, at: t)
        case .survey(let o, let score, let reason, let t): try survey(order: o, score: score, reason: reason, at: t)
        case .issueStatements(let t): try issueStatements(through: t)
        case .tick(let t): try tick(at: t)
        case .review(let t): try review(at: t)
        case .cancel(let o, let t): try cancel(order: o, at: t)
        }
        return nil
    }
}
