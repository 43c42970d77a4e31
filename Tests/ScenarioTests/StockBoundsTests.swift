import Foundation
import Testing
import ScenarioModel

@Suite struct StockBoundsTests {
    static let base = """
    format: 1
    name: bounds
    currency: EUR
    lane_defaults:
      replenishment: {lead_time: 2}
    policies:
      sourcing: [own, parent]
      stock_bounds:
    BOUNDS
    products:
      - {id: P}
    sites:
      - {id: CW, kind: central_warehouse, lat: 50, lon: 8}
      - {id: A, kind: service_point, parent: CW, lat: 50.5, lon: 8.5}
      - {id: S, kind: supplier}
    installed_base:
      - {site: A, product: P, units: 10}
    items:
      - {id: X, unit_cost: 10, failure_rate: 0.1, used_in: {P: 1}, supplier_lead_time: 5}
      - {id: Y, unit_cost: 20, failure_rate: 0.1, used_in: {P: 1}, supplier_lead_time: 5}
    """

    static func load(_ bounds: String) throws(ScenarioError) -> Scenario {
        try ScenarioLoader.load(yaml: base.replacingOccurrences(of: "BOUNDS", with: bounds), file: "b.yaml", baseDirectory: nil)
    }

    @Test func itemBoundsOverrideSiteBounds() throws {
        let s = try Self.load("""
            - {site: A, max: 0}
            - {site: A, item: Y, min: 1, max: 4}
            - {site: CW, item: X, min: 2}
        """)
        #expect(s.policies.stockBounds.count == 3)
        #expect(s.policies.bounds(site: 1, item: 0) == (0, 0))     // A, X: the site-wide "no stock"
        #expect(s.policies.bounds(site: 1, item: 1) == (1, 4))     // A, Y: its own bound
        #expect(s.policies.bounds(site: 0, item: 0) == (2, nil))
        #expect(s.policies.bounds(site: 0, item: 1) == (0, nil))
    }

    /// Every problem is reported with its line: max below min, unknown site and item, a site that
    /// holds no stock, a duplicate, a bound with neither min nor max, a negative minimum.
    @Test func badBoundsAreAllReported() {
        do {
            _ = try Self.load("""
                - {site: A, item: X, min: 3, max: 1}
                - {site: NOPE, max: 2}
                - {site: A, item: Z, max: 2}
                - {site: S, max: 1}
                - {site: CW, max: 5}
                - {site: CW, max: 6}
                - {site: A, item: Y}
                - {site: CW, item: Y, min: -1}
            """)
            Issue.record("expected errors")
        } catch {
            let text = error.diagnostics.map(\.description)
            for expected in [
                "b.yaml:9: policies.stock_bounds[0].max: max (1) is below min (3)",
                "b.yaml:10: policies.stock_bounds[1].site: unknown site \"NOPE\"",
                "b.yaml:11: policies.stock_bounds[2].item: unknown item \"Z\"",
                "b.yaml:12: policies.stock_bounds[3].site: \"S\" is a supplier; only warehouses, depots and service points hold stock",
                "b.yaml:14: policies.stock_bounds[5]: duplicate stock bound for site \"CW\" (all items)",
                "b.yaml:15: policies.stock_bounds[6].site: a stock bound needs min, max or both",
                "b.yaml:16: policies.stock_bounds[7].min:",
            ] {
                #expect(text.contains { $0.hasPrefix(expected) }, "missing \(expected) in \(text)")
            }
        }
    }
}
