import ScenarioModel
@testable import Simulation
import Testing

/// KPIs are averaged over replications by name, not by position (issue 14): a replication that
/// saw no repairs emits no `repair_loop_days`, and every later KPI must keep its own values.
struct KPIAggregationTests {
    @Test func aKPIMissingInOneReplicationShiftsNothing() {
        let a = [KPIValue(.fillRate, 0.9), KPIValue(.repairLoopDays, 4), KPIValue(.penaltyCostPerYear, 100)]
        let b = [KPIValue(.fillRate, 0.8), KPIValue(.penaltyCostPerYear, 300)]
        let kpis = Simulation.aggregate([a, b])
        #expect(kpis.map(\.key) == [.fillRate, .repairLoopDays, .penaltyCostPerYear])
        let penalty = kpis[2]
        #expect(penalty.replications == [100, 300])
        #expect(penalty.mean == 200)
        #expect(abs(kpis[0].mean - 0.85) < 1e-12)
        // Not observed in replication 2: NaN there, and the mean is undefined.
        #expect(kpis[1].replications[0] == 4 && kpis[1].replications[1].isNaN)
        #expect(kpis[1].mean.isNaN && kpis[1].halfWidth == 0)
    }

    @Test func aKPIFirstSeenInALaterReplicationIsKept() {
        let a = [KPIValue(.fillRate, 1)]
        let b = [KPIValue(.fillRate, 1), KPIValue(.responseMean, 0.5)]
        let kpis = Simulation.aggregate([a, b])
        #expect(kpis.map(\.key) == [.fillRate, .responseMean])
        #expect(kpis[0].mean == 1 && kpis[0].halfWidth == 0)
    }
}
