import ScenarioModel

/// Paths resolved from this file, so the tests work from any clone and working directory.
enum TestPaths {
    /// `Tests/ScenarioTests`.
    static let testsDirectory: String = {
        let file = #filePath
        guard let slash = file.lastIndex(of: "/") else { return "." }
        return String(file[..<slash])
    }()

    /// The package root (two levels above `Tests/ScenarioTests`).
    static let packageRoot: String = {
        var path = testsDirectory
        for _ in 0..<2 {
            if let slash = path.lastIndex(of: "/") { path = String(path[..<slash]) }
        }
        return path
    }()

    static func fixture(_ name: String) -> String { "\(testsDirectory)/Fixtures/\(name)" }
}

/// Loads inline YAML and returns the diagnostics as `line: field: message` strings (nil when it loads).
func diagnostics(_ yaml: String, file: String = "t.yaml", baseDirectory: String? = nil) -> [Diagnostic]? {
    do {
        _ = try ScenarioLoader.load(yaml: yaml, file: file, baseDirectory: baseDirectory)
        return nil
    } catch {
        return error.diagnostics
    }
}

/// Compact rendering used by assertions: `line: field: message`.
func lines(_ diagnostics: [Diagnostic]?) -> [String] {
    (diagnostics ?? []).map { "\($0.line.map(String.init) ?? "-"): \($0.field): \($0.message)" }
}

/// A small valid scenario that tests modify.
let minimalScenario = """
format: 1
name: Minimal
currency: EUR
sites:
  - {id: CW, kind: central_warehouse, lat: 50.0, lon: 8.0}
  - {id: RD, kind: regional_depot, parent: CW, lat: 51.0, lon: 9.0}
  - {id: SP1, kind: service_point, parent: RD, lat: 52.0, lon: 10.0, pool: p}
  - {id: SP2, kind: service_point, parent: RD, lat: 52.5, lon: 10.5, pool: p}
  - {id: RS, kind: repair_shop, lat: 51.5, lon: 9.5}
lanes:
  - {from: CW, to: RD, mode: replenishment, lead_time: 2, cost_per_unit: 5}
  - {from: RD, to: SP1, mode: replenishment, lead_time: 1, cost_per_unit: 3}
  - {from: RD, to: SP2, mode: replenishment, lead_time: 1, cost_per_unit: 3}
lane_defaults:
  lateral: {lead_time: 0.5, cost_per_unit: 20}
  emergency: {lead_time: 0.25, cost_per_unit: 100}
  return: {lead_time: 3, cost_per_unit: 10}
products:
  - {id: P, name: Printer}
items:
  - {id: A, unit_cost: 100, failure_rate: 0.5, supplier_lead_time: 10, used_in: {P: 2}}
  - {id: B, unit_cost: 900, repairable: true, repair_site: RS, repair_time: 7, failure_rate: 0.1, used_in: {P: 1}}
installed_base:
  - {site: SP1, product: P, units: 10}
  - {site: SP2, product: P, units: 30}
"""
