import Foundation
import HTTPTypes
import Logging
import Hummingbird
import ScenarioModel
import ServiceDesk

extension DeskAPI {
    /// The field and the logistics: visits, shipments, defective-part returns and their inspection.
    static let fieldEndpoints: [Endpoint] = [
        Endpoint(method: .post, path: "/visits/{id}/travel", summary: "The engineer sets off (after accepting without travelling)", roles: field,
                 body: nil, status: .ok, response: "Order", query: []) { request, context, service, user in
            let visit = try Query.pathInt(context, "id")
            return try await service.visitCommand(visit, user: user, request: request, "travel") { flow, t in
                try flow.startTravel(visit: visit, at: t)
            }
        },
        Endpoint(method: .post, path: "/visits/{id}/accept", summary: "The engineer accepts the visit (and sets off)", roles: field,
                 body: nil, status: .ok, response: "Order", query: []) { request, context, service, user in
            let visit = try Query.pathInt(context, "id")
            return try await service.visitCommand(visit, user: user, request: request, "accept") { flow, t in
                try flow.acceptVisit(visit: visit, at: t)
            }
        },
        Endpoint(method: .post, path: "/visits/{id}/arrive", summary: "The engineer is on site", roles: field, body: nil, status: .ok,
                 response: "Order", query: []) { request, context, service, user in
            let visit = try Query.pathInt(context, "id")
            return try await service.visitCommand(visit, user: user, request: request, "arrive") { flow, t in
                try flow.arrive(visit: visit, at: t)
            }
        },
        Endpoint(method: .post, path: "/visits/{id}/complete", summary: "The visit is over: fixed, or another visit is needed",
                 roles: field, body: "CompleteVisitRequest", status: .ok, response: "Order", query: []) { request, context, service, user in
            let visit = try Query.pathInt(context, "id")
            let body: CompleteVisitRequest = try await Body.decode(request, context, empty: CompleteVisitRequest(fixed: true))
            return try await service.visitCommand(visit, user: user, request: request, "complete", fingerprint: JSONResponse.encode(body)) { flow, t in
                try flow.completeVisit(visit: visit, fixed: body.fixed ?? true, at: t)
            }
        },
        Endpoint(method: .post, path: "/shipments/{id}/deliver", summary: "A shipment reached its destination", roles: staff,
                 body: nil, status: .ok, response: "Done", query: []) { request, context, service, user in
            let shipment = try Query.pathInt(context, "id")
            return try await service.command(user: user, request: request) { flow, t in
                try flow.deliver(shipment: shipment, at: t)
                return Done(done: "delivered", id: shipment)
            }
        },
        Endpoint(method: .post, path: "/returns/{id}/receive", summary: "A defective part arrives: its serial must be the one removed",
                 roles: staff, body: "ReceiveReturnRequest", status: .ok, response: "Done", query: []) { request, context, service, user in
            let rma = try Query.pathInt(context, "id")
            let body: ReceiveReturnRequest = try await Body.decode(request, context)
            return try await service.command(user: user, request: request, fingerprint: JSONResponse.encode(body)) { flow, t in
                try flow.receiveReturn(rma: rma, serial: body.serial, at: t)
                return Done(done: "received", id: rma)
            }
        },
        Endpoint(method: .post, path: "/returns/{id}/inspect", summary: "Re-inspection: repairable, scrap or supplier claim",
                 roles: staff, body: "InspectReturnRequest", status: .ok, response: "Done", query: []) { request, context, service, user in
            let rma = try Query.pathInt(context, "id")
            let body: InspectReturnRequest = try await Body.decode(request, context)
            return try await service.command(user: user, request: request, fingerprint: JSONResponse.encode(body)) { flow, t in
                guard let outcome = InspectionOutcome(rawValue: body.outcome) else {
                    throw APIError.badRequest("unknown outcome \(body.outcome)", field: "outcome")
                }
                try flow.inspectReturn(rma: rma, outcome: outcome, at: t)
                return Done(done: "inspected", id: rma)
            }
        }
    ]
}
