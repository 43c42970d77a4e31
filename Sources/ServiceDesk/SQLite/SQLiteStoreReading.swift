import Foundation
import GRDB

/// What ``SQLiteStore/check()`` found: SQLite's own checks and the ledger's balance.
public struct DeskIntegrityReport: Sendable, Equatable, Codable {
    /// `PRAGMA integrity_check`'s answer ("ok" when sound).
    public var integrity: String
    /// Rows that break a foreign key (`PRAGMA foreign_key_check`).
    public var foreignKeyViolations: Int
    /// Cells whose opening stock plus the ledger's moves differ from the balance.
    public var unbalancedCells: Int
    /// Ledger rows whose recorded level differs from the opening stock plus the moves up to them.
    public var ledgerLevelMismatches: Int
    /// Cells whose backorder balance differs from the sum of the backorder changes.
    public var unbalancedBackorders: Int
    /// Orders whose state differs from the last transition in the event log.
    public var orderStateMismatches: Int
    /// Sizes, for the report.
    public var events: Int
    public var ledgerMoves: Int
    public var orders: Int
    public var shipments: Int
    public var visits: Int

    /// Whether every check passed.
    public var passed: Bool {
        integrity == "ok" && foreignKeyViolations == 0 && unbalancedCells == 0 && ledgerLevelMismatches == 0
            && unbalancedBackorders == 0 && orderStateMismatches == 0
    }
}

