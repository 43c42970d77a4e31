import Foundation
import MILP
import ScenarioModel
import Testing
@testable import Stocking

/// Planning against the SLA: the window target (`--target sla`) and the total-cost objective,
/// checked against brute force over every plan of a small network.
@Suite("Planning against the SLA")
struct SLATargetTests {
    /// A central warehouse and two pooled service points, one item: premium (8 h) and standard
    /// (24 h) customers at both, penalties 200 and 50 per breach.
    static func network(premiumHours: Double = 8) throws -> Scenario {
        let yaml = """
        format: 1
        name: two points
        currency: EUR
        lane_defaults:
          replenishment: {lead_time: 1}
          lateral: {lead_time: 0.25, cost_per_unit: 30}
          emergency: {lead_time: 0.5, cost_per_unit: 100}
        policies:
          sourcing: [own, lateral, parent, emergency]
        products: [{id: P}, {id: Q}]
        items:
          - {id: X, unit_cost: 400, failure_rate: 0.5, used_in: {P: 1, Q: 1}, supplier_lead_time: 10}
        sites:
          - {id: CW, kind: central_warehouse, lat: 50, lon: 8}
          - {id: SP1, kind: service_point, parent: CW, lat: 50.1, lon: 8, pool: G, engineers: 2}
          - {id: SP2, kind: service_point, parent: CW, lat: 50.2, lon: 8, pool: G, engineers: 2}
        installed_base:
          - {site: SP1, product: P, units: 60, sla_class: premium}
          - {site: SP1, product: Q, units: 40, sla_class: standard}
          - {site: SP2, product: P, units: 30, sla_class: premium}
          - {site: SP2, product: Q, units: 70, sla_class: standard}
        sla_classes:
          - {id: premium, response_hours: \(min(4, premiumHours)), restore_hours: \(premiumHours), penalty: 200}
          - {id: standard, response_hours: 8, restore_hours: 24, penalty: 50}
        """
        return try ScenarioLoader.load(yaml: yaml, file: "two.yaml", baseDirectory: nil)
    }

    /// Every plan with 0 … 8 units at the warehouse and 0 … 6 at each point.
    static func allPlans(_ s: Scenario) -> [StockPlan] {
        var out: [StockPlan] = []
        for a in 0...8 { for b in 0...6 { for c in 0...6 {
            var p = StockPlan(zerosFor: s)
            p[0][0] = a; p[1][0] = b; p[2][0] = c
            out.append(p)
        } } }
        return out
    }

    static func units(_ p: StockPlan) -> Int { (0..<3).reduce(0) { $0 + p[$1][0] } }

    /// The window target's plan meets every class's attainment (analytically) and costs what the
    /// cheapest plan meeting it costs, found by brute force over all 441 plans (the pricing is a
    /// local search, so this is the check that it found the optimum here).
    @Test func windowTargetFindsTheCheapestPlanMeetingIt() throws {
        let s = try Self.network()
        let model = try StockingModel(scenario: s)
        let goal = [0.9, 0.95]
        let result = try model.minimumCostPlan(target: .restoreWithinWindow(attainments: goal, field: FieldWork()),
                                               scope: .slaClass, method: .variMetric, pooling: true)
        let plan = try #require(result.plan)
        #expect(result.lowerBound == nil && result.localSearchPricing)
        let a = try model.slaAttainment(stock: plan)
        for (k, row) in a.classes.enumerated() { #expect(row.attainment >= goal[k] - 1e-9, "\(row.slaClass) \(row.attainment)") }
        var cheapest = Int.max
        for p in Self.allPlans(s) where Self.units(p) < cheapest {
            let e = try model.slaAttainment(stock: p)
            if zip(e.classes, goal).allSatisfy({ $0.attainment >= $1 - 1e-9 }) { cheapest = Self.units(p) }
        }
        #expect(Self.units(plan) == cheapest, "plan \(Self.units(plan)) units, cheapest \(cheapest)")
    }

    /// A premium window of 0.4 h is shorter than the engineer's local travel (0.5 h): no stock
    /// meets it, and the answer says so for that class.
    @Test func aWindowShorterThanTheEngineersDriveIsInfeasible() throws {
        let s = try Self.network(premiumHours: 0.4)
        let result = try StockingModel(scenario: s).minimumCostPlan(
            target: .restoreWithinWindow(attainments: [0.9, 0.9], field: FieldWork()), scope: .slaClass,
            method: .variMetric, pooling: true)
        #expect(result.termination == .infeasible && result.plan == nil)
        #expect(result.unreachable.count == 1 && result.unreachable[0].hasPrefix("premium: at most 0.000000"), "\(result.unreachable)")
        // Attainments outside (0, 1) and the wrong count are refused.
        for bad in [[1.0, 0.9], [0.9], [0.0, 0.5]] {
            #expect(throws: StockingError.self) {
                try StockingModel(scenario: s).minimumCostPlan(target: .restoreWithinWindow(attainments: bad, field: FieldWork()),
                                                               scope: .slaClass, method: .variMetric)
            }
        }
    }

    /// The total-cost plan is the cheapest of all 441 plans in holding + lateral/emergency
    /// transport + penalties under the same model (brute force), and its cost parts add up.
    @Test func totalCostFindsTheCheapestPlan() throws {
        let s = try Self.network()
        let model = try StockingModel(scenario: s)
        let result = try model.minimumTotalCostPlan(pooling: true)
        func cost(_ p: StockPlan) throws -> Double {
            let a = try model.slaAttainment(stock: p)
            return Double(Self.units(p)) * 400 * s.items[0].holdingRate + a.transportCostPerYear + a.penaltyCostPerYear
        }
        let best = try Self.allPlans(s).map(cost).min() ?? .infinity
        #expect(abs(result.totalCostPerYear - (try cost(result.plan))) < 1e-6)
        #expect(result.totalCostPerYear <= best + 1e-6, "local optimum \(result.totalCostPerYear), brute force \(best)")
        #expect(result.penaltyCostPerYear > 0 && result.transportCostPerYear > 0)
    }
}
