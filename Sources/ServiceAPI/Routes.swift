import Foundation
import HTTPTypes
import Logging
public import Hummingbird
import Scenario
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
    let handler: @Sendable (Request, DeskRequestContext, DeskService, DeskUser?) async throws -> Response

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
            router.on(RouterPath(e.routerPath), method: e.method) { request, context -> Response in
                if !e.roles.isEmpty {
                    guard let user = context.user else { throw APIError.unauthorized }
                    guard e.roles.contains(user.role) else {
                        throw APIError.forbidden("role \(user.role.rawValue) may not \(e.method.rawValue) \(e.path)")
                    }
                }
                return try await e.handler(request, context, service, context.user)
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

    // MARK: - The endpoint table

    static let endpoints: [Endpoint] = coreEndpoints + listEndpoints + userEndpoints

    /// Who may read each list (a service point, technician or customer within its scope).
    static func listRoles(_ list: DeskList) -> Set<DeskRole> {
        switch list {
        case .shipments, .returns, .settlements, .statements: [.admin, .planner, .dispatcher, .servicePoint]
        case .visits: [.admin, .planner, .dispatcher, .servicePoint, .technician]
        case .surveys, .assets, .customers: [.admin, .planner, .dispatcher, .servicePoint, .customer]
        case .audit: [.admin]
        }
    }

    static let listEndpoints: [Endpoint] = DeskList.allCases.map { list in
        Endpoint(method: .get, path: "/\(list.rawValue)", summary: "The record's \(list.rawValue), in id order, filtered and paged",
                 roles: listRoles(list), body: nil, status: .ok, response: "RowPage",
                 query: list.filterNames.map { ($0, "string", "exact value") }
                     + [("limit", "integer", "page size, 1–500 (default 50)"), ("offset", "integer", "rows to skip (default 0)")]) { request, _, service, user in
            guard let user else { throw APIError.unauthorized }
            let q = request.uri.queryParameters
            let limit = try Query.int(q, "limit", default: 50, range: 1...500)
            let offset = try Query.int(q, "offset", default: 0, range: 0...Int(Int32.max))
            var filters: [String: String] = [:]
            for name in list.filterNames { if let v = Query.text(q, name) { filters[name] = v } }
            let page = try await service.list(list, user: user, filters: filters, limit: limit, offset: offset)
            return JSONResponse.make(ListPage(rows: page.rows, total: page.total, limit: limit, offset: offset))
        }
    }

    static let userEndpoints: [Endpoint] = [
        Endpoint(method: .get, path: "/users", summary: "The desk's users and their roles", roles: [.admin], body: nil, status: .ok,
                 response: "UserList", query: []) { _, _, service, _ in
            JSONResponse.make(UserList(users: try await service.users()))
        },
        Endpoint(method: .post, path: "/users", summary: "Add a user; the answer carries its bearer token, shown once",
                 roles: [.admin], body: "UserRequest", status: .created, response: "NewUser", query: []) { request, context, service, _ in
            let body: UserRequest = try await Body.decode(request, context)
            guard let role = DeskRole(rawValue: body.role) else {
                throw APIError(.unprocessableContent, "unknown_role", "unknown role \(body.role)", field: "role")
            }
            guard !body.name.isEmpty else { throw APIError(.unprocessableContent, "unprocessable", "a user needs a name", field: "name") }
            do {
                let (user, token) = try await service.addUser(name: body.name, role: role, site: body.site, customer: body.customer)
                return JSONResponse.make(NewUser(user: user, token: token), status: .created)
            } catch let error as DeskStoreError {
                throw APIError.conflict("cannot add \(body.name): \(error.message)", field: "name")
            }
        },
    ]

    static let coreEndpoints: [Endpoint] = [
        Endpoint(method: .get, path: "/health", summary: "Liveness and the desk's state", roles: [], body: nil, status: .ok,
                 response: "Health", query: []) { _, _, service, _ in
            let h = await service.health()
            return JSONResponse.make(Health(status: h.failure == nil ? "ok" : "failed", openOrders: h.orders, deskTime: h.now,
                                            failure: h.failure), status: h.failure == nil ? .ok : .serviceUnavailable)
        },
        Endpoint(method: .get, path: "/openapi.json", summary: "This API's OpenAPI 3.1 document", roles: [], body: nil, status: .ok,
                 response: "OpenAPIDocument", query: []) { _, _, _, _ in
            JSONResponse.raw(OpenAPI.document(endpoints: endpoints), status: .ok)
        },
        Endpoint(method: .get, path: "/orders", summary: "Service orders visible to the caller, newest first", roles: everyone, body: nil,
                 status: .ok, response: "OrderPage",
                 query: [("state", "string", "core state, e.g. engineer_dispatched"), ("stage", "string", "workflow stage, e.g. awaiting_callback"),
                         ("site", "string", "service point code"), ("opened_from", "number", "desk day, inclusive"),
                         ("opened_to", "number", "desk day, exclusive"), ("limit", "integer", "page size, 1–500 (default 50)"),
                         ("offset", "integer", "rows to skip (default 0)")]) { request, _, service, user in
            guard let user else { throw APIError.unauthorized }
            let q = request.uri.queryParameters
            let limit = try Query.int(q, "limit", default: 50, range: 1...500)
            let offset = try Query.int(q, "offset", default: 0, range: 0...Int(Int32.max))
            let filter = OrderFilter(state: Query.text(q, "state"), stage: Query.text(q, "stage"), site: Query.text(q, "site"),
                                     openedFrom: try Query.double(q, "opened_from"), openedTo: try Query.double(q, "opened_to"))
            let page = try await service.orders(user: user, filter: filter, limit: limit, offset: offset)
            return JSONResponse.make(OrderPage(orders: page.orders, total: page.total, limit: limit, offset: offset))
        },
        Endpoint(method: .get, path: "/orders/{id}", summary: "One service order (ETag: its version)", roles: everyone, body: nil,
                 status: .ok, response: "Order", query: []) { _, context, service, user in
            guard let user else { throw APIError.unauthorized }
            let id = try Query.pathInt(context, "id")
            guard let order = try await service.order(id, user: user) else { throw APIError.notFound("order \(id)") }
            var headers = HTTPFields()
            headers[.eTag] = "\"\(order.version)\""
            return JSONResponse.make(order, headers: headers)
        },
        Endpoint(method: .post, path: "/orders", summary: "Intake: a new service order for an asset (Idempotency-Key honoured)",
                 roles: [.admin, .dispatcher, .servicePoint, .customer], body: "IntakeRequest", status: .created, response: "Order",
                 query: []) { request, context, service, user in
            guard let user else { throw APIError.unauthorized }
            let body: IntakeRequest = try await Body.decode(request, context)
            return try await service.intake(body, user: user, key: Body.idempotencyKey(request))
        },
        Endpoint(method: .post, path: "/orders/{id}/triage", summary: "Triage: the confirmed fault code and the handling",
                 roles: [.admin, .dispatcher, .servicePoint], body: "TriageRequest", status: .ok, response: "Order",
                 query: []) { request, context, service, user in
            guard let user else { throw APIError.unauthorized }
            let id = try Query.pathInt(context, "id")
            let body: TriageRequest = try await Body.decode(request, context)
            return try await service.orderCommand(id, user: user, request: request, "triage", fingerprint: JSONResponse.encode(body)) { flow, t in
                guard let handling = Handling(rawValue: body.handling) else {
                    throw APIError.badRequest("unknown handling \(body.handling); one of \(Handling.allCases.map(\.rawValue).joined(separator: ", "))", field: "handling")
                }
                try flow.triage(order: id, faultCode: body.faultCode, handling: handling, at: t)
            }
        },
        Endpoint(method: .post, path: "/orders/{id}/approval", summary: "An approver's decision on a handling above the threshold",
                 roles: [.admin, .dispatcher], body: "ApprovalRequest", status: .ok, response: "Order", query: []) { request, context, service, user in
            guard let user else { throw APIError.unauthorized }
            let id = try Query.pathInt(context, "id")
            let body: ApprovalRequest = try await Body.decode(request, context)
            return try await service.orderCommand(id, user: user, request: request, "approval", fingerprint: JSONResponse.encode(body)) { flow, t in
                try flow.decideApproval(order: id, approved: body.approved, by: user.name, note: body.note ?? "", at: t)
            }
        },
        Endpoint(method: .post, path: "/orders/{id}/hold", summary: "Waiting for the customer (or no longer): SLA watches pause",
                 roles: [.admin, .dispatcher, .servicePoint], body: "HoldRequest", status: .ok, response: "Order",
                 query: []) { request, context, service, user in
            guard let user else { throw APIError.unauthorized }
            let id = try Query.pathInt(context, "id")
            let body: HoldRequest = try await Body.decode(request, context)
            return try await service.orderCommand(id, user: user, request: request, "hold", fingerprint: JSONResponse.encode(body)) { flow, t in
                try flow.hold(order: id, waiting: body.waiting, at: t)
            }
        },
        Endpoint(method: .post, path: "/orders/{id}/survey", summary: "The satisfaction callback: closes and settles the order",
                 roles: [.admin, .dispatcher, .customer], body: "SurveyRequest", status: .ok, response: "Order",
                 query: []) { request, context, service, user in
            guard let user else { throw APIError.unauthorized }
            let id = try Query.pathInt(context, "id")
            let body: SurveyRequest = try await Body.decode(request, context)
            return try await service.orderCommand(id, user: user, request: request, "survey", fingerprint: JSONResponse.encode(body)) { flow, t in
                try flow.survey(order: id, score: body.score, reason: body.reason, at: t)
            }
        },
        Endpoint(method: .post, path: "/orders/{id}/sla-class", summary: "A priority change: the order's new SLA class (watches keep their time)",
                 roles: [.admin, .dispatcher], body: "SLAClassRequest", status: .ok, response: "Order", query: []) { request, context, service, user in
            guard let user else { throw APIError.unauthorized }
            let id = try Query.pathInt(context, "id")
            let body: SLAClassRequest = try await Body.decode(request, context)
            return try await service.orderCommand(id, user: user, request: request, "sla-class", fingerprint: JSONResponse.encode(body)) { flow, t in
                try flow.changeSLAClass(order: id, to: body.slaClass, at: t)
            }
        },
        Endpoint(method: .post, path: "/orders/{id}/cancel", summary: "Cancel an order no engineer has reached",
                 roles: [.admin, .dispatcher, .servicePoint, .customer], body: nil, status: .ok, response: "Order", query: []) { request, context, service, user in
            guard let user else { throw APIError.unauthorized }
            let id = try Query.pathInt(context, "id")
            return try await service.orderCommand(id, user: user, request: request, "cancel") { flow, t in
                try flow.cancel(order: id, at: t)
            }
        },
        Endpoint(method: .post, path: "/orders/{id}/depot-step", summary: "A depot repair's next step: collected, received, repaired, shipped, delivered",
                 roles: [.admin, .dispatcher], body: "DepotStepRequest", status: .ok, response: "Order", query: []) { request, context, service, user in
            guard let user else { throw APIError.unauthorized }
            let id = try Query.pathInt(context, "id")
            let body: DepotStepRequest = try await Body.decode(request, context)
            return try await service.orderCommand(id, user: user, request: request, "depot-step", fingerprint: JSONResponse.encode(body)) { flow, t in
                guard let step = DepotStep(rawValue: body.step) else { throw APIError.badRequest("unknown step \(body.step)", field: "step") }
                try flow.depotStep(order: id, step, at: t)
            }
        },
        Endpoint(method: .post, path: "/visits/{id}/travel", summary: "The engineer sets off (after accepting without travelling)", roles: field,
                 body: nil, status: .ok, response: "Order", query: []) { request, context, service, user in
            guard let user else { throw APIError.unauthorized }
            let visit = try Query.pathInt(context, "id")
            return try await service.visitCommand(visit, user: user, request: request, "travel") { flow, t in
                try flow.startTravel(visit: visit, at: t)
            }
        },
        Endpoint(method: .post, path: "/visits/{id}/accept", summary: "The engineer accepts the visit (and sets off)", roles: field,
                 body: nil, status: .ok, response: "Order", query: []) { request, context, service, user in
            guard let user else { throw APIError.unauthorized }
            let visit = try Query.pathInt(context, "id")
            return try await service.visitCommand(visit, user: user, request: request, "accept") { flow, t in
                try flow.acceptVisit(visit: visit, at: t)
            }
        },
        Endpoint(method: .post, path: "/visits/{id}/arrive", summary: "The engineer is on site", roles: field, body: nil, status: .ok,
                 response: "Order", query: []) { request, context, service, user in
            guard let user else { throw APIError.unauthorized }
            let visit = try Query.pathInt(context, "id")
            return try await service.visitCommand(visit, user: user, request: request, "arrive") { flow, t in
                try flow.arrive(visit: visit, at: t)
            }
        },
        Endpoint(method: .post, path: "/visits/{id}/complete", summary: "The visit is over: fixed, or another visit is needed",
                 roles: field, body: "CompleteVisitRequest", status: .ok, response: "Order", query: []) { request, context, service, user in
            guard let user else { throw APIError.unauthorized }
            let visit = try Query.pathInt(context, "id")
            let body: CompleteVisitRequest = try await Body.decode(request, context, empty: CompleteVisitRequest(fixed: true))
            return try await service.visitCommand(visit, user: user, request: request, "complete", fingerprint: JSONResponse.encode(body)) { flow, t in
                try flow.completeVisit(visit: visit, fixed: body.fixed ?? true, at: t)
            }
        },
        Endpoint(method: .post, path: "/shipments/{id}/deliver", summary: "A shipment reached its destination", roles: staff,
                 body: nil, status: .ok, response: "Done", query: []) { request, context, service, user in
            guard let user else { throw APIError.unauthorized }
            let shipment = try Query.pathInt(context, "id")
            return try await service.command(user: user, request: request) { flow, t in
                try flow.deliver(shipment: shipment, at: t)
                return Done(done: "delivered", id: shipment)
            }
        },
        Endpoint(method: .post, path: "/returns/{id}/receive", summary: "A defective part arrives: its serial must be the one removed",
                 roles: staff, body: "ReceiveReturnRequest", status: .ok, response: "Done", query: []) { request, context, service, user in
            guard let user else { throw APIError.unauthorized }
            let rma = try Query.pathInt(context, "id")
            let body: ReceiveReturnRequest = try await Body.decode(request, context)
            return try await service.command(user: user, request: request, fingerprint: JSONResponse.encode(body)) { flow, t in
                try flow.receiveReturn(rma: rma, serial: body.serial, at: t)
                return Done(done: "received", id: rma)
            }
        },
        Endpoint(method: .post, path: "/returns/{id}/inspect", summary: "Re-inspection: repairable, scrap or supplier claim",
                 roles: staff, body: "InspectReturnRequest", status: .ok, response: "Done", query: []) { request, context, service, user in
            guard let user else { throw APIError.unauthorized }
            let rma = try Query.pathInt(context, "id")
            let body: InspectReturnRequest = try await Body.decode(request, context)
            return try await service.command(user: user, request: request, fingerprint: JSONResponse.encode(body)) { flow, t in
                guard let outcome = InspectionOutcome(rawValue: body.outcome) else {
                    throw APIError.badRequest("unknown outcome \(body.outcome)", field: "outcome")
                }
                try flow.inspectReturn(rma: rma, outcome: outcome, at: t)
                return Done(done: "inspected", id: rma)
            }
        },
        Endpoint(method: .post, path: "/customers", summary: "Register a customer", roles: staff, body: "CustomerRequest",
                 status: .created, response: "Done", query: []) { request, context, service, user in
            guard let user else { throw APIError.unauthorized }
            let body: CustomerRequest = try await Body.decode(request, context)
            return try await service.command(user: user, request: request, status: 201, fingerprint: JSONResponse.encode(body)) { flow, _ in
                Done(done: "registered", id: try flow.registerCustomer(code: body.code, name: body.name))
            }
        },
        Endpoint(method: .post, path: "/assets", summary: "Register an installed unit at a customer", roles: staff, body: "AssetRequest",
                 status: .created, response: "Done", query: []) { request, context, service, user in
            guard let user else { throw APIError.unauthorized }
            let body: AssetRequest = try await Body.decode(request, context)
            guard let installed = CalendarDate(parsing: body.installed) else {
                throw APIError.badRequest("installed must be a date YYYY-MM-DD", field: "installed")
            }
            var until: CalendarDate?
            if let text = body.contractUntil {
                guard let d = CalendarDate(parsing: text) else { throw APIError.badRequest("contract_until must be a date YYYY-MM-DD", field: "contract_until") }
                until = d
            }
            guard let customer = await service.customerID(code: body.customer) else {
                throw APIError(.notFound, "not_found", "no customer \(body.customer)", field: "customer")
            }
            return try await service.command(user: user, request: request, status: 201, fingerprint: JSONResponse.encode(body)) { flow, _ in
                Done(done: "registered", id: try flow.registerAsset(serial: body.serial, product: body.product, customer: customer, site: body.site,
                                                                   installed: installed, contract: body.contract, contractUntil: until,
                                                                   distanceKm: body.distanceKm ?? 0))
            }
        },
        Endpoint(method: .post, path: "/returns/{id}/repaired", summary: "An inspected repairable part is repaired back into stock",
                 roles: staff, body: nil, status: .ok, response: "Done", query: []) { request, context, service, user in
            guard let user else { throw APIError.unauthorized }
            let rma = try Query.pathInt(context, "id")
            return try await service.command(user: user, request: request) { flow, t in
                try flow.completeReturnRepair(rma: rma, at: t)
                return Done(done: "repaired", id: rma)
            }
        },
        Endpoint(method: .post, path: "/statements", summary: "Issue every settlement statement whose period has ended",
                 roles: staff, body: nil, status: .ok, response: "Done", query: []) { request, _, service, user in
            guard let user else { throw APIError.unauthorized }
            return try await service.command(user: user, request: request) { flow, t in
                let before = flow.statements.count
                try flow.issueStatements(through: t)
                return Done(done: "issued", id: flow.statements.count - before)
            }
        },
        Endpoint(method: .get, path: "/stock", summary: "Stock balances (a service point sees its own)",
                 roles: [.admin, .planner, .dispatcher, .servicePoint, .technician], body: nil, status: .ok, response: "StockList",
                 query: [("site", "string", "site code")]) { request, _, service, user in
            guard let user else { throw APIError.unauthorized }
            let site = Query.text(request.uri.queryParameters, "site")
            return JSONResponse.make(StockList(stock: try await service.stock(user: user, site: site)))
        },
        Endpoint(method: .get, path: "/kpis", summary: "The desk's KPIs recomputed from the record over a window of desk days",
                 roles: [.admin, .planner, .dispatcher], body: nil, status: .ok, response: "KPIs",
                 query: [("from", "number", "desk day, inclusive (default 0)"), ("to", "number", "desk day, exclusive (default now)")]) { request, _, service, _ in
            let q = request.uri.queryParameters
            let k = try await service.kpis(from: try Query.double(q, "from"), to: try Query.double(q, "to"))
            return JSONResponse.make(KPIView(k))
        },
    ]
}

