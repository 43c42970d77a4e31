import Dispatch
import Foundation
import Synchronization
import Testing

/// Repository root, from this file's path (Tests/EchelonCLITests/CLITests.swift).
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The built `echelon` binary: next to the test bundle in SwiftPM's products directory.
func echelonBinary() -> URL {
    for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
        return bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("echelon")
    }
    return Bundle.main.bundleURL.appendingPathComponent("echelon")
}

struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs `executable` with `arguments` from the repository root, `environment` added to the
/// test's own. Both pipes are drained at once (stderr on another thread while this one reads
/// stdout): a child that fills one pipe's buffer (64 KiB) while the other is being read to its
/// end would otherwise block forever on its write, and the test with it.
func run(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) throws -> RunResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = repositoryRoot
    if !environment.isEmpty {
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stderr = PipeDrain(err.fileHandleForReading)
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = stderr.wait()
    process.waitUntilExit()
    return RunResult(status: process.terminationStatus,
                     stdout: String(decoding: o, as: UTF8.self),
                     stderr: String(decoding: e, as: UTF8.self))
}

/// Reads a file handle to its end on a thread of its own.
final class PipeDrain: Sendable {
    private let data = Mutex(Data())
    private let done = DispatchGroup()

    init(_ handle: FileHandle) {
        done.enter()
        Thread.detachNewThread {
            let read = handle.readDataToEndOfFile()
            self.data.withLock { $0 = read }
            self.done.leave()
        }
    }

    /// Everything read, once the writer has closed its end.
    func wait() -> Data {
        done.wait()
        return data.withLock { $0 }
    }
}

/// Runs `echelon` with `arguments` from the repository root.
func echelon(_ arguments: String...) throws -> RunResult {
    try run(echelonBinary(), arguments)
}

/// The value of the row LABEL of `validate`'s summary (`  LABEL   VALUE`), whole; nil when the
/// summary has no such row.
func summaryRow(_ summary: String, _ label: String) -> String? {
    summary.split(separator: "\n").first { $0.hasPrefix("  \(label)  ") }.map { String($0.dropFirst(2 + label.count).drop { $0 == " " }) }
}

/// The CLI's output and exit codes are API: these tests pin them.
@Suite("echelon CLI")
struct CLITests {
    @Test func version() throws {
        let r = try echelon("--version")
        #expect(r.status == 0)
        #expect(r.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.1.0")
    }

