import ArgumentParser
import DiscreteEvent
import Foundation
import Outputs
import Reports
import ScenarioModel
import Simulation
import Stocking

/// Options shared by `simulate` and `compare`.
struct SimulationArguments: ParsableArguments {
    @Option(help: "Measured years after the warm-up.") var years: Double = 1
    @Option(help: "Warm-up days before measurement starts.") var warmupDays: Double = 60
    @Option(help: "Independent replications (confidence intervals need at least 2).") var replications = 5
    @Option(help: "Seed of the random streams.") var seed: UInt64 = 1
    @Option(help: "Threads for replications (default: every core); results do not depend on it.") var threads: Int?
    @Option(help: "Share of tickets fixed remotely (no part, no visit).") var remoteFix: Double = 0
    @Option(help: "Share of the other tickets that need a visit but no part.") var noPart: Double = 0
    @Option(help: "Weibull ageing: every installed item unit renews with Weibull lifetimes of this shape, all new at day 0 (default: Poisson failures).")
    var weibullShape: Double?
    @Option(help: "Share of visits that end with the fault not cleared, so another visit follows (in [0, 1)).")
    var revisit: Double = 0
    @Flag(help: "Run the full service workflow: assets, intake with entitlement and fault codes, approvals, SLA stop-watches on business hours, returns with serials, surveys, settlement.")
    var workflow = false
    @Flag(help: "Leave the scenario's disruptions out: the steady state, as the analytic model sees it.")
    var withoutDisruptions = false
    @Flag(name: .shortAndLong, help: "No progress output.") var quiet = false

