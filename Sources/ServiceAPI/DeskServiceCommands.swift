import Foundation
import HTTPTypes
import Hummingbird
import ScenarioModel
import ServiceDesk

extension DeskService {
    /// `POST /orders`: intake for an asset the caller may act for.
    func intake(_ body: IntakeRequest, user: DeskUser, key: String?) throws -> Response {
        guard let a = assetIndex(serial: body.asset), let asset = asset(a) else {
            throw APIError(.notFound, "not_found", "no asset with serial \(body.asset)", field: "asset")
        }
        switch user.role {
        case .servicePoint where asset.site != user.site, .customer where asset.customer != user.customer:
            throw APIError.forbidden("asset \(body.asset) is not yours")
        default:
            break
        }
        let request = "POST /orders \(JSONResponse.encode(body))"
        let (status, json) = try run(user: user, key: key, request: request, status: 201) { flow, t in
            let order = try flow.intake(asset: a, faultCode: body.faultCode, description: body.description ?? "", priority: body.priority ?? 3,
                                        slaClass: body.slaClass, at: t)
            return OrderRef(order: order)
        }
        return try orderResponse(json: json, status: status, user: user)
    }

    /// A command on an order the caller may see (404 otherwise), honouring `If-Match` and the
    /// idempotency key; answers with the order as it is after the command.
    func orderCommand(_ id: Int, user: DeskUser, request: Request, _ name: String, fingerprint: String = "",
                      _ body: (inout ServiceWorkflow<SQLiteStore>, Double) throws -> Void) throws -> Response {
        guard let current = try order(id, user: user) else { throw APIError.notFound("order \(id)") }
        if let expected = try Body.ifMatch(request), expected != current.version {
            throw APIError(.preconditionFailed, "version_mismatch",
                           "order \(id) is at version \(current.version), not \(expected); read it again", field: "If-Match")
        }
        let (status, json) = try run(user: user, key: try Body.idempotencyKey(request), request: "POST /orders/\(id)/\(name) \(fingerprint)") { flow, t in
            try body(&flow, t)
            return OrderRef(order: id)
        }
        return try orderResponse(json: json, status: status, user: user)
    }

    /// A command on a visit under way, for a caller who may see its order.
    func visitCommand(_ visit: Int, user: DeskUser, request: Request, _ name: String, fingerprint: String = "",
                      _ body: (inout ServiceWorkflow<SQLiteStore>, Double) throws -> Void) throws -> Response {
        guard let id = visitOrder(visit), try order(id, user: user) != nil else { throw APIError.notFound("visit \(visit) under way") }
        let (status, json) = try run(user: user, key: try Body.idempotencyKey(request), request: "POST /visits/\(visit)/\(name) \(fingerprint)") { flow, t in
            try body(&flow, t)
            return OrderRef(order: id)
        }
        return try orderResponse(json: json, status: status, user: user)
    }

    /// A staff command answered with what it did.
    func command(user: DeskUser, request: Request, status: Int = 200, fingerprint: String = "",
                 _ body: (inout ServiceWorkflow<SQLiteStore>, Double) throws -> Done) throws -> Response {
        let (status, json) = try run(user: user, key: try Body.idempotencyKey(request),
                                     request: "\(request.method.rawValue) \(request.uri.path) \(fingerprint)", status: status) { flow, t in try body(&flow, t) }
        return JSONResponse.raw(json, status: HTTPResponse.Status(code: status))
    }

    func customerID(code: String) -> Int? { flow.customers.first { $0.code == code }?.id }

    /// The order a command answered with, as the caller sees it now.
    private func orderResponse(json: String, status: Int, user: DeskUser) throws -> Response {
        guard let ref = try? Body.decoder.decode(OrderRef.self, from: Data(json.utf8)), let view = try order(ref.order, user: user) else {
            return JSONResponse.raw(json, status: HTTPResponse.Status(code: status))
        }
        var headers = HTTPFields()
        headers[.eTag] = "\"\(view.version)\""
        if status == 201 { headers[.location] = "/orders/\(view.id)" }
        return JSONResponse.make(view, status: HTTPResponse.Status(code: status), headers: headers)
    }
}

/// What a command stores as its idempotent answer: the order it concerned.
struct OrderRef: Codable, Sendable { var order: Int }
