import Foundation
import Testing
import ScenarioModel

@Suite struct FixtureTests {
    @Test func plantedErrorsAreAllReportedInOneRun() {
        let yaml = TestPaths.fixture("broken/broken.yaml")
        let csv = TestPaths.fixture("broken/lanes.csv")
        var reported: [Diagnostic] = []
        do {
            _ = try ScenarioLoader.load(path: yaml)
        } catch {
            reported = error.diagnostics
        }
        let expected: [(String, Int, String, String)] = [
            (yaml, 7, "sites[1].parent", "the echelon tree has a cycle: RD-A → RD-B → RD-A; every chain of parents must end at a central_warehouse"),
            (yaml, 9, "sites[3].parent", "unknown site \"RC-09\""),
            (yaml, 10, "sites[4].id", "duplicate site id \"SP1\" (first defined on line 9)"),
            (yaml, 11, "sites[5].engineer", "unknown field \"engineer\" (did you mean \"engineers\"?); allowed: id, name, kind, parent, lat, lon, pool, capacity, fixed_cost, candidate, must_open, must_close, existing, closing_cost, engineers, calendar, time_zone"),
            (yaml, 11, "sites[5].parent", "no replenishment lane from CW to SP3; add it to lanes or set lane_defaults.replenishment"),
            (yaml, 18, "items[0].failure_rate", "must be at least 0, got -0.5"),
            (yaml, 19, "items[1].supplier_lead_time", "invalid distribution: unknown distribution \"gama\" (did you mean \"gamma\"?); expected one of: deterministic, exponential, gamma, lognormal, weibull, uniform, triangular, empirical"),
            (csv, 3, "lanes[1]", "expected 5 cells as in the header, got 4"),
        ]
        #expect(reported == expected.map { Diagnostic(file: $0.0, line: $0.1, field: $0.2, message: $0.3) })
        #expect(reported.first?.description == "\(yaml):7: sites[1].parent: the echelon tree has a cycle: RD-A → RD-B → RD-A; every chain of parents must end at a central_warehouse")
    }

    @Test func csvTablesWithBOMCRLFAndQuotedCells() throws {
        // Guard against line-ending normalisation of the fixture (see .gitattributes).
        let raw = try Data(contentsOf: URL(fileURLWithPath: TestPaths.fixture("csv/sites.csv")))
        #expect(raw.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(raw.range(of: Data("\r\n".utf8)) != nil)
        let scenario = try ScenarioLoader.load(path: TestPaths.fixture("csv/good.yaml"))
        #expect(scenario.sites.map(\.id) == ["CW-01", "RD-N", "SP-KI", "SP-HB"])
        #expect(scenario.sites.map(\.name) == ["Central warehouse \"Main\"", "Depot North, Hamburg", "Kiel\nharbour office", "Bremen"])
        #expect(scenario.sites.map(\.echelon) == [0, 1, 2, 2])
        #expect(scenario.sites.map(\.candidate) == [false, true, false, false])
        #expect(scenario.sites.map(\.engineers) == [0, 0, 2, 3])
        #expect(scenario.sites[1].childIndices == [2, 3])
        #expect(scenario.sites[2].coordinate == Coordinate(latitude: 54.3233, longitude: 10.1228))
        #expect(scenario.pools == ["coast": [2, 3]])

        let fan = try #require(scenario.item("FAN"))
        #expect(fan.name == "Fan, 120 mm")
        #expect(!fan.repairable)
        #expect(fan.supplierLeadTime == .gamma(mean: 5, cv: 0.5))
        #expect(fan.usedIn == [ItemUse(product: "WM-8", productIndex: 0, quantity: 1), ItemUse(product: "DW-3", productIndex: 1, quantity: 2)])
        let controller = try #require(scenario.item("CTRL"))
        #expect(controller.repairTime == .uniform(min: 3, max: 5))
        #expect(controller.repairSiteIndex == 0)
        // Kiel: 40 WM-8 + 10 DW-3; Bremen: 60 WM-8.
        // FAN: 0.2 × (40·1 + 10·2) = 12 at Kiel, 0.2 × 60 = 12 at Bremen; CTRL: 0.05 × 40 = 2, 0.05 × 60 = 3.
        #expect(scenario.demandPerYear == [[0, 0], [0, 0], [12, 2], [12, 3]])
        #expect(abs(scenario.totalDemandPerYear - 29) < 1e-12)
    }

    @Test func csvDiagnosticsNameTheCSVFileAndRecordLine() {
        // sites-bad.csv: a quoted name spans lines 4–5, so the Oldenburg row is on physical line 7.
        var reported: [Diagnostic] = []
        do {
            _ = try ScenarioLoader.load(path: TestPaths.fixture("csv/bad.yaml"))
        } catch {
            reported = error.diagnostics
        }
        #expect(reported == [Diagnostic(file: TestPaths.fixture("csv/sites-bad.csv"), line: 7, field: "sites[4].parent", message: "unknown site \"RC-09\"")])
    }
}