    /// Usage errors exit with 2, and stderr holds exactly the error and the usage line of the
    /// command concerned (the help texts themselves: HelpTests).
    @Test(arguments: [
        (["--bogus"], "Error: Unknown option '--bogus'\nUsage: echelon <subcommand>\n  See 'echelon --help' for more information.\n"),
        (["frobnicate"], "Error: Unexpected argument 'frobnicate'\nUsage: echelon <subcommand>\n  See 'echelon --help' for more information.\n"),
        (["bench", "nonsense"],
         "Error: Unexpected argument 'nonsense'\nUsage: echelon bench <subcommand>\n  See 'echelon bench --help' for more information.\n"),
        (["validate"], """
            Error: Missing expected argument '<scenario>'
            Help:  <scenario>  The scenario's YAML file.
            Usage: echelon validate <scenario> [--json] [--quiet]
              See 'echelon validate --help' for more information.

            """),
    ])
    func usageErrorsExitWith2(arguments: [String], stderr: String) throws {
        let r = try run(echelonBinary(), arguments, environment: ["COLUMNS": "80"])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == stderr)
    }

    /// A scenario with 500 unknown parents of long names: `validate` writes about 90 KB to stderr
    /// (with `--json`, about 150 KB to stdout as well), more than a pipe holds. The harness
    /// drains both pipes at once, so the run returns with every problem; reading stdout to its
    /// end first would hang (the time limit turns such a hang into a failure).
    @Test(.timeLimit(.minutes(2)))
    func outputBeyondAPipeBufferIsReadWhole() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("echelon-many-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var yaml = "format: 1\nname: Many problems\ncurrency: EUR\nitems: [{id: PUMP, name: Pump, unit_cost: 100}]\nsites:\n"
        yaml += "  - {id: CW, name: Central, kind: central_warehouse, lat: 50, lon: 8}\n"
        let nowhere = "a-regional-depot-that-this-scenario-never-defines-anywhere-number-"
        for k in 0..<500 { yaml += "  - {id: SP-\(k), name: Point \(k), kind: service_point, parent: \(nowhere)\(k), lat: 50, lon: 8}\n" }
        let file = dir.appendingPathComponent("many.yaml").path
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)
        // Site k + 1 is on line k + 7 and names an unknown parent.
        let unknown = (0..<500).map { "\(file):\($0 + 7): sites[\($0 + 1)].parent: unknown site \"\(nowhere)\($0)\"" }

        let r = try echelon("validate", file)
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.utf8.count > 65_536)
        let lines = r.stderr.split(separator: "\n").map(String.init)
        let problems = lines.count - 1
        #expect(lines.first == "echelon: \(file) is not valid (\(problems) problems):")
        #expect(lines.filter { $0.contains("].parent: unknown site") } == unknown)   // picks the 500 lines, compared whole

        let json = try echelon("validate", file, "--json")
        #expect(json.status == 1)
        #expect(json.stdout.utf8.count > 65_536 && json.stderr.utf8.count > 65_536)
        #expect(json.stderr == r.stderr)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(doc["valid"] as? Bool == false)
        #expect((doc["diagnostics"] as? [Any])?.count == problems)
    }

    /// The quickstart's figures, by hand from scenarios/quickstart.yaml: 13 sites (1 central
    /// warehouse, 2 regional depots, 8 service points, a repair shop and a supplier), levels 1/2/8.
    /// The summary is the command's output: compared whole.
    @Test func validateQuickstart() throws {
        let r = try echelon("validate", "scenarios/quickstart.yaml")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == """
            Quickstart — coder service network DE/Benelux  (scenarios/quickstart.yaml)
              sites             13 (1 central warehouse, 2 regional depots, 8 service points, 1 repair shop, 1 supplier)
              echelons          level 0: 1 · level 1: 2 · level 2: 8
              candidate depots  2
              pools             2
              items             12 (4 repairable, 8 consumable)
              products          2, 1,640 installed units
              failures          2600.2 per year
              lanes             10 explicit (replenishment 10); defaults for lateral, emergency, return
              engineers         35
              SLA classes       2 (1 calendar)
              disruptions       1
              stock plan        132 positions, 459 units, EUR 163,400
              horizon           365 days
            valid: no problems found

            """)
        #expect(r.stderr.isEmpty)
    }

    @Test func validateQuickstartAsJSON() throws {
        let r = try echelon("validate", "scenarios/quickstart.yaml", "--json")
        #expect(r.status == 0)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(doc["valid"] as? Bool == true)
        let summary = try #require(doc["summary"] as? [String: Any])
        #expect(summary["sites_per_echelon"] as? [Int] == [1, 2, 8])
        let items = try #require(summary["items"] as? [String: Any])
        #expect(items["total"] as? Int == 12)
        #expect((doc["diagnostics"] as? [Any])?.isEmpty == true)
    }

    @Test func quietPrintsNothingOnSuccess() throws {
        let r = try echelon("validate", "scenarios/quickstart.yaml", "--quiet")
        #expect(r.status == 0)
        #expect(r.stdout.isEmpty && r.stderr.isEmpty)
    }

    /// A scenario with eight planted errors: exit 1 and every one listed with file, line and field.
    @Test func validateBrokenScenarioListsEveryProblem() throws {
        let yaml = "Tests/ScenarioTests/Fixtures/broken/broken.yaml"
        let csv = "Tests/ScenarioTests/Fixtures/broken/lanes.csv"
        let r = try echelon("validate", yaml)
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        // The problems in file and line order, each whole: the list is the command's output.
        let expected = [
            "echelon: \(yaml) is not valid (8 problems):",
            "\(yaml):7: sites[1].parent: the echelon tree has a cycle: RD-A → RD-B → RD-A; every chain of parents must end at a central_warehouse",
            "\(yaml):9: sites[3].parent: unknown site \"RC-09\"",
            "\(yaml):10: sites[4].id: duplicate site id \"SP1\" (first defined on line 9)",
            "\(yaml):11: sites[5].engineer: unknown field \"engineer\" (did you mean \"engineers\"?); allowed: id, name, kind, parent, lat, lon, pool, capacity, fixed_cost, candidate, must_open, must_close, existing, closing_cost, engineers, calendar, time_zone",
            "\(yaml):11: sites[5].parent: no replenishment lane from CW to SP3; add it to lanes or set lane_defaults.replenishment",
            "\(yaml):18: items[0].failure_rate: must be at least 0, got -0.5",
            "\(yaml):19: items[1].supplier_lead_time: invalid distribution: unknown distribution \"gama\" (did you mean \"gamma\"?); expected one of: deterministic, exponential, gamma, lognormal, weibull, uniform, triangular, empirical",
            "\(csv):3: lanes[1]: expected 5 cells as in the header, got 4",
        ]
        #expect(r.stderr == expected.joined(separator: "\n") + "\n")
    }

    @Test func validateBrokenScenarioAsJSON() throws {
        let r = try echelon("validate", "Tests/ScenarioTests/Fixtures/broken/broken.yaml", "--json")
        #expect(r.status == 1)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(doc["valid"] as? Bool == false)
        let diagnostics = try #require(doc["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == 8)
        #expect(diagnostics.allSatisfy { $0["file"] is String && $0["field"] is String && $0["message"] is String })
        #expect(diagnostics.filter { $0["line"] is Int }.count == 8)
    }

    @Test func missingFileIsInvalidInput() throws {
        let r = try echelon("validate", "scenarios/does-not-exist.yaml")
        #expect(r.status == 1)
        #expect(r.stderr == """
            echelon: scenarios/does-not-exist.yaml is not valid (1 problem):
            scenarios/does-not-exist.yaml: cannot read file: no such file

            """)
    }

    /// The MILP benchmark solves OR-Library cap71 to its proven optimum 932615.75.
    @Test func benchMILPChecksTheOptimum() throws {
        let r = try echelon("bench", "milp", "--instances", "cap71", "--runs", "1", "--json", "--quiet")
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let rows = try #require(doc["results"] as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(rows.first?["matches"] as? Bool == true)
        #expect(abs((rows.first?["objective"] as? Double ?? 0) - 932615.75) < 1e-6)
        #expect(rows.first?["variables"] as? Int == 16 + 16 * 50)
    }

    @Test func benchRejectsBadArguments() throws {
        #expect(try echelon("bench", "milp", "--runs", "0").status == 2)
        let missing = try echelon("bench", "milp", "--instances", "nope", "--quiet")
        #expect(missing.status == 1)
        #expect(missing.stderr == "echelon: data/benchmarks/orlib-ufl/nope.txt: cannot read file\n")
    }

    @Test func evaluateQuickstart() throws {
        let r = try echelon("evaluate", "scenarios/quickstart.yaml", "--method", "metric")
        #expect(r.status == 0, "\(r.stderr)")
        // The table's figures are computed (rates, percentages): the titles, the header, the sites
        // in order and the system's stock line are compared whole, the figures not.
        let lines = r.stdout.components(separatedBy: "\n")
        #expect(Array(lines.prefix(5)) == [
            "Quickstart — coder service network DE/Benelux",
            "plan policies.stock_levels, method metric",
            "",
            "site    kind               level  failures/yr  stock   value  fill rate  wait days  backorders",
            "------  -----------------  -----  -----------  -----  ------  ---------  ---------  ----------",
        ])
        #expect(lines.dropFirst(5).prefix(11).map { String($0.prefix { $0 != " " }) }
            == ["CW-KS", "RD-DUI", "RD-NUE", "SP-AMS", "SP-BRU", "SP-CGN", "SP-DTM", "SP-MUC", "SP-STR", "SP-FRA", "SP-LEJ"])
        #expect(lines.contains("system: 459 units worth EUR 163,400 (holding EUR 41,071 per year)"))
        let j = try echelon("evaluate", "scenarios/quickstart.yaml", "--json")
        #expect(j.status == 0)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(j.stdout.utf8)) as? [String: Any])
        #expect(doc["method"] as? String == "vari-metric")
        #expect((doc["site_items"] as? [Any])?.count == 132)
        #expect((doc["system"] as? [String: Any])?["stock_units"] as? Int == 459)
    }

    @Test func evaluateWritesCSV() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("eval-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try echelon("evaluate", "scenarios/quickstart.yaml", "--method", "metric", "--out", dir)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try String(contentsOfFile: "\(dir)/site-items.csv", encoding: .utf8).split(separator: "\n")
        #expect(rows.count == 1 + 132)
        #expect(rows.first == "site,item,stock,customer_demand_per_year,demand_per_year,pipeline_mean,pipeline_variance,ebo,vbo,eoh,fill_rate,ready_rate,waiting_days,units_in_repair,units_in_transit,units_delayed_at_parent")
        let sites = try String(contentsOfFile: "\(dir)/sites.csv", encoding: .utf8).split(separator: "\n")
        #expect(sites.count == 1 + 11)
        let stock = sites.dropFirst().compactMap { Int($0.split(separator: ",", omittingEmptySubsequences: false)[4]) }
        #expect(stock.reduce(0, +) == 459)
        #expect(FileManager.default.fileExists(atPath: "\(dir)/pools.csv"))
        #expect(FileManager.default.fileExists(atPath: "\(dir)/evaluation.json"))
    }

    @Test func evaluateErrors() throws {
        #expect(try echelon("evaluate", "scenarios/quickstart.yaml", "--method", "bogus").status == 2)
        let exact = try echelon("evaluate", "scenarios/quickstart.yaml", "--method", "exact")
        #expect(exact.status == 1)
        #expect(exact.stderr == "echelon: scenarios/quickstart.yaml: the exact (Graves) evaluation needs deterministic shipping times; site 1 has a random one (use METRIC or VARI-METRIC)\n")
        let missing = try echelon("evaluate", "scenarios/quickstart.yaml", "--plan", "nope.csv")
        #expect(missing.status == 1)
        // After "cannot read file: ": Foundation's reason, worded differently by each Foundation.
        let problem = missing.stderr.split(separator: "\n").map(String.init)
        #expect(problem.count == 2 && problem.first == "echelon: invalid input (1 problem):")
        #expect(problem.last?.hasPrefix("nope.csv: cannot read file: ") == true)
        let none = try echelon("evaluate", "scenarios/depot-small.yaml")
        #expect(none.status == 1)
        #expect(none.stderr == "echelon: scenarios/depot-small.yaml has no policies.stock_levels; give a plan with --plan FILE.csv\n")
    }

    /// optimize writes the four files; the plan it writes re-evaluates to the fill rate it reports.
    @Test func optimizeWritesItsOutputs() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("opt-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try echelon("optimize", "scenarios/quickstart.yaml", "--budget", "60000", "--method", "metric",
                            "--out", dir, "--json", "--quiet")
        #expect(r.status == 0, "\(r.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let point = try #require(summary["point"] as? [String: Any])
        let fill = try #require(point["fill_rate"] as? Double)
        #expect((point["cost"] as? Double ?? .infinity) <= 60000)
        for file in ["stock-plan.csv", "curve.csv", "summary.json", "curve.svg"] {
            #expect(FileManager.default.fileExists(atPath: "\(dir)/\(file)"), "\(file)")
        }
        let svg = try String(contentsOfFile: "\(dir)/curve.svg", encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("chosen:"))   // a chart of computed points: its landmarks only
        let curve = try String(contentsOfFile: "\(dir)/curve.csv", encoding: .utf8).split(separator: "\n")
        #expect(curve.first == "point,cost,holding_cost_per_year,units,ebo,fill_rate,availability,waiting_days")
        #expect(curve.count - 1 == summary["curve_points"] as? Int)
        // The written plan, evaluated again, gives the same fill rate.
        let e = try echelon("evaluate", "scenarios/quickstart.yaml", "--plan", "\(dir)/stock-plan.csv", "--method", "metric", "--json")
        #expect(e.status == 0, "\(e.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(e.stdout.utf8)) as? [String: Any])
        let system = try #require(doc["system"] as? [String: Any])
        #expect(abs((system["fill_rate"] as? Double ?? 0) - fill) < 1e-9)
    }

    @Test func optimizeRejectsBadGoals() throws {
        #expect(try echelon("optimize", "scenarios/quickstart.yaml").status == 2)
        #expect(try echelon("optimize", "scenarios/quickstart.yaml", "--budget", "5", "--target", "fill-rate=0.9").status == 2)
        #expect(try echelon("optimize", "scenarios/quickstart.yaml", "--target", "fill-rate=1.5").status == 2)
        #expect(try echelon("optimize", "scenarios/quickstart.yaml", "--target", "speed=3").status == 2)
        #expect(try echelon("optimize", "scenarios/quickstart.yaml", "--budget", "5", "--effectiveness", "joy").status == 2)
        #expect(try echelon("optimize", "scenarios/quickstart.yaml", "--target", "fill-rate=0.9", "--scope", "planet").status == 2)
        let budget = try echelon("optimize", "scenarios/quickstart.yaml", "--budget", "50000", "--json", "--quiet")
        #expect(budget.status == 0)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(budget.stdout.utf8)) as? [String: Any])
        #expect(((doc["point"] as? [String: Any])?["cost"] as? Double ?? .infinity) <= 50000)
    }

    /// A per-site fill target goes to GLPK: the plan meets it at every service site and the
    /// summary carries the solver's status, bound and gap.
    @Test func optimizeTargetWithGLPK() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tiny-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = "Tests/StockingTests/Fixtures/tiny.yaml"   // shared with the Stocking tests
        let r = try echelon("optimize", path, "--target", "fill-rate=0.85", "--method", "metric", "--json", "--quiet",
                            "--out", dir.appendingPathComponent("out").path)
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let solver = try #require(doc["solver"] as? [String: Any])
        #expect(solver["pricing_converged"] as? Bool == true)
        // 325 per year is the brute-force optimum (see the Stocking tests).
        #expect(abs((solver["objective_holding_cost_per_year"] as? Double ?? 0) - 325) < 1e-6)
        #expect((solver["lower_bound"] as? Double ?? .infinity) <= 325 + 1e-6)
        let e = try echelon("evaluate", path, "--plan", dir.appendingPathComponent("out/stock-plan.csv").path,
                            "--method", "metric", "--json")
        let eval = try #require(try JSONSerialization.jsonObject(with: Data(e.stdout.utf8)) as? [String: Any])
        for site in try #require(eval["sites"] as? [[String: Any]]) where (site["customer_demand_per_year"] as? Double ?? 0) > 0 {
            #expect((site["fill_rate"] as? Double ?? 0) >= 0.85 - 1e-9)
        }
        // An unreachable target is invalid input, naming the sites.
        let impossible = try echelon("optimize", path, "--target", "wait-days=1e-13", "--method", "metric", "--quiet")
        #expect(impossible.status == 1)
        #expect(impossible.stderr == "echelon: target wait-days=1e-13 cannot be met for every service site; with every item at its highest level: A: at least 0.000000 days; B: at least 0.000000 days\n")
        let laterals = try echelon("optimize", path, "--target", "fill-rate=0.9", "--laterals", "on", "--quiet")
        #expect(laterals.status == 1)
        #expect(laterals.stderr == "echelon: --laterals on: the scenario has no pool of two or more sites with laterals in its sourcing ladder\n")
    }
}
