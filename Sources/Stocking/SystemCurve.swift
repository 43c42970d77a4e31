import Dispatch
import Foundation
public import ScenarioModel
import Synchronization

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

        public init(step: Int, cost: Double, holdingCostPerYear: Double, ebo: Double, fillRate: Double,
                    availability: Double, waitingDays: Double, units: Int) {
            self.step = step
            self.cost = cost
            self.holdingCostPerYear = holdingCostPerYear
            self.ebo = ebo
            self.fillRate = fillRate
            self.availability = availability
            self.waitingDays = waitingDays
            self.units = units
        }
    }

    public let method: EvaluationMethod
    /// What the merge maximised.
    public let effectiveness: Effectiveness
    public let points: [Point]
    /// The merge order (which item tree advanced at each step), to rebuild any point's plan.
    let stepParts: [Int]
    /// Per item, the item-curve positions the merge walked (all of them for backorders).
    let itemPositions: [[Int]]
    let model: StockingModel

    /// The stock plan at curve point `index` (recovers each item's vector by
    /// replaying its curve; vectors are not kept while the curve is built, to save memory).
    public func plan(at index: Int) throws(StockingError) -> StockPlan {
        let s = model.scenario
        var position = [Int](repeating: 0, count: model.trees.count)
        for k in 0..<min(index, stepParts.count) { position[stepParts[k]] += 1 }
        var plan = StockPlan(zerosFor: s)
        for (t, tree) in model.trees.enumerated() {
            let stock = try tree.network.stockVector(unitCost: s.items[tree.item].unitCost, method: method,
                                                     point: itemPositions[t][position[t]])
            for (n, node) in tree.network.nodes.enumerated() { plan[node.site][tree.item] = stock[n] }
        }
        return plan
    }
}

/// What the system curve buys with each unit of investment.
public enum Effectiveness: String, Sendable, Codable, CaseIterable {
    /// Fewest expected customer backorders (the item curves' own measure; exact on hull points).
    case backorders
    /// Highest availability: items merge on the gain in Σ log-availability per unit cost, over
    /// each item's backorder-efficient plans (Sherbrooke 2004 §2.6); exact for items used in one
    /// product, up to the convexification of each item's curve.
    case availability
}

