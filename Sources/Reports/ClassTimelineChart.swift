import Foundation

/// A weekly series of one SLA class: attainment per week (nil without tickets) and tickets.
public struct ClassSeries: Sendable, Equatable {
    /// The SLA class id.
    public var name: String
    /// Per week, aligned with the chart's `startDays`.
    public var attainment: [Double?]
    public var tickets: [Double]

    /// Creates a series.
    public init(name: String, attainment: [Double?], tickets: [Double]) {
        self.name = name
        self.attainment = attainment
        self.tickets = tickets
    }
}

/// SLA attainment per class and week (averaged over replications): when did which class break.
/// Top panel: one line per class; bottom panel: tickets per week per class.
public enum ClassTimelineChart {
    static let palette = ["#1f6fb4", "#d0661c", "#1b7837", "#762a83", "#b2182b", "#35978f", "#8c510a", "#4d4d4d"]

    /// The chart: `startDays[w]` is week w's first day; the warm-up shaded grey, disruption
    /// windows (days from the start of the warm-up) orange.
    public static func svg(startDays: [Double], classes: [ClassSeries], warmupDays: Double, disruptions: [DayWindow] = [],
                           title: String) -> String {
        let esc = SVGText.esc, f = SVGText.f
        let width = 900.0, left = 70.0, right = 150.0, top = 46.0, panel = 220.0, gap = 34.0, ticketPanel = 110.0
        let height = top + panel + gap + ticketPanel + 46
        let last = startDays.last.map { $0 + 7 } ?? 7
        let end = last.isFinite && last > 0 ? last : 7
        let plotW = width - left - right
        func x(_ day: Double) -> Double { left + plotW * min(1, max(0, day / end)) }
        let values = classes.flatMap { $0.attainment.compactMap { $0 } }.filter(\.isFinite)
        let low = max(0, min(0.9, (((values.min() ?? 0.9) - 0.05) * 10).rounded(.down) / 10))
        func y(_ v: Double) -> Double { top + panel - panel * (v - low) / max(1e-12, 1 - low) }
        let maxTickets = max(classes.flatMap(\.tickets).filter(\.isFinite).max() ?? 1, 1)
        let t0 = top + panel + gap
        func yt(_ v: Double) -> Double { t0 + ticketPanel - ticketPanel * v / maxTickets }
        var s = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif" font-size="11">
        <title>\(esc(title)): SLA attainment per class and week</title>
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(f(left))" y="20" font-size="14" font-weight="bold">\(esc(title))</text>
        <text x="\(f(left))" y="36" fill="#555">SLA attainment (restore within target) per class and week, tickets weighted over replications; below: tickets per week</text>

        """
        for (y0, h) in [(top, panel), (t0, ticketPanel)] {
            s += "<rect x=\"\(f(x(0)))\" y=\"\(f(y0))\" width=\"\(f(x(warmupDays) - x(0)))\" height=\"\(f(h))\" fill=\"#eeeeee\"/>\n"
            for w in disruptions where w.end > w.start {
                s += "<rect x=\"\(f(x(w.start)))\" y=\"\(f(y0))\" width=\"\(f(max(1, x(w.end) - x(w.start))))\" height=\"\(f(h))\" fill=\"#fdb863\" opacity=\"0.45\"/>\n"
            }
            s += "<rect x=\"\(f(left))\" y=\"\(f(y0))\" width=\"\(f(plotW))\" height=\"\(f(h))\" fill=\"none\" stroke=\"#888\"/>\n"
        }
        for t in 0...4 {
            let v = low + (1 - low) * Double(t) / 4
            s += "<line x1=\"\(f(left))\" y1=\"\(f(y(v)))\" x2=\"\(f(left + plotW))\" y2=\"\(f(y(v)))\" stroke=\"#e3e3e3\"/>\n"
            s += "<text x=\"\(f(left - 6))\" y=\"\(f(y(v) + 4))\" text-anchor=\"end\" fill=\"#555\">\(String(format: "%.0f %%", 100 * v))</text>\n"
        }
        for t in 0...2 {
            let v = maxTickets * Double(t) / 2
            s += "<text x=\"\(f(left - 6))\" y=\"\(f(yt(v) + 4))\" text-anchor=\"end\" fill=\"#555\">\(String(format: "%.3g", v))</text>\n"
        }
        for (k, c) in classes.enumerated() {
            let color = palette[k % palette.count]
            var path = "", ticketPath = ""
            for (w, day) in startDays.enumerated() {
                let mid = x(day + 3.5)
                if w < c.attainment.count, let v = c.attainment[w], v.isFinite {
                    path += (path.isEmpty ? "M" : " L") + "\(f(mid)),\(f(y(v)))"
                }
                if w < c.tickets.count, c.tickets[w].isFinite {
                    ticketPath += (ticketPath.isEmpty ? "M" : " L") + "\(f(mid)),\(f(yt(c.tickets[w])))"
                }
            }
            if !path.isEmpty { s += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.6\"/>\n" }
            if !ticketPath.isEmpty { s += "<path d=\"\(ticketPath)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1\" opacity=\"0.8\"/>\n" }
            let ly = top + 14 + Double(k) * 18
            s += "<line x1=\"\(f(left + plotW + 12))\" y1=\"\(f(ly - 4))\" x2=\"\(f(left + plotW + 32))\" y2=\"\(f(ly - 4))\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
            s += "<text x=\"\(f(left + plotW + 38))\" y=\"\(f(ly))\">\(esc(c.name))</text>\n"
        }
        let axis = t0 + ticketPanel + 16
        s += TimelineChart.dayAxis(end: end, x: x, y: axis)
        s += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(axis + 18))\" text-anchor=\"middle\">day (grey: warm-up\(disruptions.isEmpty ? "" : "; orange: disruptions"))</text>\n</svg>\n"
        return s
    }
}
