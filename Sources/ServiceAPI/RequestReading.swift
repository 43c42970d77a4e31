import Foundation
import HTTPTypes
import Logging
import Hummingbird
import ScenarioModel
import ServiceDesk

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
