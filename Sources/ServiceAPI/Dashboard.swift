import Foundation
import ServiceDesk

/// The managers' KPI board: one self-contained HTML page with inline SVG charts (no external
/// assets, no scripts).
enum Dashboard {
    struct Warning { var order: Int; var site: String; var watch: String; var hoursLeft: Double }

    static func render(title: String, now: Double, data: DashboardData, kpis: DeskKPIs, warnings: [Warning]) -> String {
        var h = """
        <!doctype html><html lang="en"><head><meta charset="utf-8"><title>\(esc(title)) — service desk</title>
        <style>
        body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222}h1{font-size:20px}h2{font-size:16px;margin-top:28px}
        table{border-collapse:collapse}td,th{padding:3px 10px;border-bottom:1px solid #ddd;text-align:right}th:first-child,td:first-child{text-align:left}
        .tiles{display:flex;gap:16px;flex-wrap:wrap}.tile{border:1px solid #ccc;border-radius:6px;padding:10px 14px;min-width:140px}
        .tile b{display:block;font-size:22px}.warn{color:#b00020}.muted{color:#777}svg text{font:11px system-ui,sans-serif}
        </style></head><body>
        <h1>\(esc(title)) — service desk</h1>
        <p class="muted">Desk day \(fixed(now, 2)). Figures from the record; SLA attainment from the restore stop-watches.</p>
        <div class="tiles">
        """
        h += tile("Fill rate (service points)", pct(kpis.fillRate))
        h += tile("Restored orders", "\(kpis.restored)")
        h += tile("Mean TAT (days)", kpis.tatMeanDays.map { fixed($0, 2) } ?? "–")
        h += tile("First-time fix", pct(kpis.firstTimeFixRate))
        h += tile("Satisfaction (1–5)", kpis.satisfaction.map { fixed($0, 2) } ?? "–")
        h += tile("Fees settled", fixed(kpis.feeTotal, 2))
        h += "</div>\n<h2>SLA attainment per week (restore)</h2>\n" + attainmentChart(data.weeks)
        h += "<h2>Open orders by state and age</h2>\n" + openChart(data.openByState)
        h += "<h2>About to breach (within 24 h)</h2>\n"
        if warnings.isEmpty {
            h += "<p class=\"muted\">No running stop-watch breaches within a day.</p>\n"
        } else {
            h += "<table><tr><th>order</th><th>service point</th><th>watch</th><th>hours left</th></tr>\n"
            for w in warnings.prefix(30) {
                h += "<tr><td>\(w.order)</td><td>\(esc(w.site))</td><td>\(esc(w.watch))</td>"
                h += "<td class=\"\(w.hoursLeft <= 0 ? "warn" : "")\">\(w.hoursLeft <= 0 ? "breached" : fixed(w.hoursLeft, 1))</td></tr>\n"
            }
            h += "</table>\n"
        }
        h += "<h2>Stock by echelon</h2>\n<table><tr><th>echelon</th><th>units</th><th>value</th></tr>\n"
        for row in data.stockByEchelon {
            h += "<tr><td>\(row.echelon.map { "\($0)" } ?? "outside the tree")</td><td>\(row.units)</td><td>\(fixed(row.value, 0))</td></tr>\n"
        }
        h += "</table>\n<h2>Aged stock (no movement for 90 days or more)</h2>\n"
        if data.agedCells.isEmpty {
            h += "<p class=\"muted\">None.</p>\n"
        } else {
            h += "<table><tr><th>site</th><th>item</th><th>units</th><th>idle days</th></tr>\n"
            for c in data.agedCells { h += "<tr><td>\(esc(c.site))</td><td>\(esc(c.item))</td><td>\(c.units)</td><td class=\"warn\">\(fixed(c.idleDays, 0))</td></tr>\n" }
            h += "</table>\n"
        }
        h += "<h2>Service-point league table</h2>\n"
        h += "<table><tr><th>service point</th><th>restored</th><th>restore SLA</th><th>mean TAT (days)</th><th>satisfaction</th><th>fees</th></tr>\n"
        let league = data.league.sorted {
            let a = $0.restored > 0 ? Double($0.met) / Double($0.restored) : -1, b = $1.restored > 0 ? Double($1.met) / Double($1.restored) : -1
            return a != b ? a > b : $0.site < $1.site
        }
        for r in league {
            let share: Double? = r.restored > 0 ? Double(r.met) / Double(r.restored) : nil
            h += "<tr><td>\(esc(r.site))</td><td>\(r.restored)</td><td>\(pct(share))</td><td>\(r.tatDays.map { fixed($0, 2) } ?? "–")</td>"
            h += "<td>\(r.satisfaction.map { fixed($0, 2) } ?? "–")</td><td>\(fixed(r.fees, 2))</td></tr>\n"
        }
        h += "</table>\n<h2>Settlement</h2>\n<table><tr><th>job</th><th>fees</th></tr>\n"
        for j in data.feesByJob { h += "<tr><td>\(esc(j.job))</td><td>\(fixed(j.total, 2))</td></tr>\n" }
        h += "<tr><td><b>total</b></td><td><b>\(fixed(kpis.feeTotal, 2))</b></td></tr></table>\n"
        h += "<p class=\"muted\">\(data.statements) statements issued.</p>\n</body></html>\n"
        return h
    }

