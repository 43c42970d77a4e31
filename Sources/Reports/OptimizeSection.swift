import Foundation
import Outputs
/// The optimize section: the chosen point's figures, the curve, the plan per echelon and item.
struct OptimizeSection {
    var summary: OptimizeSummary
    var plan: [PlanRow]
    var curve: [CurveChart.Point]?

    func render() -> String {
        let m = summary, p = m.point, cur = m.currency
        var s = ""
        if let goal = m.goal { s += "<p>Goal: \(HTML.text(goal))\(m.method.map { ", method \(HTML.text($0))" } ?? "").</p>\n" }
        s += "<h3>Key figures</h3>\n<div class=\"cards\">\n"
        s += HTML.card("Investment", Format.money(p.cost, currency: cur), data: [("figure", "investment"), ("value", exact(p.cost))])
        if let u = p.units { s += HTML.card("Units stocked", Format.grouped(u), data: [("figure", "units"), ("value", "\(u)")]) }
        if let h = p.holdingCostPerYear {
            s += HTML.card("Holding cost per year", Format.money(h, currency: cur), data: [("figure", "holding"), ("value", exact(h))])
        }
        if let e = p.ebo { s += HTML.card("Expected backorders", Format.significant(e), note: "customer backorders at any time", data: [("figure", "ebo"), ("value", exact(e))]) }
        s += HTML.card("Fill rate", Format.percent(p.fillRate),
                       note: m.fillRateWithLaterals.map { "\(Format.percent($0)) counting laterals within pools" } ?? "from own shelf, analytic",
                       data: [("figure", "fill_rate"), ("value", exact(p.fillRate))])
        s += HTML.card("Availability", Format.percent(p.availability, digits: 2), data: [("figure", "availability"), ("value", exact(p.availability))])
        if let w = p.waitingDays { s += HTML.card("Mean customer wait", Format.significant(w) + " days", data: [("figure", "waiting_days"), ("value", exact(w))]) }
        var solverNote: [String] = []
        if let g = m.solver {
            if let gap = g.relativeGap { solverNote.append("gap \(Format.percent(gap, digits: 2))") }
            if let b = g.lowerBound { solverNote.append("bound \(Format.money(b, currency: cur)) per year") } else if g.pooling == true {
                solverNote.append("no bound claimed (lateral pooling)")
            }
            if let i = g.iterations { solverNote.append("\(i) column-generation iterations") }
        } else if let k = m.chosenPoint, let n = m.curvePoints {
            solverNote.append("curve point \(k) of \(n)")
        }
        s += HTML.card("Solver status", m.status ?? "–", note: solverNote.isEmpty ? nil : solverNote.joined(separator: "; "),
                       data: [("figure", "status")])
        s += "</div>\n"
        if let note = m.statusNote { s += "<p class=\"omitted\">\(HTML.text(note))</p>\n" }
        s += slaTable()
        if let curve, !curve.isEmpty {
            s += "<h3>Charts</h3>\n"
            let chosen = CurveChart.Point(cost: p.cost, fillRate: p.fillRate, availability: p.availability)
            s += HTML.figure(svg: CurveChart.svg(points: curve, chosen: chosen, currency: cur ?? "", title: m.scenario ?? "Stock plan"),
                             caption: "The cost/effectiveness curve (curve.csv, \(Format.grouped(curve.count)) points) and the chosen plan.")
        }
        s += "<h3>Stock plan</h3>\n"
        s += planTables()
        return s
    }

