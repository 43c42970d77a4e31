import Foundation
import MILP
import ScenarioModel
import Testing
@testable import Stocking

/// A central warehouse with two service points and two items (unit costs 100 and 400), shared
/// with the CLI tests: `Tests/StockingTests/Fixtures/tiny.yaml`.
let tinyScenario: String = {
    let path = repositoryRoot.appendingPathComponent("Tests/StockingTests/Fixtures/tiny.yaml").path
    return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
}()

/// Brute force on the tiny network: the least holding cost over every pair of item vectors with
/// levels 0…5 at its three sites that fills `target` of the demand at A and at B, with each
/// vector's filled demand from the optimiser's own coefficients (tree, or pooled).
func tinyBruteForce(_ model: StockingModel, _ s: Scenario, target: Double,
                    pools: StockingModel.PoolingContext?) throws -> Double {
    let a = try #require(s.siteIndex["A"]), b = try #require(s.siteIndex["B"])
    var tables: [[(cost: Double, fa: Double, fb: Double)]] = []
    for (t, tree) in model.trees.enumerated() {
        let item = s.items[tree.item]
        var rows: [(Double, Double, Double)] = []
        for v in allVectors(nodes: 3, cap: 5) {
            let c = try model.serviceCoefficients(t, stock: v, target: .fillRate(target), method: .metric, pools: pools)
            var fa = 0.0, fb = 0.0
            for (n, node) in tree.network.nodes.enumerated() {
                if node.site == a { fa = c[n] }
                if node.site == b { fb = c[n] }
            }
            rows.append((Double(v.reduce(0, +)) * item.unitCost * item.holdingRate, fa, fb))
        }
        tables.append(rows)
    }
    let needA = target * s.demandPerYear[a].reduce(0, +) / 365, needB = target * s.demandPerYear[b].reduce(0, +) / 365
    var best = Double.infinity
    for x in tables[0] {
        for y in tables[1] where x.fa + y.fa >= needA - 1e-12 && x.fb + y.fb >= needB - 1e-12 {
            best = min(best, x.cost + y.cost)
        }
    }
    return best
}

@Suite("Target-constrained minimum cost (GLPK column generation)")
struct TargetOptimizerTests {
    /// Brute force over every plan with levels 0…5 at each of the 3 sites for both items: the
    /// cheapest plan meeting the per-site fill target. GLPK's plan must meet the target, its LP
    /// bound must not exceed the brute-force optimum, and its cost must equal it within its gap.
    @Test(arguments: [0.7, 0.85])
    func matchesBruteForce(target: Double) throws {
        let s = try ScenarioLoader.load(yaml: tinyScenario, file: "tiny.yaml", baseDirectory: nil)
        let model = try StockingModel(scenario: s)
        #expect(model.trees.count == 2)
        let result = try model.minimumCostPlan(target: .fillRate(target), method: .metric)
        #expect(result.pricingConverged)
        let plan = try #require(result.plan)
        let e = try model.evaluate(stock: plan, method: .metric)
        for site in e.sites where site.customerDemandPerYear > 0 {
            #expect((site.fillRate ?? 0) >= target - 1e-9, "\(site.site): \(site.fillRate ?? 0)")
        }
        let z = try #require(result.holdingCostPerYear)
        #expect(abs(z - e.system.holdingCostPerYear) < 1e-6)

        let best = try tinyBruteForce(model, s, target: target, pools: nil)
        #expect(best.isFinite)
        let bound = try #require(result.lowerBound)
        #expect(bound <= best + 1e-6)
        #expect(z >= bound - 1e-6)
        #expect(z <= best * (1 + (result.relativeGap ?? 0)) + 1e-6, "GLPK \(z), brute force \(best), gap \(result.relativeGap ?? -1)")
        // On these instances price-and-branch finds the brute-force optimum (275 and 325 per year).
        #expect(abs(z - best) < 1e-6)
    }

    /// A waiting-time target is met at every site, and tightening it never makes the plan cheaper.
    @Test func waitingTarget() throws {
        let s = try ScenarioLoader.load(yaml: tinyScenario, file: "tiny.yaml", baseDirectory: nil)
        let model = try StockingModel(scenario: s)
        let loose = try model.minimumCostPlan(target: .waitingDays(0.5), method: .variMetric)
        let tight = try model.minimumCostPlan(target: .waitingDays(0.05), method: .variMetric)
        for r in [(loose, 0.5), (tight, 0.05)] {
            let e = try model.evaluate(stock: try #require(r.0.plan), method: .variMetric)
            for site in e.sites where site.customerDemandPerYear > 0 {
                #expect((site.waitingDays ?? .infinity) <= r.1 + 1e-9)
            }
        }
        #expect(try #require(tight.holdingCostPerYear) >= (try #require(loose.holdingCostPerYear)) - 1e-9)
    }

    @Test func badTargets() throws {
        let s = try ScenarioLoader.load(yaml: tinyScenario, file: "tiny.yaml", baseDirectory: nil)
        let model = try StockingModel(scenario: s)
        #expect(throws: StockingError.self) { try model.minimumCostPlan(target: .fillRate(1.2), method: .metric) }
        #expect(throws: StockingError.self) { try model.minimumCostPlan(target: .waitingDays(-1), method: .metric) }
        #expect(throws: StockingError.self) { try model.minimumCostPlan(target: .fillRate(0.9), method: .exact) }
    }
}

@Suite("SLA-class targets")
struct SLAClassTargetTests {
    /// Gold customers at A and half of B, silver at the rest of B.
    static let yaml = tinyScenario.replacingOccurrences(of: """
    installed_base:
      - {site: A, product: P, units: 100}
      - {site: B, product: P, units: 60}
    """, with: """
    sla_classes:
      - {id: gold, response_hours: 4, restore_hours: 24}
      - {id: silver, response_hours: 8, restore_hours: 48}
    installed_base:
      - {site: A, product: P, units: 100, sla_class: gold}
      - {site: B, product: P, units: 30, sla_class: gold}
      - {site: B, product: P, units: 30, sla_class: silver}
    """)

