import Foundation
import ScenarioModel
import Testing
@testable import Stocking

let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func quickstart() throws -> Scenario {
    try ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("scenarios/quickstart.yaml").path)
}

@Suite("Stocking over a scenario")
struct ScenarioStockingTests {
    /// Item trees follow the scenario: one per item under the single central warehouse, sites in
    /// tree order, daily rates = yearly ÷ 365, resupply times from lanes, repair and suppliers.
    @Test func buildsTheQuickstartTrees() throws {
        let s = try quickstart()
        let model = try StockingModel(scenario: s)
        #expect(model.trees.count == 12)
        let ph = try #require(model.trees.first { s.items[$0.item].id == "PH-IJ" })
        let net = ph.network
        #expect(net.nodes.count == 11)   // CW, 2 RD, 8 SP
        #expect(s.sites[net.nodes[0].site].id == "CW-KS")
        let ams = try #require(net.nodes.first { s.sites[$0.site].id == "SP-AMS" })
        // 120 IJ-500 coders × 1 printhead × 0.12 failures per unit-year.
        #expect(abs(ams.localDemand - 120 * 0.12 / 365) < 1e-15)
        // RD-DUI → SP-AMS replenishment lane: 1 day, deterministic.
        #expect(ams.leadDays == 1)
        #expect(ams.leadTimeIsDeterministic)
        // External repair loop: return 3 + repair 10, then (1 − 0.1)·(Eindhoven → Kassel by road)
        // or, condemned at the end of the repair, 0.1 · supplier 35.
        let rs = try #require(s.siteIndex["RS-EHV"]), cw = try #require(s.siteIndex["CW-KS"])
        let back = try #require(s.travelHours(fromIndex: rs, toIndex: cw)) / 24
        #expect(abs(net.nodes[0].resupplyDays - (3 + 10 + 0.9 * back + 0.1 * 35)) < 1e-9)
        // The ink pump is repaired at the central warehouse itself: repair fraction 1 there.
        let pump = try #require(model.trees.first { s.items[$0.item].id == "PUMP-INK" })
        #expect(pump.network.nodes[0].repairFraction == 1)
        #expect(abs(pump.network.nodes[0].repairDays - (3 + 7)) < 1e-9)
        // A consumable: supplier lead time.
        let filter = try #require(model.trees.first { s.items[$0.item].id == "FLT-KIT" })
        #expect(filter.network.nodes[0].resupplyDays == 7)
    }

    /// Invariants of a whole-plan evaluation, for every method that applies.
    @Test(arguments: [EvaluationMethod.metric, .variMetric])
    func planInvariants(method: EvaluationMethod) throws {
        let s = try quickstart()
        let model = try StockingModel(scenario: s)
        let plan = try #require(s.policies.stockLevels)
        let e = try model.evaluate(stock: plan, method: method)
        #expect(e.siteItems.count == 12 * 11)
        for r in e.siteItems {
            #expect(abs((r.eoh - r.ebo) - (Double(r.stock) - r.pipelineMean)) < 1e-9)
            #expect(r.fillRate <= r.readyRate + 1e-15)
            #expect(r.readyRate <= 1)
            // A demand is filled from the shelf only if there is stock: none without it, some with it.
            #expect((r.fillRate == 0) == (r.stock == 0), "\(r.site)/\(r.item): stock \(r.stock), fill rate \(r.fillRate)")
        }
        #expect(e.system.stockUnits == 459)
        #expect(abs(e.system.stockValue - 163_400) < 1e-6)
        #expect(abs(e.system.customerDemandPerYear - s.totalDemandPerYear) < 1e-6)
        #expect(e.system.fillRate > 0.9 && e.system.fillRate < 1)
        // Little's law at system level.
        #expect(abs(e.system.waitingDays - e.system.customerBackorders / (e.system.customerDemandPerYear / 365)) < 1e-12)
        #expect(e.pools.count == 2 * 12)
        // Removing all stock: nothing is filled, every customer waits the whole pipeline.
        let empty = StockPlan(zerosFor: s)
        let none = try model.evaluate(stock: empty, method: method)
        #expect(none.system.fillRate == 0)
        #expect(none.system.customerBackorders > e.system.customerBackorders)
        #expect(none.system.availability < e.system.availability)
    }

    @Test func exactMethodNeedsDeterministicLanes() throws {
        let s = try quickstart()   // the central warehouse → depot lanes are gamma-distributed
        let model = try StockingModel(scenario: s)
        let plan = try #require(s.policies.stockLevels)
        #expect(throws: StockingError.self) { try model.evaluate(stock: plan, method: .exact) }
    }

    @Test func planFileErrorsAreAllReported() throws {
        let s = try quickstart()
        let text = "site,item,stock\r\nSP-AMS,PH-IJ,2\nSP-XXX,PH-IJ,1\nSP-AMS,NOPE,1\nSP-AMS,PH-IJ,3\nRS-EHV,PH-IJ,1\nSP-BRU,PH-IJ,-1\nSP-BRU,PH-TT\n"
        do {
            _ = try StockPlanFile.parse(text: text, file: "plan.csv", for: s)
            Issue.record("expected errors")
        } catch {
            #expect(error.diagnostics.map(\.description) == [
                "plan.csv:3: rows[1].site: unknown site \"SP-XXX\"",
                "plan.csv:4: rows[2].item: unknown item \"NOPE\"",
                "plan.csv:5: rows[3]: duplicate row for site \"SP-AMS\" and item \"PH-IJ\" (first on line 2)",
                "plan.csv:6: rows[4].site: \"RS-EHV\" is a repair_shop; only warehouses, depots and service points hold stock",
                "plan.csv:7: rows[5].stock: expected a whole number ≥ 0, got \"-1\"",
                "plan.csv:8: rows[6]: expected 3 cells as in the header, got 2",
            ])
        }
        let good = try StockPlanFile.parse(text: "item,stock,site\nPH-IJ,4,SP-AMS\n", file: "p.csv", for: s)
        let ams = try #require(s.siteIndex["SP-AMS"]), ph = try #require(s.itemIndex["PH-IJ"])
        #expect(good[ams][ph] == 4)
        #expect(good.totalUnits == 4)
    }
}
