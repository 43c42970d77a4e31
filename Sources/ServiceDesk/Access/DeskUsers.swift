import Foundation
import GRDB

/// Who may do what at the desk. Each role has one scoping rule (see the API).
public enum DeskRole: String, Sendable, Codable, CaseIterable {
    case admin
    case planner
    case dispatcher
    /// Sees its own service point's orders, stock and settlements.
    case servicePoint = "service_point"
    /// An engineer of a service point: its visits.
    case technician
    /// Sees its own orders and their progress.
    case customer
}

/// A user of the desk.
public struct DeskUser: Sendable, Equatable, Codable {
    public var id: Int
    public var name: String
    public var role: DeskRole
    /// The service point of a service-point user or a technician.
    public var site: Int?
    /// The customer of a customer user.
    public var customer: Int?
}

/// A stored response to a request with an idempotency key.
public struct StoredResponse: Sendable, Equatable {
    public var request: String
    public var status: Int
    public var body: String
    public init(request: String, status: Int, body: String) {
        self.request = request; self.status = status; self.body = body
    }
}

extension SQLiteStore {
    /// Adds a user (names are unique).
    public func addUser(name: String, role: DeskRole, site: Int? = nil, customer: Int? = nil) throws(DeskStoreError) -> DeskUser {
        do {
            return try pool.write { db in
                try db.execute(sql: "INSERT INTO users(name, role, site_id, customer_id) VALUES (?, ?, ?, ?)",
                               arguments: [name, role.rawValue, site, customer])
                return DeskUser(id: Int(db.lastInsertedRowID), name: name, role: role, site: site, customer: customer)
            }
        } catch {
            throw DeskStoreError(path: path, message: "cannot add user \(name): \(error)", cause: error)
        }
    }

    /// Stores a token's SHA-256 (hex) for a user; the token itself is never stored.
    public func addToken(hash: String, user: Int) throws(DeskStoreError) {
        do {
            try pool.write { db in
                try db.execute(sql: "INSERT INTO tokens(hash, user_id, created) VALUES (?, ?, datetime('now'))", arguments: [hash, user])
            }
        } catch {
            throw DeskStoreError(path: path, message: "cannot store the token: \(error)")
        }
    }

    /// The user a token hash belongs to.
    public func user(tokenHash: String) throws(DeskStoreError) -> DeskUser? {
        do {
            return try pool.read { db in
                guard let row = try Row.fetchOne(db.cachedStatement(sql: """
                    SELECT u.id, u.name, u.role, u.site_id, u.customer_id FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = ?
                    """), arguments: [tokenHash]), let role = DeskRole(rawValue: row["role"]) else { return nil }
                return DeskUser(id: row["id"], name: row["name"], role: role, site: row["site_id"], customer: row["customer_id"])
            }
        } catch {
            throw DeskStoreError(path: path, message: "cannot read tokens: \(error)")
        }
    }

    /// Every user.
    public func users() throws(DeskStoreError) -> [DeskUser] {
        do {
            return try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT id, name, role, site_id, customer_id FROM users ORDER BY id").compactMap { row in
                    DeskRole(rawValue: row["role"]).map { DeskUser(id: row["id"], name: row["name"], role: $0, site: row["site_id"],
                                                                    customer: row["customer_id"]) }
                }
            }
        } catch {
            throw DeskStoreError(path: path, message: "cannot read users: \(error)")
        }
    }

    /// The stored response to (user, key), if the key was used before.
    public func storedResponse(user: Int, key: String) throws(DeskStoreError) -> StoredResponse? {
        do {
            return try pool.read { db in
                try Row.fetchOne(db.cachedStatement(sql: "SELECT request, status, body FROM idempotency WHERE user_id = ? AND key = ?"),
                                 arguments: [user, key]).map { StoredResponse(request: $0["request"], status: $0["status"], body: $0["body"]) }
            }
        } catch {
            throw DeskStoreError(path: path, message: "cannot read idempotency keys: \(error)")
        }
    }

    /// Adds the response to (user, key) to the command under way (its transaction).
    public func recordResponse(user: Int, key: String, response: StoredResponse) {
        pendingResponses.append((user, key, response))
    }
}
