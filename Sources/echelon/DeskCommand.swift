import ArgumentParser
import Foundation
import ServiceDesk

/// `echelon desk …`: the service desk's SQLite record.
struct DeskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "desk",
        abstract: "Inspect a service-desk database (as left by `simulate --store sqlite:PATH`).",
        subcommands: [DeskCheckCommand.self]
    )
}

/// `echelon desk check PATH`: SQLite's integrity and foreign-key checks plus the stock ledger's balance.
struct DeskCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a desk database: PRAGMA integrity_check, foreign keys, the ledger's balance and order states.",
        discussion: """
            The ledger balances when, for every site and item, the opening stock plus the sum of the
            ledger's moves equals the on-hand balance, and every move's recorded level equals the
            running sum up to it. Exit status 0 when every check passes, 3 otherwise.
            """
    )

    @Argument(help: "The desk database.", completion: .file(extensions: ["sqlite", "db"])) var path: String
    @Flag(help: "Print the report as JSON.") var json = false

    func run() throws {
        let store: SQLiteStore
        do { store = try SQLiteStore.open(path: path) } catch { throw CLIError.invalidInput(error.description) }
        let report: DeskIntegrityReport
        do { report = try store.check() } catch { throw CLIError.failure(error.description) }
        if json {
            print(try JSONOutput.encode(report))
        } else {
            let rows: [[String]] = [
                ["integrity_check", report.integrity],
                ["foreign key violations", "\(report.foreignKeyViolations)"],
                ["unbalanced stock cells", "\(report.unbalancedCells)"],
                ["ledger levels off the running sum", "\(report.ledgerLevelMismatches)"],
                ["unbalanced backorder cells", "\(report.unbalancedBackorders)"],
                ["orders off their last transition", "\(report.orderStateMismatches)"],
                ["events", "\(report.events)"],
                ["ledger moves", "\(report.ledgerMoves)"],
                ["orders / shipments / visits", "\(report.orders) / \(report.shipments) / \(report.visits)"],
            ]
            print(EvaluationTable.table(header: ["check", path], rows: rows, rightAligned: [1]))
            print(report.passed ? "\nevery check passed" : "\nCHECK FAILED")
        }
        if !report.passed { throw CLIError.failure("\(path): the desk database fails its checks") }
    }
}
