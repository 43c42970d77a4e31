import Foundation
import ScenarioModel
import Testing
@testable import Stocking

@Suite("Stock bounds")
struct BoundsTests {
    /// The curve and its brute-force check, with a minimum at the depot and a "no stock" base.
    @Test func curveRespectsBoundsAndStaysOptimal() throws {
        var nodes = try CostEffectivenessTests.depotAndBases().nodes
        nodes[0].minStock = 1
        nodes[2].maxStock = 0
        nodes[1].maxStock = 4
        let net = try ItemNetwork(nodes: nodes)
        let curve = try net.costEffectivenessCurve(unitCost: 10, method: .variMetric, maxStock: 6)
        let within = allVectors(nodes: 3, cap: 6).filter { $0[0] >= 1 && $0[2] == 0 && $0[1] <= 4 }
        let brute = try within.map { v in (cost: Double(v.reduce(0, +)) * 10, ebo: try customerEBO(net, v, .variMetric)) }
        for (k, p) in curve.points.enumerated() {
            let v = byNode(net, curve.stock[k])
            #expect(v[0] >= 1 && v[2] == 0 && v[1] <= 4, "\(v)")
            #expect(!brute.contains { $0.cost <= p.cost + 1e-9 && $0.ebo < p.ebo - 1e-9 })
        }
        #expect(curve.points.first?.cost == 10)   // the depot's minimum of one unit
    }

    @Test func emptyBoundsAreRejected() throws {
        var nodes = try CostEffectivenessTests.depotAndBases().nodes
        nodes[1].minStock = 3
        nodes[1].maxStock = 2
        #expect(throws: StockingError.self) { try ItemNetwork(nodes: nodes) }
    }

    /// Bounds from the scenario reach the GLPK plan: no "dear" stock at B, at least 2 "cheap" at CW.
    @Test func glpkPlanRespectsScenarioBounds() throws {
        let yaml = tinyScenario.replacingOccurrences(of: "  sourcing: [own, parent]", with: """
          sourcing: [own, parent]
          stock_bounds:
            - {site: B, item: dear, max: 0}
            - {site: CW, item: cheap, min: 2}
            - {site: A, max: 3}
        """)
        let s = try ScenarioLoader.load(yaml: yaml, file: "tiny.yaml", baseDirectory: nil)
        let a = try #require(s.siteIndex["A"]), b = try #require(s.siteIndex["B"]), cw = try #require(s.siteIndex["CW"])
        let cheap = try #require(s.itemIndex["cheap"]), dear = try #require(s.itemIndex["dear"])
        #expect(s.policies.bounds(site: b, item: dear) == (0, 0))
        #expect(s.policies.bounds(site: a, item: cheap) == (0, 3))
        #expect(s.policies.bounds(site: b, item: cheap) == (0, nil))
        let model = try StockingModel(scenario: s)
        let result = try model.minimumCostPlan(target: .fillRate(0.6), method: .metric)
        let plan = try #require(result.plan)
        #expect(plan[b][dear] == 0)
        #expect(plan[cw][cheap] >= 2)
        #expect(plan[a][cheap] <= 3 && plan[a][dear] <= 3)
    }
}
