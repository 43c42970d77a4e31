import ArgumentParser
import Foundation
import Outputs
import MILP
import Placement
import Synchronization

/// `echelon bench …`: performance measurements, recorded in docs/BENCHMARKS.md. Run them from a
/// release build (`swift build -c release`); debug builds are several times slower.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure performance (medians of several runs).",
        subcommands: [BenchMILPCommand.self, BenchStockingCommand.self, BenchUFLCommand.self, BenchDESCommand.self, BenchDeskCommand.self, BenchAPICommand.self]
    )
}

/// `echelon bench milp`: the MILP layer on Beasley's OR-Library facility-location instances,
/// split into model building, validation and the GLPK solve, each checked against the proven
/// optimum.
struct BenchMILPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "milp",
        abstract: "Time model building, validation and GLPK solves on OR-Library UFL instances.",
        discussion: """
            Each instance is built in the strong formulation (x_ij <= y_i), validated and solved \
            RUNS times; the table gives the median of each phase and checks the optimum against \
            data/benchmarks/orlib-ufl/uncapopt.txt.
            """
    )

    @Option(help: "Folder with the OR-Library files and uncapopt.txt.")
    var data = "data/benchmarks/orlib-ufl"

    @Option(help: "Comma-separated instance names.")
    var instances = "cap71,cap72,cap73,cap74,cap101,cap102,cap103,cap104,cap131,cap132,cap133,cap134"

    @Option(help: "Runs per instance (the median is reported).")
    var runs = 5

    @Flag(help: "Print the results as JSON.")
    var json = false

    @Flag(name: .shortAndLong, help: "No progress output.")
    var quiet = false

    func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
    }

    func run() throws {
        let names = instances.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
        let optima = try ORLibraryUFL.optima(path: "\(data)/uncapopt.txt")
        let progress = Progress(enabled: !quiet)
        var results: [BenchRow] = []
        for (k, name) in names.enumerated() {
            let instance = try ORLibraryUFL.read(path: "\(data)/\(name).txt")
            var build: [Double] = [], check: [Double] = [], solve: [Double] = []
            var objective = Double.nan
            var model = Model()
            for r in 0..<runs {
                progress.update("bench milp: \(name) (\(k + 1)/\(names.count)) run \(r + 1)/\(runs)")
                let clock = ContinuousClock()
                let t0 = clock.now
                model = instance.strongModel()
                let t1 = clock.now
                try context(name) { try model.validate() }
                let t2 = clock.now
                let solution = try context(name) { try model.solve() }
                let t3 = clock.now
                guard solution.termination == .optimal, let z = solution.objective else {
                    throw CLIError.failure("\(name): GLPK stopped with \(solution.termination)")
                }
                objective = z
                build.append((t1 - t0).milliseconds)
                check.append((t2 - t1).milliseconds)
                solve.append((t3 - t2).milliseconds)
            }
            let known = optima[name]
            results.append(BenchRow(
                instance: name, depots: instance.depotCount, customers: instance.customerCount,
                variables: model.variables.count, rows: model.constraints.count, nonzeros: model.nonzeroCount,
                buildMs: median(build), validateMs: median(check), solveMs: median(solve),
                objective: objective, knownOptimum: known,
                matches: known.map { abs(objective - $0) <= 1e-3 + 1e-9 * abs($0) }))
        }
        progress.finish()
        if json {
            print(try OutputJSON.encode(BenchReport(runs: runs, results: results)))
        } else {
            print(render(results))
        }
        if results.contains(where: { $0.matches == false }) {
            throw CLIError.failure("an objective differs from the OR-Library optimum")
        }
    }

    func render(_ rows: [BenchRow]) -> String {
        var out = "median of \(runs) run\(runs == 1 ? "" : "s"), milliseconds\n"
        out += "instance    m×n      vars   rows    nnz    build  validate    solve        objective  optimum\n"
        for r in rows {
            let size = "\(r.depots)×\(r.customers)"
            out += r.instance.padding(toLength: 10, withPad: " ", startingAt: 0) + "  "
            out += size.padding(toLength: 6, withPad: " ", startingAt: 0)
            out += String(format: " %6d %6d %6d %8.2f %9.2f %8.2f %16.3f  %@\n",
                          r.variables, r.rows, r.nonzeros, r.buildMs, r.validateMs, r.solveMs, r.objective,
                          r.matches == nil ? "unknown" : (r.matches == true ? "ok" : "DIFFERS"))
        }
        return out.trimmingCharacters(in: .newlines)
    }
}

struct BenchRow: Encodable {
    var instance: String
    var depots: Int
    var customers: Int
    var variables: Int
    var rows: Int
    var nonzeros: Int
    var buildMs: Double
    var validateMs: Double
    var solveMs: Double
    var objective: Double
    var knownOptimum: Double?
    var matches: Bool?
}

struct BenchReport: Encodable {
    var runs: Int
    var results: [BenchRow]
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    guard !s.isEmpty else { return .nan }
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

extension Duration {
    var milliseconds: Double {
        let (s, atto) = components
        return Double(s) * 1000 + Double(atto) * 1e-15
    }
}

/// One line of progress on stderr, rewritten in place; silent when stderr is not a terminal or
/// when disabled (`--quiet`).
final class Progress: Sendable {
    let enabled: Bool
    /// Whether a progress line is on screen; the lock also keeps writes from interleaving.
    private let shown = Mutex(false)

    init(enabled: Bool) {
        self.enabled = enabled && isatty(STDERR_FILENO) != 0
    }

    /// Replaces the progress line (safe from any thread).
    func update(_ text: String) {
        guard enabled else { return }
        shown.withLock { shown in
            FileHandle.standardError.write(Data("\r\u{1B}[2K\(text)".utf8))
            shown = true
        }
    }

    func finish() {
        guard enabled else { return }
        shown.withLock { shown in
            guard shown else { return }
            FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
        }
    }
}

extension ORLibraryUFL {
    /// The strong formulation: Σᵢ xᵢⱼ = 1, xᵢⱼ ≤ yᵢ, minimize Σ fᵢ yᵢ + Σ cᵢⱼ xᵢⱼ.
    func strongModel() -> Model {
        var model = Model(name: "ufl")
        let y = fixedCost.indices.map { model.addVariable("y\($0)", kind: .binary, objective: fixedCost[$0]) }
        for (j, row) in cost.enumerated() {
            let x = row.indices.map { model.addVariable("x\($0)_\(j)", upper: 1, objective: row[$0]) }
            model.addConstraint("serve\(j)", terms: x.map { Term($0, 1) }, .equal(1))
            for i in row.indices {
                model.addConstraint("link\(i)_\(j)", terms: [Term(x[i], 1), Term(y[i], -1)], .lessEqual(0))
            }
        }
        return model
    }
}
