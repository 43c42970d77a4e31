public import ScenarioModel

/// A scenario's depot placement problem: candidates are its sites with `candidate: true`,
/// demand points its service points (demand = failures per year over all items), pairs every
/// (candidate, service point).
///
/// Travel time and cost of a pair: an explicit lane from the candidate to the service point
/// (replenishment, else emergency) gives the cost (`cost_per_unit` × demand) and the time
/// (`distance_km` ÷ road speed if the lane has a distance, else its mean lead time × 24 h);
/// otherwise the time is great-circle km × circuity ÷ road speed and the cost is road km ×
/// `geography.cost_per_unit_km` × demand. Stock cost: ``StockCostModel`` at a few demand levels
/// per depot, interpolated piecewise-linearly (``stockLevels`` segments at demand
/// D·(k/S)², k = 0…S, D the most a depot can serve); ``exactStockCost(depot:demand:)``
/// re-evaluates a chosen network exactly.
public struct ScenarioPlacement: Sendable {
    /// What to build.
    public struct Settings: Sendable {
        /// Fill-rate target the depot stock must reach (default 0.95).
        public var fillRate: Double = 0.95
        /// Segments of the piecewise-linear stock cost (default 6).
        public var stockLevels: Int = 6
        /// Include the stock cost in the objective.
        public var stockCost: Bool = true
        /// Coverage target, hard response limit in hours and depot-count limit (nil: none).
        public var coverage: PlacementProblem.Coverage?
        public var maxResponseHours: Double?
        public var openCount: PlacementProblem.OpenCount?

        public init(fillRate: Double = 0.95, stockLevels: Int = 6, stockCost: Bool = true,
                    coverage: PlacementProblem.Coverage? = nil, maxResponseHours: Double? = nil,
                    openCount: PlacementProblem.OpenCount? = nil) {
            self.fillRate = fillRate
            self.stockLevels = stockLevels
            self.stockCost = stockCost
            self.coverage = coverage
            self.maxResponseHours = maxResponseHours
            self.openCount = openCount
        }
    }

    /// The scenario the problem was built from.
    public let scenario: Scenario
    /// The settings it was built with.
    public let settings: Settings
    /// Scenario site index of each facility.
    public let candidateSites: [Int]
    /// Scenario site index of each demand point.
    public let demandSites: [Int]
    /// The placement problem in index form (facility i = `candidateSites[i]`, customer j = `demandSites[j]`).
    public let problem: PlacementProblem
    /// The stock-cost model, nil when the stock cost is off.
    public let stockModel: StockCostModel?
    /// Resupply days per item at each candidate.
    public let resupply: [[Double]]
    /// Largest relative error of the piecewise-linear stock cost at the segments' midpoints,
    /// over all depots (0 when the stock cost is off).
    public let stockApproximationError: Double

