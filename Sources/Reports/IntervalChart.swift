import Foundation

/// An estimate with its 95 % interval, for `IntervalChart`.
public struct IntervalBar: Sendable, Equatable {
    public var label: String
    public var mean: Double
    /// Half-width of the 95 % interval (0 when there is none).
    public var halfWidth: Double

    /// Creates a bar.
    public init(label: String, mean: Double, halfWidth: Double) {
        self.label = label
        self.mean = mean
        self.halfWidth = halfWidth
    }
}

/// Shares (0–100 %) as horizontal bars with 95 % interval whiskers: service levels of a run.
public enum IntervalChart {
    /// The chart.
    public static func svg(_ bars: [IntervalBar], title: String, subtitle: String) -> String {
        let esc = SVGText.esc, f = SVGText.f
        let rows = bars.filter { $0.mean.isFinite }
        let width = 900.0, rowH = 22.0, top = 56.0, labelW = 260.0, plotW = 480.0, plotX = labelW + 12
        let height = top + Double(rows.count) * rowH + 40
        func x(_ v: Double) -> Double { plotX + plotW * min(1, max(0, v)) }
        var s = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif" font-size="11">
        <title>\(esc(title))</title>
        <rect width="100%" height="100%" fill="white"/>
        <text x="10" y="22" font-size="15" font-weight="bold">\(esc(title))</text>
        <text x="10" y="40" fill="#555">\(esc(subtitle))</text>

        """
        let bottom = top + Double(rows.count) * rowH
        for t in 0...5 {
            let v = Double(t) / 5
            s += "<line x1=\"\(f(x(v)))\" y1=\"\(f(top))\" x2=\"\(f(x(v)))\" y2=\"\(f(bottom))\" stroke=\"#e3e3e3\"/>\n"
            s += "<text x=\"\(f(x(v)))\" y=\"\(f(bottom + 16))\" text-anchor=\"middle\" fill=\"#555\">\(t * 20) %</text>\n"
        }
        for (k, b) in rows.enumerated() {
            let y = top + Double(k) * rowH, mid = y + rowH / 2
            s += "<text x=\"\(f(labelW))\" y=\"\(f(mid + 4))\" text-anchor=\"end\">\(esc(b.label))</text>\n"
            s += "<rect x=\"\(f(x(0)))\" y=\"\(f(mid - 6))\" width=\"\(f(max(0.5, x(b.mean) - x(0))))\" height=\"12\" fill=\"#4a7fb0\"/>\n"
            if b.halfWidth > 0, b.halfWidth.isFinite {
                let a = x(b.mean - b.halfWidth), c = x(b.mean + b.halfWidth)
                s += "<path d=\"M\(f(a)),\(f(mid - 6)) V\(f(mid + 6)) M\(f(a)),\(f(mid)) H\(f(c)) M\(f(c)),\(f(mid - 6)) V\(f(mid + 6))\" stroke=\"#222\" stroke-width=\"1.2\" fill=\"none\"/>\n"
            }
            let text = Format.percent(b.mean) + (b.halfWidth > 0 && b.halfWidth.isFinite ? " ± " + Format.number(100 * b.halfWidth, digits: 1) + " pp" : "")
            s += "<text x=\"\(f(plotX + plotW + 10))\" y=\"\(f(mid + 4))\">\(esc(text))</text>\n"
        }
        s += "</svg>\n"
        return s
    }
}
