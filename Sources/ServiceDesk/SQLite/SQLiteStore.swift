import Foundation
import GRDB
public import ScenarioModel

/// The reference data a desk database is created with: sites, items, SLA classes and the stock on
/// the shelves at the start.
public struct DeskCatalog: Sendable {
    /// A site as the record names it.
    public struct SiteRow: Sendable, Equatable {
        public var code: String, name: String, kind: String
        public var parent: Int?, echelon: Int?, engineers: Int
    }
    /// An item as the record names it.
    public struct ItemRow: Sendable, Equatable {
        public var code: String, name: String, unitCost: Double, repairable: Bool
    }
    /// An SLA class with its targets in days (nil: no target).
    public struct ClassRow: Sendable, Equatable {
        public var code: String, responseDays: Double?, restoreDays: Double?
    }
    public var scenario: String
    public var sites: [SiteRow]
    public var items: [ItemRow]
    public var classes: [ClassRow]
    /// Products (code, name), in scenario order.
    public var products: [(code: String, name: String)]
    /// Units on the shelf at the start, for the sites that hold stock.
    public var stock: StockPlan
    /// Whether each site keeps a stock balance (warehouse, depot, service point).
    public var holdsStock: [Bool]

    /// The catalogue of a scenario under a stock plan. A scenario without SLA
    /// classes gets one class, `default`, with no targets (orders always carry a class).
    public init(scenario s: Scenario, plan: StockPlan) {
        scenario = s.name
        sites = s.sites.map {
            SiteRow(code: $0.id, name: $0.name, kind: $0.kind.rawValue, parent: $0.parentIndex, echelon: $0.echelon,
                    engineers: $0.engineers)
        }
        items = s.items.map { ItemRow(code: $0.id, name: $0.name, unitCost: $0.unitCost, repairable: $0.repairable) }
        products = s.products.map { ($0.id, $0.name) }
        classes = s.slaClasses.isEmpty
            ? [ClassRow(code: "default", responseDays: nil, restoreDays: nil)]
            : s.slaClasses.map { ClassRow(code: $0.id, responseDays: $0.responseHours / 24, restoreDays: $0.restoreHours / 24) }
        stock = plan
        holdsStock = s.sites.map { $0.kind.holdsStock }
    }
}

/// Why the SQLite store failed: the file, the step and SQLite's own message.
public struct DeskStoreError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, for the caller's answer: the record refused a write that contradicts
    /// what it holds (a duplicate name, a broken reference: the caller's to fix), or the storage
    /// itself failed (I/O, a full disk, a locked or corrupt file: the operator's).
    public enum Kind: Sendable, Equatable {
        case constraint, storage
    }

    public let path: String
    public let message: String
    public let kind: Kind
    /// The database and the message, for logs and the command line (not for API clients: the
    /// path is the server's business).
    public var description: String { "\(path): \(message)" }

    init(path: String, message: String, kind: Kind = .storage) {
        self.path = path
        self.message = message
        self.kind = kind
    }

    /// The error of a failed database call: a constraint violation, or a storage failure.
    init(path: String, message: String, cause: any Error) {
        let constraint = (cause as? DatabaseError)?.resultCode == .SQLITE_CONSTRAINT
        self.init(path: path, message: message, kind: constraint ? .constraint : .storage)
    }
}

/// The durable system of record: the desk's changes in a SQLite database (WAL mode, named
/// migrations, invariants in the schema). Each desk command's changes are written in one
/// transaction when the command completes (``commit()``): the append-only event log, the stock
/// ledger and balances, and the current rows of orders, shipments and visits.
///
/// A write that SQLite refuses (a violated constraint, a full disk) stops the store: nothing of
/// that command is kept, later commands are not written, and ``failure`` tells why. Everything
/// committed before stays. One store serves one desk on one thread.
public final class SQLiteStore: DeskStore {
    /// The database file.
    public let path: String
    /// The first error, after which nothing more is written.
    public private(set) var failure: DeskStoreError?
    /// Who issues the commands now (an API user's name), kept with each logged command: the
    /// audit trail. Nil for the simulation.
    public var actor: String?
    /// Changes written (committed) so far.
    public private(set) var committedChanges = 0
    /// Commands committed so far.
    public private(set) var committedCommands = 0

