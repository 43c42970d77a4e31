import ArgumentParser
import Foundation
import Outputs
import MILP
import Placement

/// `echelon bench ufl FILE…`: solves OR-Library uncapacitated facility location instances with
/// Placement's exact path (bounds, pair pricing, GLPK) and prints JSON.
struct BenchUFLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ufl",
        abstract: "Solve OR-Library UFL instances (or a generated national one) to proven optimality; print JSON.",
        discussion: """
            Each FILE is in Beasley's OR-Library format (data/benchmarks/orlib-ufl/README.md). The \
            JSON gives objective, optimal (true when proven), bound, gap, seconds and open (the \
            opened facilities, 1-based as in the file); with several files or --runs, seconds is \
            the median. When the file's folder has uncapopt.txt, known_optimum and matches are \
            added and a mismatch exits with 3. --generate DxP solves a seeded synthetic national \
            network of D candidate depots and P demand points instead. Run from a release build.
            """
    )

    @Argument(help: "OR-Library files.", completion: .file(extensions: ["txt"]))
    var files: [String] = []

    @Option(help: "Solve every cap*.txt file in this folder.")
    var all: String?

    @Option(help: "Generate a national instance DEPOTSxPOINTS (e.g. 250x2000) instead of reading files.")
    var generate: String?

    @Option(help: "Seed of the generated instance.")
    var seed: UInt64 = 2026

    @Option(help: "Hard response limit in hours for the generated instance.")
    var maxResponse: Double?

    @Option(help: "Generated instance: every depot's capacity as a share of total demand (e.g. 0.08).")
    var capacityShare: Double?

    @Option(help: "Side constraint for a stress test: coverage target F@Hh (the problem is then not a UFL).")
    var coverage: String?

    @Option(help: "Side constraint for a stress test: at most K open depots.")
    var maxDepots: Int?

    @Option(help: "Time limit in seconds per solve.")
    var timeLimit: Double = 600

    @Option(help: "Pairs per demand point in the first restricted LP.")
    var nearest = PlacementOptions().nearest

    @Option(help: "Subgradient iterations of the Lagrangian bound.")
    var subgradient = PlacementOptions().subgradientIterations

    @Option(help: "Runs per instance (seconds is the median).")
    var runs = 1

    @Flag(help: "Solve with GLPK on the full strong formulation only (no bounds, no pricing): the baseline.")
    var plain = false

    @Flag(name: .shortAndLong, help: "No progress output.")
    var quiet = false

    func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
        guard nearest >= 1 else { throw ValidationError("--nearest must be at least 1") }
        guard subgradient >= 0 else { throw ValidationError("--subgradient must be ≥ 0") }
        guard timeLimit.isFinite, timeLimit > 0 else { throw ValidationError("--time-limit must be a positive number of seconds") }
        if let g = generate { _ = try Self.size(g) }
        guard !files.isEmpty || all != nil || generate != nil else {
            throw ValidationError("give FILE arguments, --all DIR or --generate DxP")
        }
        if let h = maxResponse, !(h.isFinite && h > 0) { throw ValidationError("--max-response must be a positive number of hours") }
        if let c = coverage { _ = try PlaceCommand.parseCoverage(c) }
        if let k = maxDepots, k < 1 { throw ValidationError("--max-depots must be at least 1") }
        if let c = capacityShare, !(c.isFinite && c > 0) { throw ValidationError("--capacity-share must be positive") }
    }

    static func size(_ text: String) throws -> (Int, Int) {
        let parts = text.lowercased().split(separator: "x")
        guard parts.count == 2, let d = Int(parts[0]), let p = Int(parts[1]), d >= 1, p >= 1, d * p <= 50_000_000 else {
            throw ValidationError("--generate must be DEPOTSxPOINTS with positive whole numbers, e.g. 250x2000 (got \"\(text)\")")
        }
        return (d, p)
    }

    struct Row: Encodable {
        var instance: String
        var depots: Int
        var customers: Int
        var objective: Double?
        var optimal: Bool
        var status: String
        var bound: Double?
        var gap: Double?
        var seconds: Double
        var runs: [Double]
        var open: [Int]
        var heuristicObjective: Double?
        var knownOptimum: Double?
        var matches: Bool?
        var statistics: PlacementStatistics

        enum CodingKeys: String, CodingKey {
            case instance, depots, customers, objective, optimal, status, bound, gap, seconds, runs, open
            case heuristicObjective, knownOptimum, matches, statistics
        }

        /// Absent values are written as null: the keys are the command's API.
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(instance, forKey: .instance)
            try c.encode(depots, forKey: .depots)
            try c.encode(customers, forKey: .customers)
            try c.encode(objective, forKey: .objective)
            try c.encode(optimal, forKey: .optimal)
            try c.encode(status, forKey: .status)
            try c.encode(bound, forKey: .bound)
            try c.encode(gap, forKey: .gap)
            try c.encode(seconds, forKey: .seconds)
            try c.encode(runs, forKey: .runs)
            try c.encode(open, forKey: .open)
            try c.encode(heuristicObjective, forKey: .heuristicObjective)
            try c.encodeIfPresent(knownOptimum, forKey: .knownOptimum)
            try c.encodeIfPresent(matches, forKey: .matches)
            try c.encode(statistics, forKey: .statistics)
        }
    }

    func run() throws {
        var jobs: [(name: String, load: () throws -> PlacementProblem, known: Double?)] = []
        if let g = generate {
            let (d, p) = try Self.size(g)
            let seed = self.seed, limit = maxResponse, share = capacityShare
            jobs.append(("national-\(d)x\(p)-seed\(seed)\(limit.map { "-max\($0)h" } ?? "")\(share.map { "-cap\($0)" } ?? "")", {
                try SyntheticPlacement.national(depots: d, points: p, seed: seed, maxResponseHours: limit, capacityShare: share).problem
            }, nil))
        }
        var paths = files
        if let dir = all {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else {
                throw CLIError.invalidInput("\(dir): cannot read folder")
            }
            let caps = names.filter { $0.hasPrefix("cap") && $0.hasSuffix(".txt") }
            guard !caps.isEmpty else { throw CLIError.invalidInput("\(dir): no cap*.txt files") }
            paths += caps.sorted { Self.order($0) < Self.order($1) }.map { "\(dir)/\($0)" }
        }
        var optimaCache: [String: [String: Double]] = [:]
        for path in paths {
            let url = URL(fileURLWithPath: path)
            let name = url.deletingPathExtension().lastPathComponent
            let folder = url.deletingLastPathComponent().path
            if optimaCache[folder] == nil {
                optimaCache[folder] = (try? ORLibraryUFL.optima(path: "\(folder)/uncapopt.txt")) ?? [:]
            }
            jobs.append((name, { try ORLibraryUFL.read(path: path).uncapacitatedProblem() }, optimaCache[folder]?[name]))
        }
        let progress = Progress(enabled: !quiet)
        var rows: [Row] = []
        for (k, job) in jobs.enumerated() {
            var problem = try job.load()
            if let c = coverage { problem.coverage = try PlaceCommand.parseCoverage(c) }
            if let k = maxDepots { problem.openCount = .atMost(k) }
            var times: [Double] = []
            var last: PlacementSolution?
            for r in 0..<runs {
                let label = "bench ufl: \(job.name) (\(k + 1)/\(jobs.count)) run \(r + 1)/\(runs)"
                progress.update(label)
                let clock = ContinuousClock(), t0 = clock.now
                // The instance parsed and the flags passed their checks, so a PlacementError from
                // the solve, even one of its invalidInput cases, is a failure (exit 3).
                let s = try context(job.name, as: .failure) {
                    plain ? try Self.plainSolve(problem, timeLimit: timeLimit)
                        : try problem.solve(options: PlacementOptions(timeLimit: timeLimit, nearest: nearest,
                                                                      subgradientIterations: subgradient)) { progress.update("\(label): \($0)") }
                }
                times.append((clock.now - t0).milliseconds / 1000)
                last = s
            }
            guard let s = last else { continue }
            let matches = job.known.flatMap { known in s.objective.map { abs($0 - known) <= 1e-3 + 1e-9 * abs(known) } }
            rows.append(Row(instance: job.name, depots: problem.facilities.count, customers: problem.customers.count,
                            objective: s.objective, optimal: s.termination == .optimal, status: s.termination.code,
                            bound: s.bound, gap: s.relativeGap, seconds: median(times), runs: times,
                            open: s.openDepots.map { $0 + 1 }, heuristicObjective: s.heuristicObjective,
                            knownOptimum: job.known, matches: matches, statistics: s.statistics))
        }
        progress.finish()
        if rows.count == 1 { print(try OutputJSON.encode(rows[0])) } else { print(try OutputJSON.encode(rows)) }
        if rows.contains(where: { $0.matches == false }) {
            throw CLIError.failure("an objective differs from the known optimum")
        }
    }

    /// cap71 < cap72 < … < cap134 < capa < capb < capc.
    static func order(_ name: String) -> (Int, String) {
        let digits = name.dropFirst(3).prefix { $0.isNumber }
        return (Int(digits) ?? Int.max, name)
    }

    /// The baseline: GLPK on the full strong formulation, no bounds or pricing.
    static func plainSolve(_ p: PlacementProblem, timeLimit: Double) throws -> PlacementSolution {
        var options = PlacementOptions(timeLimit: timeLimit)
        options.fastPath = false
        options.reduce = false
        return try p.solve(options: options)
    }
}
