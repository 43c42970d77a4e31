import ArgumentParser
import Foundation
import Outputs
import ServiceDesk

/// `echelon desk …`: the service desk's SQLite record.
struct DeskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "desk",
        abstract: "Inspect a service-desk database (as left by `simulate --store sqlite:PATH`).",
        subcommands: [DeskCheckCommand.self, DeskKPIsCommand.self, DeskUserCommand.self]
    )

    /// Opens the desk database the user named. A missing file, or one that is not a desk database,
    /// is the user's input (exit 1), though the store reports it as a storage error: its `kind`
    /// tells a refused write from a failed storage, not whose file it is.
    static func open(_ path: String) throws(CLIError) -> SQLiteStore {
        try context(as: .invalidInput) { try SQLiteStore.open(path: path) }
    }
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
        let store = try DeskCommand.open(path)
        let report = try store.check()
        if json {
            print(try OutputJSON.encode(report))
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

/// `echelon desk kpis PATH`: the KPIs recomputed from the record alone.
struct DeskKPIsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kpis",
        abstract: "Recompute the desk's KPIs from a desk database's event log.",
        discussion: """
            The window defaults to the simulation's measured window when the database records one \
            (measure_from_day, measure_to_day), else from day 0 to the last event. Definitions: \
            `DeskKPIs` (docs: one definition each, recomputable from the event log).
            """
    )

    @Argument(help: "The desk database.", completion: .file(extensions: ["sqlite", "db"])) var path: String
    @Option(help: "Window start, desk days.") var from: Double?
    @Option(help: "Window end, desk days (exclusive).") var to: Double?
    @Flag(help: "Print the KPIs as JSON.") var json = false

    struct Report: Encodable {
        var database: String
        var from: Double
        var to: Double
        var fillRate: Double?
        var lateralFraction: Double?
        var emergencyFraction: Double?
        var restored: Int
        var tatMeanDays: Double?
        var tatP90Days: Double?
        var repairLoopMeanDays: Double?
        var firstTimeFixRate: Double?
        var stockAgeDays: Double?
        var averageOnHand: Double
        var restoreAttainmentByClass: [String: Double?]
        var restoreAttainmentBySite: [String: Double?]
        var responseAttainmentByClass: [String: Double?]
        var failureRatioPerAssetYear: [String: Double]
        var feesBySite: [String: Double]
        var feesByJob: [String: Double]
        var feeTotal: Double
        var surveys: Int
        var satisfaction: Double?
        var returnsAuthorised: Int
        var returnsReceived: Int
        var returnRatio: Double?
        var returnLagMeanDays: Double?
        var inspections: [String: Int]
    }

    func run() throws {
        let store = try DeskCommand.open(path)
        let metaFrom = try store.meta("measure_from_day").flatMap(Double.init)
        let metaTo = try store.meta("measure_to_day").flatMap(Double.init)
        let last = try store.changes().last?.time ?? 0
        let a = from ?? metaFrom ?? 0, b = to ?? metaTo ?? (last + 1e-9)
        guard b > a else { throw CLIError.invalidInput("--to (\(b)) must be after --from (\(a))") }
        let k = try store.kpis(from: a, to: b)
        let report = Report(database: path, from: a, to: b, fillRate: k.fillRate, lateralFraction: k.lateralFraction,
                            emergencyFraction: k.emergencyFraction, restored: k.restored, tatMeanDays: k.tatMeanDays,
                            tatP90Days: k.tatQuantile(0.9), repairLoopMeanDays: k.repairLoopMeanDays,
                            firstTimeFixRate: k.firstTimeFixRate, stockAgeDays: k.stockAgeDays, averageOnHand: k.averageOnHand,
                            restoreAttainmentByClass: k.restoreByClass.mapValues(\.share),
                            restoreAttainmentBySite: k.restoreBySite.mapValues(\.share),
                            responseAttainmentByClass: k.responseByClass.mapValues(\.share),
                            failureRatioPerAssetYear: k.failureRatio, feesBySite: k.feesBySite, feesByJob: k.feesByJob,
                            feeTotal: k.feeTotal, surveys: k.surveys, satisfaction: k.satisfaction,
                            returnsAuthorised: k.returnsAuthorised, returnsReceived: k.returnsReceived,
                            returnRatio: k.returnRatio, returnLagMeanDays: k.returnLagMeanDays, inspections: k.inspections)
        if json {
            print(try OutputJSON.encode(report))
            return
        }
        func pct(_ x: Double?) -> String { x.map { EvaluationTable.percent($0) } ?? "–" }
        func num(_ x: Double?) -> String { x.map { EvaluationTable.fixed($0, 3) } ?? "–" }
        var rows: [[String]] = [
            ["fill rate (service points)", pct(k.fillRate)],
            ["lateral / emergency share", "\(pct(k.lateralFraction)) / \(pct(k.emergencyFraction))"],
            ["orders restored", "\(k.restored)"],
            ["TAT report → restore, mean / p90 (days)", "\(num(k.tatMeanDays)) / \(num(k.tatQuantile(0.9)))"],
            ["repair loop, mean (days)", num(k.repairLoopMeanDays)],
            ["first-time fix", pct(k.firstTimeFixRate)],
            ["stock on hand (units) / age (days)", "\(num(k.averageOnHand)) / \(num(k.stockAgeDays))"],
        ]
        for (cls, a) in k.restoreByClass.sorted(by: { $0.key < $1.key }) {
            rows.append(["SLA restore \(cls)", "\(pct(a.share)) of \(a.orders)"])
        }
        for (cls, a) in k.responseByClass.sorted(by: { $0.key < $1.key }) {
            rows.append(["SLA response \(cls)", "\(pct(a.share)) of \(a.orders)"])
        }
        for (p, r) in k.failureRatio.sorted(by: { $0.key < $1.key }) { rows.append(["failure ratio \(p) (per asset-year)", num(r)]) }
        if k.returnsAuthorised > 0 {
            rows.append(["return ratio (defectives back / taken out)", "\(pct(k.returnRatio)) of \(k.returnsAuthorised)"])
            rows.append(["return lag, mean (days)", num(k.returnLagMeanDays)])
            let outcomes = InspectionOutcome.allCases.map { "\($0.rawValue) \(k.inspections[$0.rawValue] ?? 0)" }
            rows.append(["inspections", outcomes.joined(separator: " · ")])
        }
        if k.surveys > 0 { rows.append(["satisfaction (1–5)", "\(num(k.satisfaction)) over \(k.surveys) surveys"]) }
        if !k.feesBySite.isEmpty { rows.append(["service fees settled", EvaluationTable.fixed(k.feeTotal, 2)]) }
        print(EvaluationTable.table(header: ["KPI (days \(EvaluationTable.fixed(a, 1))–\(EvaluationTable.fixed(b, 1)))", path],
                                    rows: rows, rightAligned: [1]))
    }
}
