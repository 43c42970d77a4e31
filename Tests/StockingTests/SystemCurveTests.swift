import Foundation
import ScenarioModel
import Testing
@testable import Stocking

@Suite("System curve")
struct SystemCurveTests {
    /// The quickstart's curve: monotone, starting from the empty plan, and every point's plan
    /// re-evaluates to the point's own figures.
    @Test func quickstartCurveIsConsistent() throws {
        let s = try quickstart()
        let model = try StockingModel(scenario: s)
        var reported = 0
        let curve = try model.costEffectivenessCurve(method: .variMetric) { done, total in
            #expect(done > reported && done <= total)
            reported = done
        }
        #expect(reported == model.trees.count)
        // Built on several threads, the curve equals the sequential merge of the item curves.
        let sequential = try model.trees.map { tree in
            try tree.network.costEffectivenessCurve(unitCost: s.items[tree.item].unitCost, method: .variMetric, keepStock: false).points
        }
        let merged = MarginalAnalysis.merge(sequential)
        #expect(curve.points.count == merged.steps.count + 1)
        for (k, step) in merged.steps.enumerated() {
            #expect(curve.points[k + 1].cost == step.cost)
            #expect(abs(curve.points[k + 1].ebo - step.ebo) < 1e-9 * max(1, step.ebo))
        }
        let first = try #require(curve.points.first)
        #expect(first.cost == 0 && first.units == 0 && first.fillRate == 0)
        // With no stock anywhere every failure waits its whole resupply chain: customer
        // backorders equal the METRIC/VARI-METRIC pipeline means at the customer sites.
        let empty = try model.evaluate(stock: try curve.plan(at: 0), method: .variMetric)
        #expect(abs(empty.system.customerBackorders - first.ebo) < 1e-9)
        for k in 1..<curve.points.count {
            #expect(curve.points[k].cost > curve.points[k - 1].cost)
            #expect(curve.points[k].ebo < curve.points[k - 1].ebo)
        }
        let last = try #require(curve.points.last)
        #expect(last.fillRate > 0.999)
        for k in [0, curve.points.count / 4, curve.points.count / 2, curve.points.count - 1] {
            let p = curve.points[k]
            let e = try model.evaluate(stock: try curve.plan(at: k), method: .variMetric)
            #expect(abs(e.system.stockValue - p.cost) < 1e-6 * max(1, p.cost))
            #expect(e.system.stockUnits == p.units)
            #expect(abs(e.system.customerBackorders - p.ebo) < 1e-9 * max(1, p.ebo))
            #expect(abs(e.system.fillRate - p.fillRate) < 1e-12)
            #expect(abs(e.system.availability - p.availability) < 1e-9)
            #expect(abs(e.system.holdingCostPerYear - p.holdingCostPerYear) < 1e-6 * max(1, p.holdingCostPerYear))
        }
    }

    /// At the scenario plan's investment, the curve's point has no more backorders than the plan.
    @Test func curveBeatsTheHandMadePlan() throws {
        let s = try quickstart()
        let model = try StockingModel(scenario: s)
        let curve = try model.costEffectivenessCurve(method: .metric)
        let handmade = try model.evaluate(stock: try #require(s.policies.stockLevels), method: .metric)
        let best = try #require(curve.points.last { $0.cost <= handmade.system.stockValue })
        #expect(best.ebo <= handmade.system.customerBackorders + 1e-12)
    }
}

@Suite("Availability curve")
struct AvailabilityCurveTests {
    /// Items in one product: at every budget of the availability curve, the backorder curve's
    /// plan within that budget has no higher availability; both rebuild to their figures.
    @Test func availabilityCurveDominates() throws {
        let s = try ScenarioLoader.load(yaml: tinyScenario, file: "tiny.yaml", baseDirectory: nil)
        let model = try StockingModel(scenario: s)
        let byEBO = try model.costEffectivenessCurve(method: .metric)
        let byA = try model.costEffectivenessCurve(method: .metric, effectiveness: .availability)
        for p in byA.points {
            let q = try #require(byEBO.points.last { $0.cost <= p.cost + 1e-9 })
            #expect(q.availability <= p.availability + 1e-12, "budget \(p.cost)")
        }
        for k in [0, byA.points.count / 2, byA.points.count - 1] {
            let e = try model.evaluate(stock: try byA.plan(at: k), method: .metric)
            #expect(abs(e.system.availability - byA.points[k].availability) < 1e-9)
            #expect(abs(e.system.customerBackorders - byA.points[k].ebo) < 1e-9)
            #expect(abs(e.system.stockValue - byA.points[k].cost) < 1e-6)
        }
    }
}
