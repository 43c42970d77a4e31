import ArgumentParser
import Foundation
import Reports

/// `echelon report DIR`: one self-contained HTML page for every output set in a folder.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Turn output folders (optimize, place, simulate, compare) into one self-contained HTML report.",
        discussion: """
            Finds every output set in DIR and its immediate subfolders (stock-plan.csv + \
            summary.json: optimize; depots.csv + summary.json: place; kpis.json: simulate; \
            compare.json: compare) and writes one page: the question and the inputs in brief \
            (from scenario.json), key figures with 95 % intervals, charts as inline SVG, and \
            tables of the plan. No scripts, no external assets; it prints cleanly. Writes \
            DIR/report.html unless --out names another file, and prints the path.
            """
    )

    @Argument(help: "An output folder (its immediate subfolders are searched too).", completion: .directory)
    var directory: String

    @Option(help: "Where to write the report (default: DIR/report.html).")
    var out: String?

    @Option(help: "The report's title (default: \"Echelon report: <folder name>\").")
    var title: String?

    @Flag(name: .shortAndLong, help: "Print nothing on success.")
    var quiet = false

    func run() throws {
        let report = try HTMLReport(directory: directory, title: title)
        let path = out ?? (directory as NSString).appendingPathComponent("report.html")
        try report.write(to: path)
        if !quiet { print(path) }
    }
}
