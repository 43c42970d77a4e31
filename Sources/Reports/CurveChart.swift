import Foundation

extension CurveChart {
    /// One point of a cost/effectiveness curve, as the chart needs it.
    public struct Point: Sendable, Equatable {
        /// Investment in the scenario currency.
        public var cost: Double
        /// System fill rate, a fraction.
        public var fillRate: Double
        /// System availability, a fraction.
        public var availability: Double

        /// Creates a point.
        public init(cost: Double, fillRate: Double, availability: Double) {
            self.cost = cost
            self.fillRate = fillRate
            self.availability = availability
        }
    }
}

/// The cost/effectiveness curve as a self-contained SVG: investment against fill rate and
/// availability, the chosen plan marked.
public enum CurveChart {
    /// The chart: `points` in investment order, `chosen` marked with a dashed line and a label.
    public static func svg(points: [Point], chosen: Point, currency: String, title: String) -> String {
        let esc = SVGText.esc, f = SVGText.f
        let width = 760.0, height = 440.0
        let left = 78.0, right = 24.0, top = 48.0, bottom = 64.0
        let plotW = width - left - right, plotH = height - top - bottom
        let largest = max(points.map(\.cost).filter(\.isFinite).max() ?? 1, chosen.cost.isFinite ? chosen.cost : 1, 1)
        let tick = Format.niceStep(largest / 5)
        let maxCost = tick * ((largest / tick).rounded(.up))
        let ticks = Int((maxCost / tick).rounded())
        func x(_ c: Double) -> Double { left + c / maxCost * plotW }
        func y(_ v: Double) -> Double { top + (1 - v) * plotH }
        var s = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif" font-size="12">
        <title>\(esc(title)): cost/effectiveness curve</title>
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(f(left))" y="24" font-size="15" font-weight="bold">\(esc(title))</text>
        <text x="\(f(left))" y="40" fill="#555">Cost/effectiveness curve: each point is the fewest expected backorders for its investment</text>

        """
        // Grid and axes.
        for k in 0...5 {
            let v = Double(k) / 5
            s += "<line x1=\"\(f(left))\" y1=\"\(f(y(v)))\" x2=\"\(f(left + plotW))\" y2=\"\(f(y(v)))\" stroke=\"#e3e3e3\"/>\n"
            s += "<text x=\"\(f(left - 8))\" y=\"\(f(y(v) + 4))\" text-anchor=\"end\">\(Int(v * 100)) %</text>\n"
        }
        for k in 0...max(0, ticks) {
            let c = tick * Double(k)
            s += "<line x1=\"\(f(x(c)))\" y1=\"\(f(top + plotH))\" x2=\"\(f(x(c)))\" y2=\"\(f(top + plotH + 5))\" stroke=\"#333\"/>\n"
            s += "<text x=\"\(f(x(c)))\" y=\"\(f(top + plotH + 19))\" text-anchor=\"middle\">\(esc(Format.whole(c)))</text>\n"
        }
        s += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotH))\" stroke=\"#333\"/>\n"
        s += "<line x1=\"\(f(left))\" y1=\"\(f(top + plotH))\" x2=\"\(f(left + plotW))\" y2=\"\(f(top + plotH))\" stroke=\"#333\"/>\n"
        s += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 18))\" text-anchor=\"middle\">investment (\(esc(currency)))</text>\n"
        // Series.
        let series: [(String, String, (Point) -> Double)] = [
            ("fill rate", "#1f6fb4", { $0.fillRate }),
            ("availability", "#d0661c", { $0.availability }),
        ]
        for (k, (name, color, value)) in series.enumerated() {
            let path = points.map { "\(f(x($0.cost))),\(f(y(value($0))))" }.joined(separator: " ")
            s += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(path)\"/>\n"
            let lx = left + plotW - 150, ly = top + plotH - 44 + Double(k) * 18
            s += "<line x1=\"\(f(lx))\" y1=\"\(f(ly - 4))\" x2=\"\(f(lx + 22))\" y2=\"\(f(ly - 4))\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
            s += "<text x=\"\(f(lx + 28))\" y=\"\(f(ly))\">\(name)</text>\n"
        }
        do {
            let p = chosen
            s += "<line x1=\"\(f(x(p.cost)))\" y1=\"\(f(top))\" x2=\"\(f(x(p.cost)))\" y2=\"\(f(top + plotH))\" stroke=\"#444\" stroke-dasharray=\"4 3\"/>\n"
            s += "<circle cx=\"\(f(x(p.cost)))\" cy=\"\(f(y(p.fillRate)))\" r=\"5\" fill=\"#1f6fb4\" stroke=\"white\"/>\n"
            s += "<circle cx=\"\(f(x(p.cost)))\" cy=\"\(f(y(p.availability)))\" r=\"5\" fill=\"#d0661c\" stroke=\"white\"/>\n"
            let label = "chosen: \(currency) \(Format.whole(p.cost)), fill \(String(format: "%.1f", 100 * p.fillRate)) %, availability \(String(format: "%.2f", 100 * p.availability)) %"
            let anchor = x(p.cost) > left + plotW * 0.6 ? "end" : "start"
            let dx = anchor == "end" ? -8.0 : 8.0
            s += "<text x=\"\(f(x(p.cost) + dx))\" y=\"\(f(top + 16))\" text-anchor=\"\(anchor)\">\(esc(label))</text>\n"
        }
        s += "</svg>\n"
        return s
    }
}
