import Foundation
import Testing

/// `echelon place` and `echelon bench ufl`: outputs exist, agree with each other, and errors exit
/// with the documented codes.
@Suite("echelon place and bench ufl")
struct PlaceCLITests {
    static func csv(_ path: String) throws -> [[String: String]] {
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return lines.dropFirst().map { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return Dictionary(uniqueKeysWithValues: zip(header, cells))
        }
    }

    @Test func placeWritesConsistentOutputs() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("echelon-place-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try echelon("place", "scenarios/depot-small.yaml", "--coverage", "0.95@4h", "--sweep", "3..6", "--out", dir, "--quiet")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\n  status        optimal (optimal); bound "))   // then the bound and gap, GLPK's figures
        for file in ["depots.csv", "assignment.csv", "summary.json", "map.svg", "sweep.csv", "sweep.svg"] {
            #expect(FileManager.default.fileExists(atPath: "\(dir)/\(file)"), "missing \(file)")
        }
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(dir)/summary.json"))) as? [String: Any])
        #expect(summary["status"] as? String == "optimal")
        let objective = try #require(summary["objective"] as? Double)
        let bound = try #require(summary["bound"] as? Double)
        #expect(bound <= objective + 1e-6)
        #expect((summary["gap"] as? Double ?? 1) < 1e-9)
        let parts = try #require(summary["objective_parts"] as? [String: Double])
        #expect(abs((parts["fixed"] ?? 0) + (parts["transport"] ?? 0) + (parts["stock"] ?? 0) + (parts["closing"] ?? 0) - objective) < 1e-4)
        let coverage = try #require(summary["coverage"] as? [String: Any])
        #expect((coverage["achieved"] as? Double ?? 0) >= 0.95 - 1e-9)
        #expect(summary["stock_approximation"] as? String != nil)
        #expect(summary["objective_exact"] as? Double != nil)

        let depots = try Self.csv("\(dir)/depots.csv")
        let assignment = try Self.csv("\(dir)/assignment.csv")
        #expect(assignment.count == 54)
        let open = Set(depots.compactMap { $0["depot"] })
        #expect(open == Set((summary["open_depots"] as? [String]) ?? []))
        #expect(assignment.allSatisfy { open.contains($0["depot"] ?? "") })
        // Demand served per depot = Σ of its points' demand; transport adds up to the objective part.
        for d in depots {
            let served = assignment.filter { $0["depot"] == d["depot"] }.reduce(0.0) { $0 + (Double($1["demand"] ?? "") ?? 0) }
            #expect(abs(served - (Double(d["demand_served"] ?? "") ?? -1)) < 0.02 * Double(max(1, assignment.count)))
        }
        let transport = assignment.reduce(0.0) { $0 + (Double($1["transport_cost"] ?? "") ?? 0) }
        #expect(abs(transport - (parts["transport"] ?? 0)) < 0.01 * 54)
        let covered = assignment.filter { $0["covered"] == "true" }.reduce(0.0) { $0 + (Double($1["demand"] ?? "") ?? 0) }
        #expect(abs(covered - (coverage["demand_within"] as? Double ?? -1)) < 0.01 * 54)
        let sweep = try Self.csv("\(dir)/sweep.csv")
        #expect(sweep.map { $0["k"] } == ["3", "4", "5", "6"])
        let svg = try String(contentsOfFile: "\(dir)/map.svg", encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("open depot"))   // a map of computed positions: its landmarks only
    }

    @Test func placeErrorsExitWithTheDocumentedCodes() throws {
        #expect(try echelon("place", "scenarios/depot-small.yaml", "--coverage", "lots").status == 2)
        #expect(try echelon("place", "scenarios/depot-small.yaml", "--max-depots", "2", "--depots", "3").status == 2)
        let none = try echelon("place", "scenarios/des-canonical/small/scenario.yaml", "--quiet")
        #expect(none.status == 1)
        #expect(none.stderr == "echelon: scenarios/des-canonical/small/scenario.yaml: no placement candidates; mark depots with candidate: true (docs/scenario-format.md)\n")
        let tight = try echelon("place", "scenarios/depot-small.yaml", "--coverage", "1@0.5h", "--quiet")
        #expect(tight.status == 1)
        #expect(tight.stderr == "echelon: no placement meets the constraints (coverage 1.0@0.5h, capacities); relax the coverage, response limit, capacity or depot count\n")
        let many = try echelon("place", "scenarios/depot-small.yaml", "--depots", "999", "--quiet")
        #expect(many.status == 1)
        #expect(many.stderr == "echelon: --depots 999: the scenario has only 10 candidate depots\n")
        let missing = try echelon("place", "scenarios/nope.yaml")
        #expect(missing.status == 1)
        #expect(missing.stderr == "echelon: scenarios/nope.yaml is not valid (1 problem):\nscenarios/nope.yaml: cannot read file: no such file\n")
    }

    @Test func benchUFLPrintsTheOptimum() throws {
        let r = try echelon("bench", "ufl", "data/benchmarks/orlib-ufl/cap71.txt", "--quiet")
        #expect(r.status == 0, "\(r.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(doc["optimal"] as? Bool == true)
        #expect(abs((doc["objective"] as? Double ?? 0) - 932615.75) < 1e-3)
        #expect(doc["matches"] as? Bool == true)
        #expect(doc["bound"] as? Double != nil && doc["gap"] as? Double != nil && doc["seconds"] as? Double != nil)
        #expect(((doc["open"] as? [Int]) ?? []).allSatisfy { (1...16).contains($0) })
        let bad = try echelon("bench", "ufl", "data/benchmarks/orlib-ufl/README.md", "--quiet")
        #expect(bad.status == 1)
        #expect(bad.stderr == "echelon: data/benchmarks/orlib-ufl/README.md: token 1 (the depot count) is \"#\", not a number ≥ 0\n")
        #expect(try echelon("bench", "ufl").status == 2)
    }
}
