@testable import Simulation
import Testing

/// KPIs are averaged over replications by name, not by position (issue 14): a replication that
/// saw no repairs emits no `repair_loop_days`, and every later KPI must keep its own values.
struct KPIAggregationTests {
    @Test func aKPIMissingInOneReplicationShiftsNothing() {
        let a: [(name: String, unit: String, value: Double)] = [
            ("fill_rate", "fraction", 0.9), ("repair_loop_days", "days", 4), ("penalty_cost_per_year", "currency", 100),
        ]
        let b: [(name: String, unit: String, value: Double)] = [
            ("fill_rate", "fraction", 0.8), ("penalty_cost_per_year", "currency", 300),
        ]
        let kpis = Simulation.aggregate([a, b])
        #expect(kpis.map(\.name) == ["fill_rate", "repair_loop_days", "penalty_cost_per_year"])
        let penalty = kpis[2]
        #expect(penalty.replications == [100, 300])
        #expect(penalty.mean == 200)
        #expect(abs(kpis[0].mean - 0.85) < 1e-12)
        // Not observed in replication 2: NaN there, and the mean is undefined.
        #expect(kpis[1].replications[0] == 4 && kpis[1].replications[1].isNaN)
        #expect(kpis[1].mean.isNaN && kpis[1].halfWidth == 0)
    }

    @Test func aKPIFirstSeenInALaterReplicationIsKept() {
        let a: [(name: String, unit: String, value: Double)] = [("fill_rate", "fraction", 1)]
        let b: [(name: String, unit: String, value: Double)] = [("fill_rate", "fraction", 1), ("response_mean", "days", 0.5)]
        let kpis = Simulation.aggregate([a, b])
        #expect(kpis.map(\.name) == ["fill_rate", "response_mean"])
        #expect(kpis[0].mean == 1 && kpis[0].halfWidth == 0)
    }
}