    public init(scenario: Scenario, settings: Settings = Settings()) throws(PlacementError) {
        let sites = scenario.sites
        let candidates = sites.indices.filter { sites[$0].candidate }
        guard !candidates.isEmpty else {
            throw .invalidScenario("\(scenario.sourceFile): no placement candidates; mark depots with candidate: true (docs/scenario-format.md)")
        }
        let points = sites.indices.filter { sites[$0].kind == .servicePoint }
        guard !points.isEmpty else { throw .invalidScenario("\(scenario.sourceFile): no service points to serve") }
        for s in candidates + points where sites[s].coordinate == nil {
            throw .invalidScenario("\(scenario.sourceFile): site \(sites[s].id) has no coordinates (lat, lon)")
        }
        guard settings.stockLevels >= 1, settings.stockLevels <= 50 else {
            throw .invalidInput(field: "stock levels", reason: "must be 1…50, got \(settings.stockLevels)")
        }
        let demand = points.map { scenario.demandPerYear[$0].reduce(0, +) }
        let total = demand.reduce(0, +)
        let stock = settings.stockCost ? try StockCostModel(scenario: scenario, fillRate: settings.fillRate) : nil
        let resupply = candidates.map { stock?.resupplyDays(site: $0) ?? [] }
        var worst = 0.0
        var facilities: [PlacementProblem.Facility] = []
        for (k, c) in candidates.enumerated() {
            let site = sites[c]
            var f = PlacementProblem.Facility(id: site.id, fixedCost: site.fixedCost ?? 0, capacity: site.capacity,
                                              mustOpen: site.mustOpen, mustClose: site.mustClose, existing: site.existing,
                                              closingCost: site.closingCost ?? 0)
            if let stock, total > 0 {
                let top = min(site.capacity ?? total, total)
                if top > 0 {
                    let s = settings.stockLevels
                    let xs = (0...s).map { top * Double($0 * $0) / Double(s * s) }
                    let ys = try xs.map { x throws(PlacementError) in try stock.cost(demand: x, resupplyDays: resupply[k]) }
                    let pwl = try PiecewiseLinear(x: xs, y: ys)
                    for seg in 0..<s {
                        let mid = (xs[seg] + xs[seg + 1]) / 2
                        let exact = try stock.cost(demand: mid, resupplyDays: resupply[k])
                        if exact > 0 { worst = max(worst, abs(pwl.value(at: mid) - exact) / exact) }
                    }
                    f.stockCost = pwl
                }
            }
            facilities.append(f)
        }
        let speed = scenario.geography.roadSpeedKmh
        var pairs: [[PlacementProblem.Pair]] = []
        for (j, p) in points.enumerated() {
            var row: [PlacementProblem.Pair] = []
            for (i, c) in candidates.enumerated() {
                let explicit = [LaneMode.replenishment, .emergency].lazy.compactMap { mode in
                    scenario.lane(fromIndex: c, toIndex: p, mode: mode).flatMap { $0.isDefault ? nil : $0 }
                }.first
                let hours: Double, cost: Double
                if let lane = explicit {
                    hours = lane.distanceKm.map { $0 / speed } ?? lane.leadTime.mean * 24
                    cost = lane.costPerUnit * demand[j]
                } else if c == p {
                    hours = 0; cost = 0
                } else {
                    let km = scenario.greatCircleKm(fromIndex: c, toIndex: p).map { $0 * scenario.geography.circuity } ?? 0
                    hours = km / speed
                    cost = km * scenario.geography.costPerUnitKm * demand[j]
                }
                row.append(PlacementProblem.Pair(facility: i, cost: cost, hours: hours))
            }
            pairs.append(row)
        }
        let customers = points.enumerated().map { PlacementProblem.Customer(id: sites[$0.element].id, demand: demand[$0.offset]) }
        self.scenario = scenario
        self.settings = settings
        self.candidateSites = candidates
        self.demandSites = points
        self.stockModel = stock
        self.resupply = resupply
        self.stockApproximationError = worst
        self.problem = try PlacementProblem(facilities: facilities, customers: customers, pairs: pairs,
                                            maxResponseHours: settings.maxResponseHours, coverage: settings.coverage,
                                            openCount: settings.openCount)
    }

    /// The exact stock cost (no interpolation) of candidate `depot` serving `demand` units a year.
    public func exactStockCost(depot: Int, demand: Double) throws(PlacementError) -> Double {
        guard let stockModel, resupply.indices.contains(depot) else { return 0 }
        return try stockModel.cost(demand: demand, resupplyDays: resupply[depot])
    }

    /// A sentence stating the stock-cost approximation, for summaries.
    public var stockApproximationNote: String {
        guard let stockModel else { return "stock cost not included" }
        let s = settings.stockLevels
        return "holding cost per year to reach a \(stockModel.fillRate) fill rate (METRIC, one-for-one resupply, marginal analysis over items), "
            + "approximated per depot by a piecewise-linear function through \(s + 1) demand levels D·(k/\(s))², k = 0…\(s), "
            + "D = min(capacity, total demand); largest relative error at segment midpoints \((stockApproximationError * 1000).rounded() / 10) %; "
            + "the chosen network's stock cost is re-evaluated exactly"
    }
}
