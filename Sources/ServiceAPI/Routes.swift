import Foundation
import HTTPTypes
import Logging
public import Hummingbird
import ScenarioModel
public import ServiceDesk

/// The request context: who is asking (set by the bearer-token middleware).
public struct DeskRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var user: DeskUser?
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
}

/// One endpoint: what the router serves and what `/openapi.json` documents, from the same table.
struct Endpoint: Sendable {
    let method: HTTPRequest.Method
    /// Path with `{name}` parameters (OpenAPI style).
    let path: String
    let summary: String
    /// Roles allowed; empty: no authentication.
    let roles: Set<DeskRole>
    /// The request body's schema (a name in `OpenAPI.schemas`), if any.
    let body: String?
    /// The success status and its schema name.
    let status: HTTPResponse.Status
    let response: String
    /// Query parameters (name, type, description).
    let query: [(String, String, String)]
    /// The handler; the router has checked the caller's role against `roles` before it runs.
    let handler: Handler

    enum Handler: Sendable {
        /// For an endpoint without authentication.
        case open(@Sendable (Request, DeskRequestContext, DeskService) async throws -> Response)
        /// For an endpoint with roles: it gets the authenticated caller.
        case authenticated(@Sendable (Request, DeskRequestContext, DeskService, DeskUser) async throws -> Response)
    }

    /// An endpoint for the callers whose role is in `roles` (not empty); the handler gets the caller.
    init(method: HTTPRequest.Method, path: String, summary: String, roles: Set<DeskRole>, body: String?, status: HTTPResponse.Status,
         response: String, query: [(String, String, String)],
         handler: @escaping @Sendable (Request, DeskRequestContext, DeskService, DeskUser) async throws -> Response) {
        precondition(!roles.isEmpty, "an authenticated endpoint needs its roles")
        self.init(method: method, path: path, summary: summary, roles: roles, body: body, status: status, response: response,
                  query: query, handler: .authenticated(handler))
    }

    /// An endpoint open to anyone (no token).
    static func open(method: HTTPRequest.Method, path: String, summary: String, status: HTTPResponse.Status, response: String,
                     handler: @escaping @Sendable (Request, DeskRequestContext, DeskService) async throws -> Response) -> Endpoint {
        Endpoint(method: method, path: path, summary: summary, roles: [], body: nil, status: status, response: response, query: [],
                 handler: .open(handler))
    }

    private init(method: HTTPRequest.Method, path: String, summary: String, roles: Set<DeskRole>, body: String?,
                 status: HTTPResponse.Status, response: String, query: [(String, String, String)], handler: Handler) {
        self.method = method
        self.path = path
        self.summary = summary
        self.roles = roles
        self.body = body
        self.status = status
        self.response = response
        self.query = query
        self.handler = handler
    }

    /// The Hummingbird route path (`{id}` → `:id`).
    var routerPath: String {
        path.replacingOccurrences(of: "{", with: ":").replacingOccurrences(of: "}", with: "")
    }
}

/// Builds the API's router over a desk service.
public enum DeskAPI {
    static let everyone: Set<DeskRole> = Set(DeskRole.allCases)
    static let staff: Set<DeskRole> = [.admin, .dispatcher]
    static let field: Set<DeskRole> = [.admin, .dispatcher, .servicePoint, .technician]

    /// The router: authentication, the endpoint table, JSON errors.
    public static func router(service: DeskService) -> Router<DeskRequestContext> {
        let router = Router(context: DeskRequestContext.self)
        let metrics = APIMetrics()
        router.middlewares.add(LogRequestsMiddleware(.info))
        router.middlewares.add(MetricsMiddleware(metrics: metrics))
        router.middlewares.add(ErrorMiddleware())
        router.middlewares.add(AuthMiddleware(service: service))
        for e in endpoints {
            // Roles are enforced here, once: a handler runs only for a caller its endpoint admits.
            router.on(RouterPath(e.routerPath), method: e.method) { request, context -> Response in
                switch e.handler {
                case .open(let handler):
                    return try await handler(request, context, service)
                case .authenticated(let handler):
                    guard let user = context.user else { throw APIError.unauthorized }
                    guard e.roles.contains(user.role) else {
                        throw APIError.forbidden("role \(user.role.rawValue) may not \(e.method.rawValue) \(e.path)")
                    }
                    return try await handler(request, context, service, user)
                }
            }
        }
        router.get("/") { request, context -> Response in
            // Managers open it in a browser: the token may come as ?token= as well as in the header.
            var user = context.user
            if user == nil, let token = request.uri.queryParameters["token"] {
                user = try await service.user(tokenHash: Tokens.hash(String(token)))
                if user == nil { throw APIError(.unauthorized, "unauthorized", "unknown token", field: "token") }
            }
            guard let user else { throw APIError.unauthorized }
            guard [.admin, .planner, .dispatcher].contains(user.role) else { throw APIError.forbidden("the dashboard is for admins, planners and dispatchers") }
            var headers = HTTPFields()
            headers[.contentType] = "text/html; charset=utf-8"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: try await service.dashboardPage())))
        }
        router.get("/metrics") { _, _ -> Response in
            let h = await service.health()
            let text = metrics.exposition(openOrders: h.orders, deskTime: h.now, commands: await service.commandCount())
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
        return router
    }

    /// The methods served at a concrete path (matching the table's templates), nil for none.
    static func methods(forPath path: String) -> [String]? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        var found: [String] = []
        for e in endpoints {
            let template = e.path.split(separator: "/", omittingEmptySubsequences: true)
            guard template.count == parts.count else { continue }
            if zip(template, parts).allSatisfy({ $0.hasPrefix("{") || $0 == $1 }) { found.append(e.method.rawValue) }
        }
        if path == "/" || path == "/metrics" { found.append("GET") }
        return found.isEmpty ? nil : Array(Set(found)).sorted()
    }

    // MARK: - The endpoint table, by resource (SystemEndpoints, OrderEndpoints, FieldEndpoints,
    // RecordEndpoints, ListAndUserEndpoints)

    static let endpoints: [Endpoint] = systemEndpoints + orderEndpoints + fieldEndpoints + recordEndpoints
        + listEndpoints + userEndpoints
}
