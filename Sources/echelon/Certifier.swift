import Foundation
import Outputs
import ScenarioModel
import Simulation
import Stocking

/// `optimize --certify R`: simulate the plan, and where a class's simulated attainment is not
/// above its target with 95 % confidence (mean − half-width ≥ target), ask the optimiser for
/// that class's target plus the measured shortfall of the interval's lower end,
/// until every class meets its target or the iteration limit is reached. Every simulation uses
/// the same seed (common random numbers), so successive plans are compared on the same failures.
/// The loop corrects a residual of the analytic model; it does not replace it.
struct Certifier {
    var scenario: Scenario
    var model: StockingModel
    var method: EvaluationMethod
    /// The contract's attainment per SLA class (index-aligned with the scenario's classes).
    var targets: [Double]
    var replications: Int
    var years: Double
    var seed: UInt64
    var maxIterations: Int
    var progress: Progress

    /// The certified plan and its certification. `reoptimize` gets the tightened attainments and
    /// returns a plan, or nil when none meets them (the loop then stops with the last plan).
    func run(from start: StockPlan, reoptimize: ([Double]) throws -> StockPlan?) throws -> (plan: StockPlan, certification: OptimizeSummary.Certification) {
        var plan = start, asked = targets, iterations = 0
        var checks: [OptimizeSummary.Certification.ClassCheck] = []
        var rounds: [OptimizeSummary.Certification.Round] = []
        while true {
            iterations += 1
            progress.update("optimize: certifying, simulation \(iterations) of at most \(maxIterations)")
            var options = SimulationOptions(horizonDays: years * Units.daysPerYear, warmupDays: 90, replications: replications, seed: seed)
            // The analytic model and the targets describe the steady state; surges and outages
            // are for stress tests (`simulate`), not for the plan's certificate.
            options.disruptions = false
            let simulated = try context(as: .failure) { try Simulation.run(scenario: scenario, plan: plan, options: options) }
            let analytic = try context(as: .failure) { try model.slaAttainment(stock: plan, method: method) }
            checks = scenario.slaClasses.enumerated().compactMap { k, c in
                guard let kpi = simulated.kpi(.slaRestore(slaClass: c.id)),
                      let a = analytic.classes.first(where: { $0.slaClass == c.id }) else { return nil }
                return .init(slaClass: c.id, target: targets[k], analyticAttainment: a.attainment,
                             simulatedAttainment: kpi.mean, halfWidth: kpi.halfWidth,
                             met: kpi.mean - kpi.halfWidth >= targets[k] - 1e-12)
            }
            rounds.append(.init(iteration: iterations,
                                asked: Dictionary(uniqueKeysWithValues: scenario.slaClasses.indices.map { (scenario.slaClasses[$0].id, asked[$0]) }),
                                investment: plan.value(in: scenario), classes: checks))
            if checks.allSatisfy(\.met) || iterations >= maxIterations { break }
            for check in checks where !check.met {
                guard let k = scenario.slaClasses.firstIndex(where: { $0.id == check.slaClass }) else { continue }
                asked[k] = min(0.9999, asked[k] + (check.target - (check.simulatedAttainment - check.halfWidth)))
            }
            guard let next = try reoptimize(asked) else { break }
            plan = next
        }
        var certification = OptimizeSummary.Certification(replications: replications, years: years, seed: seed, iterations: iterations,
                                                          met: !checks.isEmpty && checks.allSatisfy(\.met), classes: checks)
        if !scenario.disruptions.isEmpty { certification.disruptionsLeftOut = scenario.disruptions.count }
        certification.rounds = rounds
        return (plan, certification)
    }
}
