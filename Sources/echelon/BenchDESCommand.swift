import ArgumentParser
import DiscreteEvent
import Foundation
import Outputs
import ScenarioModel
import Simulation

/// `echelon bench des`: the canonical spare-parts DES benchmark (data/benchmarks/des-canonical,
/// MODEL.md): counted events, throughput, peak memory and the network metrics with 95 %
/// confidence half-widths, in the JSON shape of MODEL.md §8 (comparable with simpy_model.py).
struct BenchDESCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "des",
        abstract: "Run the canonical spare-parts DES benchmark and print events/s and metrics (JSON).",
        discussion: """
            SCENARIO is a folder made by scenarios/des-canonical/make_scenarios.py (its scenario.yaml) \
            or a YAML file of the same shape: one central warehouse (the depot) with service points \
            (the bases) below it. The variant is chosen here: two-echelon = sourcing [own, parent]; \
            lateral = [own, lateral, parent] within the pools; single = [own, parent] with the depot's \
            stock unlimited. Wall time covers the simulation runs only (not loading or reporting); \
            with --threads 1 it is the sum over the replications, each timed on its own.
            """
    )

    @Argument(help: "Scenario folder or YAML file.")
    var scenario = "scenarios/des-canonical/canonical"

    @Option(help: "single, two-echelon or lateral.") var variant = "two-echelon"
    @Option(help: "Replications.") var replications = 10
    @Option(help: "Measured horizon in years of 365 days (default: the scenario's horizon_days).") var years: Double?
    @Option(help: "Warm-up before measurement, days.") var warmupDays = 365.0
    @Option(help: "Threads for replications (1: events/s of one core).") var threads = 1
    @Option(help: "Seed of the replications' random streams.") var seed: UInt64 = 1
    @Flag(help: "Add per-replication cells[base][item] and depot[item] metrics.") var cells = false
    @Flag(name: .shortAndLong, help: "No progress output.") var quiet = false

    static let variants = ["single", "two-echelon", "lateral"]

    func validate() throws {
        guard Self.variants.contains(variant) else {
            throw ValidationError("--variant must be single, two-echelon or lateral, not \"\(variant)\"")
        }
        guard replications >= 1 else { throw ValidationError("--replications must be at least 1") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard warmupDays >= 0, warmupDays.isFinite else { throw ValidationError("--warmup-days must be ≥ 0") }
        if let y = years { guard y > 0, y.isFinite else { throw ValidationError("--years must be positive") } }
    }

    func run() throws {
        var isDirectory: ObjCBool = false
        let path = FileManager.default.fileExists(atPath: scenario, isDirectory: &isDirectory) && isDirectory.boolValue
            ? scenario + "/scenario.yaml" : scenario
        let s = try ScenarioLoader.load(path: path)
        let net = try DESNetwork(scenario: s)
        guard let plan = s.policies.stockLevels else { throw CLIError.invalidInput("\(path): no policies.stock_levels") }
        var options = SimulationOptions(horizonDays: years.map { Units.days(years: $0) } ?? s.horizonDays, warmupDays: warmupDays,
                                        replications: replications, seed: seed, threads: threads)
        switch variant {
        case "single": options.sourcing = [.own, .parent]; options.unlimitedSites = [net.depot]
        case "lateral": options.sourcing = [.own, .lateral, .parent]
        default: options.sourcing = [.own, .parent]
        }
        let progress = Progress(enabled: !quiet)
        progress.update("bench des: \(variant), \(replications) replications")
        let clock = ContinuousClock(), started = clock.now
        // The bench sets the options itself from checked flags, so options the simulation
        // refuses are a failure here (exit 3), not the user's input as in `simulate`.
        let result = try context(as: .failure) { try Simulation.run(scenario: s, plan: plan, options: options) }
        let elapsed = (clock.now - started).milliseconds / 1000
        progress.finish()

        let finiteDepot = variant != "single"
        let reps = result.replications.enumerated().map { r, rep in
            net.replication(rep, index: r, finiteDepot: finiteDepot, cells: cells)
        }
        var network: [String: Estimate] = [:]
        func add(_ key: String, _ value: (DESReplication.Network) -> Double?) {
            let xs = reps.compactMap { value($0.network) }
            guard xs.count == reps.count, xs.allSatisfy(\.isFinite) else { return }
            network[key] = Estimate(xs)
        }
        add("demands") { Double($0.demands) }
        add("fill_rate") { $0.fillRate }
        add("lateral_fraction") { $0.lateralFraction }
        add("backorder_fraction") { $0.backorderFraction }
        add("avg_backorders") { $0.avgBackorders }
        add("avg_on_hand") { $0.avgOnHand }
        add("depot_demands") { $0.depotDemands.map(Double.init) }
        add("depot_fill_rate") { $0.depotFillRate }
        add("depot_avg_backorders") { $0.depotAvgBackorders }
        add("depot_avg_on_hand") { $0.depotAvgOnHand }
        add("ttr_mean") { $0.ttrMean }
        add("ttr_p95") { $0.ttrP95 }
        add("ttr_count") { Double($0.ttrCount) }

        var events = DESEvents()
        for r in reps { events.add(r.events) }
        let wall = reps.reduce(0) { $0 + $1.wallS }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let report = DESReport(
            scenario: path, variant: variant, bases: net.bases.count, items: s.items.count,
            replications: replications, seed: seed, threads: threads, warmupDays: warmupDays,
            horizonDays: options.horizonDays, events: events,
            eventsPerReplication: Double(events.total) / Double(replications),
            wallS: wall, elapsedS: elapsed, eventsPerS: wall > 0 ? Double(events.total) / wall : 0,
            peakMemoryMB: Double(usage.ru_maxrss) / 1024, network: network, replicationResults: reps)
        print(try OutputJSON.encode(report))
    }
}

