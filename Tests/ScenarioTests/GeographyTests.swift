import Testing
import ScenarioModel

@Suite struct GeographyTests {
    @Test func parisToLondon() {
        // Notre-Dame area to Charing Cross: the great-circle distance usually quoted is ≈ 343.5 km.
        let paris = Coordinate(latitude: 48.8566, longitude: 2.3522)
        let london = Coordinate(latitude: 51.5074, longitude: -0.1278)
        let km = Scenario.greatCircleKm(paris, london)
        #expect(abs(km - 343.5) < 1)
        #expect(abs(Scenario.greatCircleKm(london, paris) - km) < 1e-9)
        #expect(Scenario.greatCircleKm(paris, paris) == 0)
    }

    @Test func quarterMeridian() {
        // Equator to pole along a meridian is πR/2.
        let km = Geography.greatCircleKm(Coordinate(latitude: 0, longitude: 0), Coordinate(latitude: 90, longitude: 0))
        #expect(abs(km - Double.pi * 6371.0088 / 2) < 1e-6)
    }

    @Test func roadDistanceAndTravelTime() {
        let geography = Geography(circuity: 1.25, roadSpeedKmh: 80)
        let a = Coordinate(latitude: 0, longitude: 0), b = Coordinate(latitude: 0, longitude: 1)
        let arc = Double.pi * 6371.0088 / 180 // one degree of longitude on the equator
        #expect(abs(geography.roadKm(a, b) - arc * 1.25) < 1e-9)
        #expect(abs(geography.travelHours(a, b) - arc * 1.25 / 80) < 1e-9)
    }
}
