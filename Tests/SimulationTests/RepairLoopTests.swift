import Foundation
import ScenarioModel
import ServiceDesk
import Simulation
import Stocking
import Testing

/// The repair loop against theory: a waiting ticket's defective enters repair at failure
/// (repair and return), so a repairable network is the consumable one with the repair as the
/// central warehouse's resupply, and Graves' exact evaluation holds for it too.
@Suite("Repair loop against theory")
struct RepairLoopTests {
    /// Two service points under a central warehouse that repairs item X: return 1 day, repair 9
    /// days (resupply 10 days), shipping 1 day, demand 0.2 and 0.4 a day.
    static func network(cw: Int, a: Int, b: Int, practice: String? = nil, waitHours: Double? = nil,
                        classes: String? = nil) throws -> Scenario {
        var yaml = """
        format: 1
        name: repairable two echelons
        currency: EUR
        lane_defaults:
          replenishment: {lead_time: 1}
          return: {lead_time: 1}
        policies:
          sourcing: [own, parent]
          stock_levels:
            - {site: CW, item: X, level: \(cw)}
            - {site: A, item: X, level: \(a)}
            - {site: B, item: X, level: \(b)}
        products: [{id: P}]
        items:
          - {id: X, unit_cost: 10, failure_rate: 0, used_in: {P: 1}, repairable: true, repair_site: CW, repair_time: 9\(practice.map { ", repair_practice: \($0)" } ?? "")\(waitHours.map { ", exchange_wait_hours: \($0)" } ?? "")}
        sites:
          - {id: CW, kind: central_warehouse, lat: 50, lon: 8}
          - {id: A, kind: service_point, parent: CW, lat: 50.1, lon: 8}
          - {id: B, kind: service_point, parent: CW, lat: 50.2, lon: 8}
        installed_base:
          - {site: A, product: P, units: 1}
          - {site: B, product: P, units: 1}
        demand_overrides:
          - {site: A, item: X, rate: 73}
          - {site: B, item: X, rate: 146}
        """
        if let classes {
            // Site A's installed base in class `a`, B's in class `b`.
            yaml = yaml.replacingOccurrences(of: "{site: A, product: P, units: 1}", with: "{site: A, product: P, units: 1, sla_class: a}")
                .replacingOccurrences(of: "{site: B, product: P, units: 1}", with: "{site: B, product: P, units: 1, sla_class: b}")
            yaml += "\nsla_classes:\n" + classes
        }
        return try ScenarioLoader.load(yaml: yaml, file: "repairable.yaml", baseDirectory: nil)
    }

    /// The stock of the LINGO METRIC-style case, central 3, bases 1 and 2: the simulated customer
    /// backorders and fill rate sit on Graves' exact values for the repairable network (before
    /// the defective entered repair at failure, waiting tickets held theirs until the swap and
    /// the backorders came out about three times too high).
    @Test func repairableMatchesGraves() throws {
        let s = try Self.network(cw: 3, a: 1, b: 2)
        let options = SimulationOptions(horizonDays: 3000, warmupDays: 200, replications: 12, seed: 5)
        let result = try Simulation.run(scenario: s, plan: TheoryTests.plan(s), options: options)
        let exact = try StockingModel(scenario: s).evaluate(stock: TheoryTests.plan(s), method: .exact)
        let b = try #require(result.kpi(.averageBackorders)), f = try #require(result.kpi(.fillRate))
        // Tolerance: 1.5 half-widths of the 12 replications' 95 % interval, as for the consumable case.
        let graves = exact.system.customerBackorders
        #expect(abs(b.mean - graves) <= 1.5 * b.halfWidth, "backorders \(b.mean) ± \(b.halfWidth), Graves \(graves)")
        #expect(abs(f.mean - exact.system.fillRate) <= 1.5 * f.halfWidth, "fill \(f.mean) ± \(f.halfWidth), Graves \(exact.system.fillRate)")
        // The repair loop's mean is the return plus the repair: 10 days.
        let loop = try #require(result.kpi(.repairLoopDays))
        #expect(abs(loop.mean - 10) < 1e-9, "repair loop \(loop.mean) days")
        TheoryTests.expectConservation(result)
    }

