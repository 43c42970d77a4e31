import Foundation
import GRDB
import ScenarioModel
@testable import ServiceDesk
import Testing

/// The stores every desk test runs against: one conformance suite for both.
enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case memory
    case sqlite
    var testDescription: String { rawValue }
}

/// A temporary directory removed when the value is released.
final class TemporaryDirectory: Sendable {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("echelon-desk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    deinit { try? FileManager.default.removeItem(at: url) }
}

/// The store under test: the memory store, or a SQLite database in a temporary directory. Either
/// way `log` reads the event log back from the store itself.
final class TestStore: DeskStore {
    let kind: StoreKind
    let memory: MemoryStore?
    let sqlite: SQLiteStore?
    let directory: TemporaryDirectory?

    init(_ kind: StoreKind, catalog: DeskCatalog) throws {
        self.kind = kind
        switch kind {
        case .memory:
            memory = MemoryStore(); sqlite = nil; directory = nil
        case .sqlite:
            let dir = try TemporaryDirectory()
            memory = nil; directory = dir
            sqlite = try SQLiteStore.create(path: dir.path("desk.sqlite"), catalog: catalog)
        }
    }

    var commitsCommands: Bool { sqlite != nil }
    func record(_ change: DeskChange) { memory?.record(change); sqlite?.record(change) }
    func record(case change: CaseChange) { memory?.record(case: change); sqlite?.record(case: change) }
    func record(command: WorkflowCommand) { sqlite?.record(command: command) }

    /// The workflow log as the store holds it.
    var caseLog: [CaseChange] {
        if let memory { return memory.caseLog }
        guard let sqlite else { return [] }
        do { return try sqlite.caseChanges() } catch {
            Issue.record("cannot read the workflow log back: \(error)")
            return []
        }
    }
    func commit() { sqlite?.commit() }

    /// The event log as the store holds it (for SQLite: read back from the database).
    var log: [DeskChange] {
        if let memory { return memory.log }
        guard let sqlite else { return [] }
        do { return try sqlite.changes() } catch {
            Issue.record("cannot read the log back: \(error)")
            return []
        }
    }
}

extension DeskCore where Store == TestStore {
    /// For SQLite: nothing failed, the file passes every check, and its balances are the desk's.
    func verifyStore(sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard let db = store.sqlite else { return }
        #expect(db.failure == nil, sourceLocation: sourceLocation)
        let report = try db.check()
        #expect(report.passed, "\(report)", sourceLocation: sourceLocation)
        let balances = try db.pool.read { d in
            try Row.fetchAll(d, sql: "SELECT site_id, item_id, on_hand, backorders FROM stock_balance")
        }
        for row in balances {
            let site: Int = row["site_id"], item: Int = row["item_id"]
            #expect(row["on_hand"] as Int == onHand(site: site, item: item), "on hand of \(item) at \(site)", sourceLocation: sourceLocation)
        }
        #expect(report.events == store.log.count, sourceLocation: sourceLocation)
    }
}
