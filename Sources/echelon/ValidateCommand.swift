import ArgumentParser
import Foundation
import Outputs
import ScenarioModel

/// `echelon validate SCENARIO`: load and check a scenario, print its summary or every problem.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a scenario and print a short summary of it.",
        discussion: """
            Every problem is reported at once, each as FILE:LINE: FIELD: MESSAGE (CSV tables by \
            their own file and line). Exit code 0 when the scenario is valid, 1 when it is not.
            """
    )

    @Argument(help: "The scenario's YAML file.", completion: .file(extensions: ["yaml", "yml"]))
    var scenario: String

    @Flag(help: "Print the summary (or the problems) as JSON on stdout.")
    var json = false

    @Flag(name: .shortAndLong, help: "Print nothing on success; problems still go to stderr.")
    var quiet = false

    func run() throws {
        do {
            let loaded = try ScenarioLoader.load(path: scenario)
            if quiet { return }
            if json {
                print(try OutputJSON.encode(ValidationReport(valid: true, summary: loaded.summary, diagnostics: [])))
            } else {
                print(SummaryTable.render(loaded.summary))
            }
        } catch let error as ScenarioError {
            if json && !quiet {
                print(try OutputJSON.encode(ValidationReport(valid: false, summary: nil, diagnostics: error.diagnostics)))
            }
            throw CLIError(error, heading: "\(scenario) is not valid")
        }
    }
}

/// The JSON document `validate --json` prints.
struct ValidationReport: Encodable {
    var valid: Bool
    var summary: ScenarioSummary?
    var diagnostics: [Diagnostic]
}

/// Stable JSON for tools: sorted keys, pretty-printed.

/// The human-readable summary of a scenario.
enum SummaryTable {
    static func render(_ s: ScenarioSummary) -> String {
        var rows: [(String, String)] = []
        let kinds: [(String, String, String)] = [
            ("central_warehouse", "central warehouse", "central warehouses"),
            ("regional_depot", "regional depot", "regional depots"),
            ("service_point", "service point", "service points"),
            ("repair_shop", "repair shop", "repair shops"),
            ("supplier", "supplier", "suppliers"),
        ]
        let siteTotal = s.sitesPerKind.values.reduce(0, +)
        let kindText = kinds.compactMap { key, one, many -> String? in
            guard let n = s.sitesPerKind[key], n > 0 else { return nil }
            return "\(n) \(n == 1 ? one : many)"
        }.joined(separator: ", ")
        rows.append(("sites", "\(siteTotal) (\(kindText))"))
        let levels = s.sitesPerEchelon.enumerated().map { "level \($0.offset): \($0.element)" }
        rows.append(("echelons", levels.isEmpty ? "none" : levels.joined(separator: " · ")))
        if s.candidateDepots > 0 { rows.append(("candidate depots", "\(s.candidateDepots)")) }
        rows.append(("pools", "\(s.pools)"))
        rows.append(("items", "\(s.items.total) (\(s.items.repairable) repairable, \(s.items.consumable) consumable)"))
        rows.append(("products", "\(s.products), \(grouped(s.installedUnits)) installed units"))
        rows.append(("failures", "\(fixed(s.failuresPerYear, 1)) per year"))
        let modes = ["replenishment", "lateral", "emergency", "return"]
        let explicit = modes.compactMap { m -> String? in
            guard let n = s.lanesPerMode[m], n > 0 else { return nil }
            return "\(m) \(n)"
        }
        let laneTotal = s.lanesPerMode.values.reduce(0, +)
        var laneText = "\(laneTotal) explicit"
        if !explicit.isEmpty { laneText += " (\(explicit.joined(separator: ", ")))" }
        if !s.defaultLaneModes.isEmpty { laneText += "; defaults for \(s.defaultLaneModes.joined(separator: ", "))" }
        rows.append(("lanes", laneText))
        rows.append(("engineers", "\(s.engineers)"))
        rows.append(("SLA classes", "\(s.slaClasses) (\(s.calendars) calendar\(s.calendars == 1 ? "" : "s"))"))
        rows.append(("disruptions", "\(s.disruptions)"))
        if let plan = s.stockLevels {
            rows.append(("stock plan", "\(plan.positions) positions, \(grouped(plan.units)) units, \(s.currency) \(grouped(Int(plan.value.rounded())))"))
        } else {
            rows.append(("stock plan", "none"))
        }
        rows.append(("horizon", "\(fixed(s.horizonDays, 0)) days"))
        let width = rows.map(\.0.count).max() ?? 0
        var out = "\(s.name)  (\(s.file))\n"
        for (k, v) in rows { out += "  \(k.padding(toLength: width, withPad: " ", startingAt: 0))  \(v)\n" }
        out += "valid: no problems found"
        return out
    }

    static func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }

    static func grouped(_ n: Int) -> String {
        let s = String(abs(n))
        var out = ""
        for (k, ch) in s.enumerated() {
            if k > 0 && (s.count - k) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return n < 0 ? "-" + out : out
    }
}
