import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import ScenarioModel
import ServiceAPI
import ServiceDesk
import Synchronization
import Testing

/// The HTTP API over a fresh desk: authentication, roles and their scoping, the workflow over
/// HTTP, idempotency, optimistic concurrency and JSON errors for bad input.
@Suite("Service desk API")
struct APITests {
    static let yaml = """
    format: 1
    name: api
    currency: EUR
    start_date: 2026-01-01
    lane_defaults:
      replenishment: {lead_time: 1}
      lateral: {lead_time: 0.2}
      emergency: {lead_time: 0.5}
      return: {lead_time: 2}
    policies:
      sourcing: [own, lateral, parent, emergency]
      dispatch: home_service_point
      stock_levels:
        - {site: CW, item: X, level: 3}
        - {site: A, item: X, level: 2}
        - {site: B, item: X, level: 2}
        - {site: A, item: R, level: 1}
    products: [{id: P}]
    items:
      - {id: X, unit_cost: 10, failure_rate: 0.1, used_in: {P: 1}, supplier_lead_time: 5}
      - {id: R, unit_cost: 50, failure_rate: 0.1, used_in: {P: 1}, repairable: true, repair_site: CW, repair_time: 3, supplier_lead_time: 20}
    sites:
      - {id: CW, kind: central_warehouse, lat: 50, lon: 8}
      - {id: A, kind: service_point, parent: CW, lat: 50.1, lon: 8, pool: G, engineers: 1}
      - {id: B, kind: service_point, parent: CW, lat: 50.2, lon: 8, pool: G, engineers: 1}
    installed_base:
      - {site: A, product: P, units: 10}
      - {site: B, product: P, units: 10}
    sla_classes:
      - {id: std, response_hours: 4, restore_hours: 8, clock: continuous}
    default_sla_class: std
    service_desk:
      approval_threshold: 100
      handling_costs: {on_site_repair: 40, replacement: 500}
      warranty: [{product: P, months: 12}]
      fault_codes:
        - {product: P, code: X-FAIL, item: X, handling: on_site_repair}
        - {product: P, code: R-FAIL, item: R, handling: on_site_repair}
        - {product: P, code: SOFT, handling: remote_fix}
      tariffs:
        - {job: on_site_repair, warranty: any, fee: 90}
    """

    /// A desk with two customers (one asset each, at A and at B) and a user per role.
    struct Fixture {
        let app: Application<RouterResponder<DeskRequestContext>>
        let tokens: [String: String]
        let dir: Folder
    }

    /// A temporary folder removed when the last reference goes.
    final class Folder: Sendable {
        let url: URL
        init() throws {
            url = FileManager.default.temporaryDirectory.appendingPathComponent("echelon-api-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(at: url) }
    }

    static func fixture() async throws -> Fixture {
        let s = try ScenarioLoader.load(yaml: yaml, file: "api.yaml", baseDirectory: nil)
        let dir = try Folder()
        let service = try DeskService.create(scenario: s, database: dir.url.appendingPathComponent("desk.sqlite").path, clock: { 1.0 })
        var tokens: [String: String] = [:]
        let admin = try await service.addUser(name: "ada", role: .admin).1
        tokens["admin"] = admin
        let app = DeskAPI.application(service: service)
        // Reference data over the API itself.
        try await app.test(.router) { client in
            for (code, serial, site) in [("C-A", "SN-A", "A"), ("C-B", "SN-B", "B")] {
                try await client.execute(uri: "/customers", method: .post, headers: auth(admin), body: json(["code": code, "name": code])) {
                    #expect($0.status == .created)
                }
                try await client.execute(uri: "/assets", method: .post, headers: auth(admin),
                                         body: json(["serial": serial, "product": "P", "customer": code, "site": site, "installed": "2025-06-01"])) {
                    #expect($0.status == .created)
                }
            }
        }
        tokens["planner"] = try await service.addUser(name: "pia", role: .planner).1
        tokens["dispatcher"] = try await service.addUser(name: "dan", role: .dispatcher).1
        tokens["service_point"] = try await service.addUser(name: "spa", role: .servicePoint, site: "A").1
        tokens["technician"] = try await service.addUser(name: "tia", role: .technician, site: "A").1
        tokens["customer"] = try await service.addUser(name: "cub", role: .customer, customer: "C-B").1
        return Fixture(app: app, tokens: tokens, dir: dir)
    }

    static func auth(_ token: String?, _ extra: [(String, String)] = []) -> HTTPFields {
        var h = HTTPFields()
        if let token { h[.authorization] = "Bearer \(token)" }
        h[.contentType] = "application/json"
        for (k, v) in extra { if let name = HTTPField.Name(k) { h[name] = v } }
        return h
    }

    static func json(_ object: [String: Any]) -> ByteBuffer {
        ByteBuffer(string: String(decoding: (try? JSONSerialization.data(withJSONObject: object)) ?? Data(), as: UTF8.self))
    }

    static func object(_ r: TestResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(r.body.readableBytesView))) as? [String: Any] ?? [:]
    }

