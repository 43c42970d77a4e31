import Foundation
import HTTPTypes
import Logging
import Hummingbird
import ScenarioModel
import ServiceDesk

// MARK: - Middleware

/// Bearer tokens: `Authorization: Bearer <token>` → the user (unknown tokens are refused).
struct AuthMiddleware: RouterMiddleware {
    typealias Context = DeskRequestContext
    let service: DeskService

    func handle(_ request: Request, context: DeskRequestContext, next: (Request, DeskRequestContext) async throws -> Response) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization] {
            guard header.hasPrefix("Bearer "), header.count > 7 else {
                throw APIError(.unauthorized, "unauthorized", "Authorization must be \"Bearer <token>\"", field: "Authorization")
            }
            let token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
            guard let user = try await service.user(tokenHash: Tokens.hash(token)) else {
                throw APIError(.unauthorized, "unauthorized", "unknown token", field: "Authorization")
            }
            context.user = user
        }
        return try await next(request, context)
    }
}

/// Every error becomes a JSON error; anything unexpected is a 500 without internals.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = DeskRequestContext
    func handle(_ request: Request, context: DeskRequestContext, next: (Request, DeskRequestContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch let error as HTTPError {
            if error.status == .notFound, let allowed = DeskAPI.methods(forPath: request.uri.path), !allowed.isEmpty {
                var response = try APIError(.methodNotAllowed, "method_not_allowed",
                                            "\(request.method.rawValue) is not served at \(request.uri.path); allowed: \(allowed.joined(separator: ", "))")
                    .response(from: request, context: context)
                response.headers[.allow] = allowed.joined(separator: ", ")
                return response
            }
            return try APIError(error.status, "http_error", error.body ?? "\(error.status)").response(from: request, context: context)
        } catch let error as DeskStoreError {
            context.logger.error("store: \(error.description)")
            return try APIError.storeFailed(error).response(from: request, context: context)
        } catch {
            context.logger.error("unexpected: \(error)")
            return try APIError(.internalServerError, "internal", "internal error").response(from: request, context: context)
        }
    }
}
