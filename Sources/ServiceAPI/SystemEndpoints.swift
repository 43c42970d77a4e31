import Foundation
import HTTPTypes
import Logging
import Hummingbird
import ScenarioModel
import ServiceDesk

extension DeskAPI {
    /// Liveness and the API's own document: open to anyone.
    static let systemEndpoints: [Endpoint] = [
        Endpoint.open(method: .get, path: "/health", summary: "Liveness and the desk's state", status: .ok,
                      response: "Health") { _, _, service in
            let h = await service.health()
            return JSONResponse.make(Health(status: h.failure == nil ? "ok" : "failed", openOrders: h.orders, deskTime: h.now,
                                            failure: h.failure), status: h.failure == nil ? .ok : .serviceUnavailable)
        },
        Endpoint.open(method: .get, path: "/openapi.json", summary: "This API's OpenAPI 3.1 document", status: .ok,
                      response: "OpenAPIDocument") { _, _, _ in
            JSONResponse.raw(OpenAPI.document(endpoints: endpoints), status: .ok)
        }
    ]
}
