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
    static func network(premiumHours: Double = 8, sourcing: String = "[own, lateral, parent, emergency]") throws -> Scenario {
        let yaml = """
        format: 1
        name: two points
        currency: EUR
        lane_defaults:
          replenishment: {lead_time: 1}
          lateral: {lead_time: 0.25, cost_per_unit: 30}
          emergency: {lead_time: 0.5, cost_per_unit: 100}
        policies:
          sourcing: \(sourcing)
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

    /// Holding + expected lateral and emergency transport per year: the window target's objective.
    static func holdingAndTransport(_ model: StockingModel, _ p: StockPlan) throws -> Double {
        Double(units(p)) * 400 * model.scenario.items[0].holdingRate + (try model.slaAttainment(stock: p)).transportCostPerYear
    }

    /// The cheapest plan of all 441 meeting every class's attainment, by brute force.
    static func cheapestMeeting(_ goal: [Double], _ model: StockingModel) throws -> Double {
        var cheapest = Double.infinity
        for p in allPlans(model.scenario) {
            let e = try model.slaAttainment(stock: p)
            guard zip(e.classes, goal).allSatisfy({ $0.attainment >= $1 - 1e-9 }) else { continue }
            cheapest = min(cheapest, try holdingAndTransport(model, p))
        }
        return cheapest
    }

    /// The window target's plan meets every class's attainment (analytically) and costs what the
    /// cheapest plan meeting it costs, found by brute force over all 441 plans (with pooling the
    /// pricing is a local search, so this is the check that it found the optimum here).
    @Test func windowTargetFindsTheCheapestPlanMeetingIt() throws {
        let s = try Self.network()
        let model = try StockingModel(scenario: s)
        let goal = [0.9, 0.95]
        let result = try model.minimumCostPlan(target: .restoreWithinWindow(attainments: goal, field: FieldWork()),
                                               scope: .slaClass, method: .variMetric, pooling: true)
        let plan = try #require(result.plan)
        #expect(result.localSearchPricing && result.lagrangianBound)
        let a = try model.slaAttainment(stock: plan)
        for (k, row) in a.classes.enumerated() { #expect(row.attainment >= goal[k] - 1e-9, "\(row.slaClass) \(row.attainment)") }
        let cost = try Self.holdingAndTransport(model, plan), cheapest = try Self.cheapestMeeting(goal, model)
        #expect(abs((result.holdingCostPerYear ?? 0) - cost) < 1e-6)
        #expect(cost <= cheapest + 1e-6, "plan \(cost), cheapest \(cheapest)")
        // The Lagrangian bound of the pooled pricing: below the optimum, and a real one.
        let bound = try #require(result.lowerBound)
        #expect(bound <= cheapest + 1e-6 && bound > 0.5 * cheapest, "bound \(bound), cheapest \(cheapest)")
        #expect(abs((result.relativeGap ?? -1) - (cost - bound) / cost) < 1e-9)
        // Every Lagrangian value bounds the full master LP, which the restricted one bounds from
        // above: bound ≤ restricted LP. The iteration whose duals gave it is one of the run's.
        let lp = try #require(result.masterLPObjective)
        #expect(bound <= lp + 1e-6, "bound \(bound), restricted master LP \(lp)")
        let at = try #require(result.lagrangianIteration)
        #expect(at >= 1 && at <= result.iterations)
    }

    /// The convex minorant's increments rise, their partial sums stay at or below the sequence,
    /// and they meet it at both ends and at every point of the lower hull.
    @Test func convexMinorantOfASequence() {
        let f: [Double] = [5, 2, 3, 0, 0.5, 4, 1, 9]
        var steps: [Double] = []
        TreeWindowTables.appendConvexIncrements(f, to: &steps)
        #expect(steps.count == f.count - 1)
        #expect(zip(steps, steps.dropFirst()).allSatisfy { $0 <= $1 + 1e-12 })
        var x = f[0]
        var minorant = [x]
        for d in steps { x += d; minorant.append(x) }
        #expect(zip(minorant, f).allSatisfy { $0 <= $1 + 1e-12 })
        // The lower hull of these points: 0 → 1 → 3 → 6 → 7.
        for j in [0, 1, 3, 6, 7] { #expect(abs(minorant[j] - f[j]) < 1e-12, "\(j): \(minorant[j]) against \(f[j])") }
        #expect(abs(minorant[2] - 1) < 1e-12 && abs(minorant[4] - 1.0 / 3) < 1e-12)
    }

    /// The pooled tree's lower bound (each group a leaf whose shortage is exact in its total
    /// stock, the own/lateral split relaxed) is at most the least objective over all 441 plans,
    /// for penalty-like and dual-like weights and both shortage rules; and it is not far below.
    @Test(arguments: ["[own, lateral, parent, emergency]", "[own, lateral, parent]"], [0.1, 1, 10])
    func pooledTreeBoundIsBelowBruteForce(sourcing: String, scale: Double) throws {
        let s = try Self.network(sourcing: sourcing)
        let model = try StockingModel(scenario: s)
        let pools = try #require(model.poolingContext())
        let tables = TreeWindowTables(model, tree: 0, method: .variMetric, pools: pools,
                                      kernels: model.engineerKernels(field: FieldWork()), field: FieldWork())
        #expect(tables.groups.count == 1)
        let net = model.trees[0].network
        var o = WindowObjective(holding: 88, restoreWeight: net.nodes.map { _ in [0, 0] }, transportWeight: net.nodes.map { $0.localDemand * 365 })
        for (n, node) in net.nodes.enumerated() where node.localDemand > 0 {
            o.restoreWeight[n] = [scale * 200 * 365 * node.localDemand, scale * 50 * 365 * node.localDemand]
        }
        var best = Double.infinity
        for p in Self.allPlans(s) { best = min(best, try tables.value(net.nodes.map { p[$0.site][0] }, o)) }
        let bound = try #require(tables.lowerBound(o))
        let searched = try tables.localSearch(from: net.nodes.map { _ in 0 }, o)
        let spread = o.restoreWeight.reduce(0.0) { $0 + $1.reduce(0, +) }
        #expect(bound <= best + 1e-9 * abs(best), "bound \(bound), brute force \(best)")
        #expect(best - bound < 0.01 * spread, "bound \(bound), brute force \(best), penalties at stake \(spread)")
        #expect(searched.value >= bound - 1e-9 * abs(best))
    }

    /// Without laterals a node's window measures depend only on its own and its ancestors'
    /// levels, so pricing is exact and the converged LP is a lower bound: the plan is the brute
    /// force's cheapest, the bound at most its cost.
    @Test func withoutPoolingTheWindowTargetCarriesABound() throws {
        let s = try Self.network(sourcing: "[own, parent, emergency]")
        let model = try StockingModel(scenario: s)
        let goal = [0.85, 0.95]
        let result = try model.minimumCostPlan(target: .restoreWithinWindow(attainments: goal, field: FieldWork()),
                                               scope: .site, method: .variMetric, pooling: true)
        let plan = try #require(result.plan)
        #expect(!result.localSearchPricing && result.pricingConverged)
        let bound = try #require(result.lowerBound)
        var cheapest = Double.infinity
        for p in Self.allPlans(s) {
            let e = try model.slaAttainment(stock: p)
            guard e.sites.allSatisfy({ $0.attainment >= goal[$0.slaClass == "premium" ? 0 : 1] - 1e-9 }) else { continue }
            cheapest = min(cheapest, try Self.holdingAndTransport(model, p))
        }
        let cost = try Self.holdingAndTransport(model, plan)
        #expect(abs(cost - cheapest) < 1e-6, "plan \(cost), cheapest \(cheapest)")
        #expect(bound <= cheapest + 1e-6, "bound \(bound) above the optimum \(cheapest)")
    }

    /// The exact tree minimum and the incremental local search agree with brute force and with a
    /// full evaluation of the objective.
    @Test func exactTreeMinimumMatchesBruteForce() throws {
        let s = try Self.network(sourcing: "[own, parent, emergency]")
        let model = try StockingModel(scenario: s)
        let tables = TreeWindowTables(model, tree: 0, method: .variMetric, pools: nil,
                                      kernels: model.engineerKernels(field: FieldWork()), field: FieldWork())
        let net = model.trees[0].network
        var o = WindowObjective(holding: 88, restoreWeight: net.nodes.map { _ in [0, 0] }, transportWeight: net.nodes.map { $0.localDemand * 365 })
        for (n, node) in net.nodes.enumerated() where node.localDemand > 0 { o.restoreWeight[n] = [200 * 365 * node.localDemand, 50 * 365 * node.localDemand] }
        let exact = tables.exactMinimum(o)
        var best = Double.infinity
        for p in Self.allPlans(s) { best = min(best, try tables.value(net.nodes.map { p[$0.site][0] }, o)) }
        #expect(abs(exact.value - best) < 1e-9 * abs(best), "tree minimum \(exact.value), brute force \(best)")
        #expect(abs(try tables.value(exact.stock, o) - exact.value) < 1e-9 * abs(best))
        let searched = try tables.localSearch(from: net.nodes.map { _ in 0 }, o)
        #expect(abs(try tables.value(searched.stock, o) - searched.value) < 1e-9 * abs(best))
        #expect(searched.value >= exact.value - 1e-9 * abs(best))
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
    /// transport + penalties under the same model (brute force), and its cost parts add up; with
    /// pooling from a local search, without it exact.
    @Test(arguments: ["[own, lateral, parent, emergency]", "[own, parent, emergency]"])
    func totalCostFindsTheCheapestPlan(sourcing: String) throws {
        let s = try Self.network(sourcing: sourcing)
        let model = try StockingModel(scenario: s)
        let result = try model.minimumTotalCostPlan(pooling: true)
        func cost(_ p: StockPlan) throws -> Double {
            let a = try model.slaAttainment(stock: p)
            return Double(Self.units(p)) * 400 * s.items[0].holdingRate + a.transportCostPerYear + a.penaltyCostPerYear
        }
        let best = try Self.allPlans(s).map(cost).min() ?? .infinity
        #expect(result.exact == !sourcing.contains("lateral"))
        #expect(abs(result.totalCostPerYear - (try cost(result.plan))) < 1e-6)
        #expect(result.totalCostPerYear <= best + 1e-6, "optimum \(result.totalCostPerYear), brute force \(best)")
        // The bound: the optimum itself without pooling, below it (and the brute force) with.
        let bound = try #require(result.lowerBound)
        #expect(bound <= best + 1e-6 && (result.exact ? abs(bound - best) < 1e-6 : bound > 0.5 * best), "bound \(bound), brute force \(best)")
        // Without laterals the short demand waits for the warehouse's reorder: no transport.
        #expect(result.penaltyCostPerYear > 0 && (result.transportCostPerYear > 0) == sourcing.contains("lateral"))
    }
}
