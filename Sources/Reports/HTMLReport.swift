import Foundation
import Outputs
import ScenarioModel

/// `echelon report`: one self-contained HTML page for every output set in a folder: the question,
/// the inputs in brief, key figures with 95 % intervals, charts (inline SVG) and tables of the plan.
/// It reads only the files the commands write, so it works on any saved folder; no scripts, no
/// external assets, and every piece of text from a file is escaped.
public struct HTMLReport: Sendable {
    /// Rows of a plan or assignment shown inline before the rest is left to the CSV.
    public static let inlineRowLimit = 500
    /// Items listed in the "top items" table.
    public static let topItems = 15

    /// The folder reported on, and the output sets found in it (report order).
    public let directory: String
    public let sets: [OutputSet]
    /// The page.
    public let html: String

    /// Reads every output set in `directory` (and its immediate subfolders) and renders the page.
    public init(directory: String, title: String? = nil) throws(ReportError) {
        self.directory = directory
        sets = try OutputSet.find(in: directory)
        var loaded: [LoadedSet] = []
        for set in sets { loaded.append(try LoadedSet(set)) }
        let name = URL(fileURLWithPath: directory).standardizedFileURL.lastPathComponent
        html = Page(title: title ?? "Echelon report: \(name)", sets: loaded).render()
    }

    /// Writes the page to `path`.
    public func write(to path: String) throws(ReportError) {
        do { try html.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw ReportError(.cannotWrite, path: path, "cannot write the report (\(error.localizedDescription))")
        }
    }
}

/// The page's rendering.
struct Page {
    var title: String
    var sets: [LoadedSet]

    /// The distinct scenarios behind the sets, in order of first use, with the sets using each.
    var scenarios: [(summary: ScenarioSummary, sets: [Int])] {
        var out: [(summary: ScenarioSummary, sets: [Int])] = []
        for (k, set) in sets.enumerated() {
            guard let s = set.scenario?.scenario else { continue }
            if let i = out.firstIndex(where: { $0.summary == s }) { out[i].sets.append(k) } else { out.append((s, [k])) }
        }
        return out
    }

    func id(_ k: Int) -> String { "set-\(k + 1)-\(sets[k].set.kind.command)" }

    func heading(_ k: Int) -> String { "\(sets[k].set.kind.heading) — \(sets[k].set.title)" }

