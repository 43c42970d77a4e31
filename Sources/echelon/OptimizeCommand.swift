import ArgumentParser
import Foundation
import Outputs
import MILP
import Reports
import ScenarioModel
import Stocking

/// `echelon optimize SCENARIO`: the cost/effectiveness curve and the plan chosen on it.
struct OptimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "Build the cost/effectiveness curve and choose a stock plan for a budget or a target.",
        discussion: """
            The curve is built by multi-echelon marginal analysis on expected customer backorders \
            (every point is the fewest backorders for its investment). --budget picks the last \
            point within the investment; --target picks the cheapest point that meets \
            fill-rate=F, availability=A or wait-days=W; --target sla finds the least holding cost \
            plan restoring each SLA class's attainment within its window (sla=A: one attainment \
            for every class); --objective total-cost the plan of least holding + lateral and \
            emergency transport + SLA penalties. With --out DIR: stock-plan.csv, curve.csv, \
            summary.json, curve.svg and scenario.json.
            """
    )

    @Argument(help: "The scenario's YAML file.", completion: .file(extensions: ["yaml", "yml"]))
    var scenario: String

    @Option(help: "Investment budget, in the scenario currency.")
    var budget: Double?

    @Option(help: "A service target: fill-rate=0.95, availability=0.9, wait-days=0.5, sla (each class's sla_classes[].attainment) or sla=0.9.")
    var target: String?

    @Option(help: "total-cost: the plan of least expected holding + lateral/emergency transport + SLA penalty cost per year, with no target.")
    var objective: String?

    @Option(help: "metric or vari-metric.")
    var method = "vari-metric"

    @Option(help: "Folder for stock-plan.csv, curve.csv, summary.json and curve.svg.")
    var out: String?

    @Option(help: "Where fill-rate and wait-days targets apply: site (every service site), sla-class (each class over its demand), or network (all demand together: the cheapest point of the curve that meets it, no GLPK; for national networks where per-site targets take long).")
    var scope = "site"

    @Option(help: "What the curve maximises per unit of investment: backorders (fewest) or availability.")
    var effectiveness = "backorders"

    @Option(help: "Count lateral shipments within pools toward fill-rate and wait-days targets: auto (when the scenario's sourcing allows laterals), on or off.")
    var laterals = "auto"

    @Option(help: "Time limit in seconds for each GLPK solve (targets).")
    var timeLimit: Double = 60

    @Option(help: "With --target sla: simulate the plan with R replications (common random numbers); where a class's simulated attainment is not above its target with 95 % confidence, tighten it by the shortfall and re-optimise, until every class meets its target or --certify-iterations simulations are done.")
    var certify: Int?

    @Option(help: "Simulated years per replication when certifying (after a 90-day warm-up).")
    var certifyYears: Double = 1

    @Option(help: "Most simulations when certifying.")
    var certifyIterations = 4

    @Option(help: "Seed of the certifying simulation's random streams.")
    var seed: UInt64 = 1

    @Flag(help: "Print the summary as JSON.")
    var json = false

    @Flag(name: .shortAndLong, help: "No progress output.")
    var quiet = false

    func validate() throws {
        guard [budget != nil, target != nil, objective != nil].filter({ $0 }).count == 1 else {
            throw ValidationError("give exactly one of --budget, --target and --objective")
        }
        if let objective, objective != "total-cost" {
            throw ValidationError("--objective must be total-cost, not \"\(objective)\"")
        }
        if let budget, !(budget.isFinite && budget >= 0) { throw ValidationError("--budget must be a number ≥ 0") }
        if let target { _ = try Target.parse(target) }
        guard TargetScope(rawValue: scope) != nil || scope == "network" else {
            throw ValidationError("--scope must be site, sla-class or network, not \"\(scope)\"")
        }
        guard Effectiveness(rawValue: effectiveness) != nil else {
            throw ValidationError("--effectiveness must be backorders or availability, not \"\(effectiveness)\"")
        }
        guard ["auto", "on", "off"].contains(laterals) else {
            throw ValidationError("--laterals must be auto, on or off, not \"\(laterals)\"")
        }
        if let certify {
            guard certify >= 2 else { throw ValidationError("--certify needs at least 2 replications (for a half-width), got \(certify)") }
            guard let target, (try? Target.parse(target))?.kind == .sla else {
                throw ValidationError("--certify checks SLA attainment: use it with --target sla or sla=A")
            }
        }
        guard certifyYears.isFinite, certifyYears > 0, certifyYears <= 100 else { throw ValidationError("--certify-years must be in (0, 100]") }
        guard certifyIterations >= 1, certifyIterations <= 20 else { throw ValidationError("--certify-iterations must be 1 … 20") }
        guard timeLimit.isFinite, timeLimit > 0 else { throw ValidationError("--time-limit must be a positive number of seconds") }
        guard method == "metric" || method == "vari-metric" else {
            throw ValidationError("--method must be metric or vari-metric for optimisation, not \"\(method)\"")
        }
    }

    func run() throws {
        let clock = ContinuousClock(), started = clock.now
        let loaded = try listingProblems(under: "\(scenario) is not valid") { try ScenarioLoader.load(path: scenario) }
        let method = EvaluationMethod(rawValue: self.method) ?? .variMetric
        let progress = Progress(enabled: !quiet)
        let model = try context(scenario) { try StockingModel(scenario: loaded) }
        var measure = Effectiveness(rawValue: effectiveness) ?? .backorders
        if let target, (try? Target.parse(target))?.kind == .availability { measure = .availability }
        let curve = try context(scenario) {
            try model.costEffectivenessCurve(method: method, effectiveness: measure) { done, total in
                progress.update("optimize: item curves \(done)/\(total)")
            }
        }
        let points = curve.points
        var chosen: Int?
        let goal: String
        var plan: StockPlan
        var p: SystemCurve.Point
        var solver: OptimizeSummary.Solver?
        var fillWithLaterals: Double?
        var status = "optimal_on_curve"
        var note = curve.effectiveness == .availability
            ? "the highest availability for its investment among the items' backorder-efficient plans (merged on the gain in log-availability per unit cost)"
            : "the fewest expected customer backorders for its investment (lower convex hull over the enumerated levels; interior levels stop where P(X > S) < 1e-6)"
        var slaTargets: [Double?] = loaded.slaClasses.map(\.attainment)
        var certification: OptimizeSummary.Certification?
        if objective != nil {
            goal = "objective total-cost (holding + lateral/emergency transport + SLA penalties)"
            let lateralsAllowed = loaded.policies.sourcing.contains(.lateral) && loaded.pools.values.contains { $0.count > 1 }
            let result = try context(scenario) {
                try model.minimumTotalCostPlan(method: method, pooling: laterals != "off" && lateralsAllowed) { done, total in
                    progress.update("optimize: total cost, item \(done + 1)/\(total)")
                }
            }
            plan = result.plan
            p = try Self.point(model, plan, method)
            status = result.exact ? "optimal" : "local_optimum"
            note = result.exact
                ? "the least expected holding + lateral/emergency transport + SLA penalty cost per year under the analytic window model, item by item (the cost is a sum over items, and over a tree's nodes given their ancestors' levels): exact over the enumerated levels"
                : "the least expected holding + lateral/emergency transport + SLA penalty cost per year under the analytic window model, item by item (the cost is a sum over items): the exact optimum of the fill-rate proxy, then ±1 moves at any node until none helps (pool members' service couples their levels); a local optimum, "
                    + (result.lowerBound == nil ? "no bound" : "with a lower bound from a relaxation of the pooled members' own/lateral split (each group's shortage exact as a function of its total stock)")
            let lower = result.exact ? result.totalCostPerYear : result.lowerBound
            let total = result.totalCostPerYear
            solver = OptimizeSummary.Solver(termination: status, solution: result.exact ? "optimal" : "feasible", objectiveHoldingCostPerYear: total,
                                            lowerBound: lower, relativeGap: lower.map { total > 0 ? max(0, (total - $0) / total) : 0 },
                                            iterations: result.evaluations, columns: nil,
                                            pricingConverged: nil, pooling: laterals != "off" && lateralsAllowed, seconds: result.seconds)
            solver?.objectiveName = "total cost"
        } else if let budget {
            let k = points.lastIndex { $0.cost <= budget + 1e-9 } ?? 0
            chosen = k
            goal = "budget \(loaded.currency) \(SummaryTable.grouped(Int(budget.rounded())))"
            // k is a point of the command's own curve: an error taking its plan is a failure.
            plan = try context(as: .failure) { try curve.plan(at: k) }
            p = points[k]
        } else {
            let t = try Target.parse(target ?? "")
            goal = "target \(t)"
            if t.kind == .sla {
                guard !loaded.slaClasses.isEmpty else {
                    throw CLIError.invalidInput("--target sla: \(scenario) has no sla_classes")
                }
                guard scope != "network" else { throw CLIError.invalidInput("--target sla applies per site or per SLA class (--scope site or sla-class), not network") }
                if !t.value.isNaN { slaTargets = loaded.slaClasses.map { _ in t.value } }
                if let missing = loaded.slaClasses.indices.first(where: { slaTargets[$0] == nil }) {
                    throw CLIError.invalidInput("--target sla: SLA class \(loaded.slaClasses[missing].id) states no attainment; set sla_classes[].attainment in \(scenario) or give --target sla=A")
                }
            }
            switch (t.kind == .availability || scope == "network") && t.kind != .sla {
            case true:
                // System availability is not separable per site, and a network-wide target is one
                // figure of each curve point: take the curve's cheapest point that meets it.
                guard let k = points.firstIndex(where: t.isMet) else {
                    let best = points.last.map(t.value) ?? 0
                    throw CLIError.invalidInput("target \(t) cannot be met: the best point of the curve reaches \(t.format(best))")
                }
                chosen = k
                note += t.kind == .availability
                    ? "; the availability target picks the cheapest point of the availability curve meeting it (a GLPK formulation for availability is not built yet)"
                    : "; the network-wide \(t.kind.rawValue) target picks the cheapest point of this curve that meets it over all demand together (not the minimum cost for that target: sites may differ from it)"
                plan = try context(as: .failure) { try curve.plan(at: k) }   // as for the budget
                p = points[k]
            case false:
                let serviceTarget: ServiceTarget
                switch t.kind {
                case .fillRate, .availability: serviceTarget = .fillRate(t.value)
                case .waitDays: serviceTarget = .waitingDays(t.value)
                case .sla: serviceTarget = .restoreWithinWindow(attainments: slaTargets.map { $0 ?? 0 }, field: FieldWork())
                }
                let lateralsAllowed = loaded.policies.sourcing.contains(.lateral) && loaded.pools.values.contains { $0.count > 1 }
                if laterals == "on" && !lateralsAllowed {
                    throw CLIError.invalidInput("--laterals on: the scenario has no pool of two or more sites with laterals in its sourcing ladder")
                }
                // The model and the target passed their checks above, and GLPK's failures come back
                // as StockingError.invalidNetwork: a StockingError here is a failure (exit 3).
                func solve(_ target: ServiceTarget) throws -> TargetPlan {
                    try context(as: .failure) {
                        try model.minimumCostPlan(target: target, scope: TargetScope(rawValue: scope) ?? .site,
                                                  method: method, pooling: laterals != "off" && lateralsAllowed,
                                                  timeLimit: timeLimit) { iteration, lp in
                            progress.update("optimize: column generation iteration \(iteration), LP \(lp.map { String(format: "%.2f", $0) } ?? "–")")
                        }
                    }
                }
                var result = try solve(serviceTarget)
                guard var found = result.plan else {
                    if result.termination == .infeasible, t.kind == .sla {
                        throw CLIError.invalidInput("target \(t) cannot be met for every \(scope == "site" ? "service site and SLA class" : "SLA class"): with every item at its highest level, \(result.unreachable.joined(separator: "; ")) (a window shorter than the engineer's drive and work cannot be met by stock)")
                    }
                    if result.termination == .infeasible {
                        throw CLIError.invalidInput("target \(t) cannot be met for every \(scope == "site" ? "service site" : "SLA class"); with every item at its highest level: \(result.unreachable.joined(separator: "; "))")
                    }
                    throw CLIError.failure("GLPK found no plan (\(result.termination)) within the time limit")
                }
                if let replications = certify {
                    let goals = slaTargets.map { $0 ?? 0 }
                    let outcome = try Certifier(scenario: loaded, model: model, method: method, targets: goals,
                                                replications: replications, years: certifyYears, seed: seed,
                                                maxIterations: certifyIterations, progress: progress)
                        .run(from: found) { asked in
                            result = try solve(.restoreWithinWindow(attainments: asked, field: FieldWork()))
                            return result.plan
                        }
                    found = outcome.plan
                    certification = outcome.certification
                }
                plan = found
                // The plan is GLPK's, over the same model: an error evaluating it is a failure.
                let e = try context(as: .failure) { try model.evaluate(stock: found, method: method) }
                p = try Self.point(model, found, method)
                status = result.termination.code
                note = "minimum holding cost with \(serviceTarget)\(scope == "site" ? "" : " (per SLA class, over its demand)"), by GLPK column generation (bound from the converged LP) and an integer master over the generated columns"
                if t.kind == .sla {
                    let pricing = result.localSearchPricing
                        ? "pool members' service couples their levels, so pricing is the fill-rate proxy's exact vector improved by ±1 moves under the window model; " + (result.lagrangianBound ? "bound: the best Lagrangian over the iterations' duals, each pool's members' own/lateral split relaxed (its shortage exact as a function of its total stock)" : "no bound is claimed")
                        : "pricing exact over the enumerated levels, bound from the converged LP"
                    note = "minimum holding + lateral/emergency transport cost restoring each SLA class's attainment within its window\(scope == "site" ? " at every service site" : " (per SLA class, over its demand)") under the analytic window model, by GLPK column generation (\(pricing)) and an integer master over the generated columns"
                } else if result.pooling {
                    note += "; pool members count lateral shipments as served (the group's shortage, exact under complete pooling; pricing by local search, so no bound is claimed)"
                }
                if result.pooling { fillWithLaterals = e.system.fillRateWithLaterals }
                solver = OptimizeSummary.Solver(
                    termination: result.termination.code, solution: result.status.rawValue,
                    objectiveHoldingCostPerYear: result.holdingCostPerYear, lowerBound: result.lowerBound,
                    relativeGap: result.relativeGap, iterations: result.iterations, columns: result.columns,
                    pricingConverged: result.pricingConverged, pooling: result.pooling, seconds: result.seconds)
                if result.localSearchPricing { solver?.pricingConverged = false }
                if result.lagrangianBound {
                    solver?.boundMethod = "lagrangian"
                    solver?.boundIteration = result.lagrangianIteration
                }
                solver?.masterLPObjective = result.masterLPObjective
                solver?.columnGenerationStop = result.columnGenerationStop
                if t.kind == .sla { solver?.objectiveName = "holding + transport" }
            }
        }
        progress.finish()
        let seconds = (clock.now - started).milliseconds / 1000
        var summary = OptimizeSummary(
            scenario: loaded.name, file: scenario, method: method.rawValue, goal: goal,
            status: status, statusNote: note,
            curvePoints: points.count, chosenPoint: chosen, point: OptimizeSummary.Point(p), fillRateWithLaterals: fillWithLaterals, solver: solver, currency: loaded.currency,
            seconds: seconds, echelons: echelonTotals(loaded, plan))
        if !loaded.slaClasses.isEmpty {
            let a = try context(as: .failure) { try model.slaAttainment(stock: plan, method: method) }
            summary.sla = a.classes.map { c in
                let k = loaded.slaClasses.firstIndex { $0.id == c.slaClass } ?? 0
                return .init(slaClass: c.slaClass, restoreHours: c.restoreHours, target: slaTargets[k],
                             analyticAttainment: c.attainment, partWithinWindow: c.partWithinWindow, penaltyCostPerYear: c.penaltyCostPerYear)
            }
            summary.costs = .init(holding: p.holdingCostPerYear, transport: a.transportCostPerYear, penalty: a.penaltyCostPerYear)
        }
        summary.certification = certification
        if let out { try write(out, loaded, curve, plan, summary) }
        if json {
            print(try OutputJSON.encode(summary))
        } else {
            print(render(summary, point: p, loaded))
        }
    }

    /// The summary point of a plan the command found (an error evaluating it is a failure).
    static func point(_ model: StockingModel, _ plan: StockPlan, _ method: EvaluationMethod) throws -> SystemCurve.Point {
        let e = try context(as: .failure) { try model.evaluate(stock: plan, method: method) }
        return SystemCurve.Point(step: -1, cost: e.system.stockValue, holdingCostPerYear: e.system.holdingCostPerYear,
                                 ebo: e.system.customerBackorders, fillRate: e.system.fillRate,
                                 availability: e.system.availability, waitingDays: e.system.waitingDays,
                                 units: e.system.stockUnits)
    }

    /// Stock units and value per echelon level.
    func echelonTotals(_ s: Scenario, _ plan: StockPlan) -> [OptimizeSummary.Echelon] {
        var byLevel: [Int: (Int, Double)] = [:]
        for site in s.sites where site.kind.holdsStock {
            let level = site.echelon ?? -1
            var t = byLevel[level] ?? (0, 0)
            for item in s.items {
                t.0 += plan[site.index][item.index]
                t.1 += Double(plan[site.index][item.index]) * item.unitCost
            }
            byLevel[level] = t
        }
        return byLevel.sorted { $0.key < $1.key }.map { OptimizeSummary.Echelon(level: $0.key, units: $0.value.0, value: $0.value.1) }
    }

    /// The text summary; `p` is the summary's point with every figure (the file's point has them too).
    func render(_ m: OptimizeSummary, point p: SystemCurve.Point, _ s: Scenario) -> String {
        var text = "\(s.name)\n\(m.goal ?? ""), method \(m.method ?? "")"
        let search = m.solver?.objectiveName == "total cost"
        text += m.chosenPoint.map { ": curve point \($0) of \(m.curvePoints ?? 0)\n\n" } ?? (search ? ": item-by-item plan\n\n" : ": GLPK plan\n\n")
        text += "  investment    \(s.currency) \(SummaryTable.grouped(Int(p.cost.rounded()))) (\(p.units) units; holding \(s.currency) \(SummaryTable.grouped(Int(p.holdingCostPerYear.rounded()))) per year)\n"
        text += "  fill rate     \(EvaluationTable.percent(p.fillRate))\(m.fillRateWithLaterals.map { " (\(EvaluationTable.percent($0)) counting laterals within pools)" } ?? "")\n"
        text += "  availability  \(EvaluationTable.percent(p.availability))\n"
        text += "  mean wait     \(EvaluationTable.fixed(p.waitingDays, 4)) days\(m.fillRateWithLaterals == nil ? "" : " (laterals not counted)")\n"
        text += "  backorders    \(EvaluationTable.fixed(p.ebo, 4))\n"
        text += "  by echelon    " + (m.echelons ?? []).map { "level \($0.level): \($0.units) units, \(s.currency) \(SummaryTable.grouped(Int($0.value.rounded())))" }.joined(separator: " · ")
        if let rows = m.sla, !rows.isEmpty {
            text += "\n  SLA (analytic) " + rows.map { r in
                "\(r.slaClass) \(EvaluationTable.percent(r.analyticAttainment)) within \(EvaluationTable.fixed(r.restoreHours, 0)) h" + (r.target.map { " (target \(EvaluationTable.percent($0)))" } ?? "")
            }.joined(separator: " · ")
        }
        if let c = m.costs {
            text += "\n  cost per year holding \(s.currency) \(SummaryTable.grouped(Int(c.holding.rounded()))) + transport \(SummaryTable.grouped(Int(c.transport.rounded()))) + penalties \(SummaryTable.grouped(Int(c.penalty.rounded()))) = \(SummaryTable.grouped(Int(c.total.rounded())))"
        }
        if let c = m.certification {
            text += "\n  certified     \(c.met ? "every class meets its target" : "NOT every class meets its target") in simulation, with 95 % confidence (\(c.iterations) simulation\(c.iterations == 1 ? "" : "s") of \(c.replications) × \(EvaluationTable.fixed(c.years, 2)) years, seed \(c.seed)\(c.disruptionsLeftOut.map { "; steady state, the scenario's \($0) disruption\($0 == 1 ? "" : "s") left out" } ?? ""))"
            for k in c.classes {
                text += "\n                \(k.slaClass): target \(EvaluationTable.percent(k.target)), analytic \(EvaluationTable.percent(k.analyticAttainment)), simulated \(EvaluationTable.percent(k.simulatedAttainment)) ± \(EvaluationTable.percent(k.halfWidth))\(k.met ? "" : "  (missed)")"
            }
            // The uncorrected plan, where the analytic model must agree with the simulation.
            if let rounds = c.rounds, rounds.count > 1, let first = rounds.first {
                let words = first.classes.map { "\($0.slaClass) analytic \(EvaluationTable.percent($0.analyticAttainment)), simulated \(EvaluationTable.percent($0.simulatedAttainment)) ± \(EvaluationTable.percent($0.halfWidth))" }
                text += "\n                before correction (\(s.currency) \(SummaryTable.grouped(Int(first.investment.rounded())))): " + words.joined(separator: "; ")
            }
        }
        if let g = m.solver {
            text += "\n  \(search ? "search  " : "GLPK    ")      \(g.termination ?? "") (\(g.solution ?? "")); \(g.objectiveName ?? "holding") \(s.currency) \(g.objectiveHoldingCostPerYear.map { EvaluationTable.fixed($0, 2) } ?? "–") per year, "
            text += "bound \(g.lowerBound.map { EvaluationTable.fixed($0, 2) } ?? "none"), gap \(g.relativeGap.map { EvaluationTable.percent($0) } ?? "–")"
            let pooling = g.pooling ?? false
            if search {
                let how = g.lowerBound == nil ? " (a local optimum, no bound)"
                    : g.termination == "optimal" ? " (exact over the enumerated levels)" : " (a local optimum; bound from the relaxed pooled split)"
                text += "\n                \(g.iterations ?? 0) items, each optimised alone\(how)"
            } else {
                let how: String
                if g.pricingConverged == true && !pooling {
                    how = ""
                } else if g.boundMethod == "lagrangian" {
                    let at = g.boundIteration.map { $0 == g.iterations ? "the final duals" : "iteration \($0)'s duals" } ?? "the final duals"
                    how = pooling ? " (lateral pooling: local-search pricing; bound Lagrangian at \(at), pooled split relaxed)"
                        : " (pricing stopped before converging; bound Lagrangian at \(at))"
                } else {
                    how = pooling ? " (lateral pooling: local-search pricing, no bound)" : " (pricing stopped before converging: no bound)"
                }
                text += "\n                \(g.iterations ?? 0) column-generation iterations, \(g.columns ?? 0) columns\(how)"
                if let lp = g.masterLPObjective, g.pricingConverged != true || pooling {
                    text += "\n                restricted master LP \(s.currency) \(EvaluationTable.fixed(lp, 2)) per year (the plan above it: the integer master's share of the gap)"
                }
                if let why = g.columnGenerationStop, g.pricingConverged != true || pooling {
                    text += "\n                column generation stopped: \(why)"
                }
            }
        }
        text += "\n  solved in     \(EvaluationTable.fixed(m.seconds ?? 0, 2)) s"
        if let outDir = out { text += "\n\nwrote \(outDir)/stock-plan.csv, curve.csv, summary.json, curve.svg, scenario.json" }
        return text
    }


    func write(_ dir: String, _ s: Scenario, _ curve: SystemCurve, _ plan: StockPlan, _ summary: OptimizeSummary) throws {
        let fm = FileManager.default
        try writing(to: dir) {
            try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try StockPlanFile.text(plan, for: s).write(toFile: "\(dir)/stock-plan.csv", atomically: true, encoding: .utf8)
            var c = CurveColumn.header + "\n"
            for p in curve.points {
                c += String(format: "%d,%.2f,%.2f,%d,%.9g,%.9g,%.9g,%.9g\n", p.step, p.cost, p.holdingCostPerYear,
                            p.units, p.ebo, p.fillRate, p.availability, p.waitingDays)
            }
            try c.write(toFile: "\(dir)/curve.csv", atomically: true, encoding: .utf8)
            try (try OutputJSON.encode(summary) + "\n").write(toFile: "\(dir)/summary.json", atomically: true, encoding: .utf8)
            try ScenarioFile.write(s, to: dir)
            let svg = CurveChart.svg(points: curve.points.map(\.chartPoint), chosen: summary.point.chartPoint, currency: s.currency, title: s.name)
            try svg.write(toFile: "\(dir)/curve.svg", atomically: true, encoding: .utf8)
        }
    }
}

