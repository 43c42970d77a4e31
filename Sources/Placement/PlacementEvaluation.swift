public import ScenarioModel

/// A solved placement laid back over the scenario: per open depot its demand, utilisation and
/// stock cost (interpolated and exact), per service point its depot and travel time, and the
/// coverage achieved.
public struct PlacementEvaluation: Sendable {
    /// An open depot.
    public struct Depot: Sendable, Codable {
        /// Facility index in the problem.
        public var facility: Int
        /// Site id and name.
        public var id: String
        public var name: String
        public var coordinate: Coordinate?
        /// An existing depot (kept open).
        public var existing: Bool
        /// Fixed cost per year and capacity (demand per year) from the scenario.
        public var fixedCost: Double
        public var capacity: Double?
        /// Demand per year of the service points it serves.
        public var demandServed: Double
        /// demand served ÷ capacity, nil without a capacity.
        public var utilisation: Double?
        /// Number of service points it serves.
        public var points: Int
        /// The piecewise-linear stock cost the optimisation used.
        public var stockCostApproximate: Double
        /// The stock cost re-evaluated exactly at the demand served.
        public var stockCostExact: Double
        /// Σ transport cost per year of its service points.
        public var transportCost: Double
    }

    /// A service point and its depot.
    public struct Point: Sendable, Codable {
        /// Customer index in the problem.
        public var customer: Int
        /// Site id and name.
        public var id: String
        public var name: String
        public var coordinate: Coordinate?
        /// Demand per year.
        public var demand: Double
        /// Facility index of its depot.
        public var facility: Int
        /// Site id of its depot, travel time and transport cost per year from it.
        public var depot: String
        public var travelHours: Double
        public var transportCost: Double
        /// Within the coverage hours of its depot.
        public var covered: Bool
    }

    /// Open depots, in candidate order.
    public var depots: [Depot]
    /// Service points, in scenario order.
    public var points: [Point]
    /// Candidates not opened (facility indices).
    public var closedCandidates: [Int]
    /// The response time coverage is measured against, in hours.
    public var coverageHours: Double
    /// Demand within `coverageHours` of its depot, and all demand, per year.
    public var demandWithin: Double
    public var totalDemand: Double
    /// Share of demand within `coverageHours` of its depot.
    public var coverageAchieved: Double
    /// The objective's parts as optimised (stock cost interpolated).
    public var costs: CostBreakdown
    /// Σ of the exact stock costs of the open depots.
    public var stockCostExact: Double
    /// The objective with the exact stock cost.
    public var objectiveExact: Double
}

extension ScenarioPlacement {
    /// The hours coverage is reported against: the coverage target's, else the shortest SLA
    /// response time of the scenario, else 4.
    public var coverageHours: Double {
        settings.coverage?.hours ?? scenario.slaClasses.map(\.responseHours).min() ?? 4
    }

    /// Lays a solution over the scenario; nil when the solution holds no placement.
    public func evaluate(_ s: PlacementSolution) throws(PlacementError) -> PlacementEvaluation? {
        let p = problem
        guard s.hasSolution, let costs = s.costs, s.assignment.count == p.customers.count else { return nil }
        let hoursLimit = coverageHours
        var load = [Double](repeating: 0, count: p.facilities.count)
        var transport = [Double](repeating: 0, count: p.facilities.count)
        var count = [Int](repeating: 0, count: p.facilities.count)
        var points: [PlacementEvaluation.Point] = []
        var within = 0.0
        for (j, c) in p.customers.enumerated() {
            let i = s.assignment[j]
            guard let q = p.pair(facility: i, customer: j) else { return nil }
            let site = scenario.sites[demandSites[j]]
            let covered = p.pairHours[q] <= hoursLimit + 1e-12
            if covered { within += c.demand }
            load[i] += c.demand
            transport[i] += p.pairCost[q]
            count[i] += 1
            points.append(PlacementEvaluation.Point(
                customer: j, id: site.id, name: site.name, coordinate: site.coordinate, demand: c.demand, facility: i,
                depot: p.facilities[i].id, travelHours: p.pairHours[q], transportCost: p.pairCost[q], covered: covered))
        }
        var depots: [PlacementEvaluation.Depot] = []
        var exactTotal = 0.0
        for (i, f) in p.facilities.enumerated() where s.open[i] {
            let site = scenario.sites[candidateSites[i]]
            let exact = try exactStockCost(depot: i, demand: load[i])
            exactTotal += exact
            depots.append(PlacementEvaluation.Depot(
                facility: i, id: f.id, name: site.name, coordinate: site.coordinate, existing: f.existing,
                fixedCost: f.fixedCost, capacity: f.capacity, demandServed: load[i],
                utilisation: f.capacity.flatMap { $0 > 0 ? load[i] / $0 : nil }, points: count[i],
                stockCostApproximate: f.stockCost?.value(at: load[i]) ?? 0, stockCostExact: exact,
                transportCost: transport[i]))
        }
        let total = p.totalDemand
        return PlacementEvaluation(
            depots: depots, points: points, closedCandidates: p.facilities.indices.filter { !s.open[$0] },
            coverageHours: hoursLimit, demandWithin: within, totalDemand: total,
            coverageAchieved: total > 0 ? within / total : 1, costs: costs, stockCostExact: exactTotal,
            objectiveExact: costs.fixed + costs.transport + costs.closing + exactTotal)
    }
}
