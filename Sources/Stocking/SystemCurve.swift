import Foundation
import Scenario

/// The network's cost/effectiveness curve: every item's curve merged by marginal analysis, with
/// each point's service measures.
public struct SystemCurve: Sendable {
    /// One point: the plan reached after `step` marginal steps.
    public struct Point: Sendable, Codable, Equatable {
        /// Number of marginal steps from the empty plan.
        public var step: Int
        /// Investment Σ stock × unit cost.
        public var cost: Double
        /// Holding cost per year Σ stock × unit cost × holding rate.
        public var holdingCostPerYear: Double
        /// Expected customer backorders.
        public var ebo: Double
        /// Customer-demand-weighted fill rate.
        public var fillRate: Double
        /// Installed-unit-weighted availability over products.
        public var availability: Double
        /// Mean customer wait, days (Little).
        public var waitingDays: Double
        /// Stock units.
        public var units: Int
    }

    public let method: EvaluationMethod
    public let points: [Point]
    /// The item curves (one per tree of the model) and the merge order, to rebuild any point's plan.
    let itemCurves: [[CurvePoint]]
    let stepParts: [Int]
    let model: StockingModel

    /// The stock plan `[site][item]` at curve point `index`.
    public func plan(at index: Int) -> [[Int]] {
        let s = model.scenario
        var position = [Int](repeating: 0, count: itemCurves.count)
        for k in 0..<min(index, stepParts.count) { position[stepParts[k]] += 1 }
        var plan = [[Int]](repeating: [Int](repeating: 0, count: s.items.count), count: s.sites.count)
        for (t, tree) in model.trees.enumerated() {
            let vector = itemCurves[t][position[t]].stock
            for (k, n) in tree.network.nodeOrder().enumerated() {
                plan[tree.network.nodes[n].site][tree.item] = vector[k]
            }
        }
        return plan
    }
}

extension StockingModel {
    /// Builds the system curve (METRIC or VARI-METRIC), calling `progress(done, total)` as item
    /// curves are built.
    public func costEffectivenessCurve(method: EvaluationMethod,
                                       progress: (Int, Int) -> Void = { _, _ in }) throws(StockingError) -> SystemCurve {
        let s = scenario
        var curves: [[CurvePoint]] = []
        for (t, tree) in trees.enumerated() {
            curves.append(try tree.network.costEffectivenessCurve(unitCost: s.items[tree.item].unitCost, method: method))
            progress(t + 1, trees.count)
        }
        let merged = MarginalAnalysis.merge(curves)

        // Per-product data for availability.
        var installed = [[Int]](repeating: [Int](repeating: 0, count: s.products.count), count: s.sites.count)
        for e in s.installedBase { installed[e.siteIndex][e.productIndex] += e.units }
        let productUnits = s.products.map { p in s.sites.indices.reduce(0) { $0 + installed[$1][p.index] } }

        /// A tree's contribution at one of its curve points.
        struct Contribution {
            var filledPerYear = 0.0
            var ebo = 0.0
            var holding = 0.0
            var units = 0
            var logAvailability: [Double]
        }
        func contribution(_ t: Int, _ position: Int) throws(StockingError) -> Contribution {
            let tree = trees[t], net = tree.network, item = s.items[tree.item]
            let vector = curves[t][position].stock
            var stock = [Int](repeating: 0, count: net.nodes.count)
            for (k, n) in net.nodeOrder().enumerated() { stock[n] = vector[k] }
            let e = try net.evaluate(stock: stock, method: method)
            var c = Contribution(logAvailability: [Double](repeating: 0, count: s.products.count))
            var eboByProduct = [Double](repeating: 0, count: s.products.count)
            for (n, r) in e.nodes.enumerated() {
                let node = net.nodes[n]
                c.units += r.stock
                c.holding += Double(r.stock) * item.unitCost * item.holdingRate
                guard node.localDemand > 0, r.demandPerDay > 0 else { continue }
                let customer = r.ebo * node.localDemand / r.demandPerDay
                c.ebo += customer
                c.filledPerYear += node.localDemand * Self.daysPerYear * r.fillRate
                let all = item.usedIn.reduce(0.0) { $0 + Double(installed[node.site][$1.productIndex] * $1.quantity) }
                guard all > 0 else { continue }
                for use in item.usedIn {
                    eboByProduct[use.productIndex] += customer * Double(installed[node.site][use.productIndex] * use.quantity) / all
                }
            }
            for use in item.usedIn where productUnits[use.productIndex] > 0 {
                let a = ServiceMath.availability(ebo: eboByProduct[use.productIndex],
                                                 systems: Double(productUnits[use.productIndex]),
                                                 unitsPerSystem: use.quantity)
                c.logAvailability[use.productIndex] = a > 0 ? log(a) : -Double.infinity
            }
            return c
        }

        var current = try (0..<trees.count).map { t throws(StockingError) in try contribution(t, 0) }
        var position = [Int](repeating: 0, count: trees.count)
        let demand = s.totalDemandPerYear
        let totalInstalled = productUnits.reduce(0, +)
        func point(_ step: Int, cost: Double) -> SystemCurve.Point {
            var filled = 0.0, ebo = 0.0, holding = 0.0, units = 0
            var logA = [Double](repeating: 0, count: s.products.count)
            for c in current {
                filled += c.filledPerYear; ebo += c.ebo; holding += c.holding; units += c.units
                for p in logA.indices { logA[p] += c.logAvailability[p] }
            }
            let availability = totalInstalled > 0
                ? zip(logA, productUnits).reduce(0.0) { $0 + exp($1.0) * Double($1.1) } / Double(totalInstalled)
                : 1
            return SystemCurve.Point(step: step, cost: cost, holdingCostPerYear: holding, ebo: ebo,
                                     fillRate: demand > 0 ? filled / demand : 1, availability: availability,
                                     waitingDays: demand > 0 ? ebo / (demand / Self.daysPerYear) : 0, units: units)
        }
        var points = [point(0, cost: merged.startCost)]
        for (k, step) in merged.steps.enumerated() {
            position[step.part] += 1
            current[step.part] = try contribution(step.part, position[step.part])
            points.append(point(k + 1, cost: step.cost))
        }
        return SystemCurve(method: method, points: points, itemCurves: curves,
                           stepParts: merged.steps.map(\.part), model: self)
    }
}