    /// No stock anywhere: every ticket is restored through its own repair, 11 days after the
    /// failure (return 1 + repair 9 + shipping 1), so the service points' backorders are
    /// λ·11 = 0.6·11 = 6.6 (Little) and 219 tickets a year are restored.
    @Test func zeroStockRestoresEveryTicket() throws {
        let s = try Self.network(cw: 0, a: 0, b: 0)
        let options = SimulationOptions(horizonDays: 3000, warmupDays: 200, replications: 8, seed: 3)
        let result = try Simulation.run(scenario: s, plan: TheoryTests.plan(s), options: options)
        let b = try #require(result.kpi(.averageBackorders)), tickets = try #require(result.kpi(.ticketsPerYear))
        let ttr = try #require(result.kpi(.ttrMean))
        #expect(abs(ttr.mean - 11) < 1e-9, "time to restore \(ttr.mean) days")
        #expect(abs(b.mean - 6.6) <= 1.5 * b.halfWidth + 0.05, "backorders \(b.mean) ± \(b.halfWidth), exact 6.6")
        #expect(abs(tickets.mean - 219) <= 1.5 * tickets.halfWidth + 1, "tickets restored \(tickets.mean) a year, demand 219")
        let exact = try StockingModel(scenario: s).evaluate(stock: TheoryTests.plan(s), method: .exact)
        #expect(abs(exact.system.customerBackorders - 6.6) < 1e-6)
        TheoryTests.expectConservation(result)
    }

    /// Repair and return with a 48-hour exchange wait and no stock: each ticket waits its two
    /// days for a spare, then sends its defective in: restored 2 + 11 = 13 days after the failure,
    /// backorders 0.6·13 = 7.8.
    @Test func exchangeWaitDelaysTheRepair() throws {
        let s = try Self.network(cw: 0, a: 0, b: 0, waitHours: 48)
        let options = SimulationOptions(horizonDays: 3000, warmupDays: 200, replications: 8, seed: 3)
        let result = try Simulation.run(scenario: s, plan: TheoryTests.plan(s), options: options)
        let ttr = try #require(result.kpi(.ttrMean)), b = try #require(result.kpi(.averageBackorders))
        #expect(abs(ttr.mean - 13) < 1e-9, "time to restore \(ttr.mean) days")
        #expect(abs(b.mean - 7.8) <= 1.5 * b.halfWidth + 0.05, "backorders \(b.mean) ± \(b.halfWidth), exact 7.8")
        TheoryTests.expectConservation(result)
    }