// MARK: - Bodies and views

struct Health: Encodable { var status: String; var openOrders: Int; var deskTime: Double; var failure: String? }
struct OrderPage: Encodable { var orders: [OrderView]; var total: Int; var limit: Int; var offset: Int }
struct StockList: Encodable { var stock: [StockCellView] }
struct Done: Encodable, Sendable { var done: String; var id: Int }
struct ListPage: Encodable { var rows: [[String: JSONValue]]; var total: Int; var limit: Int; var offset: Int }
struct UserList: Encodable { var users: [DeskUser] }
struct NewUser: Encodable { var user: DeskUser; var token: String }
struct UserRequest: Codable, Sendable { var name: String; var role: String; var site: String?; var customer: String? }

struct CustomerRequest: Codable, Sendable { var code: String; var name: String }
struct AssetRequest: Codable, Sendable {
    var serial: String
    var product: String
    var customer: String
    var site: String
    var installed: String
    var contract: String?
    var contractUntil: String?
    var distanceKm: Double?
}
struct IntakeRequest: Codable, Sendable {
    var asset: String
    var faultCode: String
    var description: String?
    var priority: Int?
    var slaClass: String?
}
struct TriageRequest: Codable, Sendable { var faultCode: String; var handling: String }
struct ApprovalRequest: Codable, Sendable { var approved: Bool; var note: String? }
struct HoldRequest: Codable, Sendable { var waiting: Bool }
struct SLAClassRequest: Codable, Sendable { var slaClass: String }
struct DepotStepRequest: Codable, Sendable { var step: String }
struct SurveyRequest: Codable, Sendable { var score: Int; var reason: String }
struct CompleteVisitRequest: Codable, Sendable { var fixed: Bool? }
struct ReceiveReturnRequest: Codable, Sendable { var serial: String }
struct InspectReturnRequest: Codable, Sendable { var outcome: String }

