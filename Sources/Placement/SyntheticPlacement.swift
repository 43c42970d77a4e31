internal import Foundation
public import ScenarioModel

/// Seeded synthetic placement problems for benchmarks: a "national" network of candidate depots
/// and demand points scattered over Germany's bounding box (47.3–55.0 °N, 5.9–15.0 °E), with
/// demand clustered around a few metropolitan centres.
public enum SyntheticPlacement {
    /// A deterministic 64-bit generator (SplitMix64).
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// A generated problem with its coordinates (for maps).
    public struct Instance: Sendable {
        public var problem: PlacementProblem
        public var depotCoordinates: [Coordinate]
        public var pointCoordinates: [Coordinate]
    }

    /// `depots` candidates and `points` demand points. Demand 20–400 units a year (log-uniform),
    /// 70 % of points within ~60 km of one of 12 centres; fixed cost 150k–400k a year;
    /// transport cost = demand × road km × `costPerUnitKm` (road km = great-circle × 1.3);
    /// travel hours = road km ÷ 70 km/h. Every pair is allowed unless `maxResponseHours` is set;
    /// `capacity` (a share of total demand) gives every depot that capacity.
    public static func national(depots: Int, points: Int, seed: UInt64, costPerUnitKm: Double = 0.8,
                                maxResponseHours: Double? = nil, capacityShare: Double? = nil) throws(PlacementError) -> Instance {
        guard depots >= 1, points >= 1 else { throw .invalidInput(field: "size", reason: "need at least one depot and one point, got \(depots)×\(points)") }
        var rng = Generator(state: seed)
        func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * Double(rng.next() >> 11) / Double(1 << 53) }
        let centres = (0..<12).map { _ in Coordinate(latitude: uniform(47.8, 54.5), longitude: uniform(6.3, 14.6)) }
        func point() -> Coordinate {
            if uniform(0, 1) < 0.7 {
                let c = centres[Int(uniform(0, Double(centres.count))) % centres.count]
                let r = uniform(0, 0.55), a = uniform(0, 2 * Double.pi)
                return Coordinate(latitude: min(55, max(47.3, c.latitude + r * sin(a) * 0.9)),
                                  longitude: min(15, max(5.9, c.longitude + r * cos(a) * 1.4)))
            }
            return Coordinate(latitude: uniform(47.3, 55.0), longitude: uniform(5.9, 15.0))
        }
        let depotAt = (0..<depots).map { _ in point() }
        let pointAt = (0..<points).map { _ in point() }
        let geography = Geography.standard
        var facilities = (0..<depots).map { i in
            PlacementProblem.Facility(id: "D\(i + 1)", fixedCost: (uniform(150_000, 400_000)).rounded())
        }
        var customers: [PlacementProblem.Customer] = []
        var pairs: [[PlacementProblem.Pair]] = []
        for j in 0..<points {
            let demand = exp(uniform(log(20), log(400))).rounded()
            customers.append(PlacementProblem.Customer(id: "P\(j + 1)", demand: demand))
            pairs.append((0..<depots).map { i in
                let km = geography.roadKm(depotAt[i], pointAt[j])
                return PlacementProblem.Pair(facility: i, cost: (demand * km * costPerUnitKm * 100).rounded() / 100,
                                             hours: km / geography.roadSpeedKmh)
            })
        }
        if let share = capacityShare {
            let total = customers.reduce(0) { $0 + $1.demand }
            for i in facilities.indices { facilities[i].capacity = (share * total).rounded() }
        }
        let problem = try PlacementProblem(facilities: facilities, customers: customers, pairs: pairs,
                                           maxResponseHours: maxResponseHours)
        return Instance(problem: problem, depotCoordinates: depotAt, pointCoordinates: pointAt)
    }
}
