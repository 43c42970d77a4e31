public import ScenarioModel
import Stocking

/// The holding cost per year a depot needs to reach a fill-rate target for the demand assigned
/// to it, from `Stocking`.
///
/// A depot serving D units a year splits them over the scenario's items by each item's share of
/// network demand. Each item is one single-site ``ItemNetwork`` at the depot (Poisson demand,
/// one-for-one resupply in the depot's resupply time, METRIC); its cost/effectiveness curve
/// (holding cost per year against expected backorders) is built by ``ItemNetwork/costEffectivenessCurve(unitCost:method:maxStock:keepStock:)``;
/// the items' curves are merged by marginal analysis and walked until the demand-weighted fill
/// rate reaches the target. The cost is therefore the cheapest point of the merged efficient
/// curve meeting the target (the standard marginal-analysis answer).
///
/// Resupply time of a depot: the mean lead time of the replenishment lane from its parent
/// (explicit or `lane_defaults`), else the driving time from the parent; a depot without parent
/// (a central warehouse) uses each item's supplier lead time, else its repair time, else 14 days.
public struct StockCostModel: Sendable {
    /// The scenario whose items and lanes are used.
    public let scenario: Scenario
    /// The fill-rate target (0 < F < 1).
    public let fillRate: Double
    /// Items with demand (indices into `scenario.items`).
    public let items: [Int]
    /// Each of those items' share of total demand (same order; sums to 1).
    public let shares: [Double]

    public init(scenario: Scenario, fillRate: Double) throws(PlacementError) {
        guard fillRate > 0, fillRate < 1 else {
            throw .invalidInput(field: "fill rate", reason: "must be between 0 and 1 (exclusive), got \(fillRate)")
        }
        self.scenario = scenario
        self.fillRate = fillRate
        let demand = scenario.items.map { scenario.demandPerYear(item: $0.index) }
        let total = demand.reduce(0, +)
        items = scenario.items.indices.filter { demand[$0] > 0 }
        shares = items.map { total > 0 ? demand[$0] / total : 0 }
    }

    /// Mean resupply days of each item (in `items` order) at depot site `site`.
    public func resupplyDays(site: Int) -> [Double] {
        let s = scenario.sites[site]
        if let parent = s.parentIndex {
            let days = scenario.lane(fromIndex: parent, toIndex: site, mode: .replenishment)?.leadTime.mean
                ?? scenario.travelHours(fromIndex: parent, toIndex: site).map { $0 / 24 } ?? 1
            return items.map { _ in days }
        }
        return items.map { k in
            let item = scenario.items[k]
            return item.supplierLeadTime?.mean ?? item.repairTime?.mean ?? 14
        }
    }

    /// The holding cost per year to reach the fill-rate target at a depot with these resupply
    /// times serving `demand` units a year.
    public func cost(demand: Double, resupplyDays: [Double]) throws(PlacementError) -> Double {
        guard demand.isFinite, demand >= 0 else { throw .invalidInput(field: "demand", reason: "must be a finite number ≥ 0, got \(demand)") }
        guard demand > 0, !items.isEmpty else { return 0 }
        var curves: [[CurvePoint]] = []
        var rates: [Double] = []
        var zeroCostFilled = 0.0
        for (k, item) in items.enumerated() {
            let lambda = demand * shares[k] / StockingModel.daysPerYear
            let holding = scenario.items[item].holdingCostPerYear
            guard lambda > 0 else { continue }
            guard holding > 0 else { zeroCostFilled += lambda; continue }   // free stock: always on the shelf
            var node = ItemNetwork.Node(site: 0, parent: nil, localDemand: lambda)
            node.resupplyDays = resupplyDays.indices.contains(k) ? resupplyDays[k] : 1
            do {
                let network = try ItemNetwork(nodes: [node])
                let curve = try network.costEffectivenessCurve(unitCost: holding, method: .metric, keepStock: false)
                curves.append(curve.points)
                rates.append(lambda)
            } catch {
                throw .stocking("\(error)")
            }
        }
        let totalRate = rates.reduce(0, +) + zeroCostFilled
        guard totalRate > 0 else { return 0 }
        let need = fillRate * totalRate
        var filled = zeroCostFilled + curves.reduce(0) { $0 + ($1.first?.filled ?? 0) }
        var cost = curves.reduce(0) { $0 + ($1.first?.cost ?? 0) }
        if filled >= need { return cost }
        let merged = MarginalAnalysis.merge(curves)
        var position = [Int](repeating: 0, count: curves.count)
        for step in merged.steps {
            let c = curves[step.part]
            filled += c[position[step.part] + 1].filled - c[position[step.part]].filled
            position[step.part] += 1
            cost = step.cost
            if filled >= need - 1e-12 * totalRate { return cost }
        }
        return cost   // the curve's end: every item at its top level
    }
}