struct KPIView: Encodable {
    var from: Double, to: Double
    var fillRate: Double?, lateralFraction: Double?, emergencyFraction: Double?
    var restored: Int, tatMeanDays: Double?, repairLoopMeanDays: Double?, firstTimeFixRate: Double?
    var stockAgeDays: Double?, averageOnHand: Double
    var restoreAttainment: [String: Double?], responseAttainment: [String: Double?], restoreAttainmentBySite: [String: Double?]
    var failureRatio: [String: Double], feeTotal: Double, feesBySite: [String: Double], surveys: Int, satisfaction: Double?
    var returnsAuthorised: Int, returnsReceived: Int, returnRatio: Double?, returnLagMeanDays: Double?, inspections: [String: Int]
    init(_ k: DeskKPIs) {
        from = k.from; to = k.to; fillRate = k.fillRate; lateralFraction = k.lateralFraction; emergencyFraction = k.emergencyFraction
        restored = k.restored; tatMeanDays = k.tatMeanDays; repairLoopMeanDays = k.repairLoopMeanDays
        firstTimeFixRate = k.firstTimeFixRate; stockAgeDays = k.stockAgeDays; averageOnHand = k.averageOnHand
        restoreAttainment = k.restoreByClass.mapValues(\.share); responseAttainment = k.responseByClass.mapValues(\.share)
        restoreAttainmentBySite = k.restoreBySite.mapValues(\.share); failureRatio = k.failureRatio
        feeTotal = k.feeTotal; feesBySite = k.feesBySite; surveys = k.surveys; satisfaction = k.satisfaction
        returnsAuthorised = k.returnsAuthorised; returnsReceived = k.returnsReceived; returnRatio = k.returnRatio
        returnLagMeanDays = k.returnLagMeanDays; inspections = k.inspections
    }
}

