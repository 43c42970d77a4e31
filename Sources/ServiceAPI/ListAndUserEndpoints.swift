import Foundation
import HTTPTypes
import Logging
import Hummingbird
import ScenarioModel
import ServiceDesk

extension DeskAPI {
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
                context.logger.error("store: \(error.description)")
                throw APIError.store(error, conflict: "cannot add \(body.name): \(error.message)", field: "name")
            }
        },
    ]
}