    /// The waits under the full workflow (quickstart, whose recommended plan holds no printhead,
    /// with a 24-hour exchange wait): every early return is authorised, received under the
    /// serial removed and repaired, and the units balance.
    @Test func exchangeWaitUnderTheWorkflow() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../scenarios/quickstart.yaml")
        var yaml = try String(contentsOf: url, encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "repair_time: \"gamma(mean=10, cv=0.4)\", condemnation: 0.10,",
                                         with: "repair_time: \"gamma(mean=10, cv=0.4)\", condemnation: 0.10, exchange_wait_hours: 24,")
        let s = try ScenarioLoader.load(yaml: yaml, file: "quickstart.yaml", baseDirectory: url.deletingLastPathComponent().path)
        let printhead = try #require(s.itemIndex["PH-IJ"])
        #expect(s.items[printhead].exchangeWaitHours == 24)
        var plan = s.policies.stockLevels ?? StockPlan(zerosFor: s)
        for site in s.sites.indices { plan[site][printhead] = 0 }
        let options = SimulationOptions(horizonDays: 120, warmupDays: 20, replications: 1, seed: 2, keepLog: true, workflow: true)
        let result = try Simulation.run(scenario: s, plan: plan, options: options)
        TheoryTests.expectConservation(result)
        // Before the defective entered repair ahead of its spare, none of these tickets was ever
        // restored (the loop held no unit); now they are, through the repair shop and the tree.
        let cells = result.replications[0].cells.filter { $0.item == printhead }
        let demands = cells.reduce(0) { $0 + $1.demands }, restored = cells.reduce(0) { $0 + $1.ttrCount }
        #expect(demands > 20 && restored > 20, "printheads restored \(restored) of \(demands)")
    }

    /// Advance exchange with no unit anywhere would never restore a ticket: the run is refused,
    /// naming the item and the ways out, instead of stalling.
    @Test func advanceExchangeWithoutStockIsRefused() throws {
        let s = try Self.network(cw: 0, a: 0, b: 0, practice: "advance_exchange")
        let options = SimulationOptions(horizonDays: 100, warmupDays: 0, replications: 1, seed: 3)
        #expect {
            _ = try Simulation.run(scenario: s, plan: TheoryTests.plan(s), options: options)
        } throws: { error in
            guard case .cannotProgress(let message) = error as? SimulationFailure else { return false }
            return message.hasPrefix("item X is repaired by advance exchange") && message.contains("repair_practice: repair_and_return")
        }
        // One unit in the loop is enough to keep it moving.
        let one = try Self.network(cw: 1, a: 0, b: 0, practice: "advance_exchange")
        let result = try Simulation.run(scenario: one, plan: TheoryTests.plan(one), options: options)
        #expect((result.kpi(.ticketsPerYear)?.mean ?? 0) > 0)
    }

    /// The practice per SLA class: with no stock, A's class waits 48 hours before its defective
    /// goes in, B's class takes the item's repair and return at once. The central warehouse
    /// serves its backorders first come, first served with interchangeable units, so the tickets'
    /// times to restore sum to Σ (wait + return 1 + repair 9 + shipping 1) whatever unit restores
    /// which ticket: the mean is 11 + 2·(share of class a's tickets) days, exactly but for the
    /// few tickets astride the window's edges; class a's own mean is the longer.
    @Test func practicePerSLAClass() throws {
        let classes = """
          - {id: a, response_hours: 4, restore_hours: 8, repair_practice: repair_and_return, exchange_wait_hours: 48}
          - {id: b, response_hours: 4, restore_hours: 8}
        """
        let s = try Self.network(cw: 0, a: 0, b: 0, classes: classes)
        let options = SimulationOptions(horizonDays: 1000, warmupDays: 100, replications: 2, seed: 4)
        let result = try Simulation.run(scenario: s, plan: TheoryTests.plan(s), options: options)
        let a = try #require(s.siteIndex["A"]), b = try #require(s.siteIndex["B"])
        for replication in result.replications {
            let cellA = try #require(replication.cells.first { $0.site == a }), cellB = try #require(replication.cells.first { $0.site == b })
            let nA = Double(cellA.ttrCount), nB = Double(cellB.ttrCount)
            #expect(nA > 150 && nB > 300)
            let mean = (nA * cellA.ttrMeanDays + nB * cellB.ttrMeanDays) / (nA + nB)
            let exact = 11 + 2 * nA / (nA + nB)
            // Tolerance 0.05 days: some ten tickets straddle each edge of the window, each off by
            // at most the 2-day wait, over some 540 tickets.
            #expect(abs(mean - exact) < 0.05, "mean time to restore \(mean) days, exact \(exact)")
            #expect(cellA.ttrMeanDays > cellB.ttrMeanDays + 0.5, "class a \(cellA.ttrMeanDays), class b \(cellB.ttrMeanDays) days")
        }
        // The same network without classes restores every ticket in exactly 11 days.
        let plain = try Self.network(cw: 0, a: 0, b: 0)
        let ttr = try #require(try Simulation.run(scenario: plain, plan: TheoryTests.plan(plain), options: options).kpi(.ttrMean))
        #expect(abs(ttr.mean - 11) < 1e-9)
        TheoryTests.expectConservation(result)
    }

    /// Advance exchange by SLA class: with no unit anywhere the run stalls only when every class
    /// with demand for the item exchanges in advance (refused, naming the classes). One class
    /// under repair and return keeps the loop fed: its repaired units become the other class's
    /// spares, and every ticket of both classes is restored.
    @Test func advanceExchangePerSLAClass() throws {
        let both = """
          - {id: a, response_hours: 4, restore_hours: 8, repair_practice: advance_exchange}
          - {id: b, response_hours: 4, restore_hours: 8, repair_practice: advance_exchange}
        """
        let stalled = try Self.network(cw: 0, a: 0, b: 0, classes: both)
        let options = SimulationOptions(horizonDays: 1000, warmupDays: 100, replications: 1, seed: 4)
        #expect {
            _ = try Simulation.run(scenario: stalled, plan: TheoryTests.plan(stalled), options: options)
        } throws: { error in
            guard case .cannotProgress(let message) = error as? SimulationFailure else { return false }
            return message.hasPrefix("item X is repaired by advance exchange (a spare first, the defective back after the swap, as SLA classes a, b require)")
                && message.hasSuffix("set repair_practice: repair_and_return on the class (the defective then goes in for repair when no spare can be sourced)")
        }
        let one = """
          - {id: a, response_hours: 4, restore_hours: 8, repair_practice: advance_exchange}
          - {id: b, response_hours: 4, restore_hours: 8}
        """
        let s = try Self.network(cw: 0, a: 0, b: 0, classes: one)
        let result = try Simulation.run(scenario: s, plan: TheoryTests.plan(s), options: options)
        let tickets = try #require(result.kpi(.ticketsPerYear))
        // 219 failures a year; the loop restores them all (A's tickets wait for B's repaired units).
        #expect(abs(tickets.mean - 219) < 30, "tickets restored \(tickets.mean) a year, demand 219")
        // Stable, not just moving: B's waiting tickets are the loop's units, so a growing queue
        // grows the loop. Class a's restores keep pace with its third of the demand.
        let a = try #require(s.siteIndex["A"]), b = try #require(s.siteIndex["B"])
        let cells = result.replications[0].cells
        let restoredA = cells.filter { $0.site == a }.reduce(0) { $0 + $1.ttrCount }
        let restoredB = cells.filter { $0.site == b }.reduce(0) { $0 + $1.ttrCount }
        let shareA = Double(restoredA) / Double(max(1, restoredA + restoredB))
        #expect(shareA > 0.28 && shareA < 0.39, "class a restored \(restoredA), class b \(restoredB)")
        TheoryTests.expectConservation(result)
    }
}
