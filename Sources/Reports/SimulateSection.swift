import Foundation
import Outputs
import ScenarioModel
/// The simulate section: KPI cards with 95 % intervals, service levels, the weekly timelines, the KPI table.
struct SimulateSection {
    var file: SimulationSummary
    var weeks: WeeksData?
    var currency: String?
    /// Disruption windows in scenario days (shifted by the warm-up on the charts).
    var disruptions: [[Double]] = []

    /// The KPIs shown as cards, in order (those present in the file).
    static func isKey(_ name: String) -> Bool {
        ["fill_rate", "ttr_mean", "ttr_p90", "response_mean", "penalty_cost_per_year", "holding_cost_per_year",
         "transport_cost_per_year", "tickets_per_year", "average_backorders", "engineer_utilisation", "first_time_fix_rate"].contains(name)
            || name.hasPrefix("sla_restore_")
    }

    func render() -> String {
        let m = file
        var s = "<p>"
        var facts: [String] = []
        if let plan = m.plan { facts.append("plan \(plan)") }
        if let y = m.years { facts.append("\(Format.number(y, digits: y == y.rounded() ? 0 : 2)) year\(y == 1 ? "" : "s") measured") }
        if let w = m.warmupDays { facts.append("after \(Format.number(w)) warm-up days") }
        if let r = m.replications { facts.append("\(r) replications") }
        if let seed = m.seed { facts.append("seed \(seed)") }
        if let e = m.events { facts.append("\(Format.grouped(e)) events") }
        s += HTML.text(facts.joined(separator: ", ")) + ". Intervals are 95 % Student-t half-widths over replications.</p>\n"
        s += "<h3>Key figures</h3>\n<div class=\"cards\">\n"
        let order = ["fill_rate"] + m.kpis.map(\.name).filter { $0.hasPrefix("sla_restore_") }
            + ["ttr_mean", "ttr_p90", "response_mean", "penalty_cost_per_year", "holding_cost_per_year", "transport_cost_per_year",
               "tickets_per_year", "average_backorders", "engineer_utilisation", "first_time_fix_rate"]
        for name in order {
            guard let k = m.kpis.first(where: { $0.name == name }), let mean = k.mean else { continue }
            let hw = k.halfWidth ?? 0
            var note: String?
            if name == "fill_rate", let a = m.analyticFillRate { note = "analytic (VARI-METRIC) \(Format.percent(a))" }
            s += HTML.card(KPILabel.of(name), KPILabel.value(mean, unit: k.unit, currency: currency),
                           ci: k.halfWidth != nil ? interval(mean, hw, unit: k.unit, currency: currency) : "no interval (one replication)",
                           note: note,
                           data: [("kpi", name), ("mean", exact(mean)), ("low", exact(mean - hw)), ("high", exact(mean + hw))])
        }
        s += "</div>\n"
        s += "<h3>Charts</h3>\n"
        let shares = m.kpis.filter { k in
            k.unit == KPIUnit.fraction.rawValue && k.mean != nil && KPI(name: k.name)?.isServiceShare == true
        }
        if !shares.isEmpty {
            let bars = shares.map { IntervalBar(label: KPILabel.of($0.name), mean: $0.mean ?? 0, halfWidth: $0.halfWidth ?? 0) }
            s += HTML.figure(svg: IntervalChart.svg(bars, title: m.scenario ?? "Service levels", subtitle: "Service levels and sourcing shares, means with 95 % intervals"),
                             caption: "Service levels (kpis.json): bars are means over replications, whiskers 95 % intervals.")
        }
        if let weeks, !weeks.average.isEmpty {
            let warmup = m.warmupDays ?? 0
            let windows = disruptions.compactMap { w in w.count == 2 ? DayWindow(start: warmup + w[0], end: warmup + w[1]) : nil }
            let title = "\(m.scenario ?? "Simulation"): mean of \(weeks.replications) replication\(weeks.replications == 1 ? "" : "s")"
            if !weeks.classes.isEmpty {
                s += HTML.figure(svg: ClassTimelineChart.svg(startDays: weeks.startDays, classes: weeks.classes, warmupDays: m.warmupDays ?? 0, disruptions: windows, title: title),
                                 caption: "When did which SLA class break: weekly attainment per class (weeks.csv), tickets weighted over replications.")
            }
            s += HTML.figure(svg: TimelineChart.svg(weeks: weeks.average, warmupDays: m.warmupDays ?? 0, disruptions: windows, title: title),
                             caption: "Weekly SLA attainment, service-point backorders and units on hand (weeks.csv), averaged over replications.")
        } else {
            s += "<p class=\"omitted\">No weeks.csv in this folder: the weekly timeline is not shown.</p>\n"
        }
        s += "<h3>KPIs</h3>\n"
        let rows = m.kpis.map { k -> [HTML.Cell] in
            let label = HTML.Cell.markup("<span title=\"\(HTML.text(k.name))\">\(HTML.text(KPILabel.of(k.name)))</span>")
            guard let mean = k.mean else { return [label, .number("–"), .number("–"), .text(k.unit)] }
            let range = k.halfWidth.map { interval(mean, $0, unit: k.unit, currency: currency).replacingOccurrences(of: "95 % CI ", with: "") }
            return [label, .number(KPILabel.value(mean, unit: k.unit, currency: currency)), .number(range ?? "–"), .text(k.unit)]
        }
        s += HTML.table(["KPI", "mean", "95 % interval", "unit"], rows, numeric: [1, 2], caption: "All KPIs (kpis.json)", small: false)
        return s
    }
}
