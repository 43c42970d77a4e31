import ArgumentParser
import Foundation
import Outputs
import MILP
import Placement
import Reports
import ScenarioModel

/// `echelon place SCENARIO`: which depots to open, which service points each one feeds.
struct PlaceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "place",
        abstract: "Choose depots and assign service points: fixed + transport + stock cost, coverage, capacity.",
        discussion: """
            Candidates are the scenario's sites with candidate: true, demand points its service \
            points. Every service point is served by one open depot; --coverage F@Hh asks that a \
            share F of demand be within H hours of its depot; --max-response H forbids longer \
            pairs; --max-depots/--depots limit the open count. The stock cost is the holding cost \
            per year reaching --fill-rate at each depot (piecewise-linear in its demand, then \
            re-evaluated exactly). Solved exactly with GLPK (status, bound and gap reported). \
            --sweep A..B solves for exactly k open depots, k = A…B. With --out DIR: depots.csv, \
            assignment.csv, summary.json, map.svg, and with --sweep also sweep.csv, sweep.svg.
            """
    )

    @Argument(help: "The scenario's YAML file.", completion: .file(extensions: ["yaml", "yml"]))
    var scenario: String

    @Option(help: "At most K open depots.")
    var maxDepots: Int?

    @Option(help: "Exactly K open depots.")
    var depots: Int?

    @Option(help: "Coverage target F@Hh: at least F of demand within H hours of its depot (e.g. 0.95@4h); 0@4h reports coverage at 4 h without requiring any.")
    var coverage: String?

    @Option(help: "Hard response limit in hours: no service point further than this from its depot.")
    var maxResponse: Double?

    @Option(help: "Fill-rate target for the depot stock cost.")
    var fillRate = 0.95

    @Flag(help: "Leave the stock cost out of the objective.")
    var noStockCost = false

    @Option(help: "Trade-off sweep A..B: solve with exactly k open depots for k = A…B.")
    var sweep: String?

    @Option(help: "Time limit in seconds for each solve.")
    var timeLimit: Double = 60

    @Option(help: "Folder for depots.csv, assignment.csv, summary.json, map.svg (and sweep.csv, sweep.svg).")
    var out: String?

    @Flag(help: "Print the summary as JSON.")
    var json = false

    @Flag(name: .shortAndLong, help: "No progress output.")
    var quiet = false

    func validate() throws {
        if maxDepots != nil && depots != nil { throw ValidationError("give at most one of --max-depots and --depots") }
        if let k = maxDepots ?? depots, k < 1 { throw ValidationError("--max-depots/--depots must be at least 1") }
        if let c = coverage { _ = try Self.parseCoverage(c) }
        if let s = sweep { _ = try Self.parseSweep(s) }
        if let h = maxResponse, !(h.isFinite && h > 0) { throw ValidationError("--max-response must be a positive number of hours") }
        guard fillRate > 0, fillRate < 1 else { throw ValidationError("--fill-rate must be between 0 and 1 (exclusive)") }
        guard timeLimit.isFinite, timeLimit > 0 else { throw ValidationError("--time-limit must be a positive number of seconds") }
    }

    static func parseCoverage(_ text: String) throws -> PlacementProblem.Coverage {
        let parts = text.split(separator: "@", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        let usage = "--coverage must be F@Hh with 0 ≤ F ≤ 1 and H > 0 hours, e.g. 0.95@4h, or 0@4h to report coverage at 4 h without requiring any (got \"\(text)\")"
        guard parts.count == 2 else { throw ValidationError(usage) }
        var f = parts[0], h = parts[1]
        var scale = 1.0
        if f.hasSuffix("%") { f.removeLast(); scale = 0.01 }
        if h.hasSuffix("h") { h.removeLast() }
        guard let fraction = Double(f).map({ $0 * scale }), let hours = Double(h), fraction >= 0, fraction <= 1,
              hours.isFinite, hours > 0 else { throw ValidationError(usage) }
        return PlacementProblem.Coverage(fraction: fraction, hours: hours)
    }

    static func parseSweep(_ text: String) throws -> ClosedRange<Int> {
        let parts = text.components(separatedBy: "..")
        guard parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]), a >= 1, b >= a, b <= 1000 else {
            throw ValidationError("--sweep must be A..B with 1 ≤ A ≤ B, e.g. 1..8 (got \"\(text)\")")
        }
        return a...b
    }

    func run() throws {
        let clock = ContinuousClock(), started = clock.now
        let loaded = try listingProblems(under: "\(scenario) is not valid") { try ScenarioLoader.load(path: scenario) }
        let cover = try coverage.map(Self.parseCoverage)
        var settings = ScenarioPlacement.Settings(fillRate: fillRate, stockCost: !noStockCost, coverage: cover,
                                                  maxResponseHours: maxResponse)
        if let k = maxDepots { settings.openCount = .atMost(k) }
        if let k = depots { settings.openCount = .exactly(k) }
        let progress = Progress(enabled: !quiet)
        progress.update("place: building the problem and the stock-cost curves")
        let placement = try ScenarioPlacement(scenario: loaded, settings: settings)
        if let k = depots, k > placement.problem.facilities.count {
            throw CLIError.invalidInput("--depots \(k): the scenario has only \(placement.problem.facilities.count) candidate depots")
        }
        let options = PlacementOptions(timeLimit: timeLimit)
        // The problem is built from a valid scenario and the options passed validate(): a
        // PlacementError from the solve, even one of its invalidInput cases, is a failure (exit 3).
        let solution = try context(as: .failure) { try placement.problem.solve(options: options) { progress.update("place: \($0)") } }
        var sweepRows: [PlacementReport.SweepRow] = []
        if let range = try sweep.map(Self.parseSweep) {
            for k in range where k <= placement.problem.facilities.count {
                var p = placement.problem
                p.openCount = .exactly(k)
                let s = try context("sweep k = \(k)", as: .failure) {   // as for the solve above
                    try p.solve(options: options) { progress.update("place: sweep k = \(k): \($0)") }
                }
                sweepRows.append(PlacementReport.sweepRow(k: k, placement, s))
            }
        }
        progress.finish()
        let report = try PlacementReport(file: scenario, placement: placement, solution: solution,
                                         seconds: (clock.now - started).milliseconds / 1000)
        if let out { try write(out, report, sweepRows) }
        if json { print(try OutputJSON.encode(report.summary)) } else { print(report.render(outDir: out, sweep: sweepRows)) }
        guard solution.hasSolution else {
            if solution.termination == .infeasible {
                throw CLIError.invalidInput("no placement meets the constraints (\(report.summary.constraints?.description ?? "")); relax the coverage, response limit, capacity or depot count")
            }
            throw CLIError.failure("GLPK found no placement (\(solution.termination)) within the time limit")
        }
    }

    func write(_ dir: String, _ report: PlacementReport, _ sweep: [PlacementReport.SweepRow]) throws {
        try writing(to: dir) {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try report.depotsCSV().write(toFile: "\(dir)/depots.csv", atomically: true, encoding: .utf8)
            try report.assignmentCSV().write(toFile: "\(dir)/assignment.csv", atomically: true, encoding: .utf8)
            try (try OutputJSON.encode(report.summary) + "\n").write(toFile: "\(dir)/summary.json", atomically: true, encoding: .utf8)
            try ScenarioFile.write(report.placement.scenario, to: dir)
            try PlacementMap.svg(report.mapData).write(toFile: "\(dir)/map.svg", atomically: true, encoding: .utf8)
            if !sweep.isEmpty {
                try PlacementReport.sweepCSV(sweep).write(toFile: "\(dir)/sweep.csv", atomically: true, encoding: .utf8)
                try PlacementMap.sweepSVG(sweep.map(\.point), title: report.placement.scenario.name, currency: report.placement.scenario.currency,
                                          coverageHours: report.summary.coverage.hours)
                    .write(toFile: "\(dir)/sweep.svg", atomically: true, encoding: .utf8)
            }
        }
    }
}
