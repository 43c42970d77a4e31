import ArgumentParser
import Foundation
import Outputs
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird
import Logging
import ScenarioModel
import ServiceAPI
import ServiceDesk

/// `echelon bench api`: sustained order-workflow throughput and latency of the HTTP API on
/// loopback, beside the raw SQLite transaction rate of the same machine.
struct BenchAPICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api",
        abstract: "Load-test the desk API on loopback: order workflows per second and latency percentiles (JSON).",
        discussion: """
            Starts the API in-process on a new desk database, registers a customer with --assets \
            assets, then runs --workers concurrent clients, each repeating one order's workflow: \
            POST /orders (intake), POST /orders/{id}/triage (remote fix, so the order is restored), \
            POST /orders/{id}/survey (closed and settled), GET /orders/{id}. Every POST carries an \
            Idempotency-Key. Reports requests/s, order workflows/s, latency percentiles per step, and \
            the raw one-row SQLite transaction rate measured after the run as the ceiling.
            """
    )

    @Argument(help: "Scenario (its first service point and product are used).") var scenario = "scenarios/quickstart.yaml"
    @Option(help: "Concurrent clients.") var workers = 8
    @Option(help: "Order workflows in all.") var orders = 2_000
    @Option(help: "Assets to spread the orders over.") var assets = 50
    @Option(help: "Loopback port.") var port = 18_190
    @Flag(name: .shortAndLong, help: "No progress output.") var quiet = false

    func validate() throws {
        guard (1...256).contains(workers) else { throw ValidationError("--workers must be in 1…256") }
        guard (1...1_000_000).contains(orders) else { throw ValidationError("--orders must be in 1…1000000") }
        guard (1...10_000).contains(assets) else { throw ValidationError("--assets must be in 1…10000") }
    }

    struct StepFigures: Codable { var step: String; var requests: Int; var p50Ms: Double; var p90Ms: Double; var p99Ms: Double; var maxMs: Double }
    struct Report: Codable {
        var scenario: String
        var workers: Int
        var orders: Int
        var seconds: Double
        var requests: Int
        var requestsPerSecond: Double
        var workflowsPerSecond: Double
        var commandsPerSecond: Double
        var failures: Int
        var steps: [StepFigures]
        var rawSqlite: SQLiteProbe.Rates
    }

    func run() async throws {
        let s = try ScenarioLoader.load(path: scenario)
        guard let site = s.sites.first(where: { $0.kind == .servicePoint }), let product = s.products.first,
              let code = s.deskRules.faultCodes.first(where: { $0.product == product.index && $0.handling == .remoteFix })?.code else {
            throw CLIError.invalidInput("\(scenario) needs a service point and a remote-fix fault code for its first product")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("echelon-bench-api-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // The bench's own new database in a temporary folder: whatever fails setting it up is a
        // failure (exit 3), not the user's input.
        let service = try context(as: .failure) { try DeskService.create(scenario: s, database: dir.appendingPathComponent("desk.sqlite").path) }
        let token = try await context(as: .failure) { try await service.addUser(name: "bench", role: .admin).1 }
        var logger = Logger(label: "echelon.bench-api")
        logger.logLevel = .warning
        let app = DeskAPI.application(service: service, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: logger)
        let server = Task { try await app.runService() }
        defer { server.cancel() }
        let base = "http://127.0.0.1:\(port)"
        let client = Client(base: base, token: token)
        var up = false
        for _ in 0..<100 {
            if (try? await client.get("/health"))?.0 == 200 { up = true; break }
            try await Task.sleep(for: .milliseconds(100))
        }
        guard up else { throw CLIError.failure("the API did not start on port \(port)") }
        _ = try await client.post("/customers", ["code": "BENCH", "name": "Bench customer"])
        for k in 0..<assets {
            let (status, _) = try await client.post("/assets", ["serial": "BENCH-\(k)", "product": product.id, "customer": "BENCH",
                                                                "site": site.id, "installed": "2025-01-01"])
            guard status == 201 else { throw CLIError.failure("registering asset \(k) answered \(status)") }
        }
        let progress = Progress(enabled: !quiet)
        progress.update("bench api: \(orders) workflows, \(workers) workers")
        let clock = ContinuousClock(), started = clock.now
        let perWorker = (orders + workers - 1) / workers
        let results = try await withThrowingTaskGroup(of: ([String: [Double]], Int).self) { group in
            for w in 0..<workers {
                group.addTask {
                    var lat: [String: [Double]] = [:], failures = 0
                    for k in 0..<perWorker where w * perWorker + k < orders {
                        let n = w * perWorker + k
                        func timed(_ step: String, _ body: () async throws -> (Int, [String: Any])) async throws -> (Int, [String: Any]) {
                            let t0 = ContinuousClock.now
                            let r = try await body()
                            let (sec, atto) = (ContinuousClock.now - t0).components
                            lat[step, default: []].append((Double(sec) + Double(atto) * 1e-18) * 1000)
                            if r.0 >= 300 { failures += 1 }
                            return r
                        }
                        let (status, order) = try await timed("intake") {
                            try await client.post("/orders", ["asset": "BENCH-\(n % assets)", "fault_code": code], key: "i-\(n)")
                        }
                        guard status == 201, let id = order["id"] as? Int else { continue }
                        _ = try await timed("triage") {
                            try await client.post("/orders/\(id)/triage", ["fault_code": code, "handling": "remote_fix"], key: "t-\(n)")
                        }
                        _ = try await timed("survey") {
                            try await client.post("/orders/\(id)/survey", ["score": 5, "reason": "bench"], key: "s-\(n)")
                        }
                        _ = try await timed("read") { try await client.get("/orders/\(id)") }
                    }
                    return (lat, failures)
                }
            }
            var all: [String: [Double]] = [:], failures = 0
            for try await (lat, f) in group {
                for (k, v) in lat { all[k, default: []] += v }
                failures += f
            }
            return (all, failures)
        }
        let (sec, atto) = (clock.now - started).components
        let seconds = Double(sec) + Double(atto) * 1e-18
        progress.finish()
        func pct(_ xs: [Double], _ q: Double) -> Double {
            let v = xs.sorted()
            return v.isEmpty ? 0 : v[min(v.count - 1, Int((q * Double(v.count)).rounded(.up)) - 1)]
        }
        let steps = ["intake", "triage", "survey", "read"].map { step in
            let xs = results.0[step] ?? []
            return StepFigures(step: step, requests: xs.count, p50Ms: pct(xs, 0.5), p90Ms: pct(xs, 0.9), p99Ms: pct(xs, 0.99), maxMs: xs.max() ?? 0)
        }
        let requests = steps.reduce(0) { $0 + $1.requests }
        let writes = steps.filter { $0.step != "read" }.reduce(0) { $0 + $1.requests }
        let raw = try SQLiteProbe.measure(directory: dir.path, rows: 20_000, transactions: 5_000)
        let report = Report(scenario: s.name, workers: workers, orders: orders, seconds: seconds, requests: requests,
                            requestsPerSecond: Double(requests) / seconds, workflowsPerSecond: Double(steps[0].requests) / seconds,
                            commandsPerSecond: Double(writes) / seconds, failures: results.1, steps: steps, rawSqlite: raw)
        print(try OutputJSON.encode(report))
    }

    /// A minimal JSON client over URLSession.
    struct Client: Sendable {
        let base: String
        let token: String

        func get(_ path: String) async throws -> (Int, [String: Any]) {
            try await send("GET", path, nil, key: nil)
        }

        func post(_ path: String, _ body: [String: any Sendable], key: String? = nil) async throws -> (Int, [String: Any]) {
            try await send("POST", path, try JSONSerialization.data(withJSONObject: body), key: key)
        }

        func send(_ method: String, _ path: String, _ body: Data?, key: String?) async throws -> (Int, [String: Any]) {
            guard let url = URL(string: base + path) else { throw CLIError.failure("bad URL \(path)") }
            var request = URLRequest(url: url)
            request.httpMethod = method
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            if let key { request.setValue(key, forHTTPHeaderField: "Idempotency-Key") }
            request.httpBody = body
            let (data, response) = try await URLSession.shared.data(for: request)
            let status = (response as? HTTPURLResponse)?.statusCode ?? 0
            return (status, (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:])
        }
    }
}
