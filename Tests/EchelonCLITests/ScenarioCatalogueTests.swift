import Foundation
import Testing

/// The real-data scenarios in scenarios/, each run end to end at reduced length (short simulated
/// windows, few replications, one depot count), on the debug binary. The full-length runs are
/// `make scenarios` (scripts/run-scenarios.sh), recorded in scenarios/README.md.
@Suite("Real-data scenarios at reduced length")
struct ScenarioCatalogueTests {
    static func temporaryFolder(_ name: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("echelon-\(name)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func json(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The mean of a KPI in a simulate or compare kpis.json.
    static func kpi(_ report: [String: Any], _ name: String) throws -> Double {
        let list = try #require(report["kpis"] as? [[String: Any]])
        let entry = try #require(list.first { $0["name"] as? String == name }, "no KPI \(name)")
        return try #require(entry["mean"] as? Double)
    }

    /// CSV rows as dictionaries (no quoted cells in the files read here).
    static func rows(_ path: String) throws -> [[String: String]] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = try #require(lines.first).split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return lines.dropFirst().map { line in
            Dictionary(uniqueKeysWithValues: zip(header, line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)))
        }
    }

    static func expectReport(_ dir: String, sections: [String]) throws {
        let r = try echelon("report", dir, "--quiet")
        #expect(r.status == 0, "\(r.stderr)")
        // The page holds the runs' figures and charts: its landmarks only.
        let html = try String(contentsOfFile: "\(dir)/report.html", encoding: .utf8)
        for section in sections { #expect(html.contains(section), "report lacks \(section)") }
        #expect(!html.contains("src=\"http") && !html.contains("<link"))
    }

    /// The committed scenario files are exactly what the generator writes from data/.
    @Test func generatedFilesMatchTheirGenerator() throws {
        let r = try run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "scenarios/make_scenarios.py", "--check"])
        #expect(r.status == 0, "stale generated files: \(r.stderr)\(r.stdout)")
    }

    /// appliance-cn: 1 + 15 + 561 sites in both variants, the same service points and installed
    /// base; today's plan meets its 90 % network fill rate analytically and runs in simulation.
    @Test func applianceCN() throws {
        let dir = try Self.temporaryFolder("appliance-cn")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let three = try echelon("validate", "scenarios/appliance-cn/three-tier.yaml")
        #expect(three.status == 0, "\(three.stderr)")
        #expect(summaryRow(three.stdout, "sites") == "579 (1 central warehouse, 15 regional depots, 561 service points, 1 repair shop, 1 supplier)")
        #expect(summaryRow(three.stdout, "echelons") == "level 0: 1 · level 1: 15 · level 2: 561")
        let two = try echelon("validate", "scenarios/appliance-cn/two-tier.yaml")
        #expect(two.status == 0, "\(two.stderr)")
        #expect(summaryRow(two.stdout, "sites") == "564 (1 central warehouse, 561 service points, 1 repair shop, 1 supplier)")
        #expect(summaryRow(two.stdout, "echelons") == "level 0: 1 · level 1: 561")
        // Same installed base and failures in both.
        for row in ["products", "failures"] {
            #expect(summaryRow(three.stdout, row) != nil && summaryRow(three.stdout, row) == summaryRow(two.stdout, row), "\(row)")
        }

        let evaluation = try echelon("evaluate", "scenarios/appliance-cn/three-tier.yaml", "--json")
        #expect(evaluation.status == 0, "\(evaluation.stderr)")
        let e = try #require(try JSONSerialization.jsonObject(with: Data(evaluation.stdout.utf8)) as? [String: Any])
        let system = try #require(e["system"] as? [String: Any])
        let fill = try #require(system["fill_rate"] as? Double)
        // Today's plan was chosen at a 90 % network fill rate before condemned units were timed
        // through their repair (issue 15: their replacement is bought at the end of the repair,
        // as the simulation has it); under the longer resupply it gives a little less.
        #expect(fill >= 0.885 && fill < 0.905, "today's plan was chosen at a 90 % network fill rate, evaluates to \(fill)")

        let sim = try echelon("simulate", "scenarios/appliance-cn/three-tier.yaml", "--years", "0.05", "--warmup-days", "7",
                              "--replications", "2", "--quiet", "--out", "\(dir)/three-tier-simulate")
        #expect(sim.status == 0, "\(sim.stderr)")
        let k = try Self.json("\(dir)/three-tier-simulate/kpis.json")
        #expect(try Self.kpi(k, "fill_rate") > 0.5)
        #expect(try Self.kpi(k, "tickets_per_year") > 30_000)
        try Self.expectReport(dir, sections: ["Flatten three tiers to two", "three-tier-simulate"])
    }

    /// emea-150: 150 stocking points in 27 country pools; a plan on the curve; weekly against
    /// continuous replenishment on common random numbers.
    @Test func emea150() throws {
        let dir = try Self.temporaryFolder("emea")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let v = try echelon("validate", "scenarios/emea-150/weekly.yaml")
        #expect(v.status == 0, "\(v.stderr)")
        #expect(summaryRow(v.stdout, "sites") == "153 (1 central warehouse, 150 service points, 1 repair shop, 1 supplier)")
        #expect(summaryRow(v.stdout, "pools") == "27")
        let o = try echelon("optimize", "scenarios/emea-150/weekly.yaml", "--target", "fill-rate=0.9", "--scope", "network",
                            "--quiet", "--out", "\(dir)/optimize")
        #expect(o.status == 0, "\(o.stderr)")
        let summary = try Self.json("\(dir)/optimize/summary.json")
        let point = try #require(summary["point"] as? [String: Any])
        #expect(try #require(point["fill_rate"] as? Double) >= 0.9)
        let c = try echelon("compare", "scenarios/emea-150/weekly.yaml", "--plan", "\(dir)/optimize/stock-plan.csv",
                            "--policies", "scenarios/emea-150/continuous.yaml", "--years", "0.1", "--warmup-days", "14",
                            "--replications", "2", "--quiet", "--out", "\(dir)/compare")
        #expect(c.status == 0, "\(c.stderr)")
        #expect(FileManager.default.fileExists(atPath: "\(dir)/compare/compare.json"))
        try Self.expectReport(dir, sections: ["lateral shipments within country pools", "compare"])
    }

    /// display-repair: the full workflow into SQLite; the record checks out and gives TAT, the
    /// return ratio and stock age.
    @Test func displayRepair() throws {
        let dir = try Self.temporaryFolder("display")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let o = try echelon("optimize", "scenarios/display-repair/display-repair.yaml", "--target", "fill-rate=0.9",
                            "--scope", "network", "--quiet", "--out", "\(dir)/optimize")
        #expect(o.status == 0, "\(o.stderr)")
        let s = try echelon("simulate", "scenarios/display-repair/display-repair.yaml", "--plan", "\(dir)/optimize/stock-plan.csv",
                            "--workflow", "--years", "0.1", "--warmup-days", "7", "--replications", "1",
                            "--store", "sqlite:\(dir)/desk.sqlite", "--quiet", "--out", "\(dir)/simulate")
        #expect(s.status == 0, "\(s.stderr)")
        let check = try echelon("desk", "check", "\(dir)/desk.sqlite")
        // The table's counts are the simulated record's; its verdict is the last line.
        #expect(check.status == 0 && check.stdout.hasSuffix("\n\nevery check passed\n"), "\(check.stdout)\(check.stderr)")
        let kpis = try echelon("desk", "kpis", "\(dir)/desk.sqlite", "--json")
        #expect(kpis.status == 0, "\(kpis.stderr)")
        let k = try #require(try JSONSerialization.jsonObject(with: Data(kpis.stdout.utf8)) as? [String: Any])
        let authorised = try #require(k["returns_authorised"] as? Int), received = try #require(k["returns_received"] as? Int)
        #expect(authorised > 0 && received <= authorised)
        #expect(abs(try #require(k["return_ratio"] as? Double) - Double(received) / Double(authorised)) < 1e-12)
        #expect(try #require(k["tat_mean_days"] as? Double) > 0)
        #expect(try #require(k["stock_age_days"] as? Double) > 0)
        try Self.expectReport(dir, sections: ["returned display", "simulate"])
    }

    /// surge-stress: the surge shows in the weekly series (washing-machine tickets jump) and the
    /// city class's weekly attainment falls below its level before the surge; the sourcing
    /// rules compare on the same failures.
    @Test func surgeStress() throws {
        let dir = try Self.temporaryFolder("surge")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let s = try echelon("simulate", "scenarios/surge-stress/surge-stress.yaml", "--years", "0.23", "--warmup-days", "7",
                            "--replications", "1", "--quiet", "--out", "\(dir)/simulate")
        #expect(s.status == 0, "\(s.stderr)")
        let weeks = try Self.rows("\(dir)/simulate/weeks.csv")
        // Surge days 28–56 after a 7-day warm-up: weeks starting on day 35, 42, 49 are inside it.
        func tickets(_ start: Int) throws -> Double {
            let cell = try #require(weeks.first { $0["start_day"] == "\(start)" }?["tickets_resolved"])
            return try #require(Double(cell))
        }
        let before = (try tickets(7) + tickets(14) + tickets(21)) / 3
        let during = (try tickets(35) + tickets(42) + tickets(49)) / 3
        #expect(during > 1.3 * before, "tickets per week \(before) before the surge, \(during) during it")
        let city = weeks.compactMap { $0["sla_attainment_city"].flatMap(Double.init) }
        #expect(city.count == weeks.count)
        #expect(try #require(city.min()) < city[1] - 0.2, "the city class should break under the surge and outage")
        let c = try echelon("compare", "scenarios/surge-stress/surge-stress.yaml", "--policies",
                            "scenarios/surge-stress/sourcing-no-lateral.yaml", "--years", "0.23", "--warmup-days", "7",
                            "--replications", "2", "--quiet", "--out", "\(dir)/compare")
        #expect(c.status == 0, "\(c.stderr)")
        try Self.expectReport(dir, sections: ["Which SLA classes break", "compare"])
        // Both disruption windows shaded on both timelines of the one simulation: 2 panels of the
        // class chart and 3 of the timeline, two windows each.
        let html = try String(contentsOfFile: "\(dir)/report.html", encoding: .utf8)
        #expect(html.components(separatedBy: "fill=\"#fdb863\"").count - 1 == 10)
    }

    /// depot-placement: 60 candidates; a network reaching half the demand within 4 hours (the
    /// debug build's time limit is short: the full run sweeps 5…30 depots in release).
    @Test func depotPlacement() throws {
        let dir = try Self.temporaryFolder("depots")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let v = try echelon("validate", "scenarios/depot-placement/depot-placement.yaml")
        #expect(v.status == 0 && summaryRow(v.stdout, "candidate depots") == "60", "\(v.stdout)\(v.stderr)")
        let p = try echelon("place", "scenarios/depot-placement/depot-placement.yaml", "--coverage", "0.5@4h",
                            "--time-limit", "5", "--quiet", "--out", "\(dir)/place")
        #expect(p.status == 0, "\(p.stderr)")
        let summary = try Self.json("\(dir)/place/summary.json")
        let open = try #require(summary["open_depots"] as? [String])
        #expect(open.count >= 5 && open.count <= 60)
        let coverage = try #require(summary["coverage"] as? [String: Any])
        #expect(coverage["hours"] as? Double == 4)
        let achieved = try #require(coverage["achieved"] as? Double)
        #expect(achieved >= 0.5 && achieved < 1)
        let assignment = try Self.rows("\(dir)/place/assignment.csv")
        #expect(assignment.count == 561)
        try Self.expectReport(dir, sections: ["within a 4-hour response", "place"])
    }
}
