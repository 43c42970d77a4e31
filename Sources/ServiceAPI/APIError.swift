import Foundation
public import Hummingbird
import ServiceDesk

/// A refused request: its status, a stable code, a message for people and the field at fault.
/// Rendered as `{"error": {"status", "code", "message", "field"}}`.
public struct APIError: Error, HTTPResponseError, Sendable, Equatable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    public var field: String?

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, field: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.field = field
    }

    static func badRequest(_ message: String, field: String? = nil) -> APIError { APIError(.badRequest, "bad_request", message, field: field) }
    static func notFound(_ what: String) -> APIError { APIError(.notFound, "not_found", "no \(what)") }
    static let unauthorized = APIError(.unauthorized, "unauthorized", "a bearer token is required (Authorization: Bearer …)")
    static func forbidden(_ message: String) -> APIError { APIError(.forbidden, "forbidden", message) }
    static func conflict(_ message: String, field: String? = nil) -> APIError { APIError(.conflict, "conflict", message, field: field) }

    /// A failed store: 503, with the store's message but not its file (the path is logged, not sent).
    static func storeFailed(_ error: DeskStoreError) -> APIError {
        APIError(.serviceUnavailable, "store_failed", "the desk's store failed: \(error.message)")
    }

    /// The answer to a store error: 409 when the record refused a contradicting write, else 503.
    static func store(_ error: DeskStoreError, conflict message: String, field: String? = nil) -> APIError {
        error.kind == .constraint ? .conflict(message, field: field) : .storeFailed(error)
    }

    struct Body: Encodable {
        struct Inner: Encodable { var status: Int; var code: String; var message: String; var field: String? }
        var error: Inner
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = Body(error: .init(status: status.code, code: code, message: message, field: field))
        return JSONResponse.make(body, status: status)
    }
}

/// JSON responses with sorted keys (stable bytes) and ISO dates.
enum JSONResponse {
    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        e.keyEncodingStrategy = .convertToSnakeCase
        return e
    }()

    static func encode(_ value: some Encodable) -> String {
        (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        raw(encode(value), status: status, headers: headers)
    }

    static func raw(_ json: String, status: HTTPResponse.Status, headers: HTTPFields = [:]) -> Response {
        var h = headers
        h[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: h, body: ResponseBody(byteBuffer: ByteBuffer(string: json)))
    }
}
