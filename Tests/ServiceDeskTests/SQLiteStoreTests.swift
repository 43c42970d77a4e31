import Foundation
import GRDB
import ScenarioModel
@testable import ServiceDesk
import Testing

/// The SQLite record's own guarantees: schema invariants that no writer can break, one
/// transaction per command, nothing lost when a command fails, a log that reads back whole.
@Suite("SQLite desk store")
struct SQLiteStoreTests {
    static func scenario() throws -> Scenario {
        try ScenarioLoader.load(yaml: DeskTests.yaml, file: "desk.yaml", baseDirectory: nil)
    }

    static func store(_ dir: TemporaryDirectory, stock: StockPlan = [[2, 0], [1, 0], [0, 0]]) throws -> (SQLiteStore, Scenario) {
        let s = try scenario()
        return (try SQLiteStore.create(path: dir.path("desk.sqlite"), catalog: DeskCatalog(scenario: s, plan: stock)), s)
    }

    /// The migrations are named and applied in order; the file is in WAL mode with foreign keys on.
    @Test func schemaIsMigratedInWALMode() throws {
        let dir = try TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let (db, _) = try Self.store(dir)
        let (applied, mode, fk) = try db.pool.read { d in
            (try DeskSchema.migrator().appliedMigrations(d), try String.fetchOne(d, sql: "PRAGMA journal_mode"),
             try Int.fetchOne(d, sql: "PRAGMA foreign_keys"))
        }
        #expect(applied == DeskSchema.migrationNames)
        #expect(mode == "wal" && fk == 1)
        // Reference data: 3 sites, 2 items, the default class, a balance for every stocking cell.
        let counts = try db.pool.read { d in
            try ["sites", "items", "sla_classes", "stock_balance"].map { try Int.fetchOne(d, sql: "SELECT COUNT(*) FROM \($0)") ?? -1 }
        }
        #expect(counts == [3, 2, 1, 6])
    }

