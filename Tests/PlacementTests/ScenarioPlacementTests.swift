import Foundation
import MILP
import Placement
import ScenarioModel
import Testing

@Suite("Placement over a scenario")
struct ScenarioPlacementTests {
    static let path = repositoryRoot.appendingPathComponent("scenarios/depot-small.yaml").path

    @Test func depotSmallBuildsAndSolvesWithCoverage() throws {
        let scenario = try ScenarioLoader.load(path: Self.path)
        let settings = ScenarioPlacement.Settings(coverage: PlacementProblem.Coverage(fraction: 0.95, hours: 4))
        let placement = try ScenarioPlacement(scenario: scenario, settings: settings)
        let p = placement.problem
        #expect(p.facilities.count == 10)
        #expect(p.customers.count == 54)
        #expect(abs(p.totalDemand - scenario.totalDemandPerYear) < 1e-6)
        #expect(p.facilities.filter(\.existing).map(\.id) == ["RD-HAM", "RD-BER"])
        // The interpolated stock cost is exact at its breakpoints and rises with demand.
        let f = try #require(p.facilities[0].stockCost)
        for (x, y) in zip(f.x, f.y) { #expect(abs(try placement.exactStockCost(depot: 0, demand: x) - y) < 1e-9) }
        #expect(zip(f.y, f.y.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(f.y[0] == 0)

        let s = try p.solve()
        #expect(s.termination == .optimal)
        #expect(p.isFeasible(open: s.open, assignment: s.assignment))
        let e = try #require(try placement.evaluate(s))
        #expect(e.coverageAchieved >= 0.95 - 1e-9)
        #expect(abs(e.depots.reduce(0) { $0 + $1.demandServed } - p.totalDemand) < 1e-6)
        #expect(e.depots.reduce(0) { $0 + $1.points } == 54)
        #expect(abs(e.costs.total - (s.objective ?? 0)) < 1e-6)
        #expect(abs(e.objectiveExact - (e.costs.total - e.costs.stock + e.stockCostExact)) < 1e-6)
        // The closing cost is paid for every existing depot left closed.
        let closedExisting = p.facilities.indices.filter { p.facilities[$0].existing && !s.open[$0] }
        #expect(abs(e.costs.closing - Double(closedExisting.count) * 60_000) < 1e-6)
    }

    @Test func stockCostGrowsWithDemandAndTarget() throws {
        let scenario = try ScenarioLoader.load(path: Self.path)
        let low = try StockCostModel(scenario: scenario, fillRate: 0.8)
        let high = try StockCostModel(scenario: scenario, fillRate: 0.99)
        let days = low.resupplyDays(site: try #require(scenario.siteIndex["RD-HAM"]))
        #expect(days.allSatisfy { abs($0 - 4) < 1e-12 })   // lane_defaults.replenishment
        var previous = -1.0
        for d in [0.0, 100, 1_000, 5_000, 10_000] {
            let c = try high.cost(demand: d, resupplyDays: days)
            #expect(c >= previous)
            #expect(c >= (try low.cost(demand: d, resupplyDays: days)))
            previous = c
        }
        #expect(try high.cost(demand: 0, resupplyDays: days) == 0)
        #expect(throws: PlacementError.self) { try StockCostModel(scenario: scenario, fillRate: 1.5) }
        #expect(throws: PlacementError.self) { try high.cost(demand: -1, resupplyDays: days) }
    }

    @Test func placementFieldsAreValidatedWithFileAndLine() throws {
        let yaml = """
        format: 1
        name: bad placement fields
        currency: EUR
        sites:
          - {id: CW, kind: central_warehouse, lat: 50, lon: 8}
          - {id: RD, kind: regional_depot, parent: CW, lat: 51, lon: 9, must_open: true}
          - {id: RE, kind: regional_depot, parent: CW, lat: 52, lon: 9, candidate: true, must_open: true, must_close: true}
          - {id: RF, kind: regional_depot, parent: CW, lat: 52, lon: 10, candidate: true, closing_cost: 5}
        lane_defaults:
          replenishment: {lead_time: 1}
        items:
          - {id: A, unit_cost: 10, failure_rate: 0.1, supplier_lead_time: 5}
        geography: {cost_per_unit_km: -1}
        """
        do {
            _ = try ScenarioLoader.load(yaml: yaml, file: "p.yaml", baseDirectory: nil)
            Issue.record("the scenario should not load")
        } catch {
            let text = error.diagnostics.map(\.description)
            for expected in [
                "p.yaml:6: sites[1].must_open: only placement candidates (candidate: true) can be must_open",
                "p.yaml:7: sites[2].must_close: a candidate cannot be both must_open and must_close",
                "p.yaml:8: sites[3].closing_cost: closing_cost applies to existing depots only",
                "p.yaml:13: geography.cost_per_unit_km: must be at least 0",
            ] {
                #expect(text.contains { $0.hasPrefix(expected) }, "missing \(expected) in \(text)")
            }
        }
    }

    @Test func scenarioWithoutCandidatesIsATypedError() throws {
        let scenario = try ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("scenarios/des-canonical/small/scenario.yaml").path)
        #expect(throws: PlacementError.self) { try ScenarioPlacement(scenario: scenario) }
    }
}

@Suite("Bad input gives typed errors")
struct BadInputTests {
    static func facility(_ fixed: Double = 1) -> PlacementProblem.Facility { PlacementProblem.Facility(id: "F", fixedCost: fixed) }

