/// How an SLA stop-watch counts time.
public enum SLAClock: String, Sendable, Equatable, Codable, CaseIterable {
    /// Only hours open in the calendar count.
    case business
    /// Every hour counts (24/7).
    case continuous
}

/// A service-level agreement class: the promised response and restore times.
public struct SLAClass: Sendable, Equatable, Codable {
    /// Unique SLA class id.
    public let id: String
    /// Display name.
    public let name: String
    /// Promised time from ticket to engineer on site, in hours (> 0).
    public let responseHours: Double
    /// Promised time from ticket to restored operation, in hours (≥ `responseHours`).
    public let restoreHours: Double
    /// How the clock counts.
    public let clock: SLAClock
    /// Calendar for a business clock; nil means the serving site's calendar.
    public let calendar: String?
    /// Penalty per order restored later than `restoreHours`, in the scenario currency (≥ 0).
    public let penaltyPerBreach: Double
    /// The share of the class's orders to restore within `restoreHours` (0 < a < 1), the target
    /// of `optimize --target sla`; nil when the contract states none.
    public let attainment: Double?
    /// The repair practice for the repairable parts of this class's tickets, over each item's own
    /// `repair_practice`; nil keeps the item's.
    public let repairPractice: RepairPractice?
    /// Repair and return's exchange wait for this class's tickets, in hours, over the item's;
    /// nil keeps the item's (or 0 when the class sets `repair_and_return` over an item's
    /// advance exchange).
    public let exchangeWaitHours: Double?

    /// Creates an SLA class.
    public init(id: String, name: String, responseHours: Double, restoreHours: Double, clock: SLAClock, calendar: String?,
                penaltyPerBreach: Double = 0, attainment: Double? = nil, repairPractice: RepairPractice? = nil,
                exchangeWaitHours: Double? = nil) {
        self.repairPractice = repairPractice
        self.exchangeWaitHours = exchangeWaitHours
        self.penaltyPerBreach = penaltyPerBreach
        self.attainment = attainment
        self.id = id
        self.name = name
        self.responseHours = responseHours
        self.restoreHours = restoreHours
        self.clock = clock
        self.calendar = calendar
    }
}

extension Scenario {
    /// The repair practice of `item` on a ticket of `slaClass` (an index into `slaClasses`), with
    /// repair and return's exchange wait in hours: the class's where it states one, else the
    /// item's. A class that sets `repair_and_return` over an item's advance exchange waits its own
    /// `exchange_wait_hours` (0 when it states none); advance exchange never waits.
    public func repairPractice(item: Int, slaClass: Int) -> (practice: RepairPractice, exchangeWaitHours: Double) {
        let own = items[item]
        let cls = slaClasses.indices.contains(slaClass) ? slaClasses[slaClass] : nil
        let practice = cls?.repairPractice ?? own.repairPractice
        guard practice == .repairAndReturn else { return (practice, 0) }
        let inherited = own.repairPractice == .repairAndReturn ? own.exchangeWaitHours : 0
        return (practice, cls?.exchangeWaitHours ?? inherited)
    }

    /// How the failures of `item` at `site` split over the SLA classes (indices into
    /// `slaClasses`): by the installed units × quantity of the products using the item there, each
    /// row in its class (the scenario's default class, else the first, when a row names none).
    /// Where the site has no installed unit using the item (a demand override alone), by the
    /// site's installed units; with no installed base at all, the default (or first) class.
    /// Weights sum to 1, sorted by class index; empty when the scenario has no SLA classes.
    public func slaClassShares(site: Int, item: Int) -> [(slaClass: Int, weight: Double)] {
        guard !slaClasses.isEmpty else { return [] }
        func classIndex(_ id: String?) -> Int {
            (id ?? defaultSLAClass).flatMap { id in slaClasses.firstIndex { $0.id == id } } ?? 0
        }
        var byItem: [Int: Double] = [:], bySite: [Int: Double] = [:]
        let uses = items.indices.contains(item) ? items[item].usedIn : []
        for entry in installedBase where entry.siteIndex == site {
            let k = classIndex(entry.slaClass)
            bySite[k, default: 0] += Double(entry.units)
            for use in uses where use.productIndex == entry.productIndex {
                byItem[k, default: 0] += Double(entry.units * use.quantity)
            }
        }
        let weights = byItem.values.reduce(0, +) > 0 ? byItem : bySite
        let total = weights.values.reduce(0, +)
        guard total > 0 else { return [(classIndex(nil), 1)] }
        return weights.sorted { $0.key < $1.key }.map { ($0.key, $0.value / total) }
    }
}