    /// Per SLA class: the target, the analytic attainment and, when certified, the simulated one;
    /// and the plan's expected costs.
    func slaTable() -> String {
        let m = summary, cur = m.currency
        guard let rows = m.sla, !rows.isEmpty else { return "" }
        var s = "<h3>SLA attainment</h3>\n"
        let checks = Dictionary((m.certification?.classes ?? []).map { ($0.slaClass, $0) }, uniquingKeysWith: { a, _ in a })
        let cells = rows.map { r -> [HTML.Cell] in
            let c = checks[r.slaClass]
            return [.text(r.slaClass), .number(Format.significant(r.restoreHours) + " h"),
                    .number(r.target.map { Format.percent($0) } ?? "–"), .number(Format.percent(r.analyticAttainment)),
                    .number(c.map { "\(Format.percent($0.simulatedAttainment)) ± \(Format.percent($0.halfWidth))" } ?? "–"),
                    .text(c.map { $0.met ? "met" : "missed" } ?? "–"),
                    .number(Format.money(r.penaltyCostPerYear, currency: cur))]
        }
        var caption = "Restore within the window: analytic (the window model) and, "
        if let c = m.certification {
            caption += "certified by simulation (\(c.iterations) simulation\(c.iterations == 1 ? "" : "s") of \(c.replications) replications × \(Format.significant(c.years)) years, seed \(c.seed)\(c.disruptionsLeftOut.map { "; steady state, the scenario's \($0) disruption\($0 == 1 ? "" : "s") left out" } ?? "")): \(c.met ? "every class meets its target with 95 % confidence" : "not every class meets its target")"
        } else {
            caption += "without --certify, not simulated here"
        }
        s += HTML.table(["class", "window", "target", "analytic", "simulated", "certified", "penalties per year"], cells,
                        numeric: [1, 2, 3, 4, 6], caption: caption)
        // The loop's rounds: the first is the uncorrected plan, where model and simulation must agree.
        if let rounds = m.certification?.rounds, rounds.count > 1 {
            let roundCells = rounds.flatMap { round in
                round.classes.map { c -> [HTML.Cell] in
                    [.number("\(round.iteration)"), .number(Format.money(round.investment, currency: cur)), .text(c.slaClass),
                     .number(round.asked[c.slaClass].map { Format.percent($0) } ?? "–"), .number(Format.percent(c.analyticAttainment)),
                     .number("\(Format.percent(c.simulatedAttainment)) ± \(Format.percent(c.halfWidth))"),
                     .number(Format.number((c.simulatedAttainment - c.analyticAttainment) * 100, digits: 1) + " pt")]
                }
            }
            s += HTML.table(["round", "investment", "class", "asked", "analytic", "simulated", "simulated − analytic"], roundCells,
                            numeric: [0, 1, 3, 4, 5, 6],
                            caption: "Certification rounds: round 1 is the plan as optimised; each later one asks the classes that missed for their target plus the shortfall")
        }
        if let c = m.costs {
            s += "<p>Expected cost per year (analytic): holding \(Format.money(c.holding, currency: cur)), lateral and emergency transport \(Format.money(c.transport, currency: cur)), SLA penalties \(Format.money(c.penalty, currency: cur)); total \(Format.money(c.total, currency: cur)).</p>\n"
        }
        return s
    }

    func planTables() -> String {
        let cur = summary.currency
        var s = ""
        if let levels = summary.echelons, !levels.isEmpty {
            let units = levels.reduce(0) { $0 + $1.units }, value = levels.reduce(0) { $0 + $1.value }
            var rows = levels.map { e -> [HTML.Cell] in
                [.text(e.level >= 0 ? "level \(e.level)" : "no level"), .number(Format.grouped(e.units)),
                 .number(Format.money(e.value, currency: cur)), .number(value > 0 ? Format.percent(e.value / value) : "–")]
            }
            rows.append([.markup("<strong>total</strong>"), .number(Format.grouped(units)), .number(Format.money(value, currency: cur)),
                         .number(value > 0 ? "100.0 %" : "–")])
            s += HTML.table(["echelon", "units", "value", "share of value"], rows, numeric: [1, 2, 3], caption: "By echelon")
        }
        // Per item: units and sites stocking it, the largest first.
        var byItem: [String: (units: Int, sites: Int)] = [:]
        for r in plan where r.stock > 0 {
            var t = byItem[r.item] ?? (0, 0)
            t.units += r.stock
            t.sites += 1
            byItem[r.item] = t
        }
        let items = byItem.sorted { $0.value.units != $1.value.units ? $0.value.units > $1.value.units : $0.key < $1.key }
        let total = plan.reduce(0) { $0 + $1.stock }
        let top = items.prefix(HTMLReport.topItems).map { item, t -> [HTML.Cell] in
            [.text(item), .number(Format.grouped(t.units)), .number(Format.grouped(t.sites)),
             .number(total > 0 ? Format.percent(Double(t.units) / Double(total)) : "–")]
        }
        let caption = items.count > HTMLReport.topItems
            ? "Top \(HTMLReport.topItems) of \(Format.grouped(items.count)) items by units" : "Items by units"
        s += HTML.table(["item", "units", "sites stocking it", "share of units"], top, numeric: [1, 2, 3], caption: caption)
        // The full plan, capped.
        let shown = plan.prefix(HTMLReport.inlineRowLimit).map { r -> [HTML.Cell] in [.text(r.site), .text(r.item), .number(Format.grouped(r.stock))] }
        s += "<details><summary>Full plan: \(Format.grouped(plan.count)) rows (site, item, stock)</summary>\n"
        s += HTML.table(["site", "item", "stock"], shown, numeric: [2], small: false)
        if plan.count > shown.count {
            s += "<p class=\"omitted\">\(Format.grouped(plan.count - shown.count)) more rows omitted here; stock-plan.csv has all \(Format.grouped(plan.count)).</p>\n"
        }
        s += "</details>\n"
        return s
    }
}
