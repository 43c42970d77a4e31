import ArgumentParser
import Foundation
import Outputs
import ScenarioModel
import Stocking

/// `echelon bench stocking`: the cost/effectiveness curve on a generated network.
struct BenchStockingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stocking",
        abstract: "Time the multi-echelon cost/effectiveness curve on a generated network (JSON).",
        discussion: """
            Generates a seeded network (1 central warehouse, regional depots with --echelons 3, \
            service points) with --items parts, builds the full curve RUNS times and prints JSON: \
            median seconds per phase, curve points, stock units at the last point and peak memory.
            """
    )

    @Option(help: "Total sites (≥ 2).") var sites = 100
    @Option(help: "Items (≥ 1).") var items = 100
    @Option(help: "2 or 3.") var echelons = 3
    @Option(help: "metric or vari-metric.") var method = "vari-metric"
    @Option(help: "Runs (the median is reported).") var runs = 3
    @Option(help: "Seed of the generated network.") var seed: UInt64 = 1
    @Flag(name: .shortAndLong, help: "No progress output.") var quiet = false

    func validate() throws {
        guard sites >= 2 else { throw ValidationError("--sites must be at least 2") }
        guard items >= 1 else { throw ValidationError("--items must be at least 1") }
        guard echelons == 2 || echelons == 3 else { throw ValidationError("--echelons must be 2 or 3") }
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
        guard method == "metric" || method == "vari-metric" else { throw ValidationError("--method must be metric or vari-metric") }
    }

    struct Report: Encodable {
        var sites: Int
        var items: Int
        var echelons: Int
        var method: String
        var runs: Int
        var siteItemPairs: Int
        var loadSeconds: Double
        var modelSeconds: Double
        var curveSeconds: Double
        var curvePoints: Int
        var unitsAtLastPoint: Int
        var peakMemoryMB: Double
    }

    func run() throws {
        let method = EvaluationMethod(rawValue: self.method) ?? .variMetric
        let progress = Progress(enabled: !quiet)
        var load: [Double] = [], build: [Double] = [], curveTimes: [Double] = []
        var points = 0, units = 0, pairs = 0
        let clock = ContinuousClock()
        for r in 0..<runs {
            progress.update("bench stocking: run \(r + 1)/\(runs): generating")
            let t0 = clock.now
            // The network is generated here, not given by the user: an error in it, its model or
            // its curve is a failure (exit 3), though scenario and stocking errors are otherwise
            // the user's input.
            let scenario = try context("generated scenario is invalid", as: .failure) {
                try SyntheticScenario.load(sites: sites, items: items, echelons: echelons, seed: seed)
            }
            let t1 = clock.now
            let model = try context(as: .failure) { try StockingModel(scenario: scenario) }
            let t2 = clock.now
            let curve = try context(as: .failure) {
                try model.costEffectivenessCurve(method: method) { done, total in
                    if done % max(1, total / 100) == 0 { progress.update("bench stocking: run \(r + 1)/\(runs): item curves \(done)/\(total)") }
                }
            }
            let t3 = clock.now
            load.append((t1 - t0).milliseconds / 1000)
            build.append((t2 - t1).milliseconds / 1000)
            curveTimes.append((t3 - t2).milliseconds / 1000)
            points = curve.points.count
            units = curve.points.last?.units ?? 0
            pairs = scenario.sites.filter { $0.kind.holdsStock }.count * scenario.items.count
        }
        progress.finish()
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        print(try OutputJSON.encode(Report(
            sites: sites, items: items, echelons: echelons, method: method.rawValue, runs: runs,
            siteItemPairs: pairs, loadSeconds: median(load), modelSeconds: median(build),
            curveSeconds: median(curveTimes), curvePoints: points, unitsAtLastPoint: units,
            peakMemoryMB: Double(usage.ru_maxrss) / 1024)))
    }
}
