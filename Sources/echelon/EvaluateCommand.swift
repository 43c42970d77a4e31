import ArgumentParser
import Foundation
import Outputs
import ScenarioModel
import Stocking

/// `echelon evaluate SCENARIO`: the service a stock plan gives, analytically.
struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Evaluate a stock plan: backorders, fill rates, waiting times, availability, pooling.",
        discussion: """
            The plan is the scenario's policies.stock_levels unless --plan names a CSV \
            (site,item,stock). Methods: metric (Sherbrooke 1968), vari-metric (Sherbrooke 1986, \
            the default), exact (Graves 1985; needs deterministic replenishment lead times).
            """
    )

    @Argument(help: "The scenario's YAML file.", completion: .file(extensions: ["yaml", "yml"]))
    var scenario: String

    @Option(help: "A stock plan CSV with columns site,item,stock.", completion: .file(extensions: ["csv"]))
    var plan: String?

    @Option(help: "metric, vari-metric or exact.")
    var method = "vari-metric"

    @Flag(help: "Print the full evaluation (per site and item) as JSON.")
    var json = false

    @Option(help: "Folder for site-items.csv, sites.csv, pools.csv, sla.csv and evaluation.json.")
    var out: String?

    func validate() throws {
        guard EvaluationMethod(rawValue: method) != nil else {
            throw ValidationError("--method must be metric, vari-metric or exact, not \"\(method)\"")
        }
    }

    func run() throws {
        let method = EvaluationMethod(rawValue: self.method) ?? .variMetric
        let loaded = try listingProblems(under: "invalid input") { try ScenarioLoader.load(path: scenario) }
        let levels: StockPlan
        if let plan {
            levels = try listingProblems(under: "invalid input") { try StockPlanFile.load(path: plan, for: loaded) }
        } else if let own = loaded.policies.stockLevels {
            levels = own
        } else {
            throw CLIError.invalidInput("\(scenario) has no policies.stock_levels; give a plan with --plan FILE.csv")
        }
        let evaluation = try context(scenario) { () throws(StockingError) -> PlanEvaluation in
            let model = try StockingModel(scenario: loaded)
            var e = try model.evaluate(stock: levels, method: method)
            if !loaded.slaClasses.isEmpty { e.sla = try model.slaAttainment(stock: levels, method: method == .exact ? .variMetric : method) }
            return e
        }
        if let out { try write(evaluation, loaded, to: out) }
        if json {
            print(try OutputJSON.encode(evaluation))
        } else {
            print(EvaluationTable.render(evaluation, scenario: loaded, planName: plan ?? "policies.stock_levels"))
        }
    }
}

extension EvaluateCommand {
    /// Writes the evaluation as CSV tables (one row per site and item, per site, per pool member)
    /// and JSON, for spreadsheets and notebooks.
    func write(_ e: PlanEvaluation, _ scenario: Scenario, to dir: String) throws {
        func n(_ x: Double?) -> String { x.map { String(format: "%.10g", $0) } ?? "" }
        try writing(to: dir) {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            var rows = "site,item,stock,customer_demand_per_year,demand_per_year,pipeline_mean,pipeline_variance,ebo,vbo,eoh,fill_rate,ready_rate,waiting_days,units_in_repair,units_in_transit,units_delayed_at_parent\n"
            for r in e.siteItems {
                rows += [CSVWriter.escape(r.site), CSVWriter.escape(r.item), "\(r.stock)", n(r.customerDemandPerYear), n(r.demandPerYear),
                         n(r.pipelineMean), n(r.pipelineVariance), n(r.ebo), n(r.vbo), n(r.eoh), n(r.fillRate), n(r.readyRate),
                         n(r.waitingDays), n(r.unitsInRepair), n(r.unitsInTransit), n(r.unitsDelayedAtParent)].joined(separator: ",") + "\n"
            }
            try rows.write(toFile: "\(dir)/site-items.csv", atomically: true, encoding: .utf8)
            var sites = "site,kind,echelon,customer_demand_per_year,stock_units,stock_value,holding_cost_per_year,customer_backorders,fill_rate,waiting_days\n"
            for r in e.sites {
                sites += [CSVWriter.escape(r.site), r.kind, r.echelon.map(String.init) ?? "", n(r.customerDemandPerYear), "\(r.stockUnits)",
                          n(r.stockValue), n(r.holdingCostPerYear), n(r.customerBackorders), n(r.fillRate), n(r.waitingDays)].joined(separator: ",") + "\n"
            }
            try sites.write(toFile: "\(dir)/sites.csv", atomically: true, encoding: .utf8)
            var pools = "pool,item,site,own,lateral,shortage,group_shortage_exact,group_shortage_approximate,replenishment_days\n"
            for g in e.pools {
                for m in g.members {
                    pools += [CSVWriter.escape(g.pool), CSVWriter.escape(g.item), CSVWriter.escape(m.site), n(m.own), n(m.lateral), n(m.shortage),
                              n(g.groupShortageFraction), n(g.approximateGroupShortageFraction), n(g.replenishmentDays)].joined(separator: ",") + "\n"
                }
            }
            try pools.write(toFile: "\(dir)/pools.csv", atomically: true, encoding: .utf8)
            if let sla = e.sla {
                var rows = "site,sla_class,tickets_per_year,part_within_window,attainment\n"
                for r in sla.sites {
                    rows += [CSVWriter.escape(r.site), CSVWriter.escape(r.slaClass), n(r.ticketsPerYear), n(r.partWithinWindow), n(r.attainment)]
                        .joined(separator: ",") + "\n"
                }
                try rows.write(toFile: "\(dir)/sla.csv", atomically: true, encoding: .utf8)
            }
            try (try OutputJSON.encode(e) + "\n").write(toFile: "\(dir)/evaluation.json", atomically: true, encoding: .utf8)
            try ScenarioFile.write(scenario, to: dir)
        }
    }
}