/// A metric over the replications: mean and 95 % confidence half-width (Student t; 0 with one
/// replication).
struct Estimate: Encodable {
    var mean: Double
    var ci95: Double

    init(_ xs: [Double]) {
        mean = xs.reduce(0, +) / Double(xs.count)
        ci95 = (try? ConfidenceInterval(xs, level: 0.95))?.halfWidth ?? 0
    }
}

/// The canonical benchmark's counted events (MODEL.md §5), plus any other world event (0 here).
struct DESEvents: Encodable {
    var failure = 0
    var baseArrival = 0
    var depotArrival = 0
    var lateralArrival = 0
    var other = 0
    var total: Int { failure + baseArrival + depotArrival + lateralArrival }

    init() {}
    init(_ e: EventCounts) {
        failure = e.failure; baseArrival = e.baseArrival; depotArrival = e.depotArrival
        lateralArrival = e.lateralArrival; other = e.other
    }

    mutating func add(_ e: DESEvents) {
        failure += e.failure; baseArrival += e.baseArrival; depotArrival += e.depotArrival
        lateralArrival += e.lateralArrival; other += e.other
    }

    enum CodingKeys: String, CodingKey { case failure, baseArrival, depotArrival, lateralArrival, other, total }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(failure, forKey: .failure); try c.encode(baseArrival, forKey: .baseArrival)
        try c.encode(depotArrival, forKey: .depotArrival); try c.encode(lateralArrival, forKey: .lateralArrival)
        try c.encode(other, forKey: .other); try c.encode(total, forKey: .total)
    }
}

struct DESReport: Encodable {
    var scenario: String
    var variant: String
    var bases: Int
    var items: Int
    var replications: Int
    var seed: UInt64
    var threads: Int
    var warmupDays: Double
    var horizonDays: Double
    /// Summed over the replications.
    var events: DESEvents
    var eventsPerReplication: Double
    /// Simulation wall time summed over the replications (each timed on its own).
    var wallS: Double
    /// Wall time of the whole `Simulation.run` call (replications in parallel when threads > 1).
    var elapsedS: Double
    var eventsPerS: Double
    var peakMemoryMB: Double
    var network: [String: Estimate]
    var replicationResults: [DESReplication]
}

/// One replication in MODEL.md §8's shape.
struct DESReplication: Encodable {
    struct Network: Encodable {
        var demands: Int
        var fillRate: Double?
        var lateralFraction: Double?
        var backorderFraction: Double?
        var avgBackorders: Double
        var avgOnHand: Double
        var depotDemands: Int?
        var depotFillRate: Double?
        var depotAvgBackorders: Double?
        var depotAvgOnHand: Double?
        var ttrMean: Double?
        var ttrP95: Double?
        var ttrCount: Int
    }

    struct Cell: Encodable {
        var demands: Int
        var fillRate: Double?
        var lateralFraction: Double?
        var backorderFraction: Double?
        var avgBackorders: Double
        var avgOnHand: Double
        var ttrMean: Double?
    }

    struct DepotItem: Encodable {
        var demands: Int
        var fillRate: Double?
        var avgBackorders: Double
        var avgOnHand: Double
    }

    var replication: Int
    var events: DESEvents
    var wallS: Double
    var eventsPerS: Double
    var network: Network
    var cells: [[Cell]]?
    var depot: [DepotItem]?
}

