import Foundation
import Outputs
import MILP
import Placement
import ScenarioModel

/// The outputs of `echelon place`: summary.json, the CSV tables and the text summary.
struct PlacementReport {
    typealias Summary = PlaceSummary

    struct SweepRow: Encodable {
        var k: Int
        var status: String
        var objective: Double?
        var fixed: Double?
        var transport: Double?
        var stock: Double?
        var closing: Double?
        var coverage: Double?
        var bound: Double?
        var gap: Double?
        var seconds: Double
        var openDepots: [String]
    }

    let placement: ScenarioPlacement
    let solution: PlacementSolution
    let evaluation: PlacementEvaluation?
    let summary: Summary

    init(file: String, placement: ScenarioPlacement, solution: PlacementSolution, seconds: Double) throws {
        self.placement = placement
        self.solution = solution
        // The solution is GLPK's, over the problem built from this placement: an error laying it
        // over the scenario is a failure (exit 3), though PlacementError is mostly the user's input.
        evaluation = try context(as: .failure) { try placement.evaluate(solution) }
        let p = placement.problem, s = placement.settings
        var maxDepots: Int?, depots: Int?
        switch s.openCount {
        case .atMost(let k)?: maxDepots = k
        case .exactly(let k)?: depots = k
        case nil: break
        }
        let e = evaluation
        summary = Summary(
            scenario: placement.scenario.name, file: file, currency: placement.scenario.currency,
            status: solution.termination.code, solution: solution.status.rawValue, objective: solution.objective,
            objectiveParts: solution.costs.map { Summary.Parts(fixed: $0.fixed, transport: $0.transport, stock: $0.stock, closing: $0.closing) },
            objectiveExact: e?.objectiveExact, stockCostExact: e?.stockCostExact, bound: solution.bound,
            gap: solution.relativeGap, heuristicObjective: solution.heuristicObjective, seconds: seconds,
            solveSeconds: solution.seconds,
            coverage: Summary.Coverage(targetFraction: s.coverage?.fraction, hours: placement.coverageHours,
                                       achieved: e?.coverageAchieved, demandWithin: e?.demandWithin, totalDemand: p.totalDemand),
            constraints: Summary.Constraints(maxDepots: maxDepots, depots: depots,
                                             coverage: s.coverage.map { "\($0.fraction)@\($0.hours)h" },
                                             maxResponseHours: s.maxResponseHours, fillRate: s.stockCost ? s.fillRate : nil),
            openDepots: e?.depots.map(\.id) ?? [], candidates: p.facilities.count, demandPoints: p.customers.count,
            stockApproximation: placement.stockApproximationNote, statistics: solution.statistics)
    }

    static func sweepRow(k: Int, _ placement: ScenarioPlacement, _ s: PlacementSolution) -> SweepRow {
        let e = try? placement.evaluate(s)
        return SweepRow(k: k, status: s.termination.code, objective: s.objective, fixed: s.costs?.fixed,
                        transport: s.costs?.transport, stock: s.costs?.stock, closing: s.costs?.closing,
                        coverage: e?.coverageAchieved, bound: s.bound, gap: s.relativeGap, seconds: s.seconds,
                        openDepots: e?.depots.map(\.id) ?? [])
    }

    static func number(_ x: Double?, _ digits: Int = 2) -> String {
        guard let x, x.isFinite else { return "" }
        return String(format: "%.\(digits)f", x)
    }

    func depotsCSV() -> String {
        var csv = DepotColumn.header + "\n"
        for d in evaluation?.depots ?? [] {
            csv += [CSVWriter.escape(d.id), CSVWriter.escape(d.name), Self.number(d.coordinate?.latitude, 4),
                    Self.number(d.coordinate?.longitude, 4), d.existing ? "true" : "false", Self.number(d.fixedCost),
                    Self.number(d.capacity), Self.number(d.demandServed), Self.number(d.utilisation, 4), "\(d.points)",
                    Self.number(d.transportCost), Self.number(d.stockCostApproximate), Self.number(d.stockCostExact)]
                .joined(separator: ",") + "\n"
        }
        return csv
    }

