import Reports
import Simulation
import Stocking

/// The plain values the Reports charts take, from the modules' result types.
extension SystemCurve.Point {
    var chartPoint: CurveChart.Point { CurveChart.Point(cost: cost, fillRate: fillRate, availability: availability) }
}

extension WeekPoint {
    var timelineWeek: TimelineWeek {
        TimelineWeek(startDay: startDay, slaAttainment: slaAttainment, averageBackorders: averageBackorders, averageOnHand: averageOnHand)
    }
}