    func render() -> String {
        var s = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="echelon report">
        <title>\(HTML.text(title))</title>
        <style>
        \(ReportStyle.css)
        </style>
        </head>
        <body>
        <header>
        <h1>\(HTML.text(title))</h1>
        <p class="meta">\(sets.count) output set\(sets.count == 1 ? "" : "s"): \(HTML.text(sets.map { "\($0.set.kind.command) (\($0.set.title))" }.joined(separator: ", ")))</p>
        <nav><ol>
        <li><a href="#question">Question</a></li>
        <li><a href="#inputs">Inputs in brief</a></li>

        """
        for k in sets.indices { s += "<li><a href=\"#\(id(k))\">\(HTML.text(heading(k)))</a></li>\n" }
        s += "</ol></nav>\n</header>\n"
        s += questionSection() + inputsSection()
        for k in sets.indices { s += setSection(k) }
        s += "</body>\n</html>\n"
        return s
    }

    // MARK: question and inputs

    func questionSection() -> String {
        var s = "<section id=\"question\">\n<h2>Question</h2>\n"
        let known = scenarios
        if known.isEmpty {
            var names: [String] = []
            for set in sets {
                if let n = Self.scenarioName(set.data), !names.contains(n) { names.append(n) }
            }
            for n in names { s += "<p class=\"question\">\(HTML.text(n))</p>\n" }
            s += "<p class=\"omitted\">No scenario.json in these folders (written by every command with --out): the question and inputs are not known.</p>\n"
        } else {
            for (summary, used) in known {
                let q = summary.question ?? summary.description ?? summary.name
                s += "<p class=\"question\">\(HTML.text(q))</p>\n"
                s += "<p class=\"meta\">Scenario \(HTML.text(summary.name)) (<code>\(HTML.text(summary.file))</code>), used by "
                s += used.map { "<a href=\"#\(id($0))\">\(HTML.text(sets[$0].set.kind.command))</a>" }.joined(separator: ", ") + "</p>\n"
                if summary.question != nil, let d = summary.description { s += "<p>\(HTML.text(d))</p>\n" }
            }
        }
        return s + "</section>\n"
    }

    static func scenarioName(_ data: OutputData) -> String? {
        switch data {
        case .optimize(let m, _, _): return m.scenario
        case .place(let m, _, _, _): return m.scenario
        case .simulate(let m, _): return m.scenario
        case .compare: return nil
        }
    }

    func inputsSection() -> String {
        var s = "<section id=\"inputs\">\n<h2>Inputs in brief</h2>\n"
        if scenarios.isEmpty { s += "<p class=\"omitted\">No scenario.json found.</p>\n" }
        for (summary, used) in scenarios {
            s += inputsTable(summary, commands: used.map { sets[$0].scenario?.command ?? "" })
        }
        return s + "</section>\n"
    }

    func inputsTable(_ m: ScenarioSummary, commands: [String]) -> String {
        let kinds: [(String, String)] = [("central_warehouse", "central warehouses"), ("regional_depot", "regional depots"),
                                         ("service_point", "service points"), ("repair_shop", "repair shops"), ("supplier", "suppliers")]
        var known = Set(kinds.map(\.0))
        var kindText = kinds.compactMap { key, label -> String? in
            guard let n = m.sitesPerKind[key], n > 0 else { return nil }
            return "\(Format.grouped(n)) \(label)"
        }
        for (key, n) in m.sitesPerKind.sorted(by: { $0.key < $1.key }) where !known.contains(key) && n > 0 {
            kindText.append("\(Format.grouped(n)) \(key.replacingOccurrences(of: "_", with: " "))")
            known.insert(key)
        }
        let total = m.sitesPerKind.values.reduce(0, +)
        var rows: [(String, String)] = [
            ("scenario", "\(m.name) (\(m.file))"),
            ("sites", "\(Format.grouped(total))" + (kindText.isEmpty ? "" : " (\(kindText.joined(separator: ", ")))")),
            ("echelons", m.sitesPerEchelon.isEmpty ? "none"
                : m.sitesPerEchelon.enumerated().map { "level \($0.offset): \(Format.grouped($0.element))" }.joined(separator: " · ")),
        ]
        if m.candidateDepots > 0 { rows.append(("candidate depots", Format.grouped(m.candidateDepots))) }
        if m.pools > 0 { rows.append(("pooling groups", Format.grouped(m.pools))) }
        rows += [
            ("items", "\(Format.grouped(m.items.total)) (\(Format.grouped(m.items.repairable)) repairable, \(Format.grouped(m.items.consumable)) consumable)"),
            ("products", "\(Format.grouped(m.products)), \(Format.grouped(m.installedUnits)) installed units"),
            ("failures per year", Format.number(m.failuresPerYear, digits: 1)),
            ("engineers", Format.grouped(m.engineers)),
            ("SLA classes", "\(m.slaClasses) (\(m.calendars) calendar\(m.calendars == 1 ? "" : "s"))"),
            ("sourcing", m.sourcing.isEmpty ? "–" : m.sourcing.joined(separator: " → ")),
            ("replenishment", m.replenishment),
            ("dispatch", m.dispatch),
            ("disruptions", m.disruptionList.isEmpty ? "none" : m.disruptionList.joined(separator: "; ")),
        ]
        if let plan = m.stockLevels {
            rows.append(("scenario's stock levels", "\(Format.grouped(plan.positions)) positions, \(Format.grouped(plan.units)) units, \(Format.money(plan.value, currency: m.currency))"))
        }
        rows.append(("horizon", "\(Format.number(m.horizonDays)) days; currency \(m.currency)"))
        var s = "<table class=\"small inputs\"><tbody>\n"
        for (k, v) in rows { s += "<tr><th>\(HTML.text(k))</th><td>\(HTML.text(v))</td></tr>\n" }
        let lines = commands.filter { !$0.isEmpty }.map { "<code>\(HTML.text($0))</code>" }
        if !lines.isEmpty { s += "<tr><th>command\(lines.count == 1 ? "" : "s")</th><td>\(lines.joined(separator: "<br>"))</td></tr>\n" }
        return s + "</tbody></table>\n"
    }

    // MARK: sets

    func setSection(_ k: Int) -> String {
        let set = sets[k]
        var s = "<section class=\"set\" id=\"\(id(k))\">\n<h2>\(HTML.text(heading(k)))</h2>\n"
        s += "<p class=\"meta\">Folder <code>\(HTML.text(set.set.folder))</code>"
        if let c = set.scenario?.command { s += "; made by <code>\(HTML.text(c))</code>" }
        s += "</p>\n"
        let currency = set.scenario?.scenario.currency
        switch set.data {
        case .optimize(let m, let plan, let curve): s += OptimizeSection(summary: m, plan: plan, curve: curve).render()
        case .place(let m, let depots, let assignment, let sweep):
            s += PlaceSection(summary: m, depots: depots, assignment: assignment, sweep: sweep).render()
        case .simulate(let m, let weeks):
            s += SimulateSection(file: m, weeks: weeks, currency: currency,
                                 disruptions: set.scenario?.scenario.disruptionWindows ?? []).render()
        case .compare(let rows): s += CompareSection(rows: rows, currency: currency, title: set.scenario?.scenario.name ?? set.set.title).render()
        }
        return s + "</section>\n"
    }
}

/// The numbers as `data-*` attributes: exact, so tests and tools can compare them with the files.
func exact(_ x: Double) -> String { "\(x)" }

/// `95 % CI 60.9 % – 64.1 %`.
func interval(_ mean: Double, _ halfWidth: Double, unit: String, currency: String?) -> String {
    "95 % CI \(KPILabel.value(mean - halfWidth, unit: unit, currency: currency)) – \(KPILabel.value(mean + halfWidth, unit: unit, currency: currency))"
}