    func assignmentCSV() -> String {
        var csv = AssignmentColumn.header + "\n"
        for q in evaluation?.points ?? [] {
            csv += [CSVWriter.escape(q.id), CSVWriter.escape(q.name), Self.number(q.coordinate?.latitude, 4),
                    Self.number(q.coordinate?.longitude, 4), Self.number(q.demand), CSVWriter.escape(q.depot),
                    Self.number(q.travelHours, 3), Self.number(q.transportCost), q.covered ? "true" : "false"]
                .joined(separator: ",") + "\n"
        }
        return csv
    }

    static func sweepCSV(_ rows: [SweepRow]) -> String {
        var csv = SweepColumn.header + "\n"
        for r in rows {
            csv += ["\(r.k)", r.status, number(r.objective), number(r.fixed), number(r.transport), number(r.stock),
                    number(r.closing), number(r.coverage, 6), number(r.bound), number(r.gap, 8), number(r.seconds, 3),
                    CSVWriter.escape(r.openDepots.joined(separator: " "))].joined(separator: ",") + "\n"
        }
        return csv
    }

    func render(outDir: String?, sweep: [SweepRow]) -> String {
        let m = summary, cur = m.currency ?? ""
        func money(_ x: Double?) -> String { x.map { "\(cur) \(SummaryTable.grouped(Int($0.rounded())))" } ?? "–" }
        var text = "\(m.scenario ?? "")\n\(m.candidates ?? 0) candidate depots, \(m.demandPoints ?? 0) service points; \(m.constraints?.description ?? "")\n\n"
        text += "  status        \(m.status) (\(m.solution ?? "")); bound \(money(m.bound)), gap \(m.gap.map { EvaluationTable.percent($0) } ?? "–")\n"
        if let parts = m.objectiveParts {
            text += "  cost per year \(money(m.objective)) = fixed \(money(parts.fixed)) + transport \(money(parts.transport)) + stock \(money(parts.stock))"
            text += (parts.closing ?? 0) > 0 ? " + closing \(money(parts.closing))\n" : "\n"
            text += "  exact stock   \(money(m.stockCostExact)) (total with it \(money(m.objectiveExact)))\n"
        }
        if let achieved = m.coverage.achieved {
            text += "  coverage      \(EvaluationTable.percent(achieved)) of demand within \(m.coverage.hours) h"
            text += m.coverage.targetFraction.map { " (target \(EvaluationTable.percent($0)))\n" } ?? "\n"
        }
        for d in evaluation?.depots ?? [] {
            text += "  open \(d.id.padding(toLength: 10, withPad: " ", startingAt: 0)) \(d.points) points, demand \(Self.number(d.demandServed, 0))"
            text += d.utilisation.map { " (\(EvaluationTable.percent($0)) of capacity)" } ?? ""
            text += ", stock \(money(d.stockCostExact))\n"
        }
        if !sweep.isEmpty {
            text += "\n  sweep   k  status        objective   coverage\n"
            for r in sweep {
                text += "        \(String(format: "%3d", r.k))  \(r.status.padding(toLength: 12, withPad: " ", startingAt: 0)) \(money(r.objective).padding(toLength: 16, withPad: " ", startingAt: 0)) \(r.coverage.map { EvaluationTable.percent($0) } ?? "–")\n"
            }
        }
        text += "  solved in     \(EvaluationTable.fixed(m.seconds ?? 0, 2)) s (\(m.statistics?.method ?? ""))"
        if let dir = outDir {
            text += "\n\nwrote \(dir)/depots.csv, assignment.csv, summary.json, scenario.json, map.svg" + (sweep.isEmpty ? "" : ", sweep.csv, sweep.svg")
        }
        return text
    }
}