    /// Each class meets the fill target over its own demand; the class-level LP bound never exceeds
    /// the site-level one (every site meeting the target implies every class does).
    @Test func classFillRatesMeetTheTarget() throws {
        let s = try ScenarioLoader.load(yaml: Self.yaml, file: "tiny.yaml", baseDirectory: nil)
        let model = try StockingModel(scenario: s)
        let byClass = try model.minimumCostPlan(target: .fillRate(0.8), scope: .slaClass, method: .metric)
        let bySite = try model.minimumCostPlan(target: .fillRate(0.8), scope: .site, method: .metric)
        let plan = try #require(byClass.plan)
        let e = try model.evaluate(stock: plan, method: .metric)
        // Class fill by hand: A is all gold; B splits half and half.
        func fill(_ site: String) -> (filled: Double, demand: Double) {
            let rows = e.siteItems.filter { $0.site == site }
            return (rows.reduce(0) { $0 + $1.customerDemandPerYear * $1.fillRate }, rows.reduce(0) { $0 + $1.customerDemandPerYear })
        }
        let a = fill("A"), b = fill("B")
        let gold = (a.filled + b.filled / 2) / (a.demand + b.demand / 2)
        let silver = (b.filled / 2) / (b.demand / 2)
        #expect(gold >= 0.8 - 1e-9)
        #expect(silver >= 0.8 - 1e-9)
        #expect(try #require(byClass.lowerBound) <= (try #require(bySite.lowerBound)) + 1e-9)
    }
}

/// Lateral pooling in the target optimisation (Wong et al. 2006): the tiny network with A and B
/// in one pool and laterals allowed.
@Suite("Target optimisation with lateral pooling")
struct PooledTargetTests {
    static func pooledScenario() throws -> Scenario {
        let yaml = tinyScenario
            .replacingOccurrences(of: "sourcing: [own, parent]", with: "sourcing: [own, lateral, parent, emergency]")
            .replacingOccurrences(of: "lat: 50.5, lon: 8.5}", with: "lat: 50.5, lon: 8.5, pool: p1}")
            .replacingOccurrences(of: "lat: 49.5, lon: 7.5}", with: "lat: 49.5, lon: 7.5, pool: p1}")
            .replacingOccurrences(of: "  replenishment: {lead_time: 2}", with: "  replenishment: {lead_time: 2}\n  lateral: {lead_time: 0.25}\n  emergency: {lead_time: 1}")
        return try ScenarioLoader.load(yaml: yaml, file: "tiny-pooled.yaml", baseDirectory: nil)
    }

    /// The pooled plan meets every site's target counting laterals (checked through the plan
    /// evaluation, an independent path), costs no more than the plan without laterals, and matches
    /// brute force over every pair of item vectors with levels 0…5.
    @Test func pooledPlanIsCheaperAndMatchesBruteForce() throws {
        let s = try Self.pooledScenario()
        #expect(s.pools["p1"]?.count == 2)
        let model = try StockingModel(scenario: s)
        let target = 0.85
        let pooled = try model.minimumCostPlan(target: .fillRate(target), method: .metric, pooling: true)
        let plain = try model.minimumCostPlan(target: .fillRate(target), method: .metric, pooling: false)
        #expect(pooled.pooling && !plain.pooling)
        #expect(pooled.lowerBound == nil)
        let plan = try #require(pooled.plan)
        let z = try #require(pooled.holdingCostPerYear), z0 = try #require(plain.holdingCostPerYear)
        #expect(z < z0, "laterals should save stock: \(z) vs \(z0)")

        // Per-site fill counting laterals, from the plan evaluation's pool figures.
        let e = try model.evaluate(stock: plan, method: .metric)
        #expect(abs(e.system.holdingCostPerYear - z) < 1e-6)
        let fillWithLaterals = try #require(e.system.fillRateWithLaterals)
        #expect(fillWithLaterals >= target - 1e-9)
        for siteID in ["A", "B"] {
            let site = try #require(s.siteIndex[siteID])
            var served = 0.0
            for pool in e.pools {
                for m in pool.members where m.site == siteID {
                    served += s.demandPerYear[site][try #require(s.itemIndex[pool.item])] * (m.own + m.lateral)
                }
            }
            #expect(served / s.demandPerYear[site].reduce(0, +) >= target - 1e-9, "\(siteID)")
        }

        // Brute force with the same pooled coefficients.
        let context = try #require(model.poolingContext())
        let best = try tinyBruteForce(model, s, target: target, pools: context)
        #expect(abs(z - best) < 1e-6, "pooled plan \(z), brute force \(best)")
    }
}