// MARK: - Reading requests

enum Query {
    /// A text parameter; an empty one counts as absent.
    static func text(_ q: Parameters, _ name: String) -> String? {
        guard let v = q[Substring(name)], !v.isEmpty else { return nil }
        return String(v)
    }

    static func int(_ q: Parameters, _ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = q[Substring(name)].map(String.init) else { return value }
        guard let v = Int(text), range.contains(v) else {
            throw APIError.badRequest("\(name) must be an integer in \(range.lowerBound)…\(range.upperBound), not \(text)", field: name)
        }
        return v
    }

    static func double(_ q: Parameters, _ name: String) throws -> Double? {
        guard let text = q[Substring(name)].map(String.init) else { return nil }
        guard let v = Double(text), v.isFinite, abs(v) <= 1_000_000 else {
            throw APIError.badRequest("\(name) must be a number of desk days within ±1,000,000, not \(text)", field: name)
        }
        return v
    }

    static func pathInt(_ context: DeskRequestContext, _ name: String) throws -> Int {
        guard let text = context.parameters.get(name), let v = Int(text), (0...Int(Int32.max)).contains(v) else {
            throw APIError.badRequest("\(name) in the path must be an integer in 0…\(Int32.max)", field: name)
        }
        return v
    }
}

enum Body {
    static let decoder: JSONDecoder = {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        return d
    }()

