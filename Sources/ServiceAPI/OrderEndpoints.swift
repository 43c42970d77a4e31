import Foundation
import HTTPTypes
import Logging
import Hummingbird
import ScenarioModel
import ServiceDesk

extension DeskAPI {
    /// A service order's life: intake, triage, approval, holds, the survey, priority, cancellation, depot repair.
    static let orderEndpoints: [Endpoint] = [
        Endpoint(method: .get, path: "/orders", summary: "Service orders visible to the caller, newest first", roles: everyone, body: nil,
                 status: .ok, response: "OrderPage",
                 query: [("state", "string", "core state, e.g. engineer_dispatched"), ("stage", "string", "workflow stage, e.g. awaiting_callback"),
                         ("site", "string", "service point code"), ("opened_from", "number", "desk day, inclusive"),
                         ("opened_to", "number", "desk day, exclusive"), ("limit", "integer", "page size, 1–500 (default 50)"),
                         ("offset", "integer", "rows to skip (default 0)")]) { request, _, service, user in
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
            let id = try Query.pathInt(context, "id")
            guard let order = try await service.order(id, user: user) else { throw APIError.notFound("order \(id)") }
            var headers = HTTPFields()
            headers[.eTag] = "\"\(order.version)\""
            return JSONResponse.make(order, headers: headers)
        },
        Endpoint(method: .post, path: "/orders", summary: "Intake: a new service order for an asset (Idempotency-Key honoured)",
                 roles: [.admin, .dispatcher, .servicePoint, .customer], body: "IntakeRequest", status: .created, response: "Order",
                 query: []) { request, context, service, user in
            let body: IntakeRequest = try await Body.decode(request, context)
            return try await service.intake(body, user: user, key: Body.idempotencyKey(request))
        },
        Endpoint(method: .post, path: "/orders/{id}/triage", summary: "Triage: the confirmed fault code and the handling",
                 roles: [.admin, .dispatcher, .servicePoint], body: "TriageRequest", status: .ok, response: "Order",
                 query: []) { request, context, service, user in
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
            let id = try Query.pathInt(context, "id")
            let body: ApprovalRequest = try await Body.decode(request, context)
            return try await service.orderCommand(id, user: user, request: request, "approval", fingerprint: JSONResponse.encode(body)) { flow, t in
                try flow.decideApproval(order: id, approved: body.approved, by: user.name, note: body.note ?? "", at: t)
            }
        },
        Endpoint(method: .post, path: "/orders/{id}/hold", summary: "Waiting for the customer (or no longer): SLA watches pause",
                 roles: [.admin, .dispatcher, .servicePoint], body: "HoldRequest", status: .ok, response: "Order",
                 query: []) { request, context, service, user in
            let id = try Query.pathInt(context, "id")
            let body: HoldRequest = try await Body.decode(request, context)
            return try await service.orderCommand(id, user: user, request: request, "hold", fingerprint: JSONResponse.encode(body)) { flow, t in
                try flow.hold(order: id, waiting: body.waiting, at: t)
            }
        },
        Endpoint(method: .post, path: "/orders/{id}/survey", summary: "The satisfaction callback: closes and settles the order",
                 roles: [.admin, .dispatcher, .customer], body: "SurveyRequest", status: .ok, response: "Order",
                 query: []) { request, context, service, user in
            let id = try Query.pathInt(context, "id")
            let body: SurveyRequest = try await Body.decode(request, context)
            return try await service.orderCommand(id, user: user, request: request, "survey", fingerprint: JSONResponse.encode(body)) { flow, t in
                try flow.survey(order: id, score: body.score, reason: body.reason, at: t)
            }
        },
        Endpoint(method: .post, path: "/orders/{id}/sla-class", summary: "A priority change: the order's new SLA class (watches keep their time)",
                 roles: [.admin, .dispatcher], body: "SLAClassRequest", status: .ok, response: "Order", query: []) { request, context, service, user in
            let id = try Query.pathInt(context, "id")
            let body: SLAClassRequest = try await Body.decode(request, context)
            return try await service.orderCommand(id, user: user, request: request, "sla-class", fingerprint: JSONResponse.encode(body)) { flow, t in
                try flow.changeSLAClass(order: id, to: body.slaClass, at: t)
            }
        },
        Endpoint(method: .post, path: "/orders/{id}/cancel", summary: "Cancel an order no engineer has reached",
                 roles: [.admin, .dispatcher, .servicePoint, .customer], body: nil, status: .ok, response: "Order", query: []) { request, context, service, user in
            let id = try Query.pathInt(context, "id")
            return try await service.orderCommand(id, user: user, request: request, "cancel") { flow, t in
                try flow.cancel(order: id, at: t)
            }
        },
        Endpoint(method: .post, path: "/orders/{id}/depot-step", summary: "A depot repair's next step: collected, received, repaired, shipped, delivered",
                 roles: [.admin, .dispatcher], body: "DepotStepRequest", status: .ok, response: "Order", query: []) { request, context, service, user in
            let id = try Query.pathInt(context, "id")
            let body: DepotStepRequest = try await Body.decode(request, context)
            return try await service.orderCommand(id, user: user, request: request, "depot-step", fingerprint: JSONResponse.encode(body)) { flow, t in
                guard let step = DepotStep(rawValue: body.step) else { throw APIError.badRequest("unknown step \(body.step)", field: "step") }
                try flow.depotStep(order: id, step, at: t)
            }
        }
    ]
}
