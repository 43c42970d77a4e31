import Foundation
import HTTPTypes
import Logging
import Hummingbird
import ScenarioModel
import ServiceDesk

extension DeskAPI {
    /// The record's reference data and figures: customers, assets, repaired returns, statements, stock, KPIs.
    static let recordEndpoints: [Endpoint] = [
        Endpoint(method: .post, path: "/customers", summary: "Register a customer", roles: staff, body: "CustomerRequest",
                 status: .created, response: "Done", query: []) { request, context, service, user in
            let body: CustomerRequest = try await Body.decode(request, context)
            return try await service.command(user: user, request: request, status: 201, fingerprint: JSONResponse.encode(body)) { flow, _ in
                Done(done: "registered", id: try flow.registerCustomer(code: body.code, name: body.name))
            }
        },
        Endpoint(method: .post, path: "/assets", summary: "Register an installed unit at a customer", roles: staff, body: "AssetRequest",
                 status: .created, response: "Done", query: []) { request, context, service, user in
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
            let rma = try Query.pathInt(context, "id")
            return try await service.command(user: user, request: request) { flow, t in
                try flow.completeReturnRepair(rma: rma, at: t)
                return Done(done: "repaired", id: rma)
            }
        },
        Endpoint(method: .post, path: "/statements", summary: "Issue every settlement statement whose period has ended",
                 roles: staff, body: nil, status: .ok, response: "Done", query: []) { request, _, service, user in
            return try await service.command(user: user, request: request) { flow, t in
                let before = flow.statements.count
                try flow.issueStatements(through: t)
                return Done(done: "issued", id: flow.statements.count - before)
            }
        },
        Endpoint(method: .get, path: "/stock", summary: "Stock balances (a service point sees its own)",
                 roles: [.admin, .planner, .dispatcher, .servicePoint, .technician], body: nil, status: .ok, response: "StockList",
                 query: [("site", "string", "site code")]) { request, _, service, user in
            let site = Query.text(request.uri.queryParameters, "site")
            return JSONResponse.make(StockList(stock: try await service.stock(user: user, site: site)))
        },
        Endpoint(method: .get, path: "/kpis", summary: "The desk's KPIs recomputed from the record over a window of desk days",
                 roles: [.admin, .planner, .dispatcher], body: nil, status: .ok, response: "KPIs",
                 query: [("from", "number", "desk day, inclusive (default 0)"), ("to", "number", "desk day, exclusive (default now)")]) { request, _, service, _ in
            let q = request.uri.queryParameters
            let k = try await service.kpis(from: try Query.double(q, "from"), to: try Query.double(q, "to"))
            return JSONResponse.make(KPIView(k))
        }
    ]
}
