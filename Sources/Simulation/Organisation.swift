import DiscreteEvent
import ScenarioModel
import ServiceDesk

/// Who answers the world's events: the desk alone (``BareDesk``: decisions and records), or the
/// full workflow over it (``WorkflowDriver``: intake, approvals, returns under authorisation,
/// surveys, settlement).
///
/// `World` is generic over it, so a run is compiled for one of the two and the per-event path
/// carries no branch on which. The world keeps the clocks and the randomness of the physical
/// world; the organisation decides and records, and tells the world, through its answers and its
/// desk's effects, what to schedule next.
protocol Organisation {
    /// Whether the desk closes an order itself when it is resolved (the desk alone), or leaves
    /// it open for the workflow's satisfaction callback.
    static var closesOnResolve: Bool { get }
    /// Whether settlement statements are issued, every `deskRules.statementDays`.
    static var issuesStatements: Bool { get }
    /// Whether the commands the organisation runs while the world starts its clocks can set more
    /// in motion (a scrapped return buys a replacement), so effects are drained until none is left.
    static var drainsUntilQuiet: Bool { get }

    /// Takes over `desk` (built on the run's network and recorder) for one replication.
    init(desk: DeskCore<KPIRecorder>, scenario: Scenario, streams: RandomStreams) throws(SimulationFailure)

    /// The desk as it stands.
    var desk: DeskCore<KPIRecorder> { get }
    /// Commands the workflow layer ran (0 for the desk alone).
    var workflowCommands: Int { get }

    /// A failure of `item` at `site`, its triage drawn by the world: opened and triaged. Returns
    /// the order and whether it waits for an approval (the workflow's), or nil when no order was
    /// opened (the workflow found no asset for the failure).
    mutating func open(site: Int, item: Int, slaClass: Int, remote: Bool, noPart: Bool,
                       at now: Double) throws -> (order: Int, awaitsApproval: Bool)?
    /// A shipment reached its destination.
    mutating func deliver(shipment: Int, at now: Double) throws
    /// An engineer reached the site of a visit.
    mutating func arrive(visit: Int, at now: Double) throws
    /// A visit's work is done (`fixed` false: a revisit is needed).
    mutating func completeVisit(visit: Int, fixed: Bool, at now: Double) throws
    /// A repair-loop unit's repair is done (or it was condemned).
    mutating func completeRepair(shipment: Int, condemned: Bool, at now: Double) throws
    /// Repair and return: a ticket's exchange wait ran out; its defective goes in if it still has
    /// no spare.
    mutating func sendDefectiveIn(order: Int, at now: Double) throws
    /// A periodic review of the stock.
    mutating func review(at now: Double) throws
    /// Moves what the last commands set in motion into `buffer`.
    mutating func takeEffects(into buffer: inout [DeskEffect])

    /// A visit was dispatched (the workflow's engineer accepts it).
    mutating func visitDispatched(_ visit: Int, at now: Double) throws
    /// A repair-loop unit reached the repair bench, its outcome drawn by the world. Returns
    /// whether it goes on the bench (false: written off on inspection, no repair to schedule).
    mutating func repairStarted(shipment: Int, condemned: Bool, at now: Double) throws -> Bool
    /// An order was resolved: closed now (nil), or the hours until its satisfaction callback.
    mutating func resolved(order: Int, at now: Double) throws -> Double?

    // The workflow's own events (the desk alone schedules none of them).

    /// An approver decides on `order` (approves it).
    mutating func approve(order: Int, at now: Double) throws
    /// The satisfaction callback of `order`.
    mutating func survey(order: Int, at now: Double) throws
    /// Days until the first step of `order`'s depot repair, if one was just requested.
    mutating func depotRequestDelay(order: Int) -> Double?
    /// Takes the next step of `order`'s depot repair; the days until the one after (nil: none).
    mutating func nextDepotStep(order: Int, at now: Double) throws -> Double?
    /// Issues the settlement statements due by `now`.
    mutating func issueStatements(through now: Double) throws
}

/// The desk alone: the world's events become desk commands one to one, resolved orders close at
/// once, and no workflow event is ever scheduled.
struct BareDesk: Organisation {
    static var closesOnResolve: Bool { true }
    static var issuesStatements: Bool { false }
    static var drainsUntilQuiet: Bool { false }

    var desk: DeskCore<KPIRecorder>
    var workflowCommands: Int { 0 }

    init(desk: DeskCore<KPIRecorder>, scenario: Scenario, streams: RandomStreams) {
        self.desk = desk
    }

    mutating func open(site: Int, item: Int, slaClass: Int, remote: Bool, noPart: Bool,
                       at now: Double) throws -> (order: Int, awaitsApproval: Bool)? {
        let order = try desk.openOrder(site: site, item: item, slaClass: slaClass, at: now)
        try desk.triage(order: order, needsPart: !noPart, remote: remote, at: now)
        return (order, false)
    }

    mutating func deliver(shipment: Int, at now: Double) throws { try desk.deliver(shipment: shipment, at: now) }
    mutating func arrive(visit: Int, at now: Double) throws { try desk.arrive(visit: visit, at: now) }
    mutating func completeVisit(visit: Int, fixed: Bool, at now: Double) throws {
        try desk.completeVisit(visit: visit, fixed: fixed, at: now)
    }
    mutating func completeRepair(shipment: Int, condemned: Bool, at now: Double) throws {
        try desk.completeRepair(shipment: shipment, condemned: condemned, at: now)
    }
    mutating func review(at now: Double) throws { try desk.review(at: now) }
    mutating func sendDefectiveIn(order: Int, at now: Double) throws { try desk.sendDefectiveIn(order: order, at: now) }
    mutating func takeEffects(into buffer: inout [DeskEffect]) { desk.takeEffects(into: &buffer) }

    mutating func visitDispatched(_ visit: Int, at now: Double) {}
    mutating func repairStarted(shipment: Int, condemned: Bool, at now: Double) -> Bool { true }
    mutating func resolved(order: Int, at now: Double) throws -> Double? {
        try desk.close(order: order, at: now)
        return nil
    }

    mutating func approve(order: Int, at now: Double) {}
    mutating func survey(order: Int, at now: Double) {}
    mutating func depotRequestDelay(order: Int) -> Double? { nil }
    mutating func nextDepotStep(order: Int, at now: Double) -> Double? { nil }
    mutating func issueStatements(through now: Double) {}
}
