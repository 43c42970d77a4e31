import Foundation
import ScenarioModel
import ServiceDesk
import Simulation
import Testing

/// The simulation through the SQLite desk: the same KPIs as in memory, and a database that holds
/// the whole record.
@Suite("Simulation on the SQLite desk")
struct StoreTests {
    /// Quickstart (engineers, pools, repairables) for 100 days after a 20-day warm-up: the SQLite
    /// run gives exactly the memory run's KPIs (which recycles ids; the SQLite run does not), its
    /// event log read back is change for change the memory log, and the file passes
    /// `PRAGMA integrity_check`, the foreign-key check and the ledger balance.
    @Test func sqliteRunMatchesMemoryRun() throws {
        let (s, plan) = try InvariantTests.quickstart()
        let dir = try TemporaryFolder()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.path("desk.sqlite")
        var options = SimulationOptions(horizonDays: 100, warmupDays: 20, replications: 1, seed: 11, noPartFraction: 0.1)
        let memory = try Simulation.run(scenario: s, plan: plan, options: options)
        options.keepLog = true
        let logged = try Simulation.run(scenario: s, plan: plan, options: options)
        options.keepLog = false
        options.database = path
        let sqlite = try Simulation.run(scenario: s, plan: plan, options: options)

        #expect(sqlite.kpis == memory.kpis)
        #expect(logged.kpis == memory.kpis)
        let db = try SQLiteStore.open(path: path)
        let report = try db.check()
        #expect(report.passed, "\(report)")
        let log = try db.changes()
        #expect(log.count > 1_000)
        #expect(log == logged.replications[0].log)
        #expect(try db.meta("measure_from_day") == "20.0")
        #expect(report.orders == log.count { if case .orderOpened = $0 { true } else { false } })
        // One definition each: the KPIs recomputed from the record alone are the run's.
        let k = try db.kpis(from: 20, to: 120)
        // Every KPI the desk defines, under the simulation's key.
        for key in DeskKPIs.sharedKeys(classes: s.slaClasses.map(\.id)) { Self.expectSame(sqlite, key, k.value(key)) }
    }

    /// The full workflow in the simulation (assets, intake, approvals, stop-watches on business
    /// hours, returns with serials, surveys, settlement): the same KPIs on both stores, a record
    /// that passes its checks, and KPIs recomputed from it equal to the run's, SLA included.
    @Test func workflowRunOnBothStores() throws {
        let (s, plan) = try InvariantTests.quickstart()
        let dir = try TemporaryFolder()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.path("desk.sqlite")
        var options = SimulationOptions(horizonDays: 60, warmupDays: 10, replications: 1, seed: 5, remoteFixFraction: 0.05,
                                        workflow: true)
        let memory = try Simulation.run(scenario: s, plan: plan, options: options)
        options.database = path
        let sqlite = try Simulation.run(scenario: s, plan: plan, options: options)
        #expect(sqlite.kpis == memory.kpis)
        let db = try SQLiteStore.open(path: path)
        let report = try db.check()
        #expect(report.passed, "\(report)")
        let k = try db.kpis(from: 10, to: 70)
        for key in [KPI.fillRate, .ttrMean, .firstTimeFixRate] + s.slaClasses.flatMap({ [KPI.slaRestore(slaClass: $0.id), .slaResponse(slaClass: $0.id)] }) {
            Self.expectSame(sqlite, key, k.value(key))
        }
        // The workflow's own record: every installed unit an asset, every order a case, surveys
        // and fees for the closed ones, and conservation of units as without the workflow.
        let changes = try db.caseChanges()
        #expect(changes.count { if case .assetRegistered = $0 { true } else { false } } == s.installedBase.reduce(0) { $0 + $1.units })
        #expect(changes.count { if case .intake = $0 { true } else { false } } == report.orders)
        #expect(k.surveys > 0 && k.feeTotal > 0 && (k.satisfaction ?? 0) > 3)
        for r in sqlite.replications {
            for item in s.items.indices {
                #expect(r.unitsAtEnd[item] == r.unitsAtStart[item] + r.unitsBought[item] - r.unitsConsumed[item])
            }
        }
        // The live desk comes back from the record: the command log replays to exactly the
        // logged changes, and the rebuilt desk holds the record's balances.
        let live = try ServiceWorkflow.restore(scenario: s, store: db)
        let logged = try db.commands().count
        #expect(live.desk.commandCount > 0 && live.commandCount == logged)
        let balances = try db.stockBalances()
        #expect(!balances.isEmpty)
        for b in balances { #expect(live.desk.onHand(site: b.site, item: b.item) == b.onHand) }
    }

    /// The run's KPI `key` equals `value` recomputed from its record (to rounding).
    static func expectSame(_ result: SimulationResult, _ key: KPI, _ value: Double?,
                           sourceLocation: SourceLocation = #_sourceLocation) {
        let name = key.name
        guard let run = result.kpi(key)?.mean, let value else {
            Issue.record("\(name) missing", sourceLocation: sourceLocation)
            return
        }
        #expect(abs(run - value) <= 1e-9 * max(1, abs(run)), "\(name): run \(run), record \(value)", sourceLocation: sourceLocation)
    }

    /// A database path that already exists is refused before anything runs, naming the file.
    @Test func existingDatabaseIsRefused() throws {
        let (s, plan) = try InvariantTests.quickstart()
        let dir = try TemporaryFolder()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.path("taken.sqlite")
        try Data("x".utf8).write(to: URL(fileURLWithPath: path))
        let options = SimulationOptions(horizonDays: 10, warmupDays: 0, replications: 1, database: path)
        #expect {
            _ = try Simulation.run(scenario: s, plan: plan, options: options)
        } throws: { error in
            guard case .store(let message) = error as? SimulationFailure else { return false }
            return message.contains(path) && message.contains("already exists")
        }
    }
}

/// A temporary folder, removed when released.
final class TemporaryFolder {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("echelon-sim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    deinit { try? FileManager.default.removeItem(at: url) }
}
