import Foundation

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

    static let optimizeSummary = """
    {
      "currency" : "EUR", "curve_points" : 3,
      "echelons" : [ { "level" : 0, "units" : 5, "value" : 1000 }, { "level" : 1, "units" : 7, "value" : 2500.5 } ],
      "file" : "scenarios/fixture.yaml", "goal" : "target fill-rate=0.95", "method" : "vari-metric",
      "point" : { "availability" : 0.99123, "cost" : 3500.5, "ebo" : 1.25, "fill_rate" : 0.9512, "holding_cost_per_year" : 875.125,
                  "step" : -1, "units" : 12, "waiting_days" : 0.31 },
      "scenario" : "Fixture network", "seconds" : 0.5,
      "solver" : { "columns" : 10, "iterations" : 3, "lower_bound" : 870, "objective_holding_cost_per_year" : 875.125, "pooling" : false,
                   "pricing_converged" : true, "relative_gap" : 0.0058, "seconds" : 0.2, "solution" : "optimal", "termination" : "optimal" },
      "status" : "optimal", "status_note" : "minimum holding cost"
    }
    """

    static let curve = """
    point,cost,holding_cost_per_year,units,ebo,fill_rate,availability,waiting_days
    0,0.00,0.00,0,10,0,0.9,5
    1,2000.00,500.00,6,3,0.8,0.97,1
    2,3500.50,875.13,12,1.25,0.9512,0.99123,0.31

    """

    static let stockPlan = """
    site,item,stock
    CW,PUMP,5
    SP-1,PUMP,3
    SP-1,BOARD,2
    SP-2,"BOARD, rev. 2",2

    """

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
        depot,name,lat,lon,existing,fixed_cost,capacity,demand_served,utilisation,points,transport_cost,stock_cost,stock_cost_exact
        D1,"\(evilSite)",52.5,13.4,true,600.00,1000.00,100.00,0.1000,3,300.00,100.00,110.00

        """
    }

    static let assignment = """
    point,name,lat,lon,demand,depot,travel_hours,transport_cost,covered
    P1,Point one,52.4,13.3,50.00,D1,1.000,100.00,true
    P2,Point two,52.0,13.0,47.00,D1,3.000,150.00,true
    P3,Point three,51.0,12.0,3.00,D1,6.500,50.00,false

    """

    static let sweep = """
    k,status,objective,fixed,transport,stock,closing,coverage,bound,gap,seconds,open_depots
    1,optimal,1000.00,600.00,300.00,100.00,0.00,0.970000,1000.00,0.00000000,0.010,D1
    2,optimal,1200.00,900.00,200.00,100.00,0.00,1.000000,1200.00,0.00000000,0.010,D1 D2

    """

    static let kpis = """
    {
      "analytic_fill_rate" : 0.95, "events" : 1234, "file" : "scenarios/fixture.yaml",
      "kpis" : [
        { "half_width" : 0.0157798885, "mean" : 0.624934045, "name" : "fill_rate", "unit" : "fraction" },
        { "half_width" : 0.03, "mean" : 0.66, "name" : "sla_restore_premium", "unit" : "fraction" },
        { "half_width" : 0.02, "mean" : 0.98, "name" : "sla_restore_standard", "unit" : "fraction" },
        { "half_width" : 0.2, "mean" : 0.438, "name" : "ttr_mean", "unit" : "days" },
        { "half_width" : 0.01, "mean" : 0.6, "name" : "ttr_p90", "unit" : "days" },
        { "half_width" : 16042.9, "mean" : 128137.5, "name" : "penalty_cost_per_year", "unit" : "currency" }
      ],
      "plan" : "plan.csv", "replications" : 2, "scenario" : "Fixture network", "seed" : 1, "wall_seconds" : 0.1,
      "warmup_days" : 14, "years" : 1
    }
    """

    static let weeks = """
    replication,week,start_day,tickets_resolved,sla_attainment,average_backorders,average_on_hand,sla_attainment_premium,tickets_premium,sla_attainment_standard,tickets_standard
    1,0,0,10,0.9,1,20,1.0,5,0.8,5
    1,1,7,4,0.5,2,18,0.25,4,,0
    2,0,0,10,0.7,3,22,0.6,5,0.8,5
    2,1,7,0,,4,16,,0,,0

    """

    static let compare = """
    [
      { "kpi" : "fill_rate", "mean" : 0.6, "half_width" : 0.01, "plan" : "a.csv", "unit" : "fraction" },
      { "kpi" : "ttr_mean", "mean" : 0.5, "half_width" : 0.05, "plan" : "a.csv", "unit" : "days" },
      { "difference_from_baseline" : 0.05, "difference_half_width" : 0.01, "kpi" : "fill_rate", "mean" : 0.65, "half_width" : 0.01,
        "plan" : "b.csv", "significant" : true, "unit" : "fraction" },
      { "difference_from_baseline" : -0.01, "difference_half_width" : 0.03, "kpi" : "ttr_mean", "mean" : 0.49, "half_width" : 0.05,
        "plan" : "b.csv", "significant" : false, "unit" : "days" }
    ]
    """

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