    func validate() throws {
        guard years > 0, years.isFinite, years <= 200 else { throw ValidationError("--years must be in (0, 200]") }
        guard warmupDays >= 0, warmupDays.isFinite else { throw ValidationError("--warmup-days must be ≥ 0") }
        guard replications >= 1, replications <= 10_000 else { throw ValidationError("--replications must be in 1…10000") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let k = weibullShape, !(k > 0 && k.isFinite && k <= 20) { throw ValidationError("--weibull-shape must be in (0, 20]") }
        guard (0..<1).contains(revisit) else { throw ValidationError("--revisit must be a fraction in [0, 1)") }
        guard (0...1).contains(remoteFix), (0...1).contains(noPart) else {
            throw ValidationError("--remote-fix and --no-part must be fractions in [0, 1]")
        }
    }

    func options(keepOrders: Bool = false) -> SimulationOptions {
        var o = SimulationOptions(horizonDays: Units.days(years: years), warmupDays: warmupDays, replications: replications, seed: seed,
                                  threads: threads, remoteFixFraction: remoteFix, noPartFraction: noPart, keepOrders: keepOrders,
                                  weibullShape: weibullShape, workflow: workflow, revisitFraction: revisit)
        o.disruptions = !withoutDisruptions
        return o
    }

    /// Loads the scenario and a plan (a CSV, or the scenario's own stock levels).
    static func load(_ path: String, plan: String?, requirePlan: Bool = true) throws -> (Scenario, StockPlan) {
        let s = try listingProblems(under: "invalid input") { try ScenarioLoader.load(path: path) }
        if let plan { return (s, try listingProblems(under: "invalid input") { try StockPlanFile.load(path: plan, for: s) }) }
        if !requirePlan { return (s, s.policies.stockLevels ?? StockPlan(zerosFor: s)) }
        guard let own = s.policies.stockLevels else {
            throw CLIError.invalidInput("\(path) has no policies.stock_levels; give a plan with --plan FILE.csv")
        }
        return (s, own)
    }

    static func run(_ s: Scenario, _ plan: StockPlan, _ options: SimulationOptions, progress: Progress, label: String) throws -> SimulationResult {
        let total = options.replications
        progress.update("\(label): 0/\(total) replications")
        do {
            return try Simulation.run(scenario: s, plan: plan, options: options) { done in
                progress.update("\(label): \(done)/\(total) replications")
            }
        } catch .invalidOptions(let message) {
            // The options are this command's flags: the message alone, without the library's
            // "invalid simulation options: ". The other cases keep their category and words.
            throw CLIError.invalidInput(message)
        }
    }
}

/// `echelon simulate SCENARIO`: the discrete-event simulation of the network under a plan.
struct SimulateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Simulate failures, tickets, engineers, shipments and repairs; KPIs with confidence intervals.",
        discussion: """
            The world (failures, lead times, travel, repairs, disruptions) drives the service desk \
            (every order, stock move, shipment and visit). KPIs are means over replications with \
            95 % Student-t half-widths. Disruption days count from the end of the warm-up.
            """
    )

    @Argument(help: "The scenario's YAML file.", completion: .file(extensions: ["yaml", "yml"])) var scenario: String
    @Option(help: "A stock plan CSV (site,item,stock); default the scenario's stock levels.", completion: .file(extensions: ["csv"]))
    var plan: String?
    @OptionGroup var simulation: SimulationArguments
    @Option(help: "Folder for kpis.json, kpis.csv, weeks.csv, timeline.svg (and orders.csv with --orders).") var out: String?
    @Flag(help: "Also write orders.csv (one row per resolved order of replication 1).") var orders = false
    @Flag(help: "Print the KPIs as JSON.") var json = false
    @Option(help: ArgumentHelp("Where the desk records: memory, or sqlite:PATH for a new SQLite database holding replication 1's full record.",
                               valueName: "memory|sqlite:PATH"))
    var store = "memory"

    /// The SQLite path of `--store sqlite:PATH`, nil for memory.
    var databasePath: String? {
        store.hasPrefix("sqlite:") ? String(store.dropFirst("sqlite:".count)) : nil
    }

    func validate() throws {
        guard store == "memory" || store.hasPrefix("sqlite:") else {
            throw ValidationError("--store must be memory or sqlite:PATH, not \(store)")
        }
        if let path = databasePath {
            guard !path.isEmpty else { throw ValidationError("--store sqlite:PATH needs a path") }
            guard !FileManager.default.fileExists(atPath: path) else {
                throw ValidationError("--store \(store): \(path) already exists; a desk database is created once (remove it or choose another path)")
            }
        }
    }

    func run() throws {
        let (s, levels) = try SimulationArguments.load(scenario, plan: plan)
        let progress = Progress(enabled: !simulation.quiet)
        var options = simulation.options(keepOrders: orders)
        options.database = databasePath
        let result = try SimulationArguments.run(s, levels, options, progress: progress, label: "simulate")
        progress.finish()
        // The analytic view of the same plan, beside the simulated one.
        let model = try? StockingModel(scenario: s)
        let analytic = try? model?.evaluate(stock: levels, method: .variMetric)
        let attainment = try? model?.slaAttainment(stock: levels, field: options.fieldWork)
        var report = SimulationReport(scenario: s.name, file: scenario, plan: plan ?? "policies.stock_levels",
                                      years: simulation.years, warmupDays: simulation.warmupDays, replications: simulation.replications, seed: simulation.seed,
                                      kpis: result.kpis.map { .init($0) },
                                      analyticFillRate: analytic?.system.fillRate,
                                      analyticFillRateWithLaterals: analytic?.system.fillRateWithLaterals,
                                      events: result.replications.reduce(0) { $0 + $1.events.total },
                                      wallSeconds: result.replications.reduce(0) { $0 + $1.wallSeconds })
        if options.disruptions && !s.disruptions.isEmpty { report.disruptions = s.disruptions.count }
        if let analytic {
            let pools = PoolAgreement.rows(scenario: s, evaluation: analytic, replications: result.replications)
            if !pools.isEmpty { report.pools = pools }
        }
        if let attainment, !attainment.classes.isEmpty, !options.workflow {
            report.analyticAttainment = Dictionary(attainment.classes.map { ($0.slaClass, $0.attainment) }, uniquingKeysWith: { a, _ in a })
        }
        if let out { try write(result, report, s, to: out) }
        if json {
            print(try OutputJSON.encode(report))
        } else {
            print(Self.render(report))
            if let out { print("\nwrote \(out)/kpis.json, kpis.csv, weeks.csv, timeline.svg, scenario.json\(report.pools != nil ? ", pools.csv" : "")\(orders ? ", orders.csv" : "")") }
            if let path = databasePath { print("desk database (replication 1): \(path); check it with `echelon desk check \(path)`") }
        }
    }

    static func render(_ r: SimulationReport) -> String {
        var text = "\(r.scenario ?? "") — \(r.plan ?? "")\n\(EvaluationTable.fixed(r.years ?? 0, 2)) years after \(Int(r.warmupDays ?? 0)) warm-up days, "
        text += "\(r.replications ?? 0) replications, seed \(r.seed ?? 0); \(r.events ?? 0) events in \(EvaluationTable.fixed(r.wallSeconds ?? 0, 2)) s of simulation\n\n"
        let rows = r.kpis.map { k -> [String] in
            [k.name, format(k.mean ?? .nan, k.unit), (k.halfWidth ?? 0) > 0 ? "± " + format(k.halfWidth ?? .nan, k.unit) : "", k.unit]
        }
        text += EvaluationTable.table(header: ["KPI", "mean", "95 % half-width", "unit"], rows: rows, rightAligned: [1, 2])
        if let a = r.analyticFillRate, let f = r.kpis.first(where: { $0.name == KPI.fillRate.name }), let fm = f.mean {
            text += "\n\nfill rate from own shelf: simulated \(EvaluationTable.percent(fm)) ± \(EvaluationTable.percent(f.halfWidth ?? 0)), analytic (VARI-METRIC) \(EvaluationTable.percent(a))"
            if let l = r.analyticFillRateWithLaterals, let lat = r.kpis.first(where: { $0.name == KPI.lateralFraction.name })?.mean {
                text += "\ncounting laterals:        simulated \(EvaluationTable.percent(fm + lat)), analytic (group shortage: exact under complete pooling) \(EvaluationTable.percent(l))"
            }
        }
        for (id, a) in (r.analyticAttainment ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let k = r.kpis.first(where: { $0.name == KPI.slaRestore(slaClass: id).name }), let m = k.mean else { continue }
            text += "\nSLA \(id) restored within its window: simulated \(EvaluationTable.percent(m)) ± \(EvaluationTable.percent(k.halfWidth ?? 0)), analytic \(EvaluationTable.percent(a))"
        }
        if let n = r.disruptions, n > 0, r.analyticFillRate != nil {
            text += "\n(the analytic figures are the steady state: the simulation includes the scenario's \(n) disruption\(n == 1 ? "" : "s"); --without-disruptions compares like with like)"
        }
        if let pools = r.pools, !pools.isEmpty {
            text += "\n\n" + poolTable(pools)
        }
        return text
    }

    /// The pools' analytic and simulated fill rates, largest pools first; the analytic split
    /// between own and lateral is the approximate one, the group's shortage the exact one.
    static func poolTable(_ pools: [SimulationSummary.PoolRow]) -> String {
        func pm(_ m: Double?, _ h: Double?) -> String {
            guard let m else { return "–" }
            return EvaluationTable.percent(m) + (h.map { " ± " + EvaluationTable.percent($0) } ?? "")
        }
        func gap(_ a: Double, _ m: Double?) -> String {
            guard let m else { return "–" }
            let points = 100 * (a - m)
            return abs(points) < 0.05 ? "0.0" : String(format: "%+.1f", points)
        }
        let rows = pools.sorted { $0.demandShare > $1.demandShare }.map { p -> [String] in
            [p.pool, String(p.members), EvaluationTable.percent(p.demandShare),
             EvaluationTable.percent(p.analyticOwn), pm(p.simulatedOwn, p.simulatedOwnHalfWidth),
             EvaluationTable.percent(p.analyticWithLaterals), pm(p.simulatedWithLaterals, p.simulatedWithLateralsHalfWidth),
             gap(p.analyticWithLaterals, p.simulatedWithLaterals)]
        }
        var worst = 0.0
        for p in pools where p.demandShare >= 0.01 {
            if let m = p.simulatedWithLaterals { worst = max(worst, abs(p.analyticWithLaterals - m)) }
        }
        return "lateral pools: fill rate from own shelf and counting laterals, analytic (exact group shortage, approximate own/lateral split) against simulated\n"
            + EvaluationTable.table(header: ["pool", "members", "demand", "own analytic", "own simulated", "with laterals analytic", "with laterals simulated", "gap (pts)"],
                                    rows: rows, rightAligned: [1, 2, 3, 4, 5, 6, 7])
            + "\nlargest gap counting laterals over pools with ≥ 1 % of the demand: \(String(format: "%.1f", 100 * worst)) points"
    }

    static func format(_ x: Double, _ unit: KPIUnit) -> String { format(x, unit.rawValue) }

    static func format(_ x: Double, _ unit: String) -> String {
        guard x.isFinite else { return "–" }
        switch unit {
        case "fraction": return EvaluationTable.percent(x)
        case "currency": return SummaryTable.grouped(Int(x.rounded()))
        default: return EvaluationTable.fixed(x, 4)
        }
    }

    /// `weeks.csv`: the weekly series of every replication, with SLA attainment and tickets per class
    /// (an empty cell: no ticket resolved that week).
    static func weeksCSV(_ result: SimulationResult, _ s: Scenario) -> String {
        let classIDs = s.slaClasses.isEmpty ? ["default"] : s.slaClasses.map(\.id)
        var csv = WeekColumn.header
        for id in classIDs { csv += ",\(CSVWriter.escape(WeekColumn.classAttainment(id))),\(CSVWriter.escape(WeekColumn.classTickets(id)))" }
        csv += "\n"
        func share(_ x: Double?) -> String { x.map { String(format: "%.6f", $0) } ?? "" }
        for (r, replication) in result.replications.enumerated() {
            for (w, week) in replication.weeks.enumerated() {
                var row = "\(r + 1),\(w),\(String(format: "%g", week.startDay)),\(week.ticketsResolved),\(share(week.slaAttainment)),"
                    + String(format: "%.6f,%.6f", week.averageBackorders, week.averageOnHand)
                for k in classIDs.indices {
                    let tickets = k < week.ticketsByClass.count ? week.ticketsByClass[k] : 0
                    row += ",\(share(k < week.slaAttainmentByClass.count ? week.slaAttainmentByClass[k] : nil)),\(tickets)"
                }
                csv += row + "\n"
            }
        }
        return csv
    }

    func write(_ result: SimulationResult, _ report: SimulationReport, _ s: Scenario, to dir: String) throws {
        try writing(to: dir) {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try (try OutputJSON.encode(report) + "\n").write(toFile: "\(dir)/kpis.json", atomically: true, encoding: .utf8)
            try ScenarioFile.write(s, to: dir)
            var csv = "kpi,unit,mean,half_width," + (1...result.replications.count).map { "replication_\($0)" }.joined(separator: ",") + "\n"
            for k in result.kpis {
                csv += ([k.name, k.unit.rawValue, String(format: "%.10g", k.mean), String(format: "%.10g", k.halfWidth)]
                        + k.replications.map { String(format: "%.10g", $0) }).joined(separator: ",") + "\n"
            }
            try csv.write(toFile: "\(dir)/kpis.csv", atomically: true, encoding: .utf8)
            if orders, let first = result.replications.first {
                var o = "order,site,item,sla_class,opened_day,on_site_day,resolved_day,sourcing,visits\n"
                for r in first.orders {
                    o += [String(r.order), CSVWriter.escape(r.site), CSVWriter.escape(r.item), CSVWriter.escape(r.slaClass),
                          String(format: "%.6f", r.openedDay), r.onSiteDay.map { String(format: "%.6f", $0) } ?? "",
                          String(format: "%.6f", r.resolvedDay), r.sourcing, String(r.visits)].joined(separator: ",") + "\n"
                }
                try o.write(toFile: "\(dir)/orders.csv", atomically: true, encoding: .utf8)
            }
            try Self.weeksCSV(result, s).write(toFile: "\(dir)/weeks.csv", atomically: true, encoding: .utf8)
            if let pools = report.pools {
                try PoolAgreement.csv(pools).write(toFile: "\(dir)/pools.csv", atomically: true, encoding: .utf8)
            }
            if let first = result.replications.first {
                let windows = !result.options.disruptions ? [] : s.disruptions.map { DayWindow(start: result.options.warmupDays + $0.startDay, end: result.options.warmupDays + $0.endDay) }
                let svg = TimelineChart.svg(weeks: first.weeks.map(\.timelineWeek), warmupDays: result.options.warmupDays, disruptions: windows,
                                            title: "\(s.name): replication 1")
                try svg.write(toFile: "\(dir)/timeline.svg", atomically: true, encoding: .utf8)
            }
        }
    }
}

