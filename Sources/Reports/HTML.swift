import Foundation
import ScenarioModel
/// Small builders for the report's markup; every piece of text passes through `Format.escape`.
enum HTML {
    /// Escaped text.
    static func text(_ s: String) -> String { Format.escape(s) }

    /// A table cell: text, right-aligned when numeric.
    struct Cell {
        var html: String
        var numeric: Bool

        static func text(_ s: String) -> Cell { Cell(html: Format.escape(s), numeric: false) }
        static func number(_ s: String) -> Cell { Cell(html: Format.escape(s), numeric: true) }
        static func markup(_ html: String, numeric: Bool = false) -> Cell { Cell(html: html, numeric: numeric) }
    }

    /// A table with a header row; `small` tables are kept on one printed page.
    static func table(_ header: [String], _ rows: [[Cell]], numeric: Set<Int> = [], caption: String? = nil,
                      small: Bool = true, cssClass: String? = nil) -> String {
        var classes: [String] = []
        if small { classes.append("small") }
        if let cssClass { classes.append(cssClass) }
        var s = "<table\(classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\"")>"
        if let caption { s += "<caption>\(text(caption))</caption>" }
        s += "<thead><tr>"
        for (k, h) in header.enumerated() { s += "<th\(numeric.contains(k) ? " class=\"num\"" : "")>\(text(h))</th>" }
        s += "</tr></thead>\n<tbody>\n"
        for row in rows {
            s += "<tr>"
            for cell in row { s += "<td\(cell.numeric ? " class=\"num\"" : "")>\(cell.html)</td>" }
            s += "</tr>\n"
        }
        s += "</tbody></table>\n"
        return s
    }

    /// A key figure: label, value, and optionally its interval line and a note; `data` becomes
    /// `data-*` attributes (machine-readable figures for tests and tools).
    static func card(_ label: String, _ value: String, ci: String? = nil, note: String? = nil,
                     data: [(String, String)] = [], significant: Bool = false) -> String {
        var attributes = ""
        for (k, v) in data { attributes += " data-\(k)=\"\(text(v))\"" }
        var s = "<div class=\"card\(significant ? " significant" : "")\"\(attributes)><div class=\"label\">\(text(label))</div>"
        s += "<div class=\"value\">\(text(value))</div>"
        if let ci { s += "<div class=\"ci\">\(text(ci))</div>" }
        if let note { s += "<div class=\"note\">\(text(note))</div>" }
        return s + "</div>\n"
    }

    /// A figure holding an inline SVG made by the Reports charts (their text is escaped there).
    static func figure(svg: String, caption: String) -> String {
        "<figure>\(svg)<figcaption>\(text(caption))</figcaption></figure>\n"
    }
}

/// People's names for the simulation's KPIs, and their values in words.
enum KPILabel {
    /// The KPI's display name (`KPI.displayName`), also for names this version does not know.
    static func of(_ name: String) -> String { KPI.displayName(of: name) }

    /// A KPI value in its unit.
    static func value(_ x: Double, unit: String, currency: String?) -> String {
        switch unit {
        case "fraction": return Format.percent(x)
        case "currency": return Format.money(x, currency: currency)
        case "days": return Format.significant(x) + " days"
        default: return Format.significant(x) + (unit.isEmpty ? "" : " \(unit)")
        }
    }
}
