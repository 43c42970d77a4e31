import Foundation
import Outputs
import ScenarioModel

/// The place section: cost, coverage and solver figures, the map, the sweep, the depots.
struct PlaceSection {
    var summary: PlaceSummary
    var depots: [DepotRow]
    var assignment: [AssignmentRow]
    var sweep: [SweepRow]?

    func render() -> String {
        let m = summary, cur = m.currency
        var s = "<h3>Key figures</h3>\n<div class=\"cards\">\n"
        s += HTML.card("Open depots", Format.grouped(m.openDepots.count), note: m.openDepots.joined(separator: ", "),
                       data: [("figure", "open_depots"), ("value", "\(m.openDepots.count)")])
        if let z = m.objective {
            s += HTML.card("Cost per year", Format.money(z, currency: cur),
                           note: m.objectiveExact.map { "\(Format.money($0, currency: cur)) with the stock cost evaluated exactly" },
                           data: [("figure", "objective"), ("value", exact(z))])
        }
        if let parts = m.objectiveParts {
            var list = [("Fixed cost", parts.fixed, "fixed"), ("Transport cost", parts.transport, "transport"), ("Stock cost", parts.stock, "stock")]
            if let c = parts.closing, c > 0 { list.append(("Closing cost", c, "closing")) }
            for (label, v, key) in list {
                s += HTML.card(label + " per year", Format.money(v, currency: cur), data: [("figure", key), ("value", exact(v))])
            }
        }
        if let a = m.coverage.achieved {
            s += HTML.card("Coverage within \(Format.significant(m.coverage.hours)) h", Format.percent(a),
                           note: m.coverage.targetFraction.map { "target \(Format.percent($0))" } ?? "of demand",
                           data: [("figure", "coverage"), ("value", exact(a))])
        }
        var status: [String] = []
        if let g = m.gap { status.append("gap \(Format.percent(g, digits: 2))") }
        if let b = m.bound { status.append("bound \(Format.money(b, currency: cur))") }
        s += HTML.card("Solver status", m.status + (m.solution.map { " (\($0))" } ?? ""),
                       note: status.isEmpty ? nil : status.joined(separator: "; "), data: [("figure", "status")])
        s += "</div>\n"
        if let c = m.constraints {
            var parts: [String] = []
            if let k = c.maxDepots { parts.append("at most \(k) depots") }
            if let k = c.depots { parts.append("exactly \(k) depots") }
            if let cov = c.coverage { parts.append("coverage \(cov)") }
            if let h = c.maxResponseHours { parts.append("response ≤ \(Format.significant(h)) h") }
            if let f = c.fillRate { parts.append("depot stock for a \(Format.percent(f)) fill rate") }
            if let n = m.candidates, let d = m.demandPoints { parts.insert("\(n) candidate depots, \(d) service points", at: 0) }
            if !parts.isEmpty { s += "<p>Constraints: \(HTML.text(parts.joined(separator: "; "))).</p>\n" }
        }
        s += "<h3>Charts</h3>\n"
        s += HTML.figure(svg: PlacementMap.svg(mapData()),
                         caption: "Open depots and the service points each feeds (depots.csv, assignment.csv); red: beyond the coverage time.")
        if let sweep, !sweep.isEmpty {
            s += HTML.figure(svg: PlacementMap.sweepSVG(sweep.map(\.point), title: m.scenario ?? "Placement sweep", currency: cur ?? "",
                                                        coverageHours: m.coverage.hours),
                             caption: "The sweep (sweep.csv): the optimum with exactly k depots open.")
        }
        s += "<h3>Depots</h3>\n" + depotTable()
        if let sweep, !sweep.isEmpty {
            let rows = sweep.map { r -> [HTML.Cell] in
                [.number("\(r.point.k)"), .text(r.point.status), .number(r.point.objective.map { Format.money($0, currency: cur) } ?? "–"),
                 .number(r.point.coverage.map { Format.percent($0) } ?? "–"), .number(r.gap.map { Format.percent($0, digits: 2) } ?? "–"),
                 .text(r.openDepots)]
            }
            s += HTML.table(["k", "status", "cost per year", "coverage", "gap", "open depots"], rows, numeric: [0, 2, 3, 4], caption: "Sweep")
        }
        if !assignment.isEmpty {
            let shown = assignment.prefix(HTMLReport.inlineRowLimit).map { a -> [HTML.Cell] in
                [.text(a.id), .text(a.name), .text(a.depot), .number(Format.number(a.demand, digits: 1)),
                 .number(Format.number(a.travelHours, digits: 2)), .text(a.covered ? "yes" : "no")]
            }
            s += "<details><summary>Assignment: \(Format.grouped(assignment.count)) service points</summary>\n"
            s += HTML.table(["point", "name", "depot", "demand", "travel hours", "covered"], shown, numeric: [3, 4], small: false)
            if assignment.count > shown.count {
                s += "<p class=\"omitted\">\(Format.grouped(assignment.count - shown.count)) more rows omitted here; assignment.csv has all.</p>\n"
            }
            s += "</details>\n"
        }
        return s
    }

    func depotTable() -> String {
        let cur = summary.currency
        let rows = depots.map { d -> [HTML.Cell] in
            [.text(d.id), .text(d.name), .text(d.existing ? "existing" : "new"), .number(Format.grouped(d.points)),
             .number(Format.number(d.demandServed, digits: 1)), .number(d.utilisation.map { Format.percent($0) } ?? "–"),
             .number(d.fixedCost.map { Format.money($0, currency: cur) } ?? "–"),
             .number(d.transportCost.map { Format.money($0, currency: cur) } ?? "–"),
             .number(d.stockCost.map { Format.money($0, currency: cur) } ?? "–")]
        }
        return HTML.table(["depot", "name", "", "points", "demand served", "utilisation", "fixed cost", "transport cost", "stock cost"],
                          rows, numeric: [3, 4, 5, 6, 7, 8], caption: "Open depots (depots.csv)")
    }

    func mapData() -> PlacementMapData {
        let m = summary
        let byID = Dictionary(depots.map { ($0.id, $0.coordinate) }, uniquingKeysWith: { a, _ in a })
        let points = assignment.map { a in
            PlacementMapData.Point(name: a.name.isEmpty ? a.id : a.name, coordinate: a.coordinate, demand: a.demand, depot: a.depot,
                                   depotCoordinate: byID[a.depot] ?? nil, travelHours: a.travelHours, covered: a.covered)
        }
        let extent = depots.compactMap(\.coordinate) + assignment.compactMap(\.coordinate)
        let caption = PlacementMap.caption(openDepots: m.openDepots.count, currency: m.currency ?? "", objective: m.objective,
                                           status: m.status, coverageAchieved: m.coverage.achieved, coverageHours: m.coverage.hours)
        return PlacementMapData(
            title: m.scenario ?? "Depot placement", caption: caption, extent: extent,
            depots: m.objective == nil && depots.isEmpty ? nil
                : depots.map { .init(id: $0.id, name: $0.name, coordinate: $0.coordinate, points: $0.points, demandServed: $0.demandServed) },
            points: points, closedCandidates: [], status: m.status, coverageHours: m.coverage.hours)
    }
}
