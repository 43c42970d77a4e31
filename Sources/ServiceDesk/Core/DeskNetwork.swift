public import Policies
public import ScenarioModel

/// The static facts the desk decides with: the tree, pools, sourcing ladder, engineers and repair
/// loops, in dense integer form.
public struct DeskNetwork: Sendable {
    /// Sites and items of the scenario (cells are site × itemCount + item).
    public let siteCount: Int
    public let itemCount: Int
    /// Parent site index, −1 at a root or outside the tree.
    public let parent: [Int]
    /// The central warehouse above each site (itself for a root), −1 outside the tree.
    public let root: [Int]
    /// Whether each site keeps stock (warehouse, depot, service point).
    public let holdsStock: [Bool]
    /// Other members of each site's pooling group.
    public let poolMembers: [[Int]]
    /// The sourcing ladder, the lateral donor rule, the replenishment policy and the dispatch rule.
    public let ladder: [SourcingStep]
    public let donorRule: DonorRule
    public let replenishment: ReplenishmentPolicy
    public let dispatch: DispatchRule
    /// Engineers based at each site.
    public let engineers: [Int]
    /// Per site: the sites whose engineers may serve it, nearest first, itself first if it has any.
    public let engineerCandidates: [[Int]]
    /// Per SLA class and item (`slaClass * itemCount + item`; one class row when the scenario
    /// declares none): consumable, or repairable with when its defective enters the repair loop
    /// (the class's practice where it states one, else the item's). One array for both (an extra
    /// array made the network, which the hot path copies, one word larger).
    public let returnTiming: [ReturnTiming]
    /// Per item: its repair site, −1 for consumables.
    public let repairSite: [Int]
    /// Sites whose stock is unlimited: they always issue and never reorder (e.g. an outside
    /// depot in the canonical `single` variant).
    public let unlimited: [Bool]
    /// Initial stock (the plan's base-stock levels).
    public let stock: StockPlan

    /// The network of a scenario under a stock plan.
    /// `sourcing` replaces the scenario's ladder when given (e.g. a benchmark variant chosen at run time).
    public init(scenario s: Scenario, plan: StockPlan, donorRule: DonorRule = .mostStock, unlimitedSites: Set<Int> = [],
                sourcing: [SourcingStep]? = nil) {
        siteCount = s.sites.count
        itemCount = s.items.count
        parent = s.sites.map { $0.parentIndex ?? -1 }
        root = s.sites.map { site in
            guard site.echelon != nil else { return -1 }
            return s.ancestry(of: site.index).last ?? site.index
        }
        holdsStock = s.sites.map { $0.kind.holdsStock }
        var members = [[Int]](repeating: [], count: s.sites.count)
        for (_, group) in s.pools { for m in group { members[m] = group.filter { $0 != m } } }
        poolMembers = members
        ladder = sourcing ?? s.policies.sourcing
        self.donorRule = donorRule
        replenishment = s.policies.replenishment
        dispatch = s.policies.dispatch
        engineers = s.sites.map(\.engineers)
        // Home-service-point dispatch: only the site's own engineers (none: no visits there).
        engineerCandidates = s.engineerCandidates()
        returnTiming = (0..<max(1, s.slaClasses.count)).flatMap { k in
            s.items.indices.map { item in
                guard s.items[item].repairable else { return ReturnTiming.consumable }
                let practice = s.repairPractice(item: item, slaClass: k)
                switch practice.practice {
                case .advanceExchange: return .afterSwap
                case .repairAndReturn: return practice.exchangeWaitHours > 0 ? .afterWaitWithoutSpare : .atOnceWithoutSpare
                }
            }
        }
        repairSite = s.items.map { $0.repairSiteIndex ?? -1 }
        unlimited = s.sites.indices.map { unlimitedSites.contains($0) }
        stock = plan
    }

