import Foundation
import Testing

/// `echelon simulate` and `echelon compare`.
@Suite("echelon simulate and compare")
struct SimulateCLITests {
    @Test func simulateWritesItsOutputs() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("echelon-sim-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try echelon("simulate", "scenarios/quickstart.yaml", "--years", "0.3", "--replications", "3", "--warmup-days", "20",
                            "--out", dir.path, "--orders", "--quiet")
        #expect(r.status == 0, "\(r.stderr)")
        // Simulated figures and the run's wall time: landmarks only.
        #expect(r.stdout.contains("fill_rate") && r.stdout.contains("analytic (VARI-METRIC)"))
        for name in ["kpis.json", "kpis.csv", "timeline.svg", "orders.csv"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(name).path), "\(name)")
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("kpis.json"))) as? [String: Any]
        let kpis = try #require(json?["kpis"] as? [[String: Any]])
        let fill = try #require(kpis.first { $0["name"] as? String == "fill_rate" })
        let mean = try #require(fill["mean"] as? Double)
        #expect(mean > 0.5 && mean <= 1)
        let orders = try String(contentsOf: dir.appendingPathComponent("orders.csv"), encoding: .utf8).split(separator: "\n")
        #expect(orders.first == "order,site,item,sla_class,opened_day,on_site_day,resolved_day,sourcing,visits")
        #expect(orders.count > 100)
        // Order ids are unique in the file (no recycling when orders are kept).
        let ids = orders.dropFirst().map { $0.split(separator: ",")[0] }
        #expect(Set(ids).count == ids.count)
        let svg = try String(contentsOf: dir.appendingPathComponent("timeline.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("SLA attainment"))   // a chart of simulated weeks: its landmarks only

        // Per pool, analytic beside simulated. Quickstart's service points all belong to a pool,
        // so the pools' shares add up to the whole demand and their demand-weighted analytic
        // fill counting laterals is exactly the network's (the same per-cell figures).
        let pools = try #require(json?["pools"] as? [[String: Any]])
        #expect(pools.map { $0["pool"] as? String } == ["north-west", "south-east"])
        let shares = pools.compactMap { $0["demand_share"] as? Double }
        #expect(abs(shares.reduce(0, +) - 1) < 1e-9)
        let network = try #require(json?["analytic_fill_rate_with_laterals"] as? Double)
        let weighted = pools.reduce(0.0) { $0 + ($1["demand_share"] as? Double ?? 0) * ($1["analytic_with_laterals"] as? Double ?? 0) }
        #expect(abs(weighted - network) < 1e-9)
        for p in pools {
            let own = try #require(p["simulated_own"] as? Double), with = try #require(p["simulated_with_laterals"] as? Double)
            #expect(own <= with && with <= 1 && (p["analytic_own"] as? Double ?? 2) <= (p["analytic_with_laterals"] as? Double ?? 0))
            #expect((p["simulated_own_half_width"] as? Double ?? -1) >= 0)
        }
        let csv = try String(contentsOf: dir.appendingPathComponent("pools.csv"), encoding: .utf8).split(separator: "\n")
        #expect(csv.count == 3 && csv[0].hasPrefix("pool,members,demand_share,analytic_own,analytic_with_laterals,simulated_own"))
        #expect(r.stdout.contains("lateral pools:"))
    }

    @Test func badArgumentsAndFiles() throws {
        let years = try echelon("simulate", "scenarios/quickstart.yaml", "--years", "0")
        #expect(years.status == 2 && years.stderr.split(separator: "\n").first == "Error: --years must be in (0, 200]")
        let plan = try echelon("simulate", "scenarios/quickstart.yaml", "--plan", "no-such-plan.csv")
        // After "cannot read file: ": Foundation's reason, worded differently by each Foundation.
        let problem = plan.stderr.split(separator: "\n").map(String.init)
        #expect(plan.status == 1 && problem.count == 2 && problem.first == "echelon: invalid input (1 problem):")
        #expect(problem.last?.hasPrefix("no-such-plan.csv: cannot read file: ") == true)
        let compare = try echelon("compare", "scenarios/quickstart.yaml")
        #expect(compare.status == 2)
    }

    /// The scenario's own plan against a plan with one more unit of everything at one site: the
    /// richer plan's fill rate is not lower, and the difference carries a paired interval.
    @Test func compareGivesPairedDifferences() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("echelon-cmp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = try String(contentsOf: repositoryRoot.appendingPathComponent("scenarios/quickstart-stock.csv"), encoding: .utf8)
        var lines = base.split(separator: "\n").map(String.init)
        for k in 1..<lines.count {
            var fields = lines[k].split(separator: ",").map(String.init)
            if let level = Int(fields[2]) { fields[2] = String(level + 1) }
            lines[k] = fields.joined(separator: ",")
        }
        let richer = dir.appendingPathComponent("richer.csv")
        try (lines.joined(separator: "\n") + "\n").write(to: richer, atomically: true, encoding: .utf8)
        let r = try echelon("compare", "scenarios/quickstart.yaml", "--plan", richer.path, "--years", "0.3", "--replications", "4",
                            "--warmup-days", "20", "--json", "--quiet")
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        let diff = try #require(rows.first { $0["kpi"] as? String == "fill_rate" && $0["difference_from_baseline"] != nil })
        #expect(try #require(diff["difference_from_baseline"] as? Double) >= 0)
        #expect(diff["difference_half_width"] is Double)
    }

    /// --without-disruptions runs the steady state: the same KPIs, to the last digit, as the
    /// scenario with its disruptions deleted; with them (quickstart's heatwave, days 150–180 of
    /// the measured 219) more failures, and the output says the analytic figures know none.
    @Test func withoutDisruptionsIsTheSteadyState() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("echelon-steady-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("scenarios/quickstart.yaml"), encoding: .utf8)
        let surge = "  - {kind: failure_surge, product: IJ-500, multiplier: 1.5, start_day: 150, end_day: 180, description: Heatwave}\n"
        #expect(text.contains(surge))
        let calm = text.replacingOccurrences(of: "disruptions:\n", with: "disruptions: []\n").replacingOccurrences(of: surge, with: "")
        let file = dir.appendingPathComponent("calm.yaml")
        try calm.write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("scenarios/quickstart-stock.csv"),
                                         to: dir.appendingPathComponent("quickstart-stock.csv"))
        let args = ["--years", "0.6", "--replications", "2", "--warmup-days", "20", "--json", "--quiet"]
        func kpis(_ r: RunResult) throws -> (rows: [String: Double], disruptions: Int?) {
            #expect(r.status == 0, "\(r.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            let rows = try #require(json["kpis"] as? [[String: Any]])
            return (Dictionary(rows.compactMap { row in (row["mean"] as? Double).map { (row["name"] as? String ?? "", $0) } }, uniquingKeysWith: { a, _ in a }),
                    json["disruptions"] as? Int)
        }
        let steady = try kpis(try run(echelonBinary(), ["simulate", "scenarios/quickstart.yaml", "--without-disruptions"] + args))
        let deleted = try kpis(try run(echelonBinary(), ["simulate", file.path] + args))
        let stressed = try kpis(try run(echelonBinary(), ["simulate", "scenarios/quickstart.yaml"] + args))
        #expect(steady.rows == deleted.rows && !steady.rows.isEmpty)
        #expect(steady.disruptions == nil && deleted.disruptions == nil && stressed.disruptions == 1)
        #expect((stressed.rows["tickets_per_year"] ?? 0) > (steady.rows["tickets_per_year"] ?? .infinity), "\(stressed.rows["tickets_per_year"] ?? -1) against \(steady.rows["tickets_per_year"] ?? -1)")
        let text2 = try echelon("simulate", "scenarios/quickstart.yaml", "--years", "0.1", "--replications", "2", "--warmup-days", "10", "--quiet")
        #expect(text2.stdout.contains("the simulation includes the scenario's 1 disruption; --without-disruptions compares like with like"))
    }

    /// Policy variants: the same plan under the scenario's ladder and under one without laterals;
    /// the lateral share drops to zero in the variant, with a paired interval.
    @Test func comparePolicyVariants() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("echelon-pol-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("scenarios/quickstart.yaml"), encoding: .utf8)
        let variant = text.replacingOccurrences(of: "sourcing: [own, lateral, parent, emergency]", with: "sourcing: [own, parent, emergency]")
        #expect(variant != text)
        let file = dir.appendingPathComponent("no-laterals.yaml")
        try variant.write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("scenarios/quickstart-stock.csv"),
                                         to: dir.appendingPathComponent("quickstart-stock.csv"))
        let r = try echelon("compare", "scenarios/quickstart.yaml", "--policies", file.path, "--years", "0.3", "--replications", "3",
                            "--warmup-days", "20", "--json", "--quiet")
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [[String: Any]])
        let lateral = try #require(rows.first { $0["kpi"] as? String == "lateral_fraction" && $0["difference_from_baseline"] != nil })
        #expect(lateral["mean"] as? Double == 0)
        let bad = try echelon("compare", "scenarios/quickstart.yaml", "--policies", "Tests/StockingTests/Fixtures/tiny.yaml", "--quiet")
        #expect(bad.status == 1)
        #expect(bad.stderr == "echelon: Tests/StockingTests/Fixtures/tiny.yaml: a policy variant must have the same sites and items, in the same order, as scenarios/quickstart.yaml\n")
    }
}