/// The human-readable evaluation.
enum EvaluationTable {
    static func render(_ e: PlanEvaluation, scenario: Scenario, planName: String) -> String {
        var out = "\(scenario.name)\nplan \(planName), method \(e.method.rawValue)\n\n"
        let header = ["site", "kind", "level", "failures/yr", "stock", "value", "fill rate", "wait days", "backorders"]
        var rows: [[String]] = []
        for s in e.sites {
            rows.append([s.site, s.kind, s.echelon.map(String.init) ?? "–", fixed(s.customerDemandPerYear, 1),
                         "\(s.stockUnits)", SummaryTable.grouped(Int(s.stockValue.rounded())),
                         s.fillRate.map { percent($0) } ?? "–", s.waitingDays.map { fixed($0, 3) } ?? "–",
                         fixed(s.customerBackorders, 3)])
        }
        out += table(header: header, rows: rows, rightAligned: Set(3...8))
        let y = e.system
        out += "\n\nsystem: \(SummaryTable.grouped(y.stockUnits)) units worth \(scenario.currency) \(SummaryTable.grouped(Int(y.stockValue.rounded())))"
        out += " (holding \(scenario.currency) \(SummaryTable.grouped(Int(y.holdingCostPerYear.rounded()))) per year)\n"
        out += "        fill rate \(percent(y.fillRate)), mean customer wait \(fixed(y.waitingDays, 3)) days, "
        out += "customer backorders \(fixed(y.customerBackorders, 3)), availability \(percent(y.availability))"
        if !e.products.isEmpty {
            out += "\n        availability by product: "
            out += e.products.map { "\($0.product) \(percent($0.availability))" }.joined(separator: ", ")
        }
        if !e.pools.isEmpty {
            out += "\n\npooling (demand-weighted over items; own/lateral split approximate; shortage exact: complete pooling, every member shares the group's):\n"
            var poolRows: [[String]] = []
            for name in Array(Set(e.pools.map(\.pool))).sorted() {
                let groups = e.pools.filter { $0.pool == name }
                var own = 0.0, lateral = 0.0, short = 0.0, exact = 0.0, total = 0.0, parent = 0.0
                for g in groups {
                    let weights = g.members.map { m in
                        e.siteItems.first { $0.site == m.site && $0.item == g.item }?.customerDemandPerYear ?? 0
                    }
                    let w = weights.reduce(0, +)
                    for (m, d) in zip(g.members, weights) {
                        own += d * m.own; lateral += d * m.lateral; short += d * m.shortage
                    }
                    exact += w * g.groupShortageFraction
                    total += w
                    parent += g.emergencyDemandPerYearOnParent
                }
                guard total > 0 else { continue }
                poolRows.append([name, percent(own / total), percent(lateral / total), percent(short / total),
                                 percent(exact / total), fixed(parent, 1)])
            }
            out += table(header: ["pool", "own", "lateral", groupsShortageName(e), "exact group", "to parent/yr"],
                         rows: poolRows, rightAligned: Set(1...5))
        }
        if let sla = e.sla, !sla.classes.isEmpty {
            out += "\n\nSLA attainment (analytic; windows in elapsed hours, field work as `simulate` has it by default):\n"
            let rows = sla.classes.map { c in
                [c.slaClass, fixed(c.restoreHours, 1), fixed(c.ticketsPerYear, 1), percent(c.partWithinWindow), percent(c.attainment),
                 SummaryTable.grouped(Int(c.penaltyCostPerYear.rounded()))]
            }
            out += table(header: ["class", "window h", "tickets/yr", "part in window", "restored in window", "penalties/yr"],
                         rows: rows, rightAligned: Set(1...5))
            out += "\nper site and class: sla.csv with --out; what is exact and what approximate: docs/architecture.md, SLA windows"
        }
        return out
    }

    static func groupsShortageName(_ e: PlanEvaluation) -> String {
        e.pools.first?.shortage == "backorder" ? "backordered" : "emergency"
    }

    static func percent(_ x: Double) -> String { String(format: "%.3f %%", 100 * x) }
    static func fixed(_ x: Double, _ d: Int) -> String { String(format: "%.\(d)f", x) }

    /// A plain-text table with a header rule.
    static func table(header: [String], rows: [[String]], rightAligned: Set<Int>) -> String {
        var widths = header.map(\.count)
        for r in rows { for (k, c) in r.enumerated() { widths[k] = max(widths[k], c.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { k, c in
                let pad = String(repeating: " ", count: widths[k] - c.count)
                return rightAligned.contains(k) ? pad + c : c + pad
            }.joined(separator: "  ")
        }
        var out = line(header) + "\n" + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        for r in rows { out += "\n" + line(r) }
        return out
    }
}
