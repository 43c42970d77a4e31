import ArgumentParser
import Foundation
import Outputs
import ScenarioModel
import ServiceDesk
import Simulation

/// `echelon bench desk`: desk commands per second through the simulation, on the memory store and
/// on the SQLite store, beside the raw SQLite insert rates of the same machine, in one run.
struct BenchDeskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "desk",
        abstract: "Desk commands/s on the memory and SQLite stores, beside raw SQLite insert rates (JSON).",
        discussion: """
            Simulates SCENARIO (one replication, the same seed) once per store and run; the rate is \
            the desk commands the world issued (with --workflow: the workflow's commands, each one \
            transaction) over the run's wall time, so it includes the world's \
            own work (the memory rate is therefore the ceiling of the desk path). Each SQLite run \
            writes a new database in --directory (removed afterwards). The raw probe inserts rows \
            into a 5-column table with one index: once all in one transaction, once one per \
            transaction (as the desk commits one command per transaction). Medians over --runs.
            """
    )

    @Argument(help: "The scenario's YAML file.") var scenario = "scenarios/quickstart.yaml"
    @Option(help: "Simulated days after a 30-day warm-up.") var days = 365.0
    @Option(help: "Runs per store; medians are reported.") var runs = 3
    @Option(help: "Folder for the temporary databases.") var directory = FileManager.default.temporaryDirectory.path
    @Option(help: "Seed of the random streams.") var seed: UInt64 = 1
    @Flag(help: "Run the full workflow (intake, approvals, stop-watches, returns, surveys, settlement) over the desk.")
    var workflow = false
    @Flag(name: .shortAndLong, help: "No progress output.") var quiet = false

    struct StoreFigures: Codable {
        var store: String
        var commands: Int
        var changes: Int
        var seconds: [Double]
        var medianSeconds: Double
        var commandsPerSecond: Double
        var changesPerSecond: Double
        var databaseBytes: Int?
    }

    struct Report: Codable {
        var scenario: String
        var workflow: Bool
        var days: Double
        var runs: Int
        var stores: [StoreFigures]
        var rawSqlite: [SQLiteProbe.Rates]
        var rawSqliteMedian: SQLiteProbe.Rates
        var sqliteOverMemorySeconds: Double
    }

    func validate() throws {
        guard days > 0, days.isFinite, days <= 36_500 else { throw ValidationError("--days must be in (0, 36500]") }
        guard runs >= 1, runs <= 50 else { throw ValidationError("--runs must be in 1…50") }
    }

    func run() throws {
        let (s, plan) = try SimulationArguments.load(scenario, plan: nil)
        let progress = Progress(enabled: !quiet)
        var options = SimulationOptions(horizonDays: days, warmupDays: 30, replications: 1, seed: seed, threads: 1, keepLog: false,
                                        workflow: workflow)
        var memory: [Double] = [], sqlite: [Double] = [], probes: [SQLiteProbe.Rates] = []
        var commands = 0, changes = 0, bytes = 0
        for r in 0..<runs {
            progress.update("bench desk: run \(r + 1)/\(runs), memory")
            options.database = nil
            let m = try SimulationArguments.run(s, plan, options, progress: Progress(enabled: false), label: "bench desk")
            memory.append(m.replications[0].wallSeconds)
            // One transaction each: core commands, or the workflow's commands when it runs.
            commands = workflow ? m.replications[0].workflowCommands : m.replications[0].deskCommands
            progress.update("bench desk: run \(r + 1)/\(runs), sqlite")
            let path = (directory as NSString).appendingPathComponent("echelon-bench-desk-\(UUID().uuidString).sqlite")
            defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
            options.database = path
            let q = try SimulationArguments.run(s, plan, options, progress: Progress(enabled: false), label: "bench desk")
            sqlite.append(q.replications[0].wallSeconds)
            guard q.kpis == m.kpis else { throw CLIError.failure("the SQLite run's KPIs differ from the memory run's") }
            let db = try SQLiteStore.open(path: path)
            changes = try db.check().events + (try db.caseChanges().count)
            try db.close()
            bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            progress.update("bench desk: run \(r + 1)/\(runs), raw SQLite")
            probes.append(try SQLiteProbe.measure(directory: directory))
        }
        progress.finish()
        func median(_ xs: [Double]) -> Double {
            let v = xs.sorted()
            return v.count % 2 == 1 ? v[v.count / 2] : (v[v.count / 2 - 1] + v[v.count / 2]) / 2
        }
        func figures(_ name: String, _ t: [Double], _ size: Int?) -> StoreFigures {
            let m = median(t)
            return StoreFigures(store: name, commands: commands, changes: changes, seconds: t, medianSeconds: m,
                                commandsPerSecond: Double(commands) / m, changesPerSecond: Double(changes) / m, databaseBytes: size)
        }
        let report = Report(scenario: s.name, workflow: workflow, days: days, runs: runs,
                            stores: [figures("memory", memory, nil), figures("sqlite", sqlite, bytes)], rawSqlite: probes,
                            rawSqliteMedian: SQLiteProbe.Rates(rowsPerSecondOneTransaction: median(probes.map(\.rowsPerSecondOneTransaction)),
                                                               transactionsPerSecond: median(probes.map(\.transactionsPerSecond))),
                            sqliteOverMemorySeconds: median(sqlite) / median(memory))
        print(try OutputJSON.encode(report))
    }
}