/// The benchmark's view of a scenario: the depot (the one root) and the bases (its service points).
struct DESNetwork {
    let depot: Int
    let bases: [Int]
    let items: Int

    init(scenario s: Scenario) throws {
        guard s.rootIndices.count == 1, let root = s.rootIndices.first else {
            throw CLIError.invalidInput("the canonical benchmark needs exactly one central warehouse (the depot)")
        }
        depot = root
        bases = s.sites.indices.filter { s.sites[$0].kind == .servicePoint }
        items = s.items.count
        guard bases.allSatisfy({ s.sites[$0].parentIndex == root }) else {
            throw CLIError.invalidInput("every service point must hang directly under the depot")
        }
    }

    func replication(_ rep: ReplicationResult, index: Int, finiteDepot: Bool, cells wantCells: Bool) -> DESReplication {
        var bySite: [Int: [Int: CellResult]] = [:]
        for c in rep.cells { bySite[c.site, default: [:]][c.item] = c }
        func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }
        var demands = 0, ttrCount = 0
        var met = 0.0, lat = 0.0, back = 0.0, bo = 0.0, oh = 0.0
        var grid: [[DESReplication.Cell]] = []
        for b in bases {
            var row: [DESReplication.Cell] = []
            for k in 0..<items {
                let c = bySite[b]?[k]
                let d = c?.demands ?? 0
                demands += d
                ttrCount += c?.ttrCount ?? 0
                if let c, d > 0 {
                    met += c.fillRate * Double(d); lat += c.lateralFraction * Double(d); back += c.backorderFraction * Double(d)
                }
                bo += c?.averageBackorders ?? 0
                oh += c?.averageOnHand ?? 0
                if wantCells {
                    row.append(DESReplication.Cell(
                        demands: d, fillRate: c.flatMap { finite($0.fillRate) }, lateralFraction: c.flatMap { finite($0.lateralFraction) },
                        backorderFraction: c.flatMap { finite($0.backorderFraction) }, avgBackorders: c?.averageBackorders ?? 0,
                        avgOnHand: c?.averageOnHand ?? 0, ttrMean: c.flatMap { finite($0.ttrMeanDays) }))
                }
            }
            if wantCells { grid.append(row) }
        }
        var depotRows: [DESReplication.DepotItem] = []
        var dDemands = 0, dMet = 0.0, dBo = 0.0, dOh = 0.0
        if finiteDepot {
            for k in 0..<items {
                let c = bySite[depot]?[k]
                let d = c?.demands ?? 0
                dDemands += d
                if let c, d > 0 { dMet += c.fillRate * Double(d) }
                dBo += c?.averageBackorders ?? 0
                dOh += c?.averageOnHand ?? 0
                depotRows.append(DESReplication.DepotItem(demands: d, fillRate: c.flatMap { finite($0.fillRate) },
                                                          avgBackorders: c?.averageBackorders ?? 0, avgOnHand: c?.averageOnHand ?? 0))
            }
        }
        func kpi(_ key: KPI) -> Double? { rep.kpis.first { $0.key == key }.flatMap { finite($0.value) } }
        let n = Double(demands)
        let network = DESReplication.Network(
            demands: demands, fillRate: demands > 0 ? (met / n).rounded(toPlaces: 12) : nil,
            lateralFraction: demands > 0 ? (lat / n).rounded(toPlaces: 12) : nil,
            backorderFraction: demands > 0 ? (back / n).rounded(toPlaces: 12) : nil,
            avgBackorders: bo, avgOnHand: oh,
            depotDemands: finiteDepot ? dDemands : nil,
            depotFillRate: finiteDepot && dDemands > 0 ? (dMet / Double(dDemands)).rounded(toPlaces: 12) : nil,
            depotAvgBackorders: finiteDepot ? dBo : nil, depotAvgOnHand: finiteDepot ? dOh : nil,
            ttrMean: ttrCount > 0 ? kpi(.ttrMean) : nil, ttrP95: ttrCount > 0 ? kpi(.ttrP95) : nil, ttrCount: ttrCount)
        let events = DESEvents(rep.events)
        return DESReplication(replication: index + 1, events: events, wallS: rep.wallSeconds,
                              eventsPerS: rep.wallSeconds > 0 ? Double(events.total) / rep.wallSeconds : 0,
                              network: network, cells: wantCells ? grid : nil, depot: wantCells && finiteDepot ? depotRows : nil)
    }
}

extension Double {
    /// Rounded to `places` decimals (ratios rebuilt from rates × counts lose a few last bits).
    func rounded(toPlaces places: Int) -> Double {
        let f = pow(10.0, Double(places))
        return (self * f).rounded() / f
    }
}
