import Foundation

/// Generates seeded synthetic scenarios for benchmarks and tests: one central warehouse, regional
/// depots (three echelons) and service points placed in a box over central Europe, one product
/// whose installed base fails into `items` parts with log-uniform costs and rates. The scenario is
/// written as YAML and read back through ``ScenarioLoader``, so it exercises the real loader.
public enum SyntheticScenario {
    /// The YAML text of a synthetic network with `sites` sites in total.
    /// - Parameters:
    ///   - sites: total sites (≥ 2); with 3 echelons ≈ 0.625·√sites of them are regional depots
    ///     (15 for 577 = 1 + 15 + 561).
    ///   - items: number of spare parts (≥ 1).
    ///   - echelons: 2 (warehouse → service points) or 3 (warehouse → depots → service points).
    ///   - seed: the random stream's seed.
    public static func yaml(sites: Int, items: Int, echelons: Int = 3, seed: UInt64 = 1) -> String {
        var rng = SeededGenerator(seed: seed)
        let depots = echelons >= 3 ? max(1, Int((Double(sites).squareRoot() * 0.625).rounded())) : 0
        let points = max(1, sites - 1 - depots)
        var y = """
        format: 1
        name: Synthetic network (\(sites) sites, \(items) items, \(echelons) echelons, seed \(seed))
        currency: EUR
        lane_defaults:
          replenishment: {lead_time: 1.5, cost_per_unit: 5}
          lateral: {lead_time: 0.5, cost_per_unit: 20}
          emergency: {lead_time: 0.5, cost_per_unit: 80}
          return: {lead_time: 3, cost_per_unit: 8}
        policies:
          sourcing: [own, parent, emergency]
        products:
          - {id: P1, name: Synthetic product}
        sites:
          - {id: CW, kind: central_warehouse, lat: 50.0, lon: 10.0}

        """
        func coordinate() -> (Double, Double) {
            (Double.random(in: 43...55, using: &rng), Double.random(in: -2...20, using: &rng))
        }
        for d in 0..<depots {
            let (lat, lon) = coordinate()
            y += "  - {id: RD\(d), kind: regional_depot, parent: CW, lat: \(fmt(lat)), lon: \(fmt(lon))}\n"
        }
        var installed = ""
        for p in 0..<points {
            let (lat, lon) = coordinate()
            let parent = depots > 0 ? "RD\(p % depots)" : "CW"
            y += "  - {id: SP\(p), kind: service_point, parent: \(parent), lat: \(fmt(lat)), lon: \(fmt(lon)), engineers: 2}\n"
            installed += "  - {site: SP\(p), product: P1, units: \(Int.random(in: 50...400, using: &rng))}\n"
        }
        y += "installed_base:\n" + installed
        y += "items:\n"
        for i in 0..<items {
            let cost = exp(Double.random(in: log(20)...log(5000), using: &rng))
            let rate = exp(Double.random(in: log(0.0005)...log(0.05), using: &rng))
            if Double.random(in: 0..<1, using: &rng) < 0.3 {
                y += "  - {id: I\(i), unit_cost: \(fmt(cost)), failure_rate: \(fmt(rate, 6)), used_in: {P1: 1}, repairable: true, repair_site: CW, repair_time: 10, condemnation: 0.05, supplier_lead_time: 30}\n"
            } else {
                y += "  - {id: I\(i), unit_cost: \(fmt(cost)), failure_rate: \(fmt(rate, 6)), used_in: {P1: 1}, supplier_lead_time: 20}\n"
            }
        }
        return y
    }

    /// Loads the synthetic network (see ``yaml(sites:items:echelons:seed:)``).
    public static func load(sites: Int, items: Int, echelons: Int = 3, seed: UInt64 = 1) throws(ScenarioError) -> Scenario {
        try ScenarioLoader.load(yaml: yaml(sites: sites, items: items, echelons: echelons, seed: seed),
                                file: "synthetic.yaml", baseDirectory: nil)
    }

    static func fmt(_ x: Double, _ digits: Int = 4) -> String { String(format: "%.\(digits)f", x) }
}

/// SplitMix64: a small, fast, seedable generator (Steele, Lea & Flood 2014).
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