    /// Decodes a JSON body, naming the field at fault; `empty` stands for a missing body.
    static func decode<T: Decodable>(_ request: Request, _ context: DeskRequestContext, empty: T? = nil) async throws -> T {
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: 1 << 20) } catch {
            throw APIError(.contentTooLarge, "too_large", "the request body is larger than 1 MiB")
        }
        if buffer.readableBytes == 0, let empty { return empty }
        do {
            return try decoder.decode(T.self, from: Data(buffer.readableBytesView))
        } catch let DecodingError.keyNotFound(key, _) {
            throw APIError.badRequest("missing field \(key.stringValue.snakeCased)", field: key.stringValue.snakeCased)
        } catch let DecodingError.typeMismatch(_, c), let DecodingError.valueNotFound(_, c) {
            let field = c.codingPath.map(\.stringValue.snakeCased).joined(separator: ".")
            throw APIError.badRequest("field \(field) has the wrong type", field: field)
        } catch let DecodingError.dataCorrupted(c) {
            let field = c.codingPath.map(\.stringValue.snakeCased).joined(separator: ".")
            throw APIError.badRequest("the body is not valid JSON: \(c.debugDescription)", field: field.isEmpty ? nil : field)
        } catch {
            throw APIError.badRequest("the body is not valid JSON")
        }
    }

    static func idempotencyKey(_ request: Request) throws -> String? {
        guard let name = HTTPField.Name("Idempotency-Key"), let key = request.headers[name] else { return nil }
        guard (1...200).contains(key.count) else { throw APIError.badRequest("Idempotency-Key must have 1–200 characters", field: "Idempotency-Key") }
        return key
    }

    /// `If-Match: "<version>"`, if given.
    static func ifMatch(_ request: Request) throws -> Int? {
        // An empty If-Match header is no condition (some clients send optional headers empty).
        guard let value = request.headers[.ifMatch], !value.isEmpty else { return nil }
        let trimmed = value.trimmingCharacters(in: CharacterSet(charactersIn: "\" W/"))
        guard trimmed.count <= 15, let v = Int(trimmed) else { throw APIError.badRequest("If-Match must be an ETag from GET, like \"42\"", field: "If-Match") }
        return v
    }
}

