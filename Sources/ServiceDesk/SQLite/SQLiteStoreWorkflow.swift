import Foundation
import GRDB
import ScenarioModel

extension SQLiteStore {
    /// Writes one workflow change: its row in the append-only `case_events` log (the change as
    /// JSON) and the current rows it moves (cases, approvals, watches, returns, surveys,
    /// settlements, statements). Updates must touch the rows the desk expects, or the command fails.
    func writeCase(_ change: CaseChange, seq: Int64, _ db: Database) throws {
        func one(_ sql: String, _ args: StatementArguments, _ what: @autoclosure () -> String) throws {
            try db.cachedStatement(sql: sql).execute(arguments: args)
            guard db.changesCount == 1 else {
                throw DeskStoreError(path: path, message: "the record disagrees with the workflow: \(what())")
            }
        }
        func run(_ sql: String, _ args: StatementArguments) throws { try db.cachedStatement(sql: sql).execute(arguments: args) }
        func day(_ d: CalendarDate?) -> String? { d.map { "\($0)" } }
        switch change {
        case .customerRegistered(let c):
            try run("INSERT INTO customers(id, code, name) VALUES (?, ?, ?)", [c.id, c.code, c.name])
        case .assetRegistered(let a):
            try run("""
                INSERT INTO assets(id, serial, product_id, customer_id, site_id, installed, contract, contract_until, distance_km)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [a.id, a.serial, a.product, a.customer, a.site, day(a.installed), a.contract, day(a.contractUntil), a.distanceKm])
            for (item, serial) in a.components.sorted(by: { $0.key < $1.key }) {
                try run("INSERT INTO asset_components(asset_id, item_id, serial) VALUES (?, ?, ?)", [a.id, item, serial])
            }
        case .intake(let o, let a, let e, let evidence, let fault, let text, let priority, let k, _):
            try run("""
                INSERT INTO cases(order_id, asset_id, entitlement, evidence, fault_reported, description, priority, sla_class, stage)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'intake')
                """, [o, a, e.rawValue, evidence, fault, text, priority, k])
        case .triaged(let o, let fault, let h, let cost, _):
            try one("UPDATE cases SET fault_confirmed = ?, handling = ?, estimated_cost = ? WHERE order_id = ?",
                    [fault, h.rawValue, cost, o], "no case \(o)")
        case .approvalRequested(let o, let cost, let threshold, let t):
            try run("INSERT INTO approvals(order_id, estimated_cost, threshold, requested_at) VALUES (?, ?, ?, ?)", [o, cost, threshold, t])
        case .approvalDecided(let o, let approved, let by, let note, let t):
            try one("""
                UPDATE approvals SET approved = ?, approver = ?, note = ?, decided_at = ?
                WHERE order_id = ? AND decided_at IS NULL
                """, [approved, by, note, t, o], "no approval pending for order \(o)")
        case .customerHold(let o, let waiting, _):
            try one("UPDATE cases SET on_hold = ? WHERE order_id = ? AND on_hold = ?", [waiting, o, !waiting], "hold of order \(o)")
        case .slaClassChanged(let o, let from, let to, _):
            try one("UPDATE cases SET sla_class = ? WHERE order_id = ? AND sla_class = ?", [to, o, from], "SLA class of order \(o)")
        case .sla(let o, let name, let event, let t):
            try run("""
                INSERT INTO sla_watches(order_id, name, state, warned_at, breached_at, stopped_at)
                VALUES (:o, :name, :state, CASE WHEN :state = 'warning' THEN :t END, CASE WHEN :state = 'breach' THEN :t END,
                        CASE WHEN :state = 'stopped' THEN :t END)
                ON CONFLICT(order_id, name) DO UPDATE SET
                    state = CASE WHEN excluded.state IN ('warning', 'breach') THEN state ELSE excluded.state END,
                    warned_at = COALESCE(warned_at, excluded.warned_at),
                    breached_at = COALESCE(breached_at, excluded.breached_at),
                    stopped_at = COALESCE(stopped_at, excluded.stopped_at)
                """, ["o": o, "name": name, "state": event.rawValue, "t": t])
        case .partFitted(let o, let item, let serial, let removed, let t):
            try run("INSERT INTO parts_lines(order_id, item_id, line, serial, at) VALUES (?, ?, 'consume_new', ?, ?)", [o, item, serial, t])
            if let removed {
                try run("INSERT INTO parts_lines(order_id, item_id, line, serial, at) VALUES (?, ?, 'remove_defective', ?, ?)",
                        [o, item, removed, t])
            }
            try run("""
                INSERT INTO asset_components(asset_id, item_id, serial)
                VALUES ((SELECT asset_id FROM cases WHERE order_id = ?), ?, ?)
                ON CONFLICT(asset_id, item_id) DO UPDATE SET serial = excluded.serial
                """, [o, item, serial])
        case .partScrapped(let o, let item, let serial, let t):
            try run("INSERT INTO parts_lines(order_id, item_id, line, serial, at) VALUES (?, ?, 'scrap', ?, ?)", [o, item, serial, t])
        case .returnAuthorised(let r, let o, let item, let serial, let t):
            try run("INSERT INTO returns(id, order_id, item_id, serial, state, authorised_at) VALUES (?, ?, ?, ?, 'authorised', ?)",
                    [r, o, item, serial, t])
        case .returnReceived(let r, let serial, let t):
            // The serial check, in the record too: only the part that was removed is received.
            try one("UPDATE returns SET state = 'received', received_at = ? WHERE id = ? AND state = 'authorised' AND serial = ?",
                    [t, r, serial], "return \(r) is not an authorised return of serial \(serial)")
        case .returnInspected(let r, let outcome, let t):
            try one("UPDATE returns SET state = 'inspected', outcome = ?, inspected_at = ? WHERE id = ? AND state = 'received'",
                    [outcome.rawValue, t, r], "return \(r) was not received")
        case .survey(let o, let score, let reason, let t):
            try run("INSERT INTO surveys(order_id, score, reason, at) VALUES (?, ?, ?, ?)", [o, score, reason, t])
        case .settled(let o, let site, let job, let km, let e, let fee, let t):
            try run("INSERT INTO settlements(order_id, site_id, job, km, entitlement, fee, settled_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [o, site, job.rawValue, km, e.rawValue, fee, t])
        case .statement(let id, let site, let from, let to, let orders, let total, let t):
            try run("INSERT INTO statements(id, site_id, period_from, period_to, orders, total, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [id, site, from, to, orders, total, t])
            try run("""
                UPDATE settlements SET statement_id = ? WHERE site_id = ? AND statement_id IS NULL AND settled_at < ?
                """, [id, site, to])
            guard db.changesCount == orders else {
                throw DeskStoreError(path: path, message: "statement \(id) lists \(orders) orders, the record has \(db.changesCount)")
            }
        case .visitStep(let v, _, let step, let t):
            try run("INSERT INTO visit_steps(visit_id, step, at) VALUES (?, ?, ?)", [v, step.rawValue, t])
        case .depotStep(let o, let depot, let step, let t):
            if step == .requested {
                try run("INSERT INTO depot_repairs(order_id, depot_site_id, state, requested_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                        [o, depot, step.rawValue, t, t])
            } else {
                try one("UPDATE depot_repairs SET state = ?, updated_at = ? WHERE order_id = ?", [step.rawValue, t, o],
                        "no depot repair for order \(o)")
            }
        case .stage(let o, let stage, _):
            try one("UPDATE cases SET stage = ? WHERE order_id = ?", [stage.rawValue, o], "no case \(o)")
        }
        let payload = String(decoding: try encoder.encode(change), as: UTF8.self)
        try run("INSERT INTO case_events(seq, at, kind, order_id, payload) VALUES (?, ?, ?, ?, ?)",
                [seq, change.time, change.kind, change.order, payload])
    }

    /// The workflow's log read back, in order.
    public func caseChanges() throws(DeskStoreError) -> [CaseChange] {
        do {
            let payloads = try pool.read { db in try String.fetchAll(db, sql: "SELECT payload FROM case_events ORDER BY seq") }
            let decoder = JSONDecoder()
            return try payloads.map { try decoder.decode(CaseChange.self, from: Data($0.utf8)) }
        } catch {
            throw DeskStoreError(path: path, message: "cannot read the workflow log: \(error)")
        }
    }
}

extension SQLiteStore {
    /// The KPI context from the database's own catalogue (sites, items, products, classes, opening stock).
    public func kpiContext() throws(DeskStoreError) -> KPIContext {
        do {
            return try pool.read { db in
                let sites = try Row.fetchAll(db, sql: "SELECT id, code, kind FROM sites ORDER BY id")
                let items = try Row.fetchAll(db, sql: "SELECT id, code, unit_cost FROM items ORDER BY id")
                let products = try String.fetchAll(db, sql: "SELECT code FROM products ORDER BY id")
                let classes = try Row.fetchAll(db, sql: "SELECT code, response_days, restore_days FROM sla_classes ORDER BY id")
                var stock = StockPlan(sites: sites.count, items: items.count)
                for row in try Row.fetchAll(db, sql: "SELECT site_id, item_id, initial FROM stock_balance") {
                    let s: Int = row["site_id"], i: Int = row["item_id"]
                    if s >= 0, s < stock.siteCount, i >= 0, i < stock.itemCount { stock[s][i] = max(0, row["initial"] as Int) }
                }
                return KPIContext(siteCodes: sites.map { $0["code"] }, servicePoint: sites.map { ($0["kind"] as String) == "service_point" },
                                  itemCodes: items.map { $0["code"] }, unitCost: items.map { $0["unit_cost"] }, productCodes: products,
                                  classCodes: classes.map { $0["code"] }, restoreDays: classes.map { $0["restore_days"] },
                                  responseDays: classes.map { $0["response_days"] }, openingStock: stock)
            }
        } catch {
            throw DeskStoreError(path: path, message: "cannot read the catalogue: \(error)")
        }
    }

    /// The desk's KPIs over [from, to), from the record alone.
    public func kpis(from: Double, to: Double) throws(DeskStoreError) -> DeskKPIs {
        DeskKPIs.compute(log: try changes(), cases: try caseChanges(), context: try kpiContext(), from: from, to: to)
    }
}