/// A service target for `--target`.
struct Target: CustomStringConvertible {
    enum Kind: String { case fillRate = "fill-rate", availability, waitDays = "wait-days", sla }
    var kind: Kind
    var value: Double

    static func parse(_ text: String) throws -> Target {
        let parts = text.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
        if parts == ["sla"] { return Target(kind: .sla, value: .nan) }
        guard parts.count == 2, let kind = Kind(rawValue: parts[0]), let v = Double(parts[1]), v.isFinite else {
            throw ValidationError("--target must be fill-rate=F, availability=A, wait-days=W, sla or sla=A (got \"\(text)\")")
        }
        switch kind {
        case .sla:
            guard v > 0, v < 1 else { throw ValidationError("--target sla must be an attainment between 0 and 1 (exclusive), got \(v)") }
        case .fillRate, .availability:
            guard v > 0, v < 1 else { throw ValidationError("--target \(kind.rawValue) must be between 0 and 1 (exclusive), got \(v)") }
        case .waitDays:
            guard v > 0 else { throw ValidationError("--target wait-days must be positive, got \(v)") }
        }
        return Target(kind: kind, value: v)
    }

    func value(_ p: SystemCurve.Point) -> Double {
        switch kind {
        case .fillRate, .sla: return p.fillRate
        case .availability: return p.availability
        case .waitDays: return p.waitingDays
        }
    }

    func isMet(_ p: SystemCurve.Point) -> Bool {
        kind == .waitDays ? value(p) <= value : value(p) >= value
    }

    func format(_ x: Double) -> String {
        kind == .waitDays ? "\(EvaluationTable.fixed(x, 4)) days" : EvaluationTable.percent(x)
    }

    var description: String { value.isNaN ? kind.rawValue : "\(kind.rawValue)=\(value)" }
}
