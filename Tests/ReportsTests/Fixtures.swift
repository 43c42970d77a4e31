import Foundation
import Outputs
import ScenarioModel

/// A temporary output folder written file by file, removed when the test ends.
final class OutputFolder {
    let url: URL
    var path: String { url.path }

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("echelon-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `text` to `name` (a path relative to the folder; subfolders created).
    func write(_ name: String, _ text: String) throws {
        let file = url.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: file, atomically: true, encoding: .utf8)
    }

    func read(_ name: String) throws -> String { try String(contentsOf: url.appendingPathComponent(name), encoding: .utf8) }
}

/// Small but complete outputs of the four commands, as they write them.
enum Fixture {
    static let evilSite = "<script>alert(1)</script>"

    static func scenarioJSON(command: String, question: String? = "Which parts should we stock where for a 95 % fill rate?") -> String {
        """
        {
          "command" : \(quoted(command)),
          "scenario" : {
            "calendars" : 1, "candidate_depots" : 0, "currency" : "EUR", "default_lane_modes" : [ ],
            "description" : "A small test network", "disruption_list" : [ \(quoted("outage of \(evilSite), days 10–20")) ],
            "disruptions" : 1, "dispatch" : "nearest", "engineers" : 6, "failures_per_year" : 345.5, "file" : "scenarios/fixture.yaml",
            "horizon_days" : 365, "installed_units" : 1200,
            "items" : { "consumable" : 1, "repairable" : 1, "total" : 2 },
            "lanes_per_mode" : { "replenishment" : 3 }, "name" : "Fixture network", "pools" : 0, "products" : 1,
            \(question.map { "\"question\" : \(quoted($0))," } ?? "")
            "replenishment" : "continuous",
            "sites_per_echelon" : [ 1, 3 ], "sites_per_kind" : { "central_warehouse" : 1, "service_point" : 3, "supplier" : 1 },
            "sla_classes" : 2, "sourcing" : [ "own", "parent", "emergency" ]
          }
        }
        """
    }

    static func quoted(_ s: String) -> String {
        String(decoding: (try? JSONEncoder().encode(s)) ?? Data("\"\"".utf8), as: UTF8.self)
    }

    /// Written through the schema type, as the command writes it.
    static var optimizeSummary: String {
        let summary = OptimizeSummary(
            scenario: "Fixture network", file: "scenarios/fixture.yaml", method: "vari-metric", goal: "target fill-rate=0.95",
            status: "optimal", statusNote: "minimum holding cost", curvePoints: 3, chosenPoint: nil,
            point: .init(step: -1, cost: 3500.5, holdingCostPerYear: 875.125, ebo: 1.25, fillRate: 0.9512, availability: 0.99123,
                         waitingDays: 0.31, units: 12),
            fillRateWithLaterals: nil,
            solver: .init(termination: "optimal", solution: "optimal", objectiveHoldingCostPerYear: 875.125, lowerBound: 870,
                          relativeGap: 0.0058, iterations: 3, columns: 10, pricingConverged: true, pooling: false, seconds: 0.2),
            currency: "EUR", seconds: 0.5,
            echelons: [.init(level: 0, units: 5, value: 1000), .init(level: 1, units: 7, value: 2500.5)])
        return (try? OutputJSON.encode(summary)) ?? ""
    }

    static let curve = CurveColumn.header + """

    0,0.00,0.00,0,10,0,0.9,5
    1,2000.00,500.00,6,3,0.8,0.97,1
    2,3500.50,875.13,12,1.25,0.9512,0.99123,0.31

    """

    static let stockPlan = StockPlanFile.Column.header + """

    CW,PUMP,5
    SP-1,PUMP,3
    SP-1,BOARD,2
    SP-2,"BOARD, rev. 2",2

    """

    /// Hand-written as a file of the first version (no `format`, no statistics): the report opens
    /// folders written before the schema carried its version.
    static let placeSummary = """
    {
      "bound" : 1000, "candidates" : 3,
      "constraints" : { "coverage" : "0.95@4.0h", "fill_rate" : 0.95 },
      "coverage" : { "achieved" : 0.97, "demand_within" : 97, "hours" : 4, "target_fraction" : 0.95, "total_demand" : 100 },
      "currency" : "EUR", "demand_points" : 3, "file" : "scenarios/depots.yaml", "gap" : 0,
      "objective" : 1000, "objective_exact" : 1010,
      "objective_parts" : { "closing" : 0, "fixed" : 600, "stock" : 100, "transport" : 300 },
      "open_depots" : [ "D1" ], "scenario" : "Fixture depots", "seconds" : 0.1, "solution" : "optimal", "status" : "optimal"
    }
    """

