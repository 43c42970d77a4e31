import Foundation
import Testing

/// Exit codes end to end, one command per kind of error, with the whole stderr (or its first line
/// where the rest is SQLite's or Foundation's wording): the usage errors and an invalid scenario
/// are pinned in CLITests.
@Suite("exit codes")
struct ExitCodeCLITests {
    static func temporaryFolder(_ prefix: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// A missing report folder is invalid input (a ReportError that propagates to main).
    @Test func aMissingReportFolderIsInvalidInput() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("echelon-no-such-\(UUID().uuidString)").path
        let r = try echelon("report", dir)
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "echelon: \(dir): no such folder\n")
    }

    /// A plan that would stall an advance-exchange repair loop is invalid input, refused before
    /// the run with the item named, and nothing is written.
    @Test func aStallingPlanIsInvalidInput() throws {
        let dir = try Self.temporaryFolder("echelon-stall")
        defer { try? FileManager.default.removeItem(at: dir) }
        let yaml = """
            format: 1
            name: stall
            currency: EUR
            lane_defaults:
              replenishment: {lead_time: 1}
              return: {lead_time: 1}
            policies:
              sourcing: [own, parent]
              stock_levels:
                - {site: A, item: X, level: 0}
            products: [{id: P}]
            items:
              - {id: X, unit_cost: 10, failure_rate: 1, used_in: {P: 1}, repairable: true, repair_site: CW, repair_time: 9, repair_practice: advance_exchange}
            sites:
              - {id: CW, kind: central_warehouse, lat: 50, lon: 8}
              - {id: A, kind: service_point, parent: CW, lat: 50.1, lon: 8}
            installed_base:
              - {site: A, product: P, units: 10}
            """
        let file = dir.appendingPathComponent("stall.yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out").path
        let r = try echelon("simulate", file.path, "--years", "0.1", "--replications", "1", "--out", out, "--quiet")
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("echelon: the plan cannot be simulated: item X is repaired by advance exchange"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    /// A report that cannot be written is a failure (ReportError.cannotWrite).
    @Test func aReportThatCannotBeWrittenIsAFailure() throws {
        let dir = try Self.temporaryFolder("echelon-report-out")
        defer { try? FileManager.default.removeItem(at: dir) }
        let simulate = try echelon("simulate", "scenarios/quickstart.yaml", "--years", "0.02", "--warmup-days", "1", "--replications", "1",
                                   "--out", dir.path, "--quiet")
        #expect(simulate.status == 0, "\(simulate.stderr)")
        let r = try echelon("report", dir.path, "--out", "/dev/null/report.html")
        #expect(r.status == 3)
        // After the parenthesis: Foundation's reason, worded differently by each Foundation.
        #expect(r.stderr.hasPrefix("echelon: /dev/null/report.html: cannot write the report ("))
        #expect(r.stderr.split(separator: "\n").count == 1)
    }

    /// A desk database the user names that is missing, or is not a desk database at all, is
    /// invalid input, although the store reports both as storage errors (exit 3 elsewhere).
    @Test func openingAMissingOrNonDeskFileIsInvalidInput() throws {
        let dir = try Self.temporaryFolder("echelon-not-a-desk")
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = dir.appendingPathComponent("missing.sqlite").path
        for command in [["desk", "check"], ["desk", "kpis"]] {
            let r = try run(echelonBinary(), command + [missing])
            #expect(r.status == 1)
            #expect(r.stderr == "echelon: \(missing): no such desk database\n")
        }
        let serve = try echelon("serve", "scenarios/quickstart.yaml", "--db", missing)
        #expect(serve.status == 1)
        #expect(serve.stderr == "echelon: \(missing): \(missing): no such desk database\n")

        let text = dir.appendingPathComponent("notes.sqlite")
        try "not a database\n".write(to: text, atomically: true, encoding: .utf8)
        for command in [["desk", "check"], ["desk", "kpis"]] {
            let r = try run(echelonBinary(), command + [text.path])
            #expect(r.status == 1)
            // After the colon: SQLite's and GRDB's wording.
            #expect(r.stderr.hasPrefix("echelon: \(text.path): cannot open as a desk database: "), "\(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1)
        }
    }

    /// A store the simulation cannot create is a failure: SimulationFailure.store, which
    /// propagates to main with its category.
    @Test func aDeskStoreThatCannotBeCreatedIsAFailure() throws {
        let r = try echelon("simulate", "scenarios/quickstart.yaml", "--years", "0.01", "--warmup-days", "1", "--replications", "1",
                            "--store", "sqlite:/dev/null/desk.sqlite", "--quiet")
        #expect(r.status == 3)
        #expect(r.stdout.isEmpty)
        // After the colon: SQLite's and GRDB's wording.
        #expect(r.stderr.hasPrefix("echelon: desk database: /dev/null/desk.sqlite: cannot open as a desk database: "), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
    }

    /// A solve that does not reach the known optimum exits with 3 (the cheapest deterministic
    /// failure: GLPK itself does not fail on demand).
    @Test func anObjectiveOffTheKnownOptimumIsAFailure() throws {
        let dir = try Self.temporaryFolder("echelon-ufl-optimum")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("data/benchmarks/orlib-ufl/cap71.txt"),
                                         to: dir.appendingPathComponent("cap71.txt"))
        try "cap71 1.0\n".write(to: dir.appendingPathComponent("uncapopt.txt"), atomically: true, encoding: .utf8)
        let r = try echelon("bench", "ufl", dir.appendingPathComponent("cap71.txt").path, "--quiet")
        #expect(r.status == 3)
        #expect(r.stderr == "echelon: an objective differs from the known optimum\n")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(doc["matches"] as? Bool == false)
    }
}