extension String {
    /// `faultCode` → `fault_code`.
    var snakeCased: String {
        var out = ""
        for ch in self {
            if ch.isUppercase { out += "_" + ch.lowercased() } else { out.append(ch) }
        }
        return out
    }
}

// MARK: - Middleware

/// Bearer tokens: `Authorization: Bearer <token>` → the user (unknown tokens are refused).
struct AuthMiddleware: RouterMiddleware {
    typealias Context = DeskRequestContext
    let service: DeskService

    func handle(_ request: Request, context: DeskRequestContext, next: (Request, DeskRequestContext) async throws -> Response) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization] {
            guard header.hasPrefix("Bearer "), header.count > 7 else {
                throw APIError(.unauthorized, "unauthorized", "Authorization must be \"Bearer <token>\"", field: "Authorization")
            }
            let token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
            guard let user = try await service.user(tokenHash: Tokens.hash(token)) else {
                throw APIError(.unauthorized, "unauthorized", "unknown token", field: "Authorization")
            }
            context.user = user
        }
        return try await next(request, context)
    }
}

/// Every error becomes a JSON error; anything unexpected is a 500 without internals.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = DeskRequestContext
    func handle(_ request: Request, context: DeskRequestContext, next: (Request, DeskRequestContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch let error as HTTPError {
            if error.status == .notFound, let allowed = DeskAPI.methods(forPath: request.uri.path), !allowed.isEmpty {
                var response = try APIError(.methodNotAllowed, "method_not_allowed",
                                            "\(request.method.rawValue) is not served at \(request.uri.path); allowed: \(allowed.joined(separator: ", "))")
                    .response(from: request, context: context)
                response.headers[.allow] = allowed.joined(separator: ", ")
                return response
            }
            return try APIError(error.status, "http_error", error.body ?? "\(error.status)").response(from: request, context: context)
        } catch let error as DeskStoreError {
            context.logger.error("store: \(error.description)")
            return try APIError(.serviceUnavailable, "store_failed", error.description).response(from: request, context: context)
        } catch {
            context.logger.error("unexpected: \(error)")
            return try APIError(.internalServerError, "internal", "internal error").response(from: request, context: context)
        }
    }
}
