import Foundation

/// A stock plan CSV (`site,item,stock` — `level` is accepted for `stock`), read against a
/// scenario: every row's site and item must exist, the site must hold stock, the level must be a
/// whole number ≥ 0, and a (site, item) pair may appear once. Pairs not listed get 0.
/// `text(_:for:)` writes the same format: the one place its columns are stated.
public enum StockPlanFile {
    /// The columns, in the order they are written.
    public enum Column: String, CaseIterable, Sendable {
        case site, item, stock
    }

    /// Reads `path` into a plan, reporting every problem at once.
    public static func load(path: String, for scenario: Scenario) throws(ScenarioError) -> StockPlan {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ScenarioError(diagnostics: [Diagnostic(file: path, line: nil, field: "", message: "cannot read file: \(error.localizedDescription)")])
        }
        return try parse(text: text, file: path, for: scenario)
    }

    /// Parses plan text; `file` names it in diagnostics.
    public static func parse(text: String, file: String, for scenario: Scenario) throws(ScenarioError) -> StockPlan {
        var problems: [Diagnostic] = []
        func problem(_ line: Int?, _ field: String, _ message: String) {
            problems.append(Diagnostic(file: file, line: line, field: field, message: message))
        }
        let csv: CSVReader
        do {
            csv = try CSVReader(text: text)
        } catch {
            throw ScenarioError(diagnostics: [Diagnostic(file: file, line: error.line, field: "", message: error.message)])
        }
        guard let header = csv.header else {
            throw ScenarioError(diagnostics: [Diagnostic(file: file, line: 1, field: "", message: "the file is empty; expected a header site,item,stock")])
        }
        let names = header.cells.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let siteColumn = names.firstIndex(of: Column.site.rawValue)
        let itemColumn = names.firstIndex(of: Column.item.rawValue)
        let stockColumn = names.firstIndex(of: Column.stock.rawValue) ?? names.firstIndex(of: "level")
        guard let siteColumn, let itemColumn, let stockColumn else {
            throw ScenarioError(diagnostics: [Diagnostic(file: file, line: header.line, field: "header",
                                                         message: "expected columns site, item and stock; found \(header.cells.joined(separator: ", "))")])
        }
        var plan = StockPlan(zerosFor: scenario)
        var firstLine: [String: Int] = [:]
        for (k, row) in csv.records.enumerated() {
            let path = "rows[\(k)]"
            guard row.cells.count == header.cells.count else {
                problem(row.line, path, "expected \(header.cells.count) cells as in the header, got \(row.cells.count)")
                continue
            }
            let siteID = row.cells[siteColumn].trimmingCharacters(in: .whitespaces)
            let itemID = row.cells[itemColumn].trimmingCharacters(in: .whitespaces)
            let stockText = row.cells[stockColumn].trimmingCharacters(in: .whitespaces)
            let site = scenario.siteIndex[siteID]
            let item = scenario.itemIndex[itemID]
            if site == nil { problem(row.line, "\(path).site", "unknown site \"\(siteID)\"") }
            if item == nil { problem(row.line, "\(path).item", "unknown item \"\(itemID)\"") }
            if let site, !scenario.sites[site].kind.holdsStock {
                problem(row.line, "\(path).site", "\"\(siteID)\" is a \(scenario.sites[site].kind.rawValue); only warehouses, depots and service points hold stock")
                continue
            }
            guard let level = Int(stockText), level >= 0 else {
                problem(row.line, "\(path).stock", "expected a whole number ≥ 0, got \"\(stockText)\"")
                continue
            }
            guard let site, let item else { continue }
            let key = "\(siteID)\u{1}\(itemID)"
            if let first = firstLine[key] {
                problem(row.line, path, "duplicate row for site \"\(siteID)\" and item \"\(itemID)\" (first on line \(first))")
                continue
            }
            firstLine[key] = row.line
            plan[site][item] = level
        }
        if !problems.isEmpty { throw ScenarioError(diagnostics: problems) }
        return plan
    }

    /// The plan as the file holds it: the header, then one row per stocked (site, item) with a
    /// level above 0, in site then item order (sites that hold no stock are left out).
    public static func text(_ plan: StockPlan, for scenario: Scenario) -> String {
        var csv = CSVWriter.line(Column.allCases.map(\.rawValue))
        for site in scenario.sites where site.kind.holdsStock {
            for item in scenario.items where plan[site.index][item.index] > 0 {
                csv += CSVWriter.line([site.id, item.id, String(plan[site.index][item.index])])
            }
        }
        return csv
    }
}