extension StockingModel {
    /// Builds the system curve (METRIC or VARI-METRIC), calling `progress(done, total)` as item
    /// curves are built. Every measure is carried additively along the curves (fill-weighted
    /// demand, backorders per product), so no point needs a re-evaluation.
    public func costEffectivenessCurve(method: EvaluationMethod, effectiveness: Effectiveness = .backorders,
                                       progress: (Int, Int) -> Void = { _, _ in }) throws(StockingError) -> SystemCurve {
        let s = scenario
        var productUnits = [Int](repeating: 0, count: s.products.count)
        for e in s.installedBase { productUnits[e.productIndex] += e.units }
        var curves: [[CurvePoint]] = []
        var kept: [[Int]] = []          // positions of each item curve's points the merge uses
        var itemPoints: [[CurvePoint]] = []   // the kept points with their own measures
        curves.reserveCapacity(trees.count)
        // Item curves are independent: build them on every core, in chunks so that progress is
        // reported from the calling thread; results land by index, so they do not depend on the
        // number of threads.
        let full = ResultSlots<Result<[CurvePoint], StockingError>>(count: trees.count)
        let chunk = max(1, ProcessInfo.processInfo.activeProcessorCount * 4)
        var done = 0
        while done < trees.count {
            let range = done..<min(trees.count, done + chunk)
            let model = self
            DispatchQueue.concurrentPerform(iterations: range.count) { k in
                let t = range.lowerBound + k
                let tree = model.trees[t]
                let result = Result { () throws(StockingError) -> [CurvePoint] in
                    try tree.network.costEffectivenessCurve(unitCost: model.scenario.items[tree.item].unitCost,
                                                            method: method, keepStock: false).points
                }
                full.set(t, result)
            }
            done = range.upperBound
            progress(done, trees.count)
        }
        for (t, tree) in trees.enumerated() {
            let item = s.items[tree.item]
            guard let result = full.get(t) else { throw .invalidNetwork("item curve \(t) was not built") }
            let points = try result.get()
            switch effectiveness {
            case .backorders:
                curves.append(points)
                kept.append(Array(points.indices))
                itemPoints.append(points)
            case .availability:
                // Re-hull the item's points on −Σ log-availability instead of backorders.
                let transformed = points.map { p -> CurvePoint in
                    var g = 0.0
                    for (k, use) in item.usedIn.enumerated() where k < CurvePoint.maxProducts && productUnits[use.productIndex] > 0 {
                        let a = ServiceMath.availability(ebo: p.productEBO[k], systems: Double(productUnits[use.productIndex]),
                                                         unitsPerSystem: use.quantity)
                        g -= a > 0 ? log(a) : -1e300
                    }
                    return CurvePoint(cost: p.cost, ebo: g)
                }
                let hull = MarginalAnalysis.lowerHullIndices(transformed)
                curves.append(hull.map { transformed[$0] })
                kept.append(hull)
                itemPoints.append(hull.map { points[$0] })
            }
        }
        let merged = MarginalAnalysis.merge(curves)

        let totalInstalled = productUnits.reduce(0, +)
        // log-availability per product, updated as items move.
        var logA = [Double](repeating: 0, count: s.products.count)
        func terms(_ t: Int, _ point: CurvePoint) -> [(Int, Double)] {
            let item = s.items[trees[t].item]
            return item.usedIn.enumerated().compactMap { k, use in
                guard productUnits[use.productIndex] > 0, k < CurvePoint.maxProducts else { return nil }
                let a = ServiceMath.availability(ebo: point.productEBO[k], systems: Double(productUnits[use.productIndex]),
                                                 unitsPerSystem: use.quantity)
                return (use.productIndex, a > 0 ? log(a) : -Double.infinity)
            }
        }
        var position = [Int](repeating: 0, count: trees.count)
        var filled = 0.0, holding = 0.0, units = 0, ebo = 0.0, cost = 0.0
        for (t, c) in itemPoints.enumerated() {
            filled += c[0].filled
            ebo += c[0].ebo
            cost += c[0].cost
            let item = s.items[trees[t].item]
            let u = Int((c[0].cost / item.unitCost).rounded())
            units += u
            holding += Double(u) * item.unitCost * item.holdingRate
            for (p, v) in terms(t, c[0]) { logA[p] += v }
        }
        let demandPerDay = s.totalDemandPerYear / Self.daysPerYear
        func point(_ step: Int, cost: Double, ebo: Double) -> SystemCurve.Point {
            let availability = totalInstalled > 0
                ? zip(logA, productUnits).reduce(0.0) { $0 + exp($1.0) * Double($1.1) } / Double(totalInstalled)
                : 1
            return SystemCurve.Point(step: step, cost: cost, holdingCostPerYear: holding, ebo: ebo,
                                     fillRate: demandPerDay > 0 ? filled / demandPerDay : 1,
                                     availability: availability,
                                     waitingDays: demandPerDay > 0 ? ebo / demandPerDay : 0, units: units)
        }
        var points = [point(0, cost: cost, ebo: ebo)]
        points.reserveCapacity(merged.steps.count + 1)
        for (k, step) in merged.steps.enumerated() {
            let t = step.part, item = s.items[trees[t].item]
            let from = itemPoints[t][position[t]], to = itemPoints[t][position[t] + 1]
            position[t] += 1
            filled += to.filled - from.filled
            ebo += to.ebo - from.ebo
            let addedUnits = Int(((to.cost - from.cost) / item.unitCost).rounded())
            units += addedUnits
            holding += Double(addedUnits) * item.unitCost * item.holdingRate
            for (p, v) in terms(t, from) { logA[p] -= v }
            for (p, v) in terms(t, to) { logA[p] += v }
            points.append(point(k + 1, cost: step.cost, ebo: ebo))
        }
        return SystemCurve(method: method, effectiveness: effectiveness, points: points, stepParts: merged.steps.map(\.part),
                           itemPositions: kept, model: self)
    }
}

/// Write-once result slots shared by the threads that build item curves.
final class ResultSlots<Value: Sendable>: Sendable {
    private let slots: Mutex<[Value?]>

    init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }

    func set(_ index: Int, _ value: Value) {
        slots.withLock { $0[index] = value }
    }

    func get(_ index: Int) -> Value? {
        slots.withLock { $0[index] }
    }
}
