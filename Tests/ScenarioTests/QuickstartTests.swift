import Foundation
import Testing
import ScenarioModel

/// The shipped quickstart scenario, checked against figures computed by hand from the YAML and CSV.
@Suite struct QuickstartTests {
    static let path = "\(TestPaths.packageRoot)/scenarios/quickstart.yaml"

    func load() throws -> Scenario { try ScenarioLoader.load(path: Self.path) }

    @Test func networkShape() throws {
        let scenario = try load()
        #expect(scenario.sites.count == 13)
        #expect(scenario.rootIndices == [0])
        #expect(scenario.site("RD-DUI")?.childIndices.map { scenario.sites[$0].id } == ["SP-AMS", "SP-BRU", "SP-CGN", "SP-DTM"])
        #expect(scenario.site("SP-LEJ")?.echelon == 2)
        #expect(scenario.site("RS-EHV")?.echelon == nil)
        #expect(scenario.pools["south-east"]?.map { scenario.sites[$0].id } == ["SP-MUC", "SP-STR", "SP-FRA", "SP-LEJ"])
        #expect(scenario.ancestry(of: scenario.siteIndex["SP-MUC"] ?? -1).map { scenario.sites[$0].id } == ["SP-MUC", "RD-NUE", "CW-KS"])
        #expect(scenario.startDate == CalendarDate(year: 2026, month: 1, day: 1))
    }

    @Test func demandFiguresByHand() throws {
        let scenario = try load()
        // Installed: 960 IJ-500 and 680 TT-200 over eight service points.
        // Σ over items of rate × (qty_IJ·960 + qty_TT·680):
        //   PH-IJ 115.2, CB-MAIN 82, PSU-24 131.2, PUMP-INK 192, HMI-10 65.6, MOT-ST 81.6, ENC-01 164,
        //   VLV-SOL 432, PH-TT 170, MOT-RB 95.2, GUT-SNS 86.4, FLT-KIT 960  → 2575.2;
        // the Leipzig filter-kit override replaces 70 with 95 → 2600.2.
        #expect(abs(scenario.totalDemandPerYear - 2600.2) < 1e-9)
        let munich = try #require(scenario.siteIndex["SP-MUC"]), valve = try #require(scenario.itemIndex["VLV-SOL"])
        #expect(abs(scenario.demandPerYear[munich][valve] - 72) < 1e-9) // 0.15 × 3 × 160
        let leipzig = try #require(scenario.siteIndex["SP-LEJ"]), filter = try #require(scenario.itemIndex["FLT-KIT"])
        #expect(scenario.demandPerYear[leipzig][filter] == 95)
        #expect(abs(scenario.demandPerYear(item: filter) - 985) < 1e-9) // 960 − 70 + 95
        let central = try #require(scenario.siteIndex["CW-KS"])
        #expect(scenario.demandPerYear[central].allSatisfy { $0 == 0 })
    }

    @Test func lanesAndDefaults() throws {
        let scenario = try load()
        let trunk = try #require(scenario.lane(from: "CW-KS", to: "RD-NUE", mode: .replenishment))
        #expect(!trunk.isDefault)
        #expect(trunk.leadTime == .gamma(mean: 1.5, cv: 0.3))
        #expect(trunk.distanceKm == 300)
        let lateral = try #require(scenario.lane(from: "SP-AMS", to: "SP-BRU", mode: .lateral))
        #expect(lateral.isDefault && lateral.costPerUnit == 25)
        // Amsterdam–Brussels great-circle 172.97 km × circuity 1.3.
        #expect(abs((lateral.distanceKm ?? 0) - 224.865) < 0.01)
        #expect(scenario.lane(from: "SP-LEJ", to: "RS-EHV", mode: .return)?.leadTime == .gamma(mean: 3, cv: 0.4))
        #expect(scenario.lane(from: "RD-NUE", to: "SP-LEJ", mode: .replenishment)?.leadTime == .triangular(min: 1, mode: 1, max: 2))
        let item = try #require(scenario.item("PH-TT"))
        #expect(abs((item.repairTime?.mean ?? 0) - 9 * Double.pi.squareRoot() / 2) < 1e-9)
        #expect(scenario.item("FLT-KIT")?.holdingRate == 0.3)
        #expect(scenario.item("PSU-24")?.holdingCostPerYear == 80)
    }

    @Test func summaryFigures() throws {
        let summary = try load().summary
        #expect(summary.sitesPerKind == ["central_warehouse": 1, "regional_depot": 2, "service_point": 8, "repair_shop": 1, "supplier": 1])
        #expect(summary.sitesPerEchelon == [1, 2, 8])
        #expect(summary.pools == 2)
        #expect(summary.items == ScenarioSummary.ItemCounts(total: 12, repairable: 4, consumable: 8))
        #expect(summary.products == 2)
        #expect(summary.installedUnits == 1640)
        #expect(abs(summary.failuresPerYear - 2600.2) < 1e-9)
        #expect(summary.lanesPerMode == ["replenishment": 10, "lateral": 0, "emergency": 0, "return": 0])
        #expect(summary.defaultLaneModes == ["lateral", "emergency", "return"])
        #expect(summary.engineers == 35) // 4 + 3 + 5 + 4 + 6 + 5 + 5 + 3
        #expect(summary.slaClasses == 2)
        #expect(summary.calendars == 1)
        #expect(summary.disruptions == 1)
        #expect(summary.candidateDepots == 2)
        // quickstart-stock.csv: 132 positions, 459 units, Σ level × unit cost = 163,400 EUR.
        #expect(summary.stockLevels == ScenarioSummary.StockFigures(positions: 132, units: 459, value: 163_400))
    }

    @Test func summaryJSONUsesSnakeCaseKeys() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try #require(String(data: try encoder.encode(try load().summary), encoding: .utf8))
        for key in ["\"sites_per_kind\"", "\"sites_per_echelon\":[1,2,8]", "\"failures_per_year\"", "\"lanes_per_mode\"",
                    "\"default_lane_modes\":[\"lateral\",\"emergency\",\"return\"]", "\"installed_units\":1640",
                    "\"stock_levels\":{\"positions\":132,\"units\":459,\"value\":163400}", "\"sla_classes\":2"] {
            #expect(json.contains(key), "\(key) missing in \(json)")
        }
        let decoded = try JSONDecoder().decode(ScenarioSummary.self, from: Data(json.utf8))
        #expect(decoded == (try load().summary))
    }

    @Test func diagnosticDescriptions() {
        #expect(Diagnostic(file: "a.yaml", line: 3, field: "sites[0].id", message: "m").description == "a.yaml:3: sites[0].id: m")
        #expect(Diagnostic(file: "a.yaml", line: nil, field: "", message: "m").description == "a.yaml: m")
        let error = ScenarioError(diagnostics: [Diagnostic(file: "b.csv", line: 1, field: "x", message: "m1"),
                                                Diagnostic(file: "a.yaml", line: 9, field: "y", message: "m2"),
                                                Diagnostic(file: "a.yaml", line: 2, field: "z", message: "m3")])
        #expect(error.description == "a.yaml:2: z: m3\na.yaml:9: y: m2\nb.csv:1: x: m1")
    }
}
