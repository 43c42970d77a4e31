import Foundation

/// One week of a simulation run, as the timeline needs it.
public struct TimelineWeek: Sendable, Equatable {
    /// First day of the week (day 0 = start of the warm-up).
    public var startDay: Double
    /// Share of the week's tickets resolved within their SLA class's restore target (nil without tickets).
    public var slaAttainment: Double?
    /// Time-average service-point backorders over the week.
    public var averageBackorders: Double
    /// Time-average units on hand over the week.
    public var averageOnHand: Double

    /// Creates a week.
    public init(startDay: Double, slaAttainment: Double?, averageBackorders: Double, averageOnHand: Double) {
        self.startDay = startDay
        self.slaAttainment = slaAttainment
        self.averageBackorders = averageBackorders
        self.averageOnHand = averageOnHand
    }
}

/// A window of simulated days, e.g. a disruption's.
public struct DayWindow: Sendable, Equatable {
    /// First and last day (day 0 = start of the warm-up).
    public var start: Double
    public var end: Double

    /// Creates a window.
    public init(start: Double, end: Double) {
        self.start = start
        self.end = end
    }
}

/// The simulation timeline as SVG: weekly SLA attainment, service-point backorders and units on
/// hand in three panels over the run, the warm-up shaded grey and disruption windows orange.
public enum TimelineChart {
    /// The chart for `weeks` (in day order).
    public static func svg(weeks: [TimelineWeek], warmupDays: Double, disruptions: [DayWindow], title: String) -> String {
        let f = SVGText.f
        let width = 900.0, panel = 150.0, gap = 30.0, left = 70.0, right = 20.0, top = 40.0
        let height = top + 3 * panel + 2 * gap + 40
        let last = weeks.last.map { $0.startDay + 7 } ?? 7
        let end = last.isFinite && last > 0 ? last : 7
        func x(_ day: Double) -> Double { left + (width - left - right) * min(1, max(0, day / end)) }
        var s = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="sans-serif" font-size="11">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(left)" y="20" font-size="14" font-weight="bold">\(escape(title))</text>

        """
        let series: [(String, (TimelineWeek) -> Double?, String, Bool)] = [
            ("SLA attainment (restore within target)", { $0.slaAttainment }, "#1b7837", true),
            ("service-point backorders (weekly average)", { $0.averageBackorders }, "#b2182b", false),
            ("units on hand (weekly average)", { $0.averageOnHand }, "#2166ac", false),
        ]
        for (k, (label, value, color, isShare)) in series.enumerated() {
            let y0 = top + Double(k) * (panel + gap)
            let values = weeks.compactMap(value).filter(\.isFinite)
            let top = values.max() ?? 0
            let high = isShare ? 1.0 : (top > 0 ? top * 1.1 : 1)
            let low = isShare ? max(0, min(0.9, (values.min() ?? 0) - 0.05)) : 0
            func y(_ v: Double) -> Double { y0 + panel - panel * (v - low) / max(1e-12, high - low) }
            s += "<rect x=\"\(f(x(0)))\" y=\"\(f(y0))\" width=\"\(f(x(warmupDays) - x(0)))\" height=\"\(f(panel))\" fill=\"#eeeeee\"/>\n"
            for w in disruptions {
                s += "<rect x=\"\(f(x(w.start)))\" y=\"\(f(y0))\" width=\"\(f(max(1, x(w.end) - x(w.start))))\" height=\"\(f(panel))\" fill=\"#fdb863\" opacity=\"0.5\"/>\n"
            }
            s += "<rect x=\"\(f(left))\" y=\"\(f(y0))\" width=\"\(f(width - left - right))\" height=\"\(f(panel))\" fill=\"none\" stroke=\"#888\"/>\n"
            s += "<text x=\"\(f(left + 4))\" y=\"\(f(y0 + 13))\" fill=\"\(color)\">\(escape(label))</text>\n"
            for t in 0...4 {
                let v = low + (high - low) * Double(t) / 4
                let text = isShare ? String(format: "%.0f %%", 100 * v) : String(format: "%.3g", v)
                s += "<text x=\"\(f(left - 6))\" y=\"\(f(y(v) + 4))\" text-anchor=\"end\" fill=\"#555\">\(text)</text>\n"
            }
            var path = ""
            for w in weeks {
                guard let v = value(w), v.isFinite else { continue }
                path += (path.isEmpty ? "M" : " L") + "\(f(x(w.startDay + 3.5))),\(f(y(v)))"
            }
            if !path.isEmpty { s += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"1.5\"/>\n" }
        }
        let axis = top + 3 * panel + 2 * gap + 14
        s += dayAxis(end: end, x: x, y: axis)
        s += "<text x=\"\(f((left + width - right) / 2))\" y=\"\(f(axis + 16))\" text-anchor=\"middle\">day (grey: warm-up; orange: disruptions)</text>\n</svg>\n"
        return s
    }

    /// Day labels under a timeline at nice steps, about eight of them.
    static func dayAxis(end: Double, x: (Double) -> Double, y: Double) -> String {
        let f = SVGText.f
        var s = ""
        let step = Format.niceStep(end / 8)
        var d = 0.0
        while d <= end + 1e-9 {
            s += "<text x=\"\(f(x(d)))\" y=\"\(f(y))\" text-anchor=\"middle\" fill=\"#555\">\(abs(d) < 9e15 ? String(Int(d)) : "–")</text>\n"
            d += step
        }
        return s
    }

    /// `&`, `<` and `>` escaped (the timeline's text is element content only).
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