    /// The event log refuses UPDATE and DELETE; a balance cannot go negative; an order cannot
    /// take a state outside the table or point at a site that does not exist.
    @Test func schemaGuardsTheInvariants() throws {
        let dir = try TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let (db, s) = try Self.store(dir)
        var desk = DeskCore(network: DeskNetwork(scenario: s, plan: [[2, 0], [1, 0], [0, 0]]), store: db)
        let o = try desk.openOrder(site: 1, item: 0, at: 1)
        try desk.triage(order: o, needsPart: true, at: 1)
        func refused(_ sql: String) -> String? {
            do {
                try db.pool.write { d in try d.execute(sql: sql) }
                return nil
            } catch let error as DatabaseError {
                return error.message ?? "\(error.resultCode)"
            } catch {
                return "\(error)"
            }
        }
        #expect(refused("UPDATE events SET at = 0 WHERE seq = 1") == "the event log is append-only")
        #expect(refused("DELETE FROM events") == "the event log is append-only")
        #expect(refused("UPDATE stock_balance SET on_hand = -1 WHERE site_id = 1 AND item_id = 0")?.contains("CHECK") == true)
        #expect(refused("UPDATE orders SET state = 'lost' WHERE id = \(o)")?.contains("CHECK") == true)
        #expect(refused("INSERT INTO orders(id, site_id, sla_class, state, opened_at) VALUES (99, 42, 0, 'opened', 0)")?
            .contains("FOREIGN KEY") == true)
        #expect(refused("INSERT INTO events(seq, at, kind, site_id, item_id, delta, level) VALUES (999, 2, 'on_hand', 1, 0, 1, -3)")?
            .contains("CHECK") == true)
        #expect(try db.check().passed)
    }

    /// Each command is one transaction: the log grows by whole commands, and its sequence numbers
    /// are gapless.
    @Test func oneTransactionPerCommand() throws {
        let dir = try TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let (db, s) = try Self.store(dir)
        var desk = DeskCore(network: DeskNetwork(scenario: s, plan: [[2, 0], [1, 0], [0, 0]]), store: db)
        let o = try desk.openOrder(site: 1, item: 0, at: 1)
        #expect(db.committedCommands == 1 && db.committedChanges == 1)
        try desk.triage(order: o, needsPart: true, at: 1)
        // triage: moved to triaged, on hand −1 at A, sourced own, demand, reorder from CW (on hand −1
        // at CW, demand at CW, shipment), then dispatch (moved, visit).
        let log = try db.changes()
        #expect(db.committedCommands == 2 && db.committedChanges == log.count)
        let seqs = try db.pool.read { d in try Int.fetchAll(d, sql: "SELECT seq FROM events ORDER BY seq") }
        #expect(seqs == Array(1...log.count))
        #expect(log.first == .orderOpened(order: Int32(o), site: 1, item: 0, slaClass: 0, at: 1))
        #expect(log.contains(.onHand(site: 1, item: 0, delta: -1, level: 0, at: 1)))
        #expect(log.contains(.onHand(site: 0, item: 0, delta: -1, level: 1, at: 1)))
    }

    /// A command whose record the database refuses is not kept, nor is anything after it; every
    /// command before stays, and the store says why.
    @Test func aRefusedCommandLosesNothingBefore() throws {
        let dir = try TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let (db, _) = try Self.store(dir)
        db.record(.orderOpened(order: 0, site: 1, item: 0, slaClass: 0, at: 1))
        db.commit()
        // A ledger move that the balance does not reach (A holds 1, not 5).
        db.record(.orderMoved(order: 0, from: .opened, to: .triaged, at: 2))
        db.record(.onHand(site: 1, item: 0, delta: -1, level: 5, at: 2))
        db.commit()
        #expect(db.failure?.description.contains("does not reach 5") == true)
        db.record(.orderMoved(order: 0, from: .opened, to: .cancelled, at: 3))
        db.commit()
        let log = try db.changes()
        #expect(log == [.orderOpened(order: 0, site: 1, item: 0, slaClass: 0, at: 1)])
        let state = try db.pool.read { d in try String.fetchOne(d, sql: "SELECT state FROM orders WHERE id = 0") }
        #expect(state == "opened")
        #expect(try db.check().passed)
    }

    /// Closed and reopened, the database gives back the same log, continues its sequence, and
    /// refuses to be created twice.
    @Test func reopensWhereItStopped() throws {
        let dir = try TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.path("desk.sqlite")
        let s = try Self.scenario()
        let plan: StockPlan = [[2, 0], [1, 0], [0, 0]]
        var before: [DeskChange] = []
        do {
            let db = try SQLiteStore.create(path: path, catalog: DeskCatalog(scenario: s, plan: plan))
            var desk = DeskCore(network: DeskNetwork(scenario: s, plan: plan), store: db)
            let o = try desk.openOrder(site: 1, item: 0, at: 1)
            try desk.triage(order: o, needsPart: true, at: 1)
            try db.setMeta("note", "first session")
            before = try db.changes()
            try db.close()
        }
        let again = try SQLiteStore.open(path: path)
        #expect(try again.changes() == before)
        #expect(try again.meta("note") == "first session")
        again.record(.engineerFree(site: 1, at: 9))
        again.commit()
        #expect(try again.changes().count == before.count + 1)
        #expect(try again.changes(from: Int64(before.count + 1)) == [.engineerFree(site: 1, at: 9)])
        #expect(throws: DeskStoreError.self) { try SQLiteStore.create(path: path, catalog: DeskCatalog(scenario: s, plan: plan)) }
    }

    /// A file that is not a desk database is refused with its path, not a crash.
    @Test func refusesAForeignFile() throws {
        let dir = try TemporaryDirectory()
        defer { withExtendedLifetime(dir) {} }
        let path = dir.path("notes.sqlite")
        try Data("not a database at all, just text".utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            _ = try SQLiteStore.open(path: path)
        } throws: { error in
            (error as? DeskStoreError)?.description.hasPrefix(path) == true
        }
        #expect(throws: DeskStoreError.self) { try SQLiteStore.open(path: dir.path("missing.sqlite")) }
    }
}