    static var depots: String {
        """
        \(DepotColumn.header)
        D1,"\(evilSite)",52.5,13.4,true,600.00,1000.00,100.00,0.1000,3,300.00,100.00,110.00

        """
    }

    static let assignment = AssignmentColumn.header + """

    P1,Point one,52.4,13.3,50.00,D1,1.000,100.00,true
    P2,Point two,52.0,13.0,47.00,D1,3.000,150.00,true
    P3,Point three,51.0,12.0,3.00,D1,6.500,50.00,false

    """

    static let sweep = SweepColumn.header + """

    1,optimal,1000.00,600.00,300.00,100.00,0.00,0.970000,1000.00,0.00000000,0.010,D1
    2,optimal,1200.00,900.00,200.00,100.00,0.00,1.000000,1200.00,0.00000000,0.010,D1 D2

    """

    static var kpis: String {
        func k(_ key: KPI, _ mean: Double, _ halfWidth: Double) -> SimulationSummary.KPIEntry {
            .init(name: key.name, unit: key.unit.rawValue, mean: mean, halfWidth: halfWidth)
        }
        let summary = SimulationSummary(
            scenario: "Fixture network", file: "scenarios/fixture.yaml", plan: "plan.csv", years: 1, warmupDays: 14, replications: 2,
            seed: 1,
            kpis: [k(.fillRate, 0.624934045, 0.0157798885), k(.slaRestore(slaClass: "premium"), 0.66, 0.03),
                   k(.slaRestore(slaClass: "standard"), 0.98, 0.02), k(.ttrMean, 0.438, 0.2), k(.ttrP90, 0.6, 0.01),
                   k(.penaltyCostPerYear, 128137.5, 16042.9)],
            analyticFillRate: 0.95, analyticFillRateWithLaterals: nil, events: 1234, wallSeconds: 0.1)
        return (try? OutputJSON.encode(summary)) ?? ""
    }

    static let weeks = WeekColumn.header + ",sla_attainment_premium,tickets_premium,sla_attainment_standard,tickets_standard" + """

    1,0,0,10,0.9,1,20,1.0,5,0.8,5
    1,1,7,4,0.5,2,18,0.25,4,,0
    2,0,0,10,0.7,3,22,0.6,5,0.8,5
    2,1,7,0,,4,16,,0,,0

    """

    static var compare: String {
        func row(_ key: KPI, _ plan: String, _ mean: Double, _ halfWidth: Double, difference: (Double, Double, Bool)? = nil) -> CompareRow {
            var r = CompareRow(kpi: key.name, unit: key.unit.rawValue, plan: plan, mean: mean, halfWidth: halfWidth)
            if let (d, h, significant) = difference {
                r.differenceFromBaseline = d
                r.differenceHalfWidth = h
                r.significant = significant
            }
            return r
        }
        let rows = [row(.fillRate, "a.csv", 0.6, 0.01), row(.ttrMean, "a.csv", 0.5, 0.05),
                    row(.fillRate, "b.csv", 0.65, 0.01, difference: (0.05, 0.01, true)),
                    row(.ttrMean, "b.csv", 0.49, 0.05, difference: (-0.01, 0.03, false))]
        return (try? OutputJSON.encode(rows)) ?? ""
    }

    /// A folder like `make demo`'s: optimize at the top, place, simulate and compare below.
    static func demo() throws -> OutputFolder {
        let folder = try OutputFolder()
        try folder.write("summary.json", optimizeSummary)
        try folder.write("stock-plan.csv", stockPlan)
        try folder.write("curve.csv", curve)
        try folder.write("scenario.json", scenarioJSON(command: "echelon optimize scenarios/fixture.yaml --target fill-rate=0.95 --out demo"))
        try folder.write("place/summary.json", placeSummary)
        try folder.write("place/depots.csv", depots)
        try folder.write("place/assignment.csv", assignment)
        try folder.write("place/sweep.csv", sweep)
        try folder.write("simulation/kpis.json", kpis)
        try folder.write("simulation/weeks.csv", weeks)
        try folder.write("simulation/scenario.json", scenarioJSON(command: "echelon simulate scenarios/fixture.yaml --out demo/simulation"))
        try folder.write("compare/compare.json", compare)
        return folder
    }
}
