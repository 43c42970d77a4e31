import Foundation
import Testing

/// `echelon report` over folders the real commands wrote, and `scenario.json` beside their outputs.
@Suite("echelon report")
struct ReportCLITests {
    static func temporaryFolder(_ prefix: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    }

    @Test func reportOverPlaceAndSimulateOutputs() throws {
        let dir = Self.temporaryFolder("echelon-report")
        defer { try? FileManager.default.removeItem(at: dir) }
        let place = try echelon("place", "scenarios/depot-small.yaml", "--coverage", "0.95@4h", "--sweep", "4..5",
                                "--out", dir.appendingPathComponent("place").path, "--quiet")
        #expect(place.status == 0, "\(place.stderr)")
        let simulate = try echelon("simulate", "scenarios/quickstart.yaml", "--years", "0.1", "--replications", "2", "--warmup-days", "7",
                                   "--out", dir.appendingPathComponent("run 1").path, "--quiet")
        #expect(simulate.status == 0, "\(simulate.stderr)")
        // scenario.json: the command line (quoted for the shell) and the scenario's summary.
        let record = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("run 1/scenario.json"))) as? [String: Any])
        let command = try #require(record["command"] as? String)
        #expect(command == "echelon simulate scenarios/quickstart.yaml --years 0.1 --replications 2 --warmup-days 7 --out '\(dir.path)/run 1' --quiet")
        let scenario = try #require(record["scenario"] as? [String: Any])
        #expect(scenario["file"] as? String == "scenarios/quickstart.yaml")
        #expect((scenario["sites_per_kind"] as? [String: Int])?["service_point"] == 8)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("place/scenario.json").path))

        let out = dir.appendingPathComponent("r.html").path
        let r = try echelon("report", dir.path, "--out", out, "--title", "Test report")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == out + "\n")
        // The page holds the runs' figures and charts: its landmarks only.
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.contains("<title>Test report</title>"))
        #expect(html.contains("<h2>Depot placement — \(dir.lastPathComponent)/place</h2>"))
        #expect(html.contains("<h2>Simulation — \(dir.lastPathComponent)/run 1</h2>"))
        #expect(html.contains("SLA attainment per class and week"))
        #expect(html.contains("Optimal cost per year and coverage"))
        #expect(!html.contains("<script") && !html.contains("<link"))
        // The default path is DIR/report.html; --quiet prints nothing.
        let quiet = try echelon("report", dir.path, "--quiet")
        #expect(quiet.status == 0 && quiet.stdout.isEmpty)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("report.html").path))
    }

    @Test func reportErrorsExitWith1AndNameTheFile() throws {
        let dir = Self.temporaryFolder("echelon-report-empty")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let empty = try echelon("report", dir.path)
        #expect(empty.status == 1)
        #expect(empty.stderr == "echelon: \(dir.path): no Echelon outputs here or in its subfolders; expected stock-plan.csv + summary.json (optimize), depots.csv + summary.json (place), kpis.json (simulate), compare.json (compare)\n")
        try "{ \"kpis\": 3 }".write(to: dir.appendingPathComponent("kpis.json"), atomically: true, encoding: .utf8)
        let bad = try echelon("report", dir.path)
        #expect(bad.status == 1)
        // After "kpis: ": JSONDecoder's reason, worded differently by each Foundation.
        #expect(bad.stderr.hasPrefix("echelon: \(dir.path)/kpis.json: kpis: ") && bad.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("report.html").path))
        #expect(try echelon("report").status == 2)
    }
}
