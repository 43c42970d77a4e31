import Foundation

/// Numbers and text formatted for people and for markup: thousands separators, percentages,
/// currency amounts, and escaping for HTML and SVG.
public enum Format {
    /// `1,234,567` for 1234567 (comma thousands separators, a leading minus when negative).
    public static func grouped(_ n: Int) -> String {
        let s = String(n.magnitude)
        var out = ""
        for (k, ch) in s.enumerated() {
            if k > 0 && (s.count - k) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return n < 0 ? "-" + out : out
    }

    /// A number rounded to a whole with thousands separators (`–` when not finite or too large for `Int`).
    public static func whole(_ x: Double) -> String {
        guard x.isFinite, abs(x) < 9e15 else { return "–" }
        return grouped(Int(x.rounded()))
    }

    /// A finite number rounded to `digits` decimals with thousands separators: `12,345.68`;
    /// `–` for NaN and infinities.
    public static func number(_ x: Double, digits: Int = 0) -> String {
        guard x.isFinite else { return "–" }
        guard abs(x) < 9e15 else { return String(format: "%.3g", x) }
        let scale = pow(10, Double(digits))
        let rounded = (abs(x) * scale).rounded() / scale
        let whole = Int(rounded.rounded(.down))
        var text = grouped(whole)
        if digits > 0 {
            let fraction = Int(((rounded - Double(whole)) * scale).rounded())
            let digitsText = String(fraction)
            text += "." + String(repeating: "0", count: max(0, digits - digitsText.count)) + digitsText
        }
        let isZero = rounded == 0
        return x < 0 && !isZero ? "-" + text : text
    }

    /// A fraction as a percentage: `95.1 %` for 0.951.
    public static func percent(_ x: Double, digits: Int = 1) -> String {
        guard x.isFinite else { return "–" }
        return number(100 * x, digits: digits) + " %"
    }

    /// An amount with its currency code: `EUR 51,920`.
    public static func money(_ x: Double, currency: String?, digits: Int = 0) -> String {
        guard x.isFinite else { return "–" }
        guard let currency, !currency.isEmpty else { return number(x, digits: digits) }
        return "\(currency) \(number(x, digits: digits))"
    }

    /// Three significant figures for quantities of any size: `0.438`, `83.2`, `2,580`.
    public static func significant(_ x: Double) -> String {
        guard x.isFinite else { return "–" }
        let a = abs(x)
        if a == 0 { return "0" }
        if a >= 1000 { return number(x) }
        if a >= 100 { return number(x, digits: 1) }
        if a >= 10 { return number(x, digits: 2) }
        if a >= 1 { return number(x, digits: 3) }
        return String(format: "%.3g", x)
    }

    /// One decimal, for SVG coordinates.
    static func coordinate(_ v: Double) -> String { String(format: "%.1f", v) }

    /// Text made safe for HTML and XML element content and quoted attribute values.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// 1, 2 or 5 times a power of ten, at least `raw` (axis ticks); 1 for non-positive input.
    public static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let p = pow(10, (log10(raw)).rounded(.down))
        for m in [1.0, 2, 5, 10] where m * p >= raw { return m * p }
        return 10 * p
    }
}