/// What `simulate` reports: `kpis.json`.
typealias SimulationReport = SimulationSummary

/// `echelon compare SCENARIO --plan a.csv --plan b.csv`: paired differences on common random numbers.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare stock plans or policy variants on the same random numbers: paired differences with confidence intervals.",
        discussion: """
            Every plan sees the same failures (one random stream per site and item), so the \
            difference of each KPI is estimated per replication and its interval is much narrower \
            than the two plans' own intervals. The first plan is the baseline. With --policies, \
            each given scenario file (the same sites and items, other policies: sourcing, \
            dispatch, replenishment, disruptions) runs the baseline's plan instead.
            """
    )

    @Argument(help: "The scenario's YAML file.", completion: .file(extensions: ["yaml", "yml"])) var scenario: String
    @Option(name: .customLong("plan"), help: "A stock plan CSV (repeat: at least two, or one to compare with the scenario's own levels).")
    var plans: [String] = []
    @Option(name: .customLong("policies"), help: "A variant of the scenario (same sites and items, other policies) to run with the baseline plan; repeatable.",
            completion: .file(extensions: ["yaml", "yml"]))
    var variants: [String] = []
    @OptionGroup var simulation: SimulationArguments
    @Option(help: "Folder for compare.csv and compare.json.") var out: String?
    @Flag(help: "Print the comparison as JSON.") var json = false

    func validate() throws {
        guard !plans.isEmpty || !variants.isEmpty else {
            throw ValidationError("give at least one --plan (compared with the scenario's own stock levels) or --policies variant")
        }
        guard plans.isEmpty || variants.isEmpty || plans.count == 1 else {
            throw ValidationError("with --policies, give at most one --plan (the plan every variant runs)")
        }
        guard simulation.replications >= 2 else { throw ValidationError("--replications must be at least 2 for paired intervals") }
    }

    typealias Row = CompareRow

    func run() throws {
        var names = plans
        var loaded: [(Scenario, StockPlan)] = []
        if !variants.isEmpty {
            // Policy variants: every scenario file runs the baseline's plan.
            let base = try SimulationArguments.load(scenario, plan: plans.first)
            names = [scenario]
            loaded.append(base)
            for v in variants {
                let (alternative, _) = try SimulationArguments.load(v, plan: nil, requirePlan: false)
                guard alternative.sites.map(\.id) == base.0.sites.map(\.id), alternative.items.map(\.id) == base.0.items.map(\.id) else {
                    throw CLIError.invalidInput("\(v): a policy variant must have the same sites and items, in the same order, as \(scenario)")
                }
                names.append(v)
                loaded.append((alternative, base.1))
            }
        } else if plans.count == 1 {
            names = ["policies.stock_levels"] + plans
            loaded.append(try SimulationArguments.load(scenario, plan: nil))
            for p in plans { loaded.append(try SimulationArguments.load(scenario, plan: p)) }
        } else {
            for p in plans { loaded.append(try SimulationArguments.load(scenario, plan: p)) }
        }
        let progress = Progress(enabled: !simulation.quiet)
        var results: [SimulationResult] = []
        for (k, (s, plan)) in loaded.enumerated() {
            results.append(try SimulationArguments.run(s, plan, simulation.options(), progress: progress, label: "compare: plan \(k + 1)/\(loaded.count)"))
        }
        progress.finish()
        var rows: [Row] = []
        let base = results[0]
        for (p, result) in results.enumerated() {
            for k in result.kpis {
                var row = Row(kpi: k.name, unit: k.unit.rawValue, plan: names[p], mean: k.mean.isFinite ? k.mean : nil,
                              halfWidth: k.halfWidth.isFinite ? k.halfWidth : nil)
                if p > 0, let b = base.kpi(k.key), b.replications.count == k.replications.count,
                   (b.replications + k.replications).allSatisfy(\.isFinite),
                   let d = try? PairedDifference(k.replications, b.replications) {
                    row.differenceFromBaseline = d.mean
                    row.differenceHalfWidth = d.interval.halfWidth
                    row.significant = d.isSignificant
                }
                rows.append(row)
            }
        }
        if let out {
            try writing(to: out) {
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
                var csv = "kpi,unit,plan,mean,half_width,difference_from_baseline,difference_half_width,significant\n"
                func n(_ x: Double?) -> String { x.map { String(format: "%.10g", $0) } ?? "" }
                for r in rows {
                    csv += [r.kpi, r.unit, CSVWriter.escape(r.plan), n(r.mean), n(r.halfWidth), n(r.differenceFromBaseline),
                            n(r.differenceHalfWidth), r.significant.map { $0 ? "true" : "false" } ?? ""].joined(separator: ",") + "\n"
                }
                try csv.write(toFile: "\(out)/compare.csv", atomically: true, encoding: .utf8)
                try ScenarioFile.write(loaded[0].0, to: out)
                try (try OutputJSON.encode(rows) + "\n").write(toFile: "\(out)/compare.json", atomically: true, encoding: .utf8)
            }
        }
        if json {
            print(try OutputJSON.encode(rows))
            return
        }
        print("\(loaded[0].0.name): \(names.count) plans, \(simulation.replications) replications of \(EvaluationTable.fixed(simulation.years, 2)) years on common random numbers (seed \(simulation.seed))\n")
        var table: [[String]] = []
        for k in base.kpis {
            var line = [k.name, SimulateCommand.format(k.mean, k.unit)]
            for p in 1..<results.count {
                let row = rows.first { $0.kpi == k.name && $0.plan == names[p] }
                line.append(row?.mean.map { SimulateCommand.format($0, k.unit) } ?? "–")
                if let d = row?.differenceFromBaseline, let h = row?.differenceHalfWidth {
                    line.append("\(SimulateCommand.format(d, k.unit)) ± \(SimulateCommand.format(h, k.unit))\(row?.significant == true ? " *" : "")")
                } else {
                    line.append("–")
                }
            }
            table.append(line)
        }
        var header = ["KPI", names[0]]
        for p in 1..<names.count { header += [names[p], "difference"] }
        print(EvaluationTable.table(header: header, rows: table, rightAligned: Set(1..<header.count)))
        print("\n* the 95 % paired interval excludes 0")
    }
}
