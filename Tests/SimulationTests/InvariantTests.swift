import Foundation
import ScenarioModel
import ServiceDesk
import Simulation
import Testing

let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Invariants of whole runs on the quickstart network (repairables, engineers, pools, a surge).
@Suite("Simulation invariants")
struct InvariantTests {
    static func quickstart() throws -> (Scenario, StockPlan) {
        let s = try ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("scenarios/quickstart.yaml").path)
        let plan = try #require(s.policies.stockLevels)
        return (s, plan)
    }

    /// Units are conserved item by item: what the desk holds at the end (shelves, reservations,
    /// shipments and repairs under way) = the plan + units bought − consumables fitted − condemned.
    @Test func stockIsConserved() throws {
        let (s, plan) = try Self.quickstart()
        let options = SimulationOptions(horizonDays: 400, warmupDays: 30, replications: 2, seed: 3, noPartFraction: 0.1)
        let result = try Simulation.run(scenario: s, plan: plan, options: options)
        for r in result.replications {
            for item in s.items.indices {
                #expect(r.unitsAtEnd[item] == r.unitsAtStart[item] + r.unitsBought[item] - r.unitsConsumed[item],
                        "\(s.items[item].id): end \(r.unitsAtEnd[item]), start \(r.unitsAtStart[item]), bought \(r.unitsBought[item]), consumed \(r.unitsConsumed[item])")
                #expect(r.unitsAtEnd[item] >= 0)
            }
            #expect(r.events.failure > 0)
        }
        let fill = try #require(result.kpi(.fillRate))
        #expect(fill.mean > 0 && fill.mean < 1)
        let utilisation = try #require(result.kpi(.engineerUtilisation))
        #expect(utilisation.mean > 0 && utilisation.mean < 1)
        #expect(try #require(result.kpi(.firstTimeFixRate)).mean == 1)
        #expect(try #require(result.kpi(.repairLoopDays)).mean > 0)
    }

    /// The weekly series per SLA class adds up: each week's classes sum to its totals, and over the
    /// measured weeks (warm-up a whole number of weeks) each class's share within target is exactly
    /// the run's `sla_restore_<class>`.
    @Test func weeklySeriesPerClassAddsUp() throws {
        let (s, plan) = try Self.quickstart()
        let options = SimulationOptions(horizonDays: 154, warmupDays: 14, replications: 2, seed: 5)
        let result = try Simulation.run(scenario: s, plan: plan, options: options)
        #expect(s.slaClasses.count == 2)
        for (r, replication) in result.replications.enumerated() {
            #expect(replication.weeks.count == 24)  // (14 + 154) days
            for week in replication.weeks {
                #expect(week.ticketsByClass.count == s.slaClasses.count)
                #expect(week.ticketsByClass.reduce(0, +) == week.ticketsResolved)
                let within = zip(week.ticketsByClass, week.slaAttainmentByClass).map { n, share in Double(n) * (share ?? 0) }
                #expect(abs(within.reduce(0, +) - Double(week.ticketsResolved) * (week.slaAttainment ?? 0)) < 1e-9)
            }
            for (k, sla) in s.slaClasses.enumerated() {
                let measured = replication.weeks.filter { $0.startDay >= options.warmupDays }
                let tickets = measured.reduce(0) { $0 + $1.ticketsByClass[k] }
                let within = measured.reduce(0.0) { $0 + Double($1.ticketsByClass[k]) * ($1.slaAttainmentByClass[k] ?? 0) }
                #expect(tickets > 0)
                let kpi = try #require(result.kpi(.slaRestore(slaClass: sla.id)))
                #expect(abs(within / Double(tickets) - kpi.replications[r]) < 1e-9, "\(sla.id), replication \(r + 1)")
            }
        }
    }

    /// The same seed gives the same figures whatever the number of threads.
    @Test func resultsDoNotDependOnThreads() throws {
        let (s, plan) = try Self.quickstart()
        var options = SimulationOptions(horizonDays: 120, warmupDays: 10, replications: 4, seed: 9, threads: 1)
        let one = try Simulation.run(scenario: s, plan: plan, options: options)
        options.threads = 3
        let three = try Simulation.run(scenario: s, plan: plan, options: options)
        #expect(one.kpis.map(\.replications) == three.kpis.map(\.replications))
        #expect(one.replications.map(\.events) == three.replications.map(\.events))
    }

    /// Bad options are refused with a reason, before anything runs.
    @Test func badOptionsAreRefused() throws {
        let (s, plan) = try Self.quickstart()
        #expect(throws: SimulationFailure.self) {
            try Simulation.run(scenario: s, plan: plan, options: SimulationOptions(horizonDays: 0))
        }
        #expect(throws: SimulationFailure.self) {
            try Simulation.run(scenario: s, plan: [[1]], options: SimulationOptions())
        }
        #expect(throws: SimulationFailure.self) {
            try Simulation.run(scenario: s, plan: plan, options: SimulationOptions(remoteFixFraction: 1.5))
        }
    }
}