    @Test func problemRejectsBadNumbers() {
        let c = [PlacementProblem.Customer(id: "C", demand: 1)]
        let ok = [[PlacementProblem.Pair(facility: 0, cost: 1)]]
        #expect(throws: PlacementError.self) { try PlacementProblem(facilities: [], customers: c, pairs: ok) }
        #expect(throws: PlacementError.self) { try PlacementProblem(facilities: [Self.facility()], customers: [], pairs: []) }
        #expect(throws: PlacementError.self) { try PlacementProblem(facilities: [Self.facility(.nan)], customers: c, pairs: ok) }
        #expect(throws: PlacementError.self) { try PlacementProblem(facilities: [Self.facility(-1)], customers: c, pairs: ok) }
        #expect(throws: PlacementError.self) {
            try PlacementProblem(facilities: [Self.facility()], customers: [PlacementProblem.Customer(id: "C", demand: .infinity)], pairs: ok)
        }
        #expect(throws: PlacementError.self) {
            try PlacementProblem(facilities: [Self.facility()], customers: c, pairs: [[PlacementProblem.Pair(facility: 3, cost: 1)]])
        }
        #expect(throws: PlacementError.self) {
            try PlacementProblem(facilities: [Self.facility()], customers: c, pairs: [[PlacementProblem.Pair(facility: 0, cost: -.infinity)]])
        }
        #expect(throws: PlacementError.self) {
            try PlacementProblem(facilities: [Self.facility()], customers: c,
                                 pairs: [[PlacementProblem.Pair(facility: 0, cost: 1), PlacementProblem.Pair(facility: 0, cost: 2)]])
        }
        var both = Self.facility()
        both.mustOpen = true
        both.mustClose = true
        #expect(throws: PlacementError.self) { try PlacementProblem(facilities: [both], customers: c, pairs: ok) }
        #expect(throws: PlacementError.self) { try PiecewiseLinear(x: [1, 2], y: [0, 1]) }
        #expect(throws: PlacementError.self) { try PiecewiseLinear(x: [0, 0], y: [0, 1]) }
        #expect(throws: PlacementError.self) { try PiecewiseLinear(x: [0, 1], y: [0, .nan]) }
    }

    @Test func solveRejectsBadConstraintsAndOptions() throws {
        var p = try PlacementProblem(facilities: [Self.facility()], customers: [PlacementProblem.Customer(id: "C", demand: 1)],
                                     pairs: [[PlacementProblem.Pair(facility: 0, cost: 1)]])
        #expect(throws: PlacementError.self) { try p.solve(options: PlacementOptions(timeLimit: -1)) }
        #expect(throws: PlacementError.self) { try p.solve(options: PlacementOptions(relativeGap: .nan)) }
        p.coverage = PlacementProblem.Coverage(fraction: 2, hours: 4)
        #expect(throws: PlacementError.self) { try p.solve() }
        p.coverage = nil
        p.openCount = .exactly(0)
        #expect(throws: PlacementError.self) { try p.solve() }
        p.openCount = .exactly(2)
        #expect(throws: PlacementError.self) { try p.solve() }
        p.openCount = nil
        p.maxResponseHours = 0
        #expect(throws: PlacementError.self) { try p.solve() }
    }

    /// A demand point no depot may serve, and a closed-off depot: infeasible, not a crash.
    @Test func infeasibleIsAnAnswer() throws {
        var close = Self.facility()
        close.mustClose = true
        let p = try PlacementProblem(facilities: [close, Self.facility()], customers: [PlacementProblem.Customer(id: "C", demand: 1)],
                                     pairs: [[PlacementProblem.Pair(facility: 0, cost: 1)]])
        let s = try p.solve()
        #expect(s.termination == .infeasible)
        #expect(!s.hasSolution)
        var q = try PlacementProblem(facilities: [Self.facility()], customers: [PlacementProblem.Customer(id: "C", demand: 5)],
                                     pairs: [[PlacementProblem.Pair(facility: 0, cost: 1, hours: 3)]])
        q.coverage = PlacementProblem.Coverage(fraction: 0.5, hours: 1)
        #expect(try q.solve().termination == .infeasible)
    }
}