    static func tile(_ label: String, _ value: String) -> String { "<div class=\"tile\">\(esc(label))<b>\(esc(value))</b></div>\n" }

    /// Weekly attainment as bars (0–100 %), a line at 95 %.
    static func attainmentChart(_ weeks: [(week: Int, stopped: Int, breached: Int)]) -> String {
        guard !weeks.isEmpty else { return "<p class=\"muted\">No order restored yet.</p>\n" }
        let w = 720.0, h = 180.0, left = 40.0, bottom = 20.0
        let n = Double(weeks.count), bar = max(1, (w - left) / n - 1)
        var s = "<svg width=\"\(Int(w))\" height=\"\(Int(h))\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" role=\"img\" aria-label=\"weekly restore SLA attainment\">\n"
        for p in [0.0, 0.5, 1.0] {
            let y = (h - bottom) * (1 - p)
            s += "<line x1=\"\(left)\" x2=\"\(w)\" y1=\"\(y)\" y2=\"\(y)\" stroke=\"#eee\"/><text x=\"2\" y=\"\(y + 4)\">\(Int(p * 100)) %</text>\n"
        }
        for (k, week) in weeks.enumerated() {
            let share = week.stopped > 0 ? 1 - Double(week.breached) / Double(week.stopped) : 0
            let x = left + Double(k) * (w - left) / n, bh = (h - bottom) * share
            s += "<rect x=\"\(fixed(x, 1))\" y=\"\(fixed(h - bottom - bh, 1))\" width=\"\(fixed(bar, 1))\" height=\"\(fixed(bh, 1))\" fill=\"\(share >= 0.95 ? "#2e7d32" : "#c62828")\"><title>week \(week.week): \(pct(share)) of \(week.stopped)</title></rect>\n"
        }
        let y95 = (h - bottom) * 0.05
        s += "<line x1=\"\(left)\" x2=\"\(w)\" y1=\"\(y95)\" y2=\"\(y95)\" stroke=\"#555\" stroke-dasharray=\"4 3\"/><text x=\"\(w - 40)\" y=\"\(y95 - 3)\">95 %</text>\n"
        s += "<text x=\"\(left)\" y=\"\(h - 4)\">week \(weeks.first?.week ?? 0)</text><text x=\"\(w - 60)\" y=\"\(h - 4)\">week \(weeks.last?.week ?? 0)</text>\n</svg>\n"
        return s
    }

    /// Open orders as stacked horizontal bars by age band.
    static func openChart(_ rows: [(state: String, young: Int, middle: Int, old: Int)]) -> String {
        guard !rows.isEmpty else { return "<p class=\"muted\">No open orders.</p>\n" }
        let maxTotal = Double(rows.map { $0.young + $0.middle + $0.old }.max() ?? 1)
        let w = 720.0, rowH = 22.0, left = 150.0
        var s = "<svg width=\"\(Int(w))\" height=\"\(Int(rowH * Double(rows.count) + 24))\" role=\"img\" aria-label=\"open orders by state and age\">\n"
        for (k, r) in rows.enumerated() {
            let y = Double(k) * rowH
            s += "<text x=\"0\" y=\"\(y + 15)\">\(esc(r.state))</text>\n"
            var x = left
            for (n, color, label) in [(r.young, "#90caf9", "< 1 day"), (r.middle, "#ffb74d", "1–3 days"), (r.old, "#e57373", "> 3 days")] where n > 0 {
                let bw = (w - left - 40) * Double(n) / max(1, maxTotal)
                s += "<rect x=\"\(fixed(x, 1))\" y=\"\(y + 3)\" width=\"\(fixed(bw, 1))\" height=\"16\" fill=\"\(color)\"><title>\(n) \(label)</title></rect>\n"
                x += bw
            }
            s += "<text x=\"\(fixed(x + 4, 1))\" y=\"\(y + 15)\">\(r.young + r.middle + r.old)</text>\n"
        }
        let y = rowH * Double(rows.count) + 16
        s += "<text x=\"\(left)\" y=\"\(y)\" fill=\"#1565c0\">&lt; 1 day</text><text x=\"\(left + 70)\" y=\"\(y)\" fill=\"#ef6c00\">1–3 days</text>"
        s += "<text x=\"\(left + 150)\" y=\"\(y)\" fill=\"#c62828\">&gt; 3 days</text>\n</svg>\n"
        return s
    }

    static func esc(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func fixed(_ x: Double, _ digits: Int) -> String { x.isFinite ? String(format: "%.\(digits)f", x) : "–" }
    static func pct(_ x: Double?) -> String { x.map { String(format: "%.1f %%", $0 * 100) } ?? "–" }
}
