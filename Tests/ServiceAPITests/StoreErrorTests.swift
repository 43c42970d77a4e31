import Hummingbird
@testable import ServiceAPI
@testable import ServiceDesk
import Testing

/// Store errors reach API clients by what they mean, never with the server's file paths.
@Suite struct StoreErrorTests {
    static let path = "/srv/echelon/private/desk.sqlite"

    @Test func aConstraintIsAConflictAndAStorageFailureIsUnavailable() {
        let duplicate = DeskStoreError(path: Self.path, message: "cannot add user ada: UNIQUE constraint failed", kind: .constraint)
        let conflict = APIError.store(duplicate, conflict: "cannot add ada", field: "name")
        #expect(conflict.status == .conflict && conflict.code == "conflict" && conflict.field == "name")
        let full = DeskStoreError(path: Self.path, message: "database or disk is full", kind: .storage)
        let unavailable = APIError.store(full, conflict: "cannot add ada", field: "name")
        #expect(unavailable.status == .serviceUnavailable && unavailable.code == "store_failed")
        #expect(unavailable.message == "the desk's store failed: database or disk is full")
        #expect(!APIError.storeFailed(full).message.contains("/srv/"))
        // The command line and the log keep the path.
        #expect(full.description == "\(Self.path): database or disk is full")
    }
}
