import Foundation
import Outputs
/// The compare section: paired differences from the baseline with 95 % intervals.
struct CompareSection {
    var rows: [CompareRow]
    var currency: String?
    var title: String

    func render() -> String {
        var plans: [String] = []
        for r in rows where !plans.contains(r.plan) { plans.append(r.plan) }
        let baseline = plans.first ?? "baseline"
        var kpis: [(name: String, unit: String)] = []
        for r in rows where !kpis.contains(where: { $0.name == r.kpi }) { kpis.append((r.kpi, r.unit)) }
        let differences = rows.filter { $0.plan != baseline && $0.differenceFromBaseline != nil }
        var s = "<p>Baseline: \(HTML.text(baseline)); compared: \(HTML.text(plans.dropFirst().joined(separator: ", "))). "
        s += "Every plan sees the same failures (common random numbers); each difference is estimated per replication.</p>\n"
        s += "<h3>Key figures</h3>\n<div class=\"cards\">\n"
        for r in differences where SimulateSection.isKey(r.kpi) {
            guard let d = r.differenceFromBaseline else { continue }
            let h = r.differenceHalfWidth ?? 0
            let significant = r.significant == true
            let label = plans.count > 2 ? "\(KPILabel.of(r.kpi)): \(r.plan)" : KPILabel.of(r.kpi)
            s += HTML.card(label, ComparisonChart.value(d, unit: r.unit, currency: currency, signed: true),
                           ci: "95 % CI \(ComparisonChart.value(d - h, unit: r.unit, currency: currency, signed: true)) to \(ComparisonChart.value(d + h, unit: r.unit, currency: currency, signed: true))",
                           note: significant ? "significant: the interval excludes 0" : "not significant",
                           data: [("kpi", r.kpi), ("plan", r.plan), ("difference", exact(d)), ("low", exact(d - h)), ("high", exact(d + h)),
                                  ("significant", significant ? "true" : "false")],
                           significant: significant)
        }
        s += "</div>\n<h3>Charts</h3>\n"
        let bars = differences.compactMap { r -> ComparisonBar? in
            guard let d = r.differenceFromBaseline else { return nil }
            return ComparisonBar(kpi: KPILabel.of(r.kpi), unit: r.unit, variant: r.plan, difference: d, halfWidth: r.differenceHalfWidth ?? 0,
                                 significant: r.significant == true)
        }
        s += HTML.figure(svg: ComparisonChart.svg(bars, baseline: baseline, currency: currency, title: title),
                         caption: "Paired differences from the baseline (compare.json); whiskers are 95 % intervals, dark bars exclude 0.")
        s += "<h3>Paired differences</h3>\n"
        var header = ["KPI", baseline]
        for p in plans.dropFirst() { header += [p, "difference (95 % CI)", "significant"] }
        var table: [[HTML.Cell]] = []
        for (name, unit) in kpis {
            func row(_ plan: String) -> CompareRow? { rows.first { $0.kpi == name && $0.plan == plan } }
            func mean(_ r: CompareRow?) -> String {
                guard let r, let m = r.mean else { return "–" }
                return KPILabel.value(m, unit: unit, currency: currency) + (r.halfWidth.map { " ± " + KPILabel.value($0, unit: unit, currency: currency) } ?? "")
            }
            var line: [HTML.Cell] = [.text(KPILabel.of(name)), .number(mean(row(baseline)))]
            for p in plans.dropFirst() {
                let r = row(p)
                line.append(.number(mean(r)))
                if let d = r?.differenceFromBaseline {
                    line.append(.number(ComparisonChart.value(d, unit: unit, currency: currency, signed: true)
                                        + (r?.differenceHalfWidth.map { " ± " + ComparisonChart.value($0, unit: unit, currency: currency, signed: false) } ?? "")))
                    line.append(r?.significant == true ? .markup("<span class=\"yes\">yes</span>") : .text("no"))
                } else {
                    line += [.number("–"), .text("–")]
                }
            }
            table.append(line)
        }
        s += HTML.table(header, table, numeric: Set(1..<header.count).subtracting(stride(from: 4, to: header.count, by: 3)), small: false)
        return s
    }
}
