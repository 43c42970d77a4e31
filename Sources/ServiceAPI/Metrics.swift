import Foundation
import Hummingbird
import Prometheus

/// Request counters and latency histograms per route, and the desk's gauges, in a Prometheus
/// registry (swift-prometheus), exposed in its text format at `/metrics`.
final class APIMetrics: Sendable {
    static let buckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

    private let registry = PrometheusCollectorRegistry()
    // The metrics' names and help (computed: the descriptor type is not Sendable).
    private static var requests: MetricNameDescriptor { MetricNameDescriptor(namespace: "echelon", subsystem: "http", metricName: "requests", unitName: "total",
                                                       helpText: "HTTP requests by method, route and status.") }
    private static var duration: MetricNameDescriptor { MetricNameDescriptor(namespace: "echelon", subsystem: "http", metricName: "request_duration",
                                                       unitName: "seconds", helpText: "HTTP request latency by route.") }
    private static var openOrders: MetricNameDescriptor { MetricNameDescriptor(namespace: "echelon", subsystem: "desk", metricName: "open_orders", unitName: "",
                                                         helpText: "Service orders not closed or cancelled.") }
    private static var deskTime: MetricNameDescriptor { MetricNameDescriptor(namespace: "echelon", subsystem: "desk", metricName: "time", unitName: "days",
                                                       helpText: "Desk time, days since the scenario's start date.") }
    private static var commands: MetricNameDescriptor { MetricNameDescriptor(namespace: "echelon", subsystem: "desk", metricName: "commands", unitName: "total",
                                                       helpText: "Workflow commands applied since the server started (replay included).") }

    func record(method: String, route: String, status: Int, seconds: Double) {
        registry.makeCounter(descriptor: Self.requests, labels: [("method", method), ("route", route), ("status", String(status))])
            .increment()
        registry.makeValueHistogram(descriptor: Self.duration, labels: [("route", route)], buckets: Self.buckets).record(seconds)
    }

    /// The text exposition, with the desk's gauges set to their values now.
    func exposition(openOrders: Int, deskTime: Double, commands: Int) -> String {
        registry.makeGauge(descriptor: Self.openOrders).set(Double(openOrders))
        registry.makeGauge(descriptor: Self.deskTime).set(deskTime)
        // The command count is the desk's own running total: a gauge holding it (Prometheus
        // counters only move forward by increments, this one is read from the desk).
        registry.makeGauge(descriptor: Self.commands).set(Double(commands))
        return registry.emitToString()
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
