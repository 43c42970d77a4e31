import Outputs
import ScenarioModel
import Reports
import Simulation
import Stocking

/// The plain values the Reports charts and the output files take, from the modules' result types.
extension SystemCurve.Point {
    var chartPoint: CurveChart.Point { CurveChart.Point(cost: cost, fillRate: fillRate, availability: availability) }
}

extension OptimizeSummary.Point {
    /// The file's point of a curve point (or of a GLPK plan, step −1).
    init(_ p: SystemCurve.Point) {
        self.init(step: p.step, cost: p.cost, holdingCostPerYear: p.holdingCostPerYear, ebo: p.ebo, fillRate: p.fillRate,
                  availability: p.availability, waitingDays: p.waitingDays, units: p.units)
    }

    var chartPoint: CurveChart.Point { CurveChart.Point(cost: cost, fillRate: fillRate, availability: availability) }
}

extension SimulationSummary.KPIEntry {
    /// The file's entry of a KPI estimate.
    init(_ k: KPIEstimate) {
        self.init(name: k.name, unit: k.unit.rawValue, mean: k.mean, halfWidth: k.halfWidth)
    }
}

extension WeekPoint {
    var timelineWeek: TimelineWeek {
        TimelineWeek(startDay: startDay, slaAttainment: slaAttainment, averageBackorders: averageBackorders, averageOnHand: averageOnHand)
    }
}