    /// Whether `site` stops the one-for-one reorder chain of `item`: the repair site and the root
    /// of a repairable are fed by repaired units, not by orders upward.
    public func stopsReorders(site: Int, item: Int) -> Bool {
        unlimited[site] || (returnTiming[item] != .consumable && (site == repairSite[item] || parent[site] < 0))
    }

    /// Whether `item` is repaired (its defectives go back to its repair site).
    public func isRepairable(_ item: Int) -> Bool { returnTiming[item] != .consumable }

    /// When the defective of a ticket of `slaClass` for `item` enters its repair loop (a class
    /// outside the scenario's, as an API caller may send, takes the item's own practice).
    public func returnTiming(item: Int, slaClass: Int) -> ReturnTiming {
        let k = slaClass >= 0 && (slaClass + 1) * itemCount <= returnTiming.count ? slaClass : 0
        return returnTiming[k * itemCount + item]
    }

    /// Where the repaired unit of a defective from `site` goes: the repair site if it lies on the
    /// site's path to the root, else the root.
    public func repairFeed(site: Int, item: Int) -> Int {
        let r = repairSite[item]
        var x = site
        while x >= 0 {
            if x == r { return r }
            if parent[x] < 0 { return x }
            x = parent[x]
        }
        return site
    }
}

/// Where the desk's changes go: the memory store keeps them (or not) for simulation; the SQLite
/// store writes each command's changes in one transaction. The desk's working state lives in
/// memory either way; a store is the durable record and the event log.
public protocol DeskStore: AnyObject {
    /// Records one change, in order.
    func record(_ change: DeskChange)
    /// Whether the desk must call ``commit()`` after every command (a durable store).
    var commitsCommands: Bool { get }
    /// The command that recorded the changes since the last call has completed: a durable store
    /// writes them now, in one transaction.
    func commit()
    /// Records one workflow change (intake, approvals, SLA watches, surveys, settlement, returns),
    /// in order with the desk's changes.
    func record(case change: CaseChange)
    /// Records the workflow command that made the changes since the last commit (the command
    /// log a desk is rebuilt from).
    func record(command: WorkflowCommand)
}

extension DeskStore {
    public var commitsCommands: Bool { false }
    public func commit() {}
    public func record(case change: CaseChange) {}
    public func record(command: WorkflowCommand) {}
}

/// The in-memory store: the event log in an array, or nothing at all for long simulations
/// (memory then stays flat as simulated time grows).
public final class MemoryStore: DeskStore {
    /// Whether `log` keeps the changes (false: they are only counted).
    public let retainsLog: Bool
    public private(set) var log: [DeskChange] = []
    /// The workflow's changes, when `retainsLog`.
    public private(set) var caseLog: [CaseChange] = []
    /// Changes recorded, kept or not.
    public private(set) var recorded = 0

    /// A store that keeps (or only counts) the changes.
    public init(retainsLog: Bool = true) { self.retainsLog = retainsLog }

    /// Appends (or counts) one change.
    public func record(_ change: DeskChange) {
        recorded += 1
        if retainsLog { log.append(change) }
    }

    /// Appends (or counts) one workflow change.
    public func record(case change: CaseChange) {
        recorded += 1
        if retainsLog { caseLog.append(change) }
    }
}

/// When a defective unit of an item enters its repair loop (``RepairPractice``, with the wait).
public enum ReturnTiming: UInt8, Sendable, Equatable, BitwiseCopyable {
    /// Not repaired: the removed unit is written off.
    case consumable
    /// Advance exchange: after the swap, however long the spare takes.
    case afterSwap
    /// Repair and return: at once when no spare can be sourced for the ticket, else after the swap.
    case atOnceWithoutSpare
    /// Repair and return with a wait: when the ticket still has no spare after the item's
    /// exchange wait (the caller's clock: ``DeskCore/sendDefectiveIn(order:at:)``), else after the swap.
    case afterWaitWithoutSpare
}
