import Foundation
import Hummingbird
import Synchronization

/// Request counters and latency histograms per route, in Prometheus' text format at `/metrics`.
final class APIMetrics: Sendable {
    static let buckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

    struct Series {
        var count = 0
        var sum = 0.0
        var buckets = [Int](repeating: 0, count: APIMetrics.buckets.count)
    }

    private let state = Mutex<(requests: [String: Int], latency: [String: Series])>(([:], [:]))

    func record(method: String, route: String, status: Int, seconds: Double) {
        state.withLock { s in
            s.requests["method=\"\(method)\",route=\"\(route)\",status=\"\(status)\"", default: 0] += 1
            var series = s.latency["route=\"\(route)\"", default: Series()]
            series.count += 1
            series.sum += seconds
            for (k, le) in Self.buckets.enumerated() where seconds <= le { series.buckets[k] += 1 }
            s.latency["route=\"\(route)\""] = series
        }
    }

    /// The text exposition, with the desk's gauges appended.
    func exposition(openOrders: Int, deskTime: Double, commands: Int) -> String {
        let (requests, latency) = state.withLock { ($0.requests, $0.latency) }
        var out = "# HELP echelon_http_requests_total HTTP requests by method, route and status.\n"
        out += "# TYPE echelon_http_requests_total counter\n"
        for (labels, n) in requests.sorted(by: { $0.key < $1.key }) { out += "echelon_http_requests_total{\(labels)} \(n)\n" }
        out += "# HELP echelon_http_request_duration_seconds HTTP request latency by route.\n"
        out += "# TYPE echelon_http_request_duration_seconds histogram\n"
        for (labels, s) in latency.sorted(by: { $0.key < $1.key }) {
            for (k, le) in Self.buckets.enumerated() {
                out += "echelon_http_request_duration_seconds_bucket{\(labels),le=\"\(le)\"} \(s.buckets[k])\n"
            }
            out += "echelon_http_request_duration_seconds_bucket{\(labels),le=\"+Inf\"} \(s.count)\n"
            out += "echelon_http_request_duration_seconds_sum{\(labels)} \(s.sum)\n"
            out += "echelon_http_request_duration_seconds_count{\(labels)} \(s.count)\n"
        }
        out += "# HELP echelon_desk_open_orders Service orders not closed or cancelled.\n# TYPE echelon_desk_open_orders gauge\n"
        out += "echelon_desk_open_orders \(openOrders)\n"
        out += "# HELP echelon_desk_time_days Desk time, days since the scenario's start date.\n# TYPE echelon_desk_time_days gauge\n"
        out += "echelon_desk_time_days \(deskTime)\n"
        out += "# HELP echelon_desk_commands_total Workflow commands applied since the server started (replay included).\n"
        out += "# TYPE echelon_desk_commands_total counter\n"
        out += "echelon_desk_commands_total \(commands)\n"
        return out
    }
}

/// Times every request and counts it by its route (the matched template, not the raw path).
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = DeskRequestContext
    let metrics: APIMetrics

    func handle(_ request: Request, context: DeskRequestContext, next: (Request, DeskRequestContext) async throws -> Response) async throws -> Response {
        let clock = ContinuousClock(), start = clock.now
        let response = try await next(request, context)
        let (s, atto) = (clock.now - start).components
        metrics.record(method: request.method.rawValue, route: context.endpointPath ?? "unmatched", status: response.status.code,
                       seconds: Double(s) + Double(atto) * 1e-18)
        return response
    }
}