    static func errorField(_ r: TestResponse) -> String? { (object(r)["error"] as? [String: Any])?["field"] as? String }
    static func errorCode(_ r: TestResponse) -> String? { (object(r)["error"] as? [String: Any])?["code"] as? String }

    @Test func healthAndDocument() async throws {
        let f = try await Self.fixture()
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/health", method: .get) { r in
                #expect(r.status == .ok && Self.object(r)["status"] as? String == "ok")
            }
            try await client.execute(uri: "/openapi.json", method: .get) { r in
                let doc = Self.object(r)
                #expect(doc["openapi"] as? String == "3.1.0")
                let paths = doc["paths"] as? [String: [String: Any]] ?? [:]
                // The document lists exactly the routes the router serves.
                #expect(Set(paths.keys) == ["/health", "/openapi.json", "/orders", "/orders/{id}", "/orders/{id}/triage", "/orders/{id}/approval",
                                            "/orders/{id}/hold", "/orders/{id}/survey", "/visits/{id}/accept", "/visits/{id}/arrive",
                                            "/visits/{id}/complete", "/shipments/{id}/deliver", "/returns/{id}/receive",
                                            "/returns/{id}/inspect", "/customers", "/assets", "/stock", "/kpis", "/shipments", "/visits",
                                            "/returns", "/settlements", "/statements", "/surveys", "/users", "/", "/metrics",
                                            "/assets", "/customers", "/orders/{id}/sla-class", "/orders/{id}/cancel",
                                            "/orders/{id}/depot-step", "/visits/{id}/travel", "/returns/{id}/repaired", "/audit"])
                #expect(Set((paths["/statements"] ?? [:]).keys) == ["get", "post"])
                #expect(Set((paths["/orders"] ?? [:]).keys) == ["get", "post"])
                #expect(Set((paths["/assets"] ?? [:]).keys) == ["get", "post"])
            }
        }
    }

    @Test func authenticationIsRequired() async throws {
        let f = try await Self.fixture()
        try await f.app.test(.router) { client in
            try await client.execute(uri: "/orders", method: .get) { r in
                #expect(r.status == .unauthorized && Self.errorCode(r) == "unauthorized")
            }
            try await client.execute(uri: "/orders", method: .get, headers: Self.auth("not-a-token")) { r in
                #expect(r.status == .unauthorized && Self.errorField(r) == "Authorization")
            }
            var basic = HTTPFields()
            basic[.authorization] = "Basic abc"
            try await client.execute(uri: "/orders", method: .get, headers: basic) { r in #expect(r.status == .unauthorized) }
        }
    }

    /// The OpenAPI document and the answers agree: every key an answer carries is a property of
    /// its schema, and every required property is there (a renamed field in a Codable view fails
    /// here, as lateral_share → lateral_fraction would have).
    @Test func answersMatchTheirSchemas() async throws {
        let f = try await Self.fixture()
        let a = Self.auth(f.tokens["admin"])
        try await f.app.test(.router) { client in
            _ = try await client.execute(uri: "/orders", method: .post, headers: a,
                                         body: Self.json(["asset": "SN-A", "fault_code": "X-FAIL"])) { $0 }
            let document = try await client.execute(uri: "/openapi.json", method: .get) { Self.object($0) }
            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])
            func check(_ object: [String: Any], _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
                guard let schema = schemas[name] as? [String: Any], let properties = schema["properties"] as? [String: Any] else {
                    Issue.record("no schema \(name) with properties", sourceLocation: sourceLocation)
                    return
                }
                let keys = Set(object.keys), known = Set(properties.keys), required = Set(schema["required"] as? [String] ?? [])
                #expect(keys.subtracting(known).isEmpty, "\(name): undocumented \(keys.subtracting(known).sorted())", sourceLocation: sourceLocation)
                #expect(required.subtracting(keys).isEmpty, "\(name): missing \(required.subtracting(keys).sorted())", sourceLocation: sourceLocation)
            }
            check(try await client.execute(uri: "/health", method: .get) { Self.object($0) }, "Health")
            let kpis = try await client.execute(uri: "/kpis", method: .get, headers: a) { Self.object($0) }
            check(kpis, "KPIs")
            let page = try await client.execute(uri: "/orders", method: .get, headers: a) { Self.object($0) }
            check(page, "OrderPage")
            let order = try #require((page["orders"] as? [[String: Any]])?.first)
            check(order, "Order")
            check(try await client.execute(uri: "/orders/\(order["id"] as? Int ?? 0)", method: .get, headers: a) { Self.object($0) }, "Order")
            let stock = try await client.execute(uri: "/stock", method: .get, headers: a) { Self.object($0) }
            check(stock, "StockList")
            for row in stock["stock"] as? [[String: Any]] ?? [] {
                let items = ((schemas["StockList"] as? [String: Any])?["properties"] as? [String: Any])?["stock"] as? [String: Any]
                let rowSchema = items?["items"] as? [String: Any]
                #expect(Set(row.keys) == Set((rowSchema?["properties"] as? [String: Any] ?? [:]).keys))
            }
            let users = try await client.execute(uri: "/users", method: .get, headers: a) { Self.object($0) }
            check(users, "UserList")
            for user in users["users"] as? [[String: Any]] ?? [] { check(user, "DeskUser") }
        }
    }

    /// Intake → triage → visit → survey over HTTP, with ETags, Location and the desk's answers.
    @Test func workflowOverHTTP() async throws {
        let f = try await Self.fixture()
        let d = Self.auth(f.tokens["dispatcher"])
        try await f.app.test(.router) { client in
            let created = try await client.execute(uri: "/orders", method: .post, headers: d,
                                                   body: Self.json(["asset": "SN-A", "fault_code": "X-FAIL", "priority": 2])) { $0 }
            #expect(created.status == .created && created.headers[.location] == "/orders/0")
            let order = Self.object(created)
            #expect(order["stage"] as? String == "intake" && order["entitlement"] as? String == "warranty" && order["site"] as? String == "A")
            try await client.execute(uri: "/orders/0/triage", method: .post, headers: d,
                                     body: Self.json(["fault_code": "X-FAIL", "handling": "on_site_repair"])) { r in
                #expect(r.status == .ok && Self.object(r)["state"] as? String == "engineer_dispatched")
            }
            for step in ["accept", "arrive"] {
                try await client.execute(uri: "/visits/0/\(step)", method: .post, headers: d) { r in #expect(r.status == .ok) }
            }
            try await client.execute(uri: "/visits/0/complete", method: .post, headers: d, body: Self.json(["fixed": true])) { r in
                #expect(Self.object(r)["stage"] as? String == "awaiting_callback")
            }
            try await client.execute(uri: "/orders/0/survey", method: .post, headers: d, body: Self.json(["score": 5, "reason": "fast"])) { r in
                #expect(Self.object(r)["state"] as? String == "closed" && Self.object(r)["stage"] as? String == "done")
            }
            try await client.execute(uri: "/kpis", method: .get, headers: d) { r in
                let k = Self.object(r)
                #expect(k["fee_total"] as? Double == 90 && k["surveys"] as? Int == 1 && k["first_time_fix_rate"] as? Double == 1)
                // A consumable part: nothing to send back, so no return and no ratio.
                #expect(k["returns_authorised"] as? Int == 0 && k["return_ratio"] == nil && (k["inspections"] as? [String: Int])?.isEmpty == true)
            }
            try await client.execute(uri: "/stock?site=A", method: .get, headers: d) { r in
                let rows = Self.object(r)["stock"] as? [[String: Any]] ?? []
                #expect(rows.first { $0["item"] as? String == "X" }?["on_hand"] as? Int == 1)
            }
        }
    }

    /// Every endpoint × role: a role outside the endpoint's list gets 403; one inside passes the gate.
    @Test func roleMatrix() async throws {
        let f = try await Self.fixture()
        let routes: [(HTTPRequest.Method, String, Set<String>)] = [
            (.get, "/orders", ["admin", "planner", "dispatcher", "service_point", "technician", "customer"]),
            (.get, "/orders/0", ["admin", "planner", "dispatcher", "service_point", "technician", "customer"]),
            (.post, "/orders", ["admin", "dispatcher", "service_point", "customer"]),
            (.post, "/orders/0/triage", ["admin", "dispatcher", "service_point"]),
            (.post, "/orders/0/approval", ["admin", "dispatcher"]),
            (.post, "/orders/0/hold", ["admin", "dispatcher", "service_point"]),
            (.post, "/orders/0/survey", ["admin", "dispatcher", "customer"]),
            (.post, "/visits/0/accept", ["admin", "dispatcher", "service_point", "technician"]),
            (.post, "/visits/0/arrive", ["admin", "dispatcher", "service_point", "technician"]),
            (.post, "/visits/0/complete", ["admin", "dispatcher", "service_point", "technician"]),
            (.post, "/shipments/0/deliver", ["admin", "dispatcher"]),
            (.post, "/orders/0/sla-class", ["admin", "dispatcher"]),
            (.post, "/orders/0/cancel", ["admin", "dispatcher", "service_point", "customer"]),
            (.post, "/orders/0/depot-step", ["admin", "dispatcher"]),
            (.post, "/visits/0/travel", ["admin", "dispatcher", "service_point", "technician"]),
            (.post, "/returns/0/repaired", ["admin", "dispatcher"]),
            (.post, "/statements", ["admin", "dispatcher"]),
            (.get, "/audit", ["admin"]),
            (.post, "/returns/0/receive", ["admin", "dispatcher"]),
            (.post, "/returns/0/inspect", ["admin", "dispatcher"]),
            (.post, "/customers", ["admin", "dispatcher"]),
            (.post, "/assets", ["admin", "dispatcher"]),
            (.get, "/stock", ["admin", "planner", "dispatcher", "service_point", "technician"]),
            (.get, "/kpis", ["admin", "planner", "dispatcher"]),
            (.get, "/shipments", ["admin", "planner", "dispatcher", "service_point"]),
            (.get, "/visits", ["admin", "planner", "dispatcher", "service_point", "technician"]),
            (.get, "/returns", ["admin", "planner", "dispatcher", "service_point"]),
            (.get, "/settlements", ["admin", "planner", "dispatcher", "service_point"]),
            (.get, "/statements", ["admin", "planner", "dispatcher", "service_point"]),
            (.get, "/surveys", ["admin", "planner", "dispatcher", "service_point", "customer"]),
            (.get, "/users", ["admin"]),
            (.get, "/assets", ["admin", "planner", "dispatcher", "service_point", "customer"]),
            (.get, "/customers", ["admin", "planner", "dispatcher", "service_point", "customer"]),
            (.post, "/users", ["admin"]),
        ]
        try await f.app.test(.router) { client in
            for (method, uri, allowed) in routes {
                for role in DeskRole.allCases.map(\.rawValue) {
                    try await client.execute(uri: uri, method: method, headers: Self.auth(f.tokens[role]), body: ByteBuffer(string: "{}")) { r in
                        if allowed.contains(role) {
                            #expect(r.status != .forbidden && r.status != .unauthorized, "\(role) \(method) \(uri): \(r.status)")
                        } else {
                            #expect(r.status == .forbidden, "\(role) \(method) \(uri): \(r.status)")
                        }
                        #expect(r.status.code < 500, "\(role) \(method) \(uri): \(r.status)")
                    }
                }
            }
        }
    }

    /// Scoping: a service point sees its site's orders, a customer its own; others are 404.
    @Test func rolesSeeTheirOwn() async throws {
        let f = try await Self.fixture()
        try await f.app.test(.router) { client in
            for serial in ["SN-A", "SN-B"] {
                try await client.execute(uri: "/orders", method: .post, headers: Self.auth(f.tokens["dispatcher"]),
                                         body: Self.json(["asset": serial, "fault_code": "SOFT"])) { #expect($0.status == .created) }
            }
            try await client.execute(uri: "/orders", method: .get, headers: Self.auth(f.tokens["service_point"])) { r in
                let orders = Self.object(r)["orders"] as? [[String: Any]] ?? []
                #expect(orders.map { $0["site"] as? String } == ["A"] && Self.object(r)["total"] as? Int == 1)
            }
            try await client.execute(uri: "/orders", method: .get, headers: Self.auth(f.tokens["customer"])) { r in
                let orders = Self.object(r)["orders"] as? [[String: Any]] ?? []
                #expect(orders.map { $0["customer"] as? String } == ["C-B"])
            }
            try await client.execute(uri: "/orders/1", method: .get, headers: Self.auth(f.tokens["service_point"])) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/orders/0", method: .get, headers: Self.auth(f.tokens["customer"])) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/orders", method: .get, headers: Self.auth(f.tokens["planner"])) { r in
                #expect(Self.object(r)["total"] as? Int == 2)
            }
            // A customer may not open an order for someone else's asset; a service point not for another site's.
            try await client.execute(uri: "/orders", method: .post, headers: Self.auth(f.tokens["customer"]),
                                     body: Self.json(["asset": "SN-A", "fault_code": "SOFT"])) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/stock?site=B", method: .get, headers: Self.auth(f.tokens["service_point"])) { #expect($0.status == .forbidden) }
            // Lists follow the same rule: both orders were remote fixes, surveyed here at A and B.
            for id in 0..<2 {
                try await client.execute(uri: "/orders/\(id)/triage", method: .post, headers: Self.auth(f.tokens["dispatcher"]),
                                         body: Self.json(["fault_code": "SOFT", "handling": "remote_fix"])) { #expect($0.status == .ok) }
                try await client.execute(uri: "/orders/\(id)/survey", method: .post, headers: Self.auth(f.tokens["dispatcher"]),
                                         body: Self.json(["score": 4 + id, "reason": "ok"])) { #expect($0.status == .ok) }
            }
            try await client.execute(uri: "/surveys", method: .get, headers: Self.auth(f.tokens["customer"])) { r in
                let rows = Self.object(r)["rows"] as? [[String: Any]] ?? []
                #expect(rows.map { $0["score"] as? Int } == [5] && Self.object(r)["total"] as? Int == 1)
            }
            try await client.execute(uri: "/settlements?job=remote_fix", method: .get, headers: Self.auth(f.tokens["service_point"])) { r in
                let rows = Self.object(r)["rows"] as? [[String: Any]] ?? []
                #expect(rows.map { $0["site"] as? String } == ["A"])
            }
            try await client.execute(uri: "/settlements", method: .get, headers: Self.auth(f.tokens["planner"])) { r in
                #expect(Self.object(r)["total"] as? Int == 2)
            }
            try await client.execute(uri: "/assets", method: .get, headers: Self.auth(f.tokens["customer"])) { r in
                #expect((Self.object(r)["rows"] as? [[String: Any]] ?? []).map { $0["serial"] as? String } == ["SN-B"])
            }
            try await client.execute(uri: "/customers", method: .get, headers: Self.auth(f.tokens["service_point"])) { r in
                #expect((Self.object(r)["rows"] as? [[String: Any]] ?? []).map { $0["code"] as? String } == ["C-A"])
            }
            // An admin adds a user and the new token works at once.
            let created = try await client.execute(uri: "/users", method: .post, headers: Self.auth(f.tokens["admin"]),
                                                   body: Self.json(["name": "new-sp", "role": "service_point", "site": "B"])) { $0 }
            #expect(created.status == .created)
            let token = try #require(Self.object(created)["token"] as? String)
            try await client.execute(uri: "/orders", method: .get, headers: Self.auth(token)) { r in
                #expect((Self.object(r)["orders"] as? [[String: Any]] ?? []).map { $0["site"] as? String } == ["B"])
            }
            try await client.execute(uri: "/users", method: .post, headers: Self.auth(f.tokens["admin"]),
                                     body: Self.json(["name": "new-sp", "role": "admin"])) { #expect($0.status == .conflict) }
        }
    }

    /// The remaining transitions over HTTP: a priority change, a cancellation, statements.
    @Test func moreTransitions() async throws {
        let f = try await Self.fixture()
        let d = Self.auth(f.tokens["dispatcher"])
        try await f.app.test(.router) { client in
            for _ in 0..<2 {
                try await client.execute(uri: "/orders", method: .post, headers: d, body: Self.json(["asset": "SN-A", "fault_code": "X-FAIL"])) { _ in }
            }
            try await client.execute(uri: "/orders/0/sla-class", method: .post, headers: d, body: Self.json(["sla_class": "std"])) { r in
                #expect(r.status == .ok && Self.object(r)["sla_class"] as? String == "std")
            }
            try await client.execute(uri: "/orders/0/sla-class", method: .post, headers: d, body: Self.json(["sla_class": "gold"])) { r in
                #expect(r.status == .unprocessableContent)
            }
            // The customer of SN-B may not cancel an order on SN-A (not visible: 404); the dispatcher may.
            try await client.execute(uri: "/orders/1/cancel", method: .post, headers: Self.auth(f.tokens["customer"])) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/orders/1/cancel", method: .post, headers: d) { r in
                #expect(r.status == .ok && Self.object(r)["state"] as? String == "cancelled" && Self.object(r)["stage"] as? String == "cancelled")
            }
            try await client.execute(uri: "/orders/1/cancel", method: .post, headers: d) { #expect($0.status == .conflict) }
            try await client.execute(uri: "/orders/0/depot-step", method: .post, headers: d, body: Self.json(["step": "collected"])) { r in
                #expect(r.status == .unprocessableContent)
            }
            try await client.execute(uri: "/statements", method: .post, headers: d) { r in
                #expect(r.status == .ok && Self.object(r)["done"] as? String == "issued")
            }
            // The audit trail: who issued which command.
            try await client.execute(uri: "/audit?actor=dan", method: .get, headers: Self.auth(f.tokens["admin"])) { r in
                let rows = Self.object(r)["rows"] as? [[String: Any]] ?? []
                #expect(rows.map { $0["command"] as? String } == ["intake", "intake", "change_sla_class", "cancel", "issue_statements"])
                #expect(rows.allSatisfy { ($0["recorded_at"] as? String)?.hasPrefix("20") == true })
            }
        }
    }

    /// A retried creation with the same Idempotency-Key gets the first answer and creates nothing;
    /// the key reused for another request is refused.
    @Test func idempotentCreation() async throws {
        let f = try await Self.fixture()
        let h = Self.auth(f.tokens["dispatcher"], [("Idempotency-Key", "abc-1")])
        try await f.app.test(.router) { client in
            let first = try await client.execute(uri: "/orders", method: .post, headers: h, body: Self.json(["asset": "SN-A", "fault_code": "SOFT"])) { $0 }
            let second = try await client.execute(uri: "/orders", method: .post, headers: h, body: Self.json(["asset": "SN-A", "fault_code": "SOFT"])) { $0 }
            #expect(first.status == .created && second.status == .created)
            #expect(Self.object(first)["id"] as? Int == Self.object(second)["id"] as? Int)
            try await client.execute(uri: "/orders", method: .get, headers: h) { #expect(Self.object($0)["total"] as? Int == 1) }
            try await client.execute(uri: "/orders", method: .post, headers: h, body: Self.json(["asset": "SN-B", "fault_code": "SOFT"])) { r in
                #expect(r.status == .unprocessableContent && Self.errorField(r) == "Idempotency-Key")
            }
        }
    }

    /// A stale If-Match is refused with 412; the current ETag goes through.
    @Test func optimisticConcurrency() async throws {
        let f = try await Self.fixture()
        let d = Self.auth(f.tokens["dispatcher"])
        try await f.app.test(.router) { client in
            let created = try await client.execute(uri: "/orders", method: .post, headers: d, body: Self.json(["asset": "SN-A", "fault_code": "X-FAIL"])) { $0 }
            let etag = try #require(created.headers[.eTag])
            try await client.execute(uri: "/orders/0/hold", method: .post, headers: Self.auth(f.tokens["dispatcher"], [("If-Match", etag)]),
                                     body: Self.json(["waiting": true])) { #expect($0.status == .ok) }
            try await client.execute(uri: "/orders/0/hold", method: .post, headers: Self.auth(f.tokens["dispatcher"], [("If-Match", etag)]),
                                     body: Self.json(["waiting": false])) { r in
                #expect(r.status == .preconditionFailed && Self.errorField(r) == "If-Match")
            }
        }
    }

    /// The dashboard: HTML with its sections and inline SVG for managers (token in the header or
    /// the query), refused to others; /metrics counts requests by route template.
    @Test func dashboardAndMetrics() async throws {
        let f = try await Self.fixture()
        try await f.app.test(.router) { client in
            let d = Self.auth(f.tokens["dispatcher"])
            try await client.execute(uri: "/orders", method: .post, headers: d, body: Self.json(["asset": "SN-A", "fault_code": "SOFT"])) { _ in }
            try await client.execute(uri: "/orders/0/triage", method: .post, headers: d, body: Self.json(["fault_code": "SOFT", "handling": "remote_fix"])) { _ in }
            try await client.execute(uri: "/?token=\(f.tokens["planner"] ?? "")", method: .get) { r in
                let html = String(buffer: r.body)
                #expect(r.status == .ok && r.headers[.contentType]?.hasPrefix("text/html") == true)
                for section in ["SLA attainment per week", "Open orders by state and age", "About to breach", "Stock by echelon",
                                "Aged stock", "Service-point league table", "Settlement"] {
                    #expect(html.contains(section), "\(section)")
                }
                #expect(html.contains("<svg") && !html.contains("<script") && !html.contains("http://") && !html.contains("https://"))
            }
            try await client.execute(uri: "/", method: .get, headers: Self.auth(f.tokens["customer"])) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/orders/5", method: .get, headers: d) { _ in }
            try await client.execute(uri: "/metrics", method: .get) { r in
                let text = String(buffer: r.body)
                #expect(text.contains("echelon_http_requests_total{method=\"POST\",route=\"/orders\",status=\"201\"} 1"))
                #expect(text.contains("echelon_http_requests_total{method=\"GET\",route=\"/orders/{id}\",status=\"404\"} 1")
                        || text.contains("route=\"/orders/:id\",status=\"404\"} 1"))
                #expect(text.contains("echelon_desk_open_orders 1.0\n"))
                #expect(text.contains("# TYPE echelon_http_request_duration_seconds histogram"))
                #expect(text.contains("echelon_http_request_duration_seconds_count{route=\"/orders\"}"))
            }
        }
    }

    /// Concurrent requests for the last unit: exactly one order gets it from the shelf.
    @Test func lastUnitGoesToOneOrder() async throws {
        let f = try await Self.fixture()
        let d = Self.auth(f.tokens["dispatcher"])
        try await f.app.test(.router) { client in
            // R: A holds the only unit (1); B none. Two orders at A race for it.
            for _ in 0..<2 {
                try await client.execute(uri: "/orders", method: .post, headers: d, body: Self.json(["asset": "SN-A", "fault_code": "R-FAIL"])) { _ in }
            }
            let results = try await withThrowingTaskGroup(of: String.self) { group in
                for id in 0..<2 {
                    group.addTask {
                        try await client.execute(uri: "/orders/\(id)/triage", method: .post, headers: d,
                                                 body: Self.json(["fault_code": "R-FAIL", "handling": "on_site_repair"])) { r in
                            Self.object(r)["sourcing"] as? String ?? "?"
                        }
                    }
                }
                var out: [String] = []
                for try await r in group { out.append(r) }
                return out.sorted()
            }
            #expect(results.filter { $0 == "own" }.count == 1, "\(results)")
            try await client.execute(uri: "/stock?site=A", method: .get, headers: d) { r in
                let rows = Self.object(r)["stock"] as? [[String: Any]] ?? []
                #expect(rows.first { $0["item"] as? String == "R" }?["on_hand"] as? Int == 0)
            }
        }
    }

    /// The live SLA clock: a tick records a breach that came due, at its own instant.
    @Test func ticksRecordBreachesOnTime() async throws {
        let s = try ScenarioLoader.load(yaml: Self.yaml, file: "api.yaml", baseDirectory: nil)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("echelon-api-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let clock = TestClock(1.0)
        let service = try DeskService.create(scenario: s, database: dir.appendingPathComponent("desk.sqlite").path, clock: { clock.now })
        let token = try await service.addUser(name: "ada", role: .admin).1
        let app = DeskAPI.application(service: service)
        try await app.test(.router) { client in
            let h = Self.auth(token)
            _ = try await client.execute(uri: "/customers", method: .post, headers: h, body: Self.json(["code": "C", "name": "C"])) { $0 }
            _ = try await client.execute(uri: "/assets", method: .post, headers: h,
                                         body: Self.json(["serial": "S", "product": "P", "customer": "C", "site": "A", "installed": "2025-06-01"])) { $0 }
            _ = try await client.execute(uri: "/orders", method: .post, headers: h, body: Self.json(["asset": "S", "fault_code": "X-FAIL"])) { $0 }
        }
        // std: response 4 h (warning at 3.2 h), restore 8 h (warning at 6.4 h), from day 1.
        let h = 1.0 / 24
        #expect(try await service.tick().map { abs($0 - (1 + 3.2 * h)) < 1e-9 } == true)
        clock.now = 1 + 5 * h
        #expect(try await service.tick().map { abs($0 - (1 + 6.4 * h)) < 1e-9 } == true)
        let log = try SQLiteStore.open(path: dir.appendingPathComponent("desk.sqlite").path).caseChanges()
        let response = log.compactMap { if case .sla(0, "response", let e, let t) = $0 { "\(e.rawValue)@\(String(format: "%.4f", t / h))" } else { nil } }
        #expect(response == ["running@24.0000", "warning@27.2000", "breach@28.0000"])
    }

    /// The application is the one that runs: its SLA clock ticks while it runs, without a call to
    /// `tick()`. An order opened at day 1 is past its response warning (3.2 h) when the next
    /// application starts, and that application records the warning by itself.
    @Test func theApplicationRunsTheSLAClock() async throws {
        let s = try ScenarioLoader.load(yaml: Self.yaml, file: "api.yaml", baseDirectory: nil)
        let dir = try Folder()
        let path = dir.url.appendingPathComponent("desk.sqlite").path
        let clock = TestClock(1.0)
        let service = try DeskService.create(scenario: s, database: path, clock: { clock.now })
        let token = try await service.addUser(name: "ada", role: .admin).1
        let h = Self.auth(token)
        try await DeskAPI.application(service: service).test(.router) { client in
            _ = try await client.execute(uri: "/customers", method: .post, headers: h, body: Self.json(["code": "C", "name": "C"])) { $0 }
            _ = try await client.execute(uri: "/assets", method: .post, headers: h,
                                         body: Self.json(["serial": "S", "product": "P", "customer": "C", "site": "A", "installed": "2025-06-01"])) { $0 }
            _ = try await client.execute(uri: "/orders", method: .post, headers: h, body: Self.json(["asset": "S", "fault_code": "X-FAIL"])) { $0 }
        }
        @Sendable func responseEvents() throws -> [String] {
            try SQLiteStore.open(path: path).caseChanges().compactMap { if case .sla(0, "response", let e, _) = $0 { e.rawValue } else { nil } }
        }
        #expect(try responseEvents() == ["running"])
        clock.now = 1 + 3.5 / 24
        let seen = try await DeskAPI.application(service: service).test(.router) { _ in
            for _ in 0..<100 {
                if try responseEvents().contains("warning") { return true }
                try await Task.sleep(for: .milliseconds(20))
            }
            return false
        }
        #expect(seen)
        #expect(try responseEvents() == ["running", "warning"])
    }

    /// Bad input: a 4xx naming the field, never a 5xx, and nothing recorded.
    @Test func badInputNamesTheField() async throws {
        let f = try await Self.fixture()
        let d = Self.auth(f.tokens["dispatcher"])
        try await f.app.test(.router) { client in
            let cases: [(HTTPRequest.Method, String, String, HTTPResponse.Status, String?)] = [
                (.post, "/orders", "{not json", .badRequest, nil),
                (.post, "/orders", #"{"asset": "SN-A"}"#, .badRequest, "fault_code"),
                (.post, "/orders", #"{"asset": 7, "fault_code": "SOFT"}"#, .badRequest, "asset"),
                (.post, "/orders", #"{"asset": "SN-Z", "fault_code": "SOFT"}"#, .notFound, "asset"),
                (.post, "/orders", #"{"asset": "SN-A", "fault_code": "NOPE"}"#, .unprocessableContent, "fault_code"),
                (.post, "/orders", #"{"asset": "SN-A", "fault_code": "SOFT", "priority": 9}"#, .unprocessableContent, nil),
                (.get, "/kpis?from=5&to=1", "", .unprocessableContent, "to"),
                (.get, "/orders?opened_to=-1000001", "", .badRequest, "opened_to"),
                (.get, "/orders/99999999999", "", .badRequest, "id"),
                (.delete, "/orders/1", "", .methodNotAllowed, nil),
                (.get, "/orders?limit=0", "", .badRequest, "limit"),
                (.get, "/orders?opened_from=soon", "", .badRequest, "opened_from"),
                (.get, "/orders/abc", "", .badRequest, "id"),
                (.get, "/orders/99", "", .notFound, nil),
                (.post, "/orders/99/triage", #"{"fault_code": "SOFT", "handling": "remote_fix"}"#, .notFound, nil),
                (.post, "/assets", #"{"serial": "S", "product": "P", "customer": "C-A", "site": "A", "installed": "2025-13-01"}"#, .badRequest, "installed"),
            ]
            for (method, uri, body, status, field) in cases {
                try await client.execute(uri: uri, method: method, headers: d, body: ByteBuffer(string: body)) { r in
                    #expect(r.status == status, "\(method) \(uri) \(body): \(r.status)")
                    if let field { #expect(Self.errorField(r) == field, "\(uri) \(body)") }
                }
            }
            try await client.execute(uri: "/orders", method: .get, headers: d) { #expect(Self.object($0)["total"] as? Int == 0) }
            // A wrong handling after a valid intake: 400 and the order stays at intake.
            try await client.execute(uri: "/orders", method: .post, headers: d, body: Self.json(["asset": "SN-A", "fault_code": "X-FAIL"])) { _ in }
            try await client.execute(uri: "/orders/0/triage", method: .post, headers: d, body: Self.json(["fault_code": "X-FAIL", "handling": "magic"])) { r in
                #expect(r.status == .badRequest && Self.errorField(r) == "handling")
            }
            try await client.execute(uri: "/orders/0/survey", method: .post, headers: d, body: Self.json(["score": 5, "reason": "x"])) { r in
                #expect(r.status == .conflict)
            }
            try await client.execute(uri: "/orders/0", method: .get, headers: d) { #expect(Self.object($0)["stage"] as? String == "intake") }
        }
    }
}

/// A settable clock for the service (desk days).
final class TestClock: Sendable {
    private let value: Mutex<Double>
    init(_ value: Double) { self.value = Mutex(value) }
    var now: Double {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
