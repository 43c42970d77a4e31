import Foundation

/// One KPI's paired difference from the baseline, with its 95 % interval.
public struct ComparisonBar: Sendable, Equatable {
    /// The KPI's name and unit (fraction, currency, days, …).
    public var kpi: String
    public var unit: String
    /// The plan or variant compared with the baseline.
    public var variant: String
    /// Mean paired difference (variant − baseline) and its 95 % half-width.
    public var difference: Double
    public var halfWidth: Double
    /// Whether the interval excludes 0.
    public var significant: Bool

    /// Creates a bar.
    public init(kpi: String, unit: String, variant: String, difference: Double, halfWidth: Double, significant: Bool) {
        self.kpi = kpi
        self.unit = unit
        self.variant = variant
        self.difference = difference
        self.halfWidth = halfWidth
        self.significant = significant
    }
}

/// Paired differences as a forest plot: one row per KPI (grouped by variant), a bar from 0 to the
/// mean difference and a whisker for its 95 % interval. KPIs have different units, so every row
/// has its own symmetric scale around 0; the value is written beside it.
public enum ComparisonChart {
    /// The chart; `currency` labels currency differences.
    public static func svg(_ bars: [ComparisonBar], baseline: String, currency: String?, title: String) -> String {
        let esc = SVGText.esc, f = SVGText.f
        let usable = bars.filter { $0.difference.isFinite && $0.halfWidth.isFinite }
        var variants: [String] = []
        for b in usable where !variants.contains(b.variant) { variants.append(b.variant) }
        let rowH = 20.0, headerH = 24.0, top = 58.0, width = 900.0
        let labelW = 250.0, plotW = 380.0, plotX = labelW + 10, valueX = plotX + plotW + 14
        let height = top + Double(usable.count) * rowH + Double(variants.count) * headerH + 36
        var s = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif" font-size="11">
        <title>\(esc(title)): paired differences from \(esc(baseline))</title>
        <rect width="100%" height="100%" fill="white"/>
        <text x="10" y="22" font-size="15" font-weight="bold">\(esc(title))</text>
        <text x="10" y="40" fill="#555">Paired difference from \(esc(baseline)) per KPI with its 95 % interval (each row on its own scale; dark: the interval excludes 0)</text>

        """
        var y = top
        let zeroX = plotX + plotW / 2
        for variant in variants {
            s += "<text x=\"10\" y=\"\(f(y + 16))\" font-weight=\"bold\">\(esc(variant)) − \(esc(baseline))</text>\n"
            y += headerH
            let rows = usable.filter { $0.variant == variant }
            s += "<line x1=\"\(f(zeroX))\" y1=\"\(f(y))\" x2=\"\(f(zeroX))\" y2=\"\(f(y + Double(rows.count) * rowH))\" stroke=\"#333\"/>\n"
            for (k, b) in rows.enumerated() {
                let mid = y + rowH / 2
                if k % 2 == 0 {
                    s += "<rect x=\"5\" y=\"\(f(y))\" width=\"\(f(width - 10))\" height=\"\(f(rowH))\" fill=\"#f4f6f8\"/>\n"
                }
                let extent = max(abs(b.difference) + abs(b.halfWidth), 1e-300)
                func x(_ v: Double) -> Double { zeroX + v / extent * (plotW / 2 - 4) }
                let color = b.significant ? "#1f4e8c" : "#9aa5b1"
                let x0 = min(x(0), x(b.difference)), x1 = max(x(0), x(b.difference))
                s += "<text x=\"\(f(labelW))\" y=\"\(f(mid + 4))\" text-anchor=\"end\">\(esc(b.kpi))</text>\n"
                s += "<rect x=\"\(f(x0))\" y=\"\(f(mid - 5))\" width=\"\(f(max(1, x1 - x0)))\" height=\"10\" fill=\"\(color)\"><title>\(esc(b.kpi)): \(esc(text(b, currency: currency)))</title></rect>\n"
                if b.halfWidth > 0 {
                    let a = x(b.difference - b.halfWidth), c = x(b.difference + b.halfWidth)
                    s += "<path d=\"M\(f(a)),\(f(mid - 6)) V\(f(mid + 6)) M\(f(a)),\(f(mid)) H\(f(c)) M\(f(c)),\(f(mid - 6)) V\(f(mid + 6))\" stroke=\"#222\" stroke-width=\"1.2\" fill=\"none\"/>\n"
                }
                s += "<text x=\"\(f(valueX))\" y=\"\(f(mid + 4))\" fill=\"\(b.significant ? "#111" : "#666")\">\(esc(text(b, currency: currency)))</text>\n"
                y += rowH
            }
        }
        if usable.isEmpty {
            s += "<text x=\"10\" y=\"\(f(top + 16))\">no paired differences (a single plan, or intervals need two replications)</text>\n"
        }
        s += "</svg>\n"
        return s
    }

    /// `+1.2 pp ± 0.4 pp *`: the difference and its half-width in the KPI's unit, a star when significant.
    public static func text(_ b: ComparisonBar, currency: String?) -> String {
        let d = value(b.difference, unit: b.unit, currency: currency, signed: true)
        let h = value(b.halfWidth, unit: b.unit, currency: currency, signed: false)
        return "\(d) ± \(h)\(b.significant ? " *" : "")"
    }

    /// A difference in its unit: percentage points for fractions, money for currency.
    public static func value(_ x: Double, unit: String, currency: String?, signed: Bool) -> String {
        let sign = signed && x > 0 ? "+" : ""
        switch unit {
        case "fraction": return sign + Format.number(100 * x, digits: 2) + " pp"
        case "currency": return (x < 0 && Format.whole(x) != "0" ? "-" : sign) + Format.money(abs(x), currency: currency)
        default: return sign + Format.significant(x) + (unit.isEmpty ? "" : " \(unit)")
        }
    }
}
