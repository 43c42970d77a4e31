/// A validated scenario: the planner's world as plain values with dense indices for hot loops.
///
/// Units: time in days unless a name says hours; rates per year; money in `currency`.
/// All index properties (`Site.index`, `parentIndex`, `Lane.fromIndex`, …) point into the arrays here.
public struct Scenario: Sendable, Equatable {
    /// Format version of the file (always 1).
    public let formatVersion: Int
    /// Scenario name.
    public let name: String
    /// Free-text description, if any.
    public let description: String?
    /// The planner's question the scenario answers (`question:`), if any: reports open with it.
    public let question: String?
    /// ISO 4217 currency code for every amount, e.g. `EUR`.
    public let currency: String
    /// Calendar date of simulation day 0, if given.
    public let startDate: CalendarDate?
    /// Simulated length in days (default 365).
    public let horizonDays: Double
    /// Default holding rate (fraction of unit cost per year) for items that give none (default 0.25).
    public let holdingRate: Double
    /// SLA class for installed base entries that name none, if set.
    public let defaultSLAClass: String?

    /// All sites in table order; `sites[i].index == i`.
    public let sites: [Site]
    /// Site id → index.
    public let siteIndex: [String: Int]
    /// Central warehouses (roots of the echelon tree), in table order.
    public let rootIndices: [Int]
    /// Pool id → member site indices (table order).
    public let pools: [String: [Int]]
    /// Products in table order.
    public let products: [Product]
    /// Product id → index.
    public let productIndex: [String: Int]
    /// Items (spare parts) in table order; `items[i].index == i`.
    public let items: [Item]
    /// Item id → index.
    public let itemIndex: [String: Int]
    /// Explicit lanes in table order.
    public let lanes: [Lane]
    /// Per-mode defaults for lanes not listed explicitly.
    public let laneDefaults: [LaneMode: LaneDefault]
    /// Installed base in table order.
    public let installedBase: [InstalledBaseEntry]
    /// Demand overrides in table order.
    public let demandOverrides: [DemandOverride]
    /// Failures per year, `[siteIndex][itemIndex]`: Σ over products of installed units × quantity per
    /// product unit × item failure rate, replaced by a demand override where one is given. Zero for
    /// sites without installed base.
    public let demandPerYear: [[Double]]
    /// Σ of `demandPerYear`: failures per year over the whole network.
    public let totalDemandPerYear: Double
    /// Calendars in file order.
    public let calendars: [ServiceCalendar]
    /// SLA classes in file order.
    public let slaClasses: [SLAClass]
    /// Operating rules and the stock plan.
    public let policies: PolicySettings
    /// Disruptions in file order.
    public let disruptions: [Disruption]
    /// Distance and travel-time settings.
    public let geography: Geography
    /// The service desk's rules: fault trees, approvals, warranty, tariffs (`service_desk`).
    public let deskRules: DeskRules
    /// The YAML file as named when loaded.
    public let sourceFile: String

    let laneLookup: [LaneKey: Int]

    /// The lane used between two sites for a mode: the explicit lane if listed, else one built from
    /// `laneDefaults[mode]` (with `isDefault == true`), else nil.
    public func lane(from: String, to: String, mode: LaneMode) -> Lane? {
        guard let fromIndex = siteIndex[from], let toIndex = siteIndex[to] else { return nil }
        return lane(fromIndex: fromIndex, toIndex: toIndex, mode: mode)
    }

    /// Index form of `lane(from:to:mode:)`.
    public func lane(fromIndex: Int, toIndex: Int, mode: LaneMode) -> Lane? {
        if let index = laneLookup[LaneKey(from: fromIndex, to: toIndex, mode: mode)] { return lanes[index] }
        guard let fallback = laneDefaults[mode], sites.indices.contains(fromIndex), sites.indices.contains(toIndex),
              fromIndex != toIndex else { return nil }
        let origin = sites[fromIndex], destination = sites[toIndex]
        var distance: Double?
        if let a = origin.coordinate, let b = destination.coordinate { distance = geography.roadKm(a, b) }
        return Lane(from: origin.id, to: destination.id, fromIndex: fromIndex, toIndex: toIndex, mode: mode,
                    leadTime: fallback.leadTime, costPerUnit: fallback.costPerUnit, distanceKm: distance, isDefault: true)
    }

    /// Great-circle distance in km between two coordinates (haversine, R = 6371.0088 km).
    public static func greatCircleKm(_ a: Coordinate, _ b: Coordinate) -> Double {
        Geography.greatCircleKm(a, b)
    }

    /// Great-circle distance in km between two sites, nil if either has no coordinate.
    public func greatCircleKm(fromIndex: Int, toIndex: Int) -> Double? {
        guard sites.indices.contains(fromIndex), sites.indices.contains(toIndex),
              let a = sites[fromIndex].coordinate, let b = sites[toIndex].coordinate else { return nil }
        return Geography.greatCircleKm(a, b)
    }

    /// Per site, the sites whose engineers may serve it, as dispatch ranks them: for a service
    /// point under home-service-point dispatch only itself (if it has engineers); otherwise every
    /// site with engineers, itself first, then by driving time (ties by index). Empty for sites
    /// that are not service points. The desk dispatches by it and the window model follows it.
    public func engineerCandidates() -> [[Int]] {
        let bases = sites.indices.filter { sites[$0].engineers > 0 }
        return sites.indices.map { site in
            guard sites[site].kind == .servicePoint else { return [] }
            if policies.dispatch == .homeServicePoint { return sites[site].engineers > 0 ? [site] : [] }
            return bases.sorted {
                let a = $0 == site ? -1 : (travelHours(fromIndex: $0, toIndex: site) ?? .infinity)
                let b = $1 == site ? -1 : (travelHours(fromIndex: $1, toIndex: site) ?? .infinity)
                return a != b ? a < b : $0 < $1
            }
        }
    }

    /// Estimated driving time in hours between two sites (geography settings), nil without coordinates.
    public func travelHours(fromIndex: Int, toIndex: Int) -> Double? {
        guard let km = greatCircleKm(fromIndex: fromIndex, toIndex: toIndex) else { return nil }
        return km * geography.circuity / geography.roadSpeedKmh
    }

    /// The site with this id.
    public func site(_ id: String) -> Site? { siteIndex[id].map { sites[$0] } }

    /// The item with this id.
    public func item(_ id: String) -> Item? { itemIndex[id].map { items[$0] } }

    /// Failures per year of an item over all sites.
    public func demandPerYear(item: Int) -> Double {
        demandPerYear.reduce(0) { $0 + ($1.indices.contains(item) ? $1[item] : 0) }
    }

    /// The path from a site up to its root, starting with the site itself.
    public func ancestry(of siteIndex: Int) -> [Int] {
        var path: [Int] = []
        var current: Int? = siteIndex
        while let index = current, sites.indices.contains(index), !path.contains(index) {
            path.append(index)
            current = sites[index].parentIndex
        }
        return path
    }
}