extension SQLiteStore {
    /// Runs SQLite's integrity and foreign-key checks and balances the stock ledger: for every
    /// cell, opening stock + Σ moves = on hand, and each move's level is the running sum.
    public func check() throws(DeskStoreError) -> DeskIntegrityReport {
        do {
            return try pool.read { db in
                let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
                let fk = try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count
                let unbalanced = try Int.fetchOne(db, sql: """
                    SELECT COUNT(*) FROM stock_balance b
                    WHERE b.initial + COALESCE((SELECT SUM(delta) FROM stock_ledger l
                                                WHERE l.site_id = b.site_id AND l.item_id = b.item_id), 0) <> b.on_hand
                    """) ?? -1
                let levels = try Int.fetchOne(db, sql: """
                    SELECT COUNT(*) FROM (
                        SELECT l.level_after AS level,
                               b.initial + SUM(l.delta) OVER (PARTITION BY l.site_id, l.item_id ORDER BY l.seq) AS running
                        FROM stock_ledger l JOIN stock_balance b ON b.site_id = l.site_id AND b.item_id = l.item_id)
                    WHERE level <> running
                    """) ?? -1
                let backorders = try Int.fetchOne(db, sql: """
                    SELECT COUNT(*) FROM stock_balance b
                    WHERE COALESCE((SELECT SUM(delta) FROM events e WHERE e.kind = 'backorders'
                                    AND e.site_id = b.site_id AND e.item_id = b.item_id), 0) <> b.backorders
                    """) ?? -1
                let states = try Int.fetchOne(db, sql: """
                    SELECT COUNT(*) FROM orders o
                    WHERE o.state <> COALESCE((SELECT e.to_state FROM events e WHERE e.order_id = o.id AND e.kind = 'order_moved'
                                               ORDER BY e.seq DESC LIMIT 1), 'opened')
                    """) ?? -1
                func count(_ table: String) throws -> Int { try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
                return DeskIntegrityReport(integrity: integrity, foreignKeyViolations: fk, unbalancedCells: unbalanced,
                                           ledgerLevelMismatches: levels, unbalancedBackorders: backorders,
                                           orderStateMismatches: states, events: try count("events"),
                                           ledgerMoves: try count("stock_ledger"), orders: try count("orders"),
                                           shipments: try count("shipments"), visits: try count("visits"))
            }
        } catch {
            throw DeskStoreError(path: path, message: "check failed: \(error)")
        }
    }

    /// The event log read back as the desk recorded it, in order (`seq`), optionally from `seq`
    /// onward. The same changes the memory store keeps.
    public func changes(from firstSeq: Int64 = 1) throws(DeskStoreError) -> [DeskChange] {
        do {
            return try pool.read { db in
                var out: [DeskChange] = []
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT seq, at, kind, order_id, site_id, item_id, other_site_id, shipment_id, visit_id,
                           delta, level, flag, sla_class, from_state, to_state, detail
                    FROM events WHERE seq >= ? ORDER BY seq
                    """, arguments: [firstSeq])
                while let row = try rows.next() {
                    out.append(try Self.change(from: row))
                }
                return out
            }
        } catch let error as DeskStoreError {
            throw error
        } catch {
            throw DeskStoreError(path: path, message: "cannot read the event log: \(error)")
        }
    }

    private static let states: [String: OrderState] = Dictionary(uniqueKeysWithValues: OrderState.allCases.map { ($0.description, $0) })
    private static let sourcing: [String: SourcingKind] =
        Dictionary(uniqueKeysWithValues: SourcingKind.allCases.map { (DeskSchema.name(of: $0), $0) })
    private static let shipmentKinds: [String: ShipmentKind] =
        Dictionary(uniqueKeysWithValues: ShipmentKind.allCases.map { ($0.description, $0) })

    private static func change(from row: Row) throws -> DeskChange {
        let seq: Int64 = row["seq"]
        func bad(_ what: String) -> DeskStoreError { DeskStoreError(path: "", message: "event \(seq): \(what)") }
        func id(_ column: String) -> Int32 { (row[column] as Int64?).map { Int32(truncatingIfNeeded: $0) } ?? -1 }
        let t: Double = row["at"]
        let kindName: String = row["kind"]
        guard let kind = DeskChange.Kind(rawValue: kindName) else { throw bad("unknown kind \(kindName)") }
        let detail: String? = row["detail"]
        let flag = (row["flag"] as Int64?) == 1
        switch kind {
        case .orderOpened:
            return .orderOpened(order: id("order_id"), site: id("site_id"), item: id("item_id"), slaClass: id("sla_class"), at: t)
        case .orderMoved:
            guard let a = states[row["from_state"] ?? ""], let b = states[row["to_state"] ?? ""] else { throw bad("unknown state") }
            return .orderMoved(order: id("order_id"), from: a, to: b, at: t)
        case .orderSourced:
            guard let k = sourcing[detail ?? ""] else { throw bad("unknown sourcing \(detail ?? "nil")") }
            return .orderSourced(order: id("order_id"), kind: k, source: id("other_site_id"), at: t)
        case .orderPart:
            return .orderPart(order: id("order_id"), item: id("item_id"), at: t)
        case .demand:
            return .demand(site: id("site_id"), item: id("item_id"), metFromStock: flag, at: t)
        case .onHand:
            return .onHand(site: id("site_id"), item: id("item_id"), delta: id("delta"), level: id("level"), at: t)
        case .backorders:
            return .backorders(site: id("site_id"), item: id("item_id"), delta: id("delta"), at: t)
        case .shipmentSent:
            guard let k = shipmentKinds[detail ?? ""] else { throw bad("unknown shipment kind") }
            return .shipmentSent(shipment: id("shipment_id"), kind: k, from: id("other_site_id"), to: id("site_id"),
                                 item: id("item_id"), order: id("order_id"), at: t)
        case .shipmentDelivered:
            guard let k = shipmentKinds[detail ?? ""] else { throw bad("unknown shipment kind") }
            return .shipmentDelivered(shipment: id("shipment_id"), kind: k, to: id("site_id"), item: id("item_id"), at: t)
        case .visitDispatched:
            return .visitDispatched(visit: id("visit_id"), order: id("order_id"), engineerSite: id("site_id"), at: t)
        case .visitArrived:
            return .visitArrived(visit: id("visit_id"), order: id("order_id"), at: t)
        case .visitCompleted:
            return .visitCompleted(visit: id("visit_id"), order: id("order_id"), at: t)
        case .engineerFree:
            return .engineerFree(site: id("site_id"), at: t)
        case .partConsumed:
            return .partConsumed(order: id("order_id"), site: id("site_id"), item: id("item_id"), at: t)
        case .repairStarted:
            return .repairStarted(shipment: id("shipment_id"), site: id("site_id"), item: id("item_id"), at: t)
        case .repairCompleted:
            return .repairCompleted(shipment: id("shipment_id"), site: id("site_id"), item: id("item_id"), condemned: flag, at: t)
        }
    }
}

extension SQLiteStore {
    /// The whole record in sequence: the desk's and the workflow's changes and the commands.
    func fullLog() throws(DeskStoreError) -> [Pending] {
        do {
            return try pool.read { db in
                var merged: [(Int64, Pending)] = []
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT seq, at, kind, order_id, site_id, item_id, other_site_id, shipment_id, visit_id,
                           delta, level, flag, sla_class, from_state, to_state, detail FROM events ORDER BY seq
                    """)
                while let row = try rows.next() { merged.append((row["seq"], .desk(try Self.change(from: row)))) }
                let decoder = JSONDecoder()
                for row in try Row.fetchAll(db, sql: "SELECT seq, payload FROM case_events ORDER BY seq") {
                    let payload: String = row["payload"]
                    merged.append((row["seq"], .work(try decoder.decode(CaseChange.self, from: Data(payload.utf8)))))
                }
                for row in try Row.fetchAll(db, sql: "SELECT seq, payload FROM commands ORDER BY seq") {
                    let payload: String = row["payload"]
                    merged.append((row["seq"], .command(try decoder.decode(WorkflowCommand.self, from: Data(payload.utf8)))))
                }
                merged.sort { $0.0 < $1.0 }
                return merged.map(\.1)
            }
        } catch let error as DeskStoreError {
            throw error
        } catch {
            throw DeskStoreError(path: path, message: "cannot read the record: \(error)")
        }
    }

