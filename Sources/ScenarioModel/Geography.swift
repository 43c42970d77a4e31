internal import Foundation

/// How distances and travel times are derived where no lane gives them.
public struct Geography: Sendable, Equatable, Codable {
    /// Road distance ÷ great-circle distance (≥ 1). Default 1.3.
    public let circuity: Double
    /// Average road speed in km/h (> 0). Default 70.
    public let roadSpeedKmh: Double

    /// Transport cost per demand unit and road km (placement), where no explicit lane gives a
    /// cost; ≥ 0. Default 0.
    public let costPerUnitKm: Double

    /// The defaults used when `geography` is omitted.
    public static let standard = Geography(circuity: 1.3, roadSpeedKmh: 70)

    /// Creates settings.
    public init(circuity: Double, roadSpeedKmh: Double, costPerUnitKm: Double = 0) {
        self.circuity = circuity
        self.roadSpeedKmh = roadSpeedKmh
        self.costPerUnitKm = costPerUnitKm
    }

    /// Mean earth radius used by `greatCircleKm`, in km (IUGG mean radius R1).
    public static let earthRadiusKm = 6371.0088

    /// Great-circle distance in km by the haversine formula.
    public static func greatCircleKm(_ a: Coordinate, _ b: Coordinate) -> Double {
        let radians = Double.pi / 180
        let phi1 = a.latitude * radians, phi2 = b.latitude * radians
        let deltaPhi = (b.latitude - a.latitude) * radians
        let deltaLambda = (b.longitude - a.longitude) * radians
        let h = sin(deltaPhi / 2) * sin(deltaPhi / 2) + cos(phi1) * cos(phi2) * sin(deltaLambda / 2) * sin(deltaLambda / 2)
        return 2 * earthRadiusKm * asin(min(1, h.squareRoot()))
    }

    /// Estimated road distance in km: great-circle × circuity.
    public func roadKm(_ a: Coordinate, _ b: Coordinate) -> Double {
        Geography.greatCircleKm(a, b) * circuity
    }

    /// Estimated driving time in hours: road distance ÷ road speed.
    public func travelHours(_ a: Coordinate, _ b: Coordinate) -> Double {
        roadKm(a, b) / roadSpeedKmh
    }
}
