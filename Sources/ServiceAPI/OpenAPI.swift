import Foundation
import HTTPTypes
import ServiceDesk

/// The OpenAPI 3.1 document, built from the same endpoint table the router serves.
enum OpenAPI {
    static func document(endpoints: [Endpoint]) -> String {
        var paths: [String: [String: Any]] = [:]
        for e in endpoints {
            var op: [String: Any] = [
                "summary": e.summary,
                "operationId": operationID(e),
                "responses": responses(e),
            ]
            var parameters: [[String: Any]] = []
            for name in pathParameters(e.path) {
                parameters.append(["name": name, "in": "path", "required": true,
                                   "schema": ["type": "integer", "minimum": 0, "maximum": Int(Int32.max)]])
            }
            for (name, type, description) in e.query {
                var schema: [String: Any] = ["type": type]
                switch name {
                case "limit": schema["minimum"] = 1; schema["maximum"] = 500
                case "offset": schema["minimum"] = 0; schema["maximum"] = Int(Int32.max)
                case "from", "to", "opened_from", "opened_to": schema["minimum"] = -1_000_000; schema["maximum"] = 1_000_000
                default: break
                }
                parameters.append(["name": name, "in": "query", "required": false, "description": description, "schema": schema])
            }
            // Every command honours Idempotency-Key; adding a user is not a desk command (its token is shown once).
            if e.method == .post && e.path != "/users" {
                parameters.append(["name": "Idempotency-Key", "in": "header", "required": false,
                                   "description": "a retried request with the same key gets the first answer and changes nothing",
                                   "schema": ["type": "string", "minLength": 1, "maxLength": 200]])
                if e.path.hasPrefix("/orders/{id}/") {
                    parameters.append(["name": "If-Match", "in": "header", "required": false,
                                       "description": "the order's ETag from GET; a stale one is refused with 412",
                                       "schema": ["type": "string", "pattern": "^\"[0-9]{1,15}\"$"]])
                }
            }
            if !parameters.isEmpty { op["parameters"] = parameters }
            if let body = e.body {
                op["requestBody"] = ["required": body != "CompleteVisitRequest",
                                     "content": ["application/json": ["schema": ["$ref": "#/components/schemas/\(body)"]]]]
            }
            if !e.roles.isEmpty {
                op["security"] = [["bearer": [String]()]]
                op["x-roles"] = e.roles.map(\.rawValue).sorted()
            }
            paths[e.path, default: [:]][e.method.rawValue.lowercased()] = op
        }
        // The two routes that are not JSON, registered beside the table (DeskAPI.router).
        paths["/"] = ["get": [
            "summary": "The managers' dashboard (HTML with inline SVG): admins, planners and dispatchers",
            "operationId": "getDashboard",
            "parameters": [["name": "token", "in": "query", "required": false,
                            "description": "a bearer token, for browsers (the Authorization header works too)",
                            "schema": ["type": "string"]]],
            "security": [["bearer": [String]()]],
            "responses": [
                "200": ["description": "the dashboard", "content": ["text/html": ["schema": ["type": "string"]]]],
                "401": error("no or unknown token"), "403": error("the role may not see the dashboard"),
                "503": error("the store failed"),
            ] as [String: Any],
        ] as [String: Any]]
        paths["/metrics"] = ["get": [
            "summary": "Request counters, latency histograms and desk gauges (Prometheus text format)",
            "operationId": "getMetrics",
            "responses": ["200": ["description": "the exposition", "content": ["text/plain": ["schema": ["type": "string"]]]]],
        ] as [String: Any]]
        let doc: [String: Any] = [
            "openapi": "3.1.0",
            "info": ["title": "Echelon service desk API", "version": "1"],
            "paths": paths,
            "components": ["schemas": schemas, "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer"]]],
        ]
        let data = (try? JSONSerialization.data(withJSONObject: doc, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func operationID(_ e: Endpoint) -> String {
        let words = e.path.split(separator: "/").map { $0.hasPrefix("{") ? "by" + $0.dropFirst().dropLast().capitalized : String($0) }
        return e.method.rawValue.lowercased() + words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
            .replacingOccurrences(of: ".", with: "").replacingOccurrences(of: "-", with: "")
    }

    static func pathParameters(_ path: String) -> [String] {
        path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) }
    }

    static func responses(_ e: Endpoint) -> [String: Any] {
        var r: [String: Any] = [
            "\(e.status.code)": ["description": "success",
                                 "content": ["application/json": ["schema": ["$ref": "#/components/schemas/\(e.response)"]]]],
            "400": error("bad request: the field at fault is named"),
        ]
        if e.path == "/health" { r["503"] = ["description": "the store failed", "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Health"]]]] }
        if !e.roles.isEmpty {
            r["401"] = error("no or unknown bearer token")
            r["403"] = error("the role may not do this")
            r["503"] = error("the store failed")
        }
        if e.path.contains("{") || e.method == .post || e.path == "/stock" { r["404"] = error("not found, or not visible to the caller") }
        if e.path == "/kpis" { r["422"] = error("an empty window (to not after from)") }
        if e.method == .post {
            r["409"] = error("not allowed in the order's current state")
            r["413"] = error("body larger than 1 MiB")
            r["422"] = error("valid JSON the desk cannot act on: an unknown fault code, a serial that does not match, a step out of order, or an idempotency key used for another request")
            if e.path.hasPrefix("/orders/{id}/") { r["412"] = error("If-Match is not the order's version") }
        }
        return r
    }

    static func error(_ description: String) -> [String: Any] {
        ["description": description, "content": ["application/json": ["schema": ["$ref": "#/components/schemas/Error"]]]]
    }

    static var number: [String: Any] { ["type": "number"] }
    static var nullableNumber: [String: Any] { ["type": ["number", "null"]] }
    static var string: [String: Any] { ["type": "string"] }
    static var nullableString: [String: Any] { ["type": ["string", "null"]] }
    static var integer: [String: Any] { ["type": "integer"] }
    static var nonEmpty: [String: Any] { ["type": "string", "minLength": 1] }

    static var order: [String: Any] { [
        "type": "object",
        "required": ["id", "state", "site", "sla_class", "sourcing", "opened_at", "version"],
        "properties": [
            "id": integer, "state": string, "stage": nullableString, "site": string, "item": nullableString, "sla_class": string,
            "priority": ["type": ["integer", "null"]], "entitlement": nullableString, "fault_reported": nullableString,
            "fault_confirmed": nullableString, "handling": nullableString, "sourcing": string, "opened_at": number,
            "resolved_at": nullableNumber, "closed_at": nullableNumber, "asset": nullableString, "customer": nullableString,
            "version": integer,
        ],
    ] }

    static var schemas: [String: Any] { [
        "Error": ["type": "object", "required": ["error"],
                  "properties": ["error": ["type": "object", "required": ["status", "code", "message"],
                                           "properties": ["status": integer, "code": string, "message": string, "field": nullableString]]]],
        "Health": ["type": "object", "required": ["status", "open_orders", "desk_time"],
                   "properties": ["status": string, "open_orders": integer, "desk_time": number, "failure": nullableString]],
        "OpenAPIDocument": ["type": "object"],
        "Order": order,
        "OrderPage": ["type": "object", "required": ["orders", "total", "limit", "offset"],
                      "properties": ["orders": ["type": "array", "items": ["$ref": "#/components/schemas/Order"]], "total": integer,
                                     "limit": integer, "offset": integer]],
        "Done": ["type": "object", "required": ["done", "id"], "properties": ["done": string, "id": integer]],
        "StockList": ["type": "object", "required": ["stock"],
                      "properties": ["stock": ["type": "array", "items": ["type": "object",
                                                                          "required": ["site", "item", "on_hand", "backorders", "initial"],
                                                                          "properties": ["site": string, "item": string, "on_hand": integer,
                                                                                         "backorders": integer, "initial": integer]]]]],
        "KPIs": ["type": "object", "required": ["from", "to", "restored", "average_on_hand", "fee_total", "surveys",
                                                "returns_authorised", "returns_received", "inspections"],
                 "properties": ["from": number, "to": number, "fill_rate": nullableNumber, "lateral_fraction": nullableNumber,
                                "emergency_fraction": nullableNumber, "restored": integer, "tat_mean_days": nullableNumber,
                                "repair_loop_mean_days": nullableNumber, "first_time_fix_rate": nullableNumber,
                                "stock_age_days": nullableNumber, "average_on_hand": number,
                                "restore_attainment": ["type": "object"], "response_attainment": ["type": "object"],
                                "restore_attainment_by_site": ["type": "object"], "failure_ratio": ["type": "object"],
                                "fee_total": number, "fees_by_site": ["type": "object"], "surveys": integer,
                                "satisfaction": nullableNumber, "returns_authorised": integer, "returns_received": integer,
                                "return_ratio": nullableNumber, "return_lag_mean_days": nullableNumber,
                                "inspections": ["type": "object", "additionalProperties": integer]]],
        "RowPage": ["type": "object", "required": ["rows", "total", "limit", "offset"],
                    "properties": ["rows": ["type": "array", "items": ["type": "object"]], "total": integer, "limit": integer, "offset": integer]],
        "DeskUser": ["type": "object", "required": ["id", "name", "role"],
                     "properties": ["id": integer, "name": string, "role": ["type": "string", "enum": DeskRole.allCases.map(\.rawValue)],
                                    "site": ["type": ["integer", "null"]], "customer": ["type": ["integer", "null"]]]],
        "UserList": ["type": "object", "required": ["users"], "properties": ["users": ["type": "array", "items": ["$ref": "#/components/schemas/DeskUser"]]]],
        "NewUser": ["type": "object", "required": ["user", "token"],
                    "properties": ["user": ["$ref": "#/components/schemas/DeskUser"], "token": string]],
        "UserRequest": ["type": "object", "required": ["name", "role"],
                        "properties": ["name": nonEmpty, "role": ["type": "string", "enum": DeskRole.allCases.map(\.rawValue)],
                                       "site": string, "customer": string]],
        "CustomerRequest": ["type": "object", "required": ["code", "name"], "properties": ["code": nonEmpty, "name": string]],
        "AssetRequest": ["type": "object", "required": ["serial", "product", "customer", "site", "installed"],
                         "properties": ["serial": nonEmpty, "product": nonEmpty, "customer": nonEmpty, "site": nonEmpty,
                                        "installed": ["type": "string", "format": "date"], "contract": string,
                                        "contract_until": ["type": "string", "format": "date"], "distance_km": ["type": "number", "minimum": 0]]],
        "IntakeRequest": ["type": "object", "required": ["asset", "fault_code"],
                          "properties": ["asset": ["type": "string", "description": "the asset's serial"], "fault_code": string,
                                         "description": string, "priority": ["type": "integer", "minimum": 1, "maximum": 5],
                                         "sla_class": string]],
        "TriageRequest": ["type": "object", "required": ["fault_code", "handling"],
                          "properties": ["fault_code": string,
                                         "handling": ["type": "string", "enum": ["remote_fix", "on_site_repair", "unit_swap", "depot_repair",
                                                                                 "replacement", "scrap"]]]],
        "ApprovalRequest": ["type": "object", "required": ["approved"], "properties": ["approved": ["type": "boolean"], "note": string]],
        "SLAClassRequest": ["type": "object", "required": ["sla_class"], "properties": ["sla_class": nonEmpty]],
        "DepotStepRequest": ["type": "object", "required": ["step"],
                             "properties": ["step": ["type": "string", "enum": ["collected", "received", "repaired", "shipped", "delivered"]]]],
        "HoldRequest": ["type": "object", "required": ["waiting"], "properties": ["waiting": ["type": "boolean"]]],
        "SurveyRequest": ["type": "object", "required": ["score", "reason"],
                          "properties": ["score": ["type": "integer", "minimum": 1, "maximum": 5], "reason": string]],
        "CompleteVisitRequest": ["type": "object", "properties": ["fixed": ["type": "boolean"]]],
        "ReceiveReturnRequest": ["type": "object", "required": ["serial"], "properties": ["serial": string]],
        "InspectReturnRequest": ["type": "object", "required": ["outcome"],
                                 "properties": ["outcome": ["type": "string", "enum": ["repairable", "scrap", "supplier_claim"]]]],
    ] }
}