    let pool: DatabasePool
    /// Changes of the command under way, in order.
    enum Pending: Equatable { case desk(DeskChange), work(CaseChange), command(WorkflowCommand) }
    /// Idempotency records of the command under way, written in its transaction.
    var pendingResponses: [(Int, String, StoredResponse)] = []
    var pending: [Pending] = []
    let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }()
    private var nextSeq: Int64
    private var statements: Statements?

    public var commitsCommands: Bool { true }

    /// Creates a new desk database at `path` (the file must not exist) with the catalogue's
    /// reference data and opening stock.
    public static func create(path: String, catalog: DeskCatalog) throws(DeskStoreError) -> SQLiteStore {
        if FileManager.default.fileExists(atPath: path) {
            throw DeskStoreError(path: path, message: "already exists; a desk database is created once (remove it or choose another path)")
        }
        let store = try SQLiteStore(path: path)
        do {
            try store.pool.write { db in
                try Self.insertCatalog(catalog, into: db)
            }
        } catch {
            throw DeskStoreError(path: path, message: "cannot write the catalogue: \(error)")
        }
        return store
    }

    /// Opens an existing desk database (migrating it to the current schema).
    public static func open(path: String) throws(DeskStoreError) -> SQLiteStore {
        guard FileManager.default.fileExists(atPath: path) else {
            throw DeskStoreError(path: path, message: "no such desk database")
        }
        return try SQLiteStore(path: path)
    }

    private init(path: String) throws(DeskStoreError) {
        self.path = path
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
            try DeskSchema.migrator().migrate(pool)
            nextSeq = try pool.read { db in
                try Int64.fetchOne(db, sql: """
                    SELECT MAX(COALESCE((SELECT MAX(seq) FROM events), 0), COALESCE((SELECT MAX(seq) FROM case_events), 0),
                               COALESCE((SELECT MAX(seq) FROM commands), 0))
                    """) ?? 0
            } + 1
        } catch {
            throw DeskStoreError(path: path, message: "cannot open as a desk database: \(error)")
        }
        pending.reserveCapacity(64)
    }

    private static func insertCatalog(_ c: DeskCatalog, into db: Database) throws {
        try db.execute(sql: "INSERT INTO desk_meta(key, value) VALUES ('scenario', ?)", arguments: [c.scenario])
        let site = try db.makeStatement(sql: """
            INSERT INTO sites(id, code, name, kind, parent_id, echelon, engineers) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        for (i, s) in c.sites.enumerated() {
            try site.execute(arguments: [i, s.code, s.name, s.kind, s.parent, s.echelon, s.engineers])
        }
        let item = try db.makeStatement(sql: "INSERT INTO items(id, code, name, unit_cost, repairable) VALUES (?, ?, ?, ?, ?)")
        for (i, x) in c.items.enumerated() {
            try item.execute(arguments: [i, x.code, x.name, x.unitCost, x.repairable])
        }
        let cls = try db.makeStatement(sql: "INSERT INTO sla_classes(id, code, response_days, restore_days) VALUES (?, ?, ?, ?)")
        for (k, x) in c.classes.enumerated() {
            try cls.execute(arguments: [k, x.code, x.responseDays, x.restoreDays])
        }
        let product = try db.makeStatement(sql: "INSERT INTO products(id, code, name) VALUES (?, ?, ?)")
        for (p, x) in c.products.enumerated() { try product.execute(arguments: [p, x.code, x.name]) }
        let balance = try db.makeStatement(sql: "INSERT INTO stock_balance(site_id, item_id, initial, on_hand) VALUES (?, ?, ?, ?)")
        for s in c.sites.indices where s < c.holdsStock.count && c.holdsStock[s] {
            for i in c.items.indices {
                let units = s < c.stock.siteCount && i < c.stock.itemCount ? c.stock[s][i] : 0
                try balance.execute(arguments: [s, i, units, units])
            }
        }
    }

    /// Sets a metadata entry (e.g. the simulation's measurement window).
    public func setMeta(_ key: String, _ value: String) throws(DeskStoreError) {
        do {
            try pool.write { db in
                try db.execute(sql: "INSERT OR REPLACE INTO desk_meta(key, value) VALUES (?, ?)", arguments: [key, value])
            }
        } catch {
            throw DeskStoreError(path: path, message: "cannot write metadata \(key): \(error)")
        }
    }

    /// A metadata entry, nil when absent.
    public func meta(_ key: String) throws(DeskStoreError) -> String? {
        do {
            return try pool.read { db in try String.fetchOne(db, sql: "SELECT value FROM desk_meta WHERE key = ?", arguments: [key]) }
        } catch {
            throw DeskStoreError(path: path, message: "cannot read metadata \(key): \(error)")
        }
    }

    // MARK: - DeskStore

    public func record(_ change: DeskChange) {
        if replaying { verify(.desk(change)) } else { pending.append(.desk(change)) }
    }

    public func record(case change: CaseChange) {
        if replaying { verify(.work(change)) } else { pending.append(.work(change)) }
    }

    public func record(command: WorkflowCommand) {
        if replaying { verify(.command(command)) } else { pending.append(.command(command)) }
    }

    // MARK: - Replay

    /// While replaying, what the log holds (in sequence) and how far the replay has matched it.
    var replayLog: [Pending] = []
    var replayIndex = 0
    /// The first difference between the replayed changes and the log, if any.
    public internal(set) var replayMismatch: String?
    var replaying = false

    private func verify(_ entry: Pending) {
        guard replayMismatch == nil else { return }
        guard replayIndex < replayLog.count else {
            replayMismatch = "the replay made more changes than the log holds (\(replayLog.count))"
            return
        }
        if replayLog[replayIndex] != entry {
            replayMismatch = "change \(replayIndex + 1) differs: the log has \(replayLog[replayIndex]), the replay made \(entry)"
        }
        replayIndex += 1
    }

    /// Writes the changes of the command that just completed in one transaction.
    public func commit() {
        guard !replaying, !pending.isEmpty || !pendingResponses.isEmpty else { return }
        defer { pending.removeAll(keepingCapacity: true); pendingResponses.removeAll() }
        guard failure == nil else { return }
        let first = nextSeq
        do {
            try pool.writeWithoutTransaction { db in
                if statements == nil { statements = try Statements(db) }
                guard let st = statements else { return }
                try db.inTransaction(.immediate) {
                    var seq = first
                    for entry in pending {
                        switch entry {
                        case .desk(let change): try Self.write(change, seq: seq, st, db)
                        case .work(let change): try writeCase(change, seq: seq, db)
                        case .command(let command):
                            let payload = String(decoding: try encoder.encode(command), as: UTF8.self)
                            try db.cachedStatement(sql: "INSERT INTO commands(seq, at, name, payload, actor) VALUES (?, ?, ?, ?, ?)")
                                .execute(arguments: [seq, command.time, command.name, payload, actor])
                        }
                        seq += 1
                    }
                    for (user, key, r) in pendingResponses {
                        try db.execute(sql: "INSERT INTO idempotency(user_id, key, request, status, body) VALUES (?, ?, ?, ?, ?)",
                                       arguments: [user, key, r.request, r.status, r.body])
                    }
                    return .commit
                }
            }
            nextSeq = first + Int64(pending.count)
            committedChanges += pending.count
            committedCommands += 1
        } catch {
            failure = DeskStoreError(path: path, message: "a command was not recorded (nothing of it was kept, nor anything after): \(error)")
        }
    }

    /// Checkpoints the WAL into the main file and closes the database. The store writes nothing after.
    public func close() throws(DeskStoreError) {
        commit()
        statements = nil
        do {
            _ = try pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
            try pool.close()
        } catch {
            throw DeskStoreError(path: path, message: "cannot close: \(error)")
        }
    }

    // MARK: - Writing one change

    /// The prepared statements of the hot path, made once per connection.
    private final class Statements {
        let event, openOrder, moveOrder, sourceOrder, orderPart, onHand, backorders: Statement
        let sendShipment, deliverShipment, startRepair, completeRepair: Statement
        let dispatchVisit, arriveVisit, completeVisit: Statement
        init(_ db: Database) throws {
            event = try db.makeStatement(sql: """
                INSERT INTO events(seq, at, kind, order_id, site_id, item_id, other_site_id, shipment_id, visit_id,
                                   delta, level, flag, sla_class, from_state, to_state, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            openOrder = try db.makeStatement(sql: """
                INSERT INTO orders(id, site_id, item_id, sla_class, state, opened_at) VALUES (?, ?, ?, ?, 'opened', ?)
                """)
            moveOrder = try db.makeStatement(sql: """
                UPDATE orders SET state = :to,
                    first_on_site_at = CASE WHEN :to = 'on_site' AND first_on_site_at IS NULL THEN :at ELSE first_on_site_at END,
                    resolved_at = CASE WHEN :to = 'resolved' THEN :at ELSE resolved_at END,
                    closed_at = CASE WHEN :to = 'closed' THEN :at ELSE closed_at END,
                    cancelled_at = CASE WHEN :to = 'cancelled' THEN :at ELSE cancelled_at END
                WHERE id = :id AND state = :from
                """)
            sourceOrder = try db.makeStatement(sql: "UPDATE orders SET sourcing = ?, source_site_id = ? WHERE id = ?")
            orderPart = try db.makeStatement(sql: "UPDATE orders SET item_id = ? WHERE id = ? AND state = 'triaged'")
            onHand = try db.makeStatement(sql: """
                UPDATE stock_balance SET on_hand = on_hand + ? WHERE site_id = ? AND item_id = ? AND on_hand + ? = ?
                """)
            backorders = try db.makeStatement(sql: """
                UPDATE stock_balance SET backorders = backorders + ? WHERE site_id = ? AND item_id = ?
                """)
            sendShipment = try db.makeStatement(sql: """
                INSERT INTO shipments(id, kind, from_site_id, to_site_id, item_id, order_id, state, sent_at)
                VALUES (?, ?, ?, ?, ?, ?, 'in_transit', ?)
                """)
            deliverShipment = try db.makeStatement(sql: """
                UPDATE shipments SET state = 'delivered', delivered_at = ? WHERE id = ? AND state = 'in_transit'
                """)
            startRepair = try db.makeStatement(sql: "UPDATE shipments SET state = 'in_repair' WHERE id = ? AND state = 'delivered'")
            completeRepair = try db.makeStatement(sql: """
                UPDATE shipments SET state = ?, repair_completed_at = ? WHERE id = ? AND state = 'in_repair'
                """)
            dispatchVisit = try db.makeStatement(sql: """
                INSERT INTO visits(id, order_id, engineer_site_id, state, dispatched_at) VALUES (?, ?, ?, 'dispatched', ?)
                """)
            arriveVisit = try db.makeStatement(sql: """
                UPDATE visits SET state = 'on_site', arrived_at = ? WHERE id = ? AND state = 'dispatched'
                """)
            completeVisit = try db.makeStatement(sql: """
                UPDATE visits SET state = 'completed', completed_at = ? WHERE id = ? AND state = 'on_site'
                """)
        }
    }

    /// A reference as stored: negative ids (none, outside the network) are NULL.
    @inline(__always) private static func ref(_ x: Int32) -> Int64? { x >= 0 ? Int64(x) : nil }

    /// Runs an UPDATE that must touch exactly one row (the record and the desk agree).
    private static func updateOne(_ st: Statement, _ args: StatementArguments, _ db: Database, _ what: @autoclosure () -> String) throws {
        try st.execute(arguments: args)
        guard db.changesCount == 1 else {
            throw DeskStoreError(path: db.configuration.label ?? "", message: "the record disagrees with the desk: \(what())")
        }
    }

    private static func write(_ change: DeskChange, seq: Int64, _ st: Statements, _ db: Database) throws {
        // The event row's columns, filled per kind.
        var order: Int64? = nil, site: Int64? = nil, item: Int64? = nil, other: Int64? = nil
        var shipment: Int64? = nil, visit: Int64? = nil, delta: Int64? = nil, level: Int64? = nil
        var flag: Bool? = nil, cls: Int64? = nil, from: String? = nil, to: String? = nil, detail: String? = nil
        switch change {
        case .orderOpened(let o, let s, let i, let k, let t):
            try st.openOrder.execute(arguments: [Int64(o), Int64(s), ref(i), Int64(k), t])
            order = Int64(o); site = Int64(s); item = ref(i); cls = Int64(k)
        case .orderMoved(let o, let a, let b, let t):
            try updateOne(st.moveOrder, ["to": b.description, "at": t, "id": Int64(o), "from": a.description], db,
                          "order \(o) is not \(a)")
            order = Int64(o); from = a.description; to = b.description
        case .orderSourced(let o, let kind, let source, _):
            try updateOne(st.sourceOrder, [DeskSchema.name(of: kind), ref(source), Int64(o)], db, "no order \(o)")
            order = Int64(o); other = ref(source); detail = DeskSchema.name(of: kind)
        case .orderPart(let o, let i, _):
            try updateOne(st.orderPart, [ref(i), Int64(o)], db, "order \(o) is not being triaged")
            order = Int64(o); item = ref(i)
        case .demand(let s, let i, let met, _):
            site = Int64(s); item = Int64(i); flag = met
        case .onHand(let s, let i, let d, let l, _):
            try updateOne(st.onHand, [Int64(d), Int64(s), Int64(i), Int64(d), Int64(l)], db,
                          "stock of item \(i) at site \(s) does not reach \(l)")
            site = Int64(s); item = Int64(i); delta = Int64(d); level = Int64(l)
        case .backorders(let s, let i, let d, _):
            try updateOne(st.backorders, [Int64(d), Int64(s), Int64(i)], db, "no stock balance for item \(i) at site \(s)")
            site = Int64(s); item = Int64(i); delta = Int64(d)
        case .shipmentSent(let id, let kind, let a, let b, let i, let o, let t):
            try st.sendShipment.execute(arguments: [Int64(id), kind.description, ref(a), Int64(b), Int64(i), ref(o), t])
            shipment = Int64(id); other = ref(a); site = Int64(b); item = Int64(i); order = ref(o); detail = kind.description
        case .shipmentDelivered(let id, let kind, let b, let i, let t):
            try updateOne(st.deliverShipment, [t, Int64(id)], db, "shipment \(id) is not in transit")
            shipment = Int64(id); site = Int64(b); item = Int64(i); detail = kind.description
        case .repairStarted(let id, let s, let i, _):
            try updateOne(st.startRepair, [Int64(id)], db, "shipment \(id) was not delivered for repair")
            shipment = Int64(id); site = Int64(s); item = Int64(i)
        case .repairCompleted(let id, let s, let i, let condemned, let t):
            try updateOne(st.completeRepair, [condemned ? "condemned" : "repaired", t, Int64(id)], db, "shipment \(id) is not in repair")
            shipment = Int64(id); site = Int64(s); item = Int64(i); flag = condemned
        case .visitDispatched(let v, let o, let e, let t):
            try st.dispatchVisit.execute(arguments: [Int64(v), Int64(o), Int64(e), t])
            visit = Int64(v); order = Int64(o); site = Int64(e)
        case .visitArrived(let v, let o, let t):
            try updateOne(st.arriveVisit, [t, Int64(v)], db, "visit \(v) is not under way")
            visit = Int64(v); order = Int64(o)
        case .visitCompleted(let v, let o, let t):
            try updateOne(st.completeVisit, [t, Int64(v)], db, "visit \(v) is not on site")
            visit = Int64(v); order = Int64(o)
        case .engineerFree(let s, _):
            site = Int64(s)
        case .partConsumed(let o, let s, let i, _):
            order = Int64(o); site = Int64(s); item = Int64(i)
        }
        try st.event.execute(arguments: [seq, change.time, change.kind.rawValue, order, site, item, other, shipment, visit,
                                         delta, level, flag, cls, from, to, detail])
    }
}