    /// The command log, in order.
    public func commands() throws(DeskStoreError) -> [WorkflowCommand] {
        try fullLog().compactMap { if case .command(let c) = $0 { c } else { nil } }
    }

    /// Starts a replay: from now on the store compares every change with the log instead of
    /// writing. Returns the commands to apply.
    func beginReplay() throws(DeskStoreError) -> [WorkflowCommand] {
        replayLog = try fullLog()
        replayIndex = 0
        replayMismatch = nil
        replaying = true
        return replayLog.compactMap { if case .command(let c) = $0 { c } else { nil } }
    }

    /// Ends a replay: the replay must have made exactly the logged changes.
    func endReplay() throws(DeskStoreError) {
        replaying = false
        defer { replayLog = [] }
        if let m = replayMismatch { throw DeskStoreError(path: path, message: "the record does not replay: \(m)") }
        guard replayIndex == replayLog.count else {
            throw DeskStoreError(path: path, message: "the record does not replay: it holds \(replayLog.count) entries, the replay made \(replayIndex) (changes made outside the command log?)")
        }
    }
}

/// A stock balance of the record.
public struct StockBalance: Sendable, Equatable, Codable {
    public var site: Int
    public var item: Int
    public var initial: Int
    public var onHand: Int
    public var backorders: Int
}

extension SQLiteStore {
    /// Every stocking cell's balance.
    public func stockBalances() throws(DeskStoreError) -> [StockBalance] {
        do {
            return try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT site_id, item_id, initial, on_hand, backorders FROM stock_balance ORDER BY site_id, item_id")
                    .map { StockBalance(site: $0["site_id"], item: $0["item_id"], initial: $0["initial"], onHand: $0["on_hand"],
                                        backorders: $0["backorders"]) }
            }
        } catch {
            throw DeskStoreError(path: path, message: "cannot read the stock balances: \(error)")
        }
    }
}
