import Outputs
import Placement
import Reports
import ScenarioModel

/// The placement's pictures come from the Reports module; this turns a placement into their plain values.
extension PlacementReport {
    /// The map's data: every candidate and service point sets the bounds; closed candidates drawn hollow.
    var mapData: PlacementMapData {
        let sites = placement.scenario.sites, m = summary
        let extent = (placement.candidateSites + placement.demandSites).compactMap { sites[$0].coordinate }
        let e = evaluation
        let points = (e?.points ?? []).map { q in
            PlacementMapData.Point(name: q.name, coordinate: q.coordinate, demand: q.demand, depot: q.depot,
                                   depotCoordinate: sites[placement.candidateSites[q.facility]].coordinate,
                                   travelHours: q.travelHours, covered: q.covered)
        }
        let closed = (e?.closedCandidates ?? []).map { i in
            PlacementMapData.Candidate(id: placement.problem.facilities[i].id, coordinate: sites[placement.candidateSites[i]].coordinate)
        }
        let caption = PlacementMap.caption(openDepots: m.openDepots.count, currency: m.currency ?? "", objective: m.objective, status: m.status,
                                           coverageAchieved: m.coverage.achieved, coverageHours: m.coverage.hours)
        return PlacementMapData(
            title: m.scenario ?? "", caption: caption, extent: extent,
            depots: e.map { $0.depots.map { .init(id: $0.id, name: $0.name, coordinate: $0.coordinate, points: $0.points, demandServed: $0.demandServed) } },
            points: points, closedCandidates: closed, status: m.status, coverageHours: m.coverage.hours)
    }
}

extension PlacementReport.SweepRow {
    /// The sweep chart's point.
    var point: SweepPoint { SweepPoint(k: k, status: status, objective: objective, coverage: coverage) }
}
