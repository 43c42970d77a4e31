import Foundation
import GRDB

/// Which orders a reader may see: all, one service point's, or one customer's.
public enum OrderScope: Sendable, Equatable {
    case all
    case site(Int)
    case customer(Int)
}

/// One order as the desk's readers see it: core state, workflow stage and case facts.
public struct OrderView: Sendable, Equatable, Codable {
    public var id: Int
    public var state: String
    public var stage: String?
    public var site: String
    public var item: String?
    public var slaClass: String
    public var priority: Int?
    public var entitlement: String?
    public var faultReported: String?
    public var faultConfirmed: String?
    public var handling: String?
    public var sourcing: String
    public var openedAt: Double
    public var resolvedAt: Double?
    public var closedAt: Double?
    public var asset: String?
    public var customer: String?
    /// The order's version: the sequence number of the last change that touched it (an ETag).
    public var version: Int
}

/// Filters for listing orders.
public struct OrderFilter: Sendable, Equatable {
    public var state: String?
    public var stage: String?
    public var site: String?
    public var openedFrom: Double?
    public var openedTo: Double?
    public init(state: String? = nil, stage: String? = nil, site: String? = nil, openedFrom: Double? = nil, openedTo: Double? = nil) {
        self.state = state; self.stage = stage; self.site = site; self.openedFrom = openedFrom; self.openedTo = openedTo
    }
}

/// A stock cell as readers see it.
public struct StockCellView: Sendable, Equatable, Codable {
    public var site: String
    public var item: String
    public var onHand: Int
    public var backorders: Int
    public var initial: Int
}

extension SQLiteStore {
    private static let orderSelect = """
        SELECT o.id, o.state, c.stage, s.code AS site, i.code AS item, k.code AS sla_class, c.priority, c.entitlement,
               c.fault_reported, c.fault_confirmed, c.handling, o.sourcing, o.opened_at, o.resolved_at, o.closed_at,
               a.serial AS asset, cu.code AS customer,
               MAX(COALESCE((SELECT MAX(seq) FROM events e WHERE e.order_id = o.id), 0),
                   COALESCE((SELECT MAX(seq) FROM case_events ce WHERE ce.order_id = o.id), 0)) AS version
        FROM orders o JOIN sites s ON s.id = o.site_id JOIN sla_classes k ON k.id = o.sla_class
        LEFT JOIN items i ON i.id = o.item_id LEFT JOIN cases c ON c.order_id = o.id
        LEFT JOIN assets a ON a.id = c.asset_id LEFT JOIN customers cu ON cu.id = a.customer_id
        """

    private static func view(_ r: Row) -> OrderView {
        OrderView(id: r["id"], state: r["state"], stage: r["stage"], site: r["site"], item: r["item"], slaClass: r["sla_class"],
                  priority: r["priority"], entitlement: r["entitlement"], faultReported: r["fault_reported"],
                  faultConfirmed: r["fault_confirmed"], handling: r["handling"], sourcing: r["sourcing"], openedAt: r["opened_at"],
                  resolvedAt: r["resolved_at"], closedAt: r["closed_at"], asset: r["asset"], customer: r["customer"],
                  version: r["version"])
    }

    private static func scopeSQL(_ scope: OrderScope) -> (String, StatementArguments) {
        switch scope {
        case .all: ("1", [])
        case .site(let s): ("o.site_id = ?", [s])
        case .customer(let c): ("a.customer_id = ?", [c])
        }
    }

    /// Orders visible in `scope`, filtered, newest first, a page at a time; and how many match.
    public func orders(scope: OrderScope, filter: OrderFilter, limit: Int, offset: Int) throws(DeskStoreError) -> (orders: [OrderView], total: Int) {
        var conditions = [Self.scopeSQL(scope).0]
        var args = Self.scopeSQL(scope).1
        if let v = filter.state { conditions.append("o.state = ?"); _ = args.append(contentsOf: [v]) }
        if let v = filter.stage { conditions.append("c.stage = ?"); _ = args.append(contentsOf: [v]) }
        if let v = filter.site { conditions.append("s.code = ?"); _ = args.append(contentsOf: [v]) }
        if let v = filter.openedFrom { conditions.append("o.opened_at >= ?"); _ = args.append(contentsOf: [v]) }
        if let v = filter.openedTo { conditions.append("o.opened_at < ?"); _ = args.append(contentsOf: [v]) }
        let whereSQL = conditions.joined(separator: " AND ")
        do {
            return try pool.read { db in
                let total = try Int.fetchOne(db, sql: """
                    SELECT COUNT(*) FROM orders o JOIN sites s ON s.id = o.site_id LEFT JOIN cases c ON c.order_id = o.id
                    LEFT JOIN assets a ON a.id = c.asset_id WHERE \(whereSQL)
                    """, arguments: args) ?? 0
                var pageArgs = args
                _ = pageArgs.append(contentsOf: [limit, offset])
                let rows = try Row.fetchAll(db, sql: "\(Self.orderSelect) WHERE \(whereSQL) ORDER BY o.id DESC LIMIT ? OFFSET ?",
                                            arguments: pageArgs)
                return (rows.map(Self.view), total)
            }
        } catch {
            throw DeskStoreError(path: path, message: "cannot list orders: \(error)")
        }
    }

    /// One order, nil when it does not exist or lies outside `scope`.
    public func order(_ id: Int, scope: OrderScope) throws(DeskStoreError) -> OrderView? {
        let (condition, args) = Self.scopeSQL(scope)
        var all: StatementArguments = [id]
        _ = all.append(contentsOf: args)
        do {
            return try pool.read { db in
                try Row.fetchOne(db.cachedStatement(sql: "\(Self.orderSelect) WHERE o.id = ? AND \(condition)"), arguments: all).map(Self.view)
            }
        } catch {
            throw DeskStoreError(path: path, message: "cannot read order \(id): \(error)")
        }
    }

    /// Stock cells, optionally of one site.
    public func stock(site: Int?) throws(DeskStoreError) -> [StockCellView] {
        do {
            return try pool.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT s.code AS site, i.code AS item, b.on_hand, b.backorders, b.initial FROM stock_balance b
                    JOIN sites s ON s.id = b.site_id JOIN items i ON i.id = b.item_id
                    WHERE ? IS NULL OR b.site_id = ? ORDER BY b.site_id, b.item_id
                    """, arguments: [site, site]).map {
                    StockCellView(site: $0["site"], item: $0["item"], onHand: $0["on_hand"], backorders: $0["backorders"], initial: $0["initial"])
                }
            }
        } catch {
            throw DeskStoreError(path: path, message: "cannot read stock: \(error)")
        }
    }

    /// Drops the changes of a command that failed part-way: nothing of it is written.
    public func discardUncommitted() {
        pending.removeAll(keepingCapacity: true)
        pendingResponses.removeAll()
    }
}

/// What the managers' dashboard shows, read from the record.
public struct DashboardData: Sendable {
    /// Per week (index from day 0): restore watches stopped, and of them breached.
    public var weeks: [(week: Int, stopped: Int, breached: Int)]
    /// Open orders by state and age band (< 1 day, 1–3 days, > 3 days).
    public var openByState: [(state: String, young: Int, middle: Int, old: Int)]
    /// On-hand units and value per echelon (nil: outside the tree).
    public var stockByEchelon: [(echelon: Int?, units: Int, value: Double)]
    /// Cells with units that have not moved for `agedDays` or more.
    public var agedCells: [(site: String, item: String, units: Int, idleDays: Double)]
    /// Per service point: restored, within target, mean TAT (days), surveys' mean score, fees.
    public var league: [(site: String, restored: Int, met: Int, tatDays: Double?, satisfaction: Double?, fees: Double)]
    public var feesByJob: [(job: String, total: Double)]
    public var statements: Int
}

extension SQLiteStore {
    /// The dashboard's figures at desk time `now`; cells idle for `agedDays` are flagged.
    public func dashboard(now: Double, agedDays: Double = 90) throws(DeskStoreError) -> DashboardData {
        do {
            return try pool.read { db in
                let weeks = try Row.fetchAll(db, sql: """
                    SELECT CAST(stopped_at / 7 AS INTEGER) AS week, COUNT(*) AS stopped, SUM(breached_at IS NOT NULL) AS breached
                    FROM sla_watches WHERE name = 'restore' AND stopped_at IS NOT NULL GROUP BY week ORDER BY week
                    """).map { (week: $0["week"] as Int, stopped: $0["stopped"] as Int, breached: $0["breached"] as Int) }
                let open = try Row.fetchAll(db, sql: """
                    SELECT state, SUM(? - opened_at < 1) AS young, SUM(? - opened_at >= 1 AND ? - opened_at < 3) AS middle,
                           SUM(? - opened_at >= 3) AS old
                    FROM orders WHERE state NOT IN ('closed', 'cancelled') GROUP BY state ORDER BY state
                    """, arguments: [now, now, now, now]).map {
                    (state: $0["state"] as String, young: $0["young"] as Int, middle: $0["middle"] as Int, old: $0["old"] as Int)
                }
                let stock = try Row.fetchAll(db, sql: """
                    SELECT s.echelon, SUM(b.on_hand) AS units, SUM(b.on_hand * i.unit_cost) AS value
                    FROM stock_balance b JOIN sites s ON s.id = b.site_id JOIN items i ON i.id = b.item_id
                    GROUP BY s.echelon ORDER BY s.echelon
                    """).map { (echelon: $0["echelon"] as Int?, units: $0["units"] as Int, value: $0["value"] as Double) }
                let aged = try Row.fetchAll(db, sql: """
                    SELECT s.code AS site, i.code AS item, b.on_hand,
                           ? - COALESCE((SELECT MAX(at) FROM events e WHERE e.kind = 'on_hand' AND e.site_id = b.site_id
                                         AND e.item_id = b.item_id), 0) AS idle
                    FROM stock_balance b JOIN sites s ON s.id = b.site_id JOIN items i ON i.id = b.item_id
                    WHERE b.on_hand > 0 AND idle >= ? ORDER BY idle DESC, site, item LIMIT 50
                    """, arguments: [now, agedDays]).map {
                    (site: $0["site"] as String, item: $0["item"] as String, units: $0["on_hand"] as Int, idleDays: $0["idle"] as Double)
                }
                let league = try Row.fetchAll(db, sql: """
                    SELECT s.code AS site,
                           (SELECT COUNT(*) FROM orders o WHERE o.site_id = s.id AND o.resolved_at IS NOT NULL) AS restored,
                           (SELECT COUNT(*) FROM sla_watches w JOIN orders o ON o.id = w.order_id
                             WHERE o.site_id = s.id AND w.name = 'restore' AND w.stopped_at IS NOT NULL AND w.breached_at IS NULL) AS met,
                           (SELECT AVG(o.resolved_at - o.opened_at) FROM orders o WHERE o.site_id = s.id AND o.resolved_at IS NOT NULL) AS tat,
                           (SELECT AVG(v.score) FROM surveys v JOIN orders o ON o.id = v.order_id WHERE o.site_id = s.id) AS satisfaction,
                           (SELECT COALESCE(SUM(fee), 0) FROM settlements t WHERE t.site_id = s.id) AS fees
                    FROM sites s WHERE s.kind = 'service_point' ORDER BY s.code
                    """).map {
                    (site: $0["site"] as String, restored: $0["restored"] as Int, met: $0["met"] as Int, tatDays: $0["tat"] as Double?,
                     satisfaction: $0["satisfaction"] as Double?, fees: $0["fees"] as Double)
                }
                let jobs = try Row.fetchAll(db, sql: "SELECT job, SUM(fee) AS total FROM settlements GROUP BY job ORDER BY total DESC")
                    .map { (job: $0["job"] as String, total: $0["total"] as Double) }
                let statements = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM statements") ?? 0
                return DashboardData(weeks: weeks, openByState: open, stockByEchelon: stock, agedCells: aged, league: league,
                                     feesByJob: jobs, statements: statements)
            }
        } catch {
            throw DeskStoreError(path: path, message: "cannot read the dashboard's figures: \(error)")
        }
    }
}

/// A generic list page: rows as string-keyed JSON values, with the total before paging.
public struct RowPage: Sendable {
    public var rows: [[String: JSONValue]]
    public var total: Int
}

/// A JSON scalar read from the record.
public enum JSONValue: Sendable, Equatable, Encodable {
    case int(Int64), double(Double), string(String), null
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .int(let v): try c.encode(v)
        case .double(let v): try c.encode(v)
        case .string(let v): try c.encode(v)
        case .null: try c.encodeNil()
        }
    }
}

/// The record's lists the API serves besides orders (each with its scoping column).
public enum DeskList: String, Sendable, CaseIterable {
    case shipments, visits, returns, settlements, statements, surveys, assets, customers
    /// The command log as an audit trail: who issued which command, when (wall clock and desk time).
    case audit

    /// The SELECT (aliases become JSON keys), the column a site scope applies to, a customer
    /// scope's condition, and the filters allowed (query name → SQL column).
    var sql: (select: String, siteColumn: String?, customerCondition: String?, filters: [String: String]) {
        switch self {
        case .shipments:
            ("""
             SELECT sh.id, sh.kind, sh.state, fs.code AS from_site, ts.code AS to_site, i.code AS item, sh.order_id, sh.sent_at,
                    sh.delivered_at FROM shipments sh LEFT JOIN sites fs ON fs.id = sh.from_site_id JOIN sites ts ON ts.id = sh.to_site_id
             JOIN items i ON i.id = sh.item_id
             """, "sh.to_site_id", nil, ["state": "sh.state", "kind": "sh.kind", "to_site": "ts.code"])
        case .visits:
            ("""
             SELECT v.id, v.order_id, es.code AS engineer_site, v.state, v.dispatched_at, v.arrived_at, v.completed_at
             FROM visits v JOIN sites es ON es.id = v.engineer_site_id JOIN orders o ON o.id = v.order_id
             """, "o.site_id", nil, ["state": "v.state", "engineer_site": "es.code"])
        case .returns:
            ("""
             SELECT r.id, r.order_id, i.code AS item, r.serial, r.state, r.outcome, r.authorised_at, r.received_at, r.inspected_at
             FROM returns r JOIN items i ON i.id = r.item_id JOIN orders o ON o.id = r.order_id
             """, "o.site_id", nil, ["state": "r.state", "outcome": "r.outcome"])
        case .settlements:
            ("""
             SELECT t.order_id, s.code AS site, t.job, t.km, t.entitlement, t.fee, t.settled_at, t.statement_id
             FROM settlements t JOIN sites s ON s.id = t.site_id
             """, "t.site_id", nil, ["site": "s.code", "job": "t.job", "statement": "t.statement_id"])
        case .statements:
            ("""
             SELECT st.id, s.code AS site, st.period_from, st.period_to, st.orders, st.total, st.issued_at
             FROM statements st JOIN sites s ON s.id = st.site_id
             """, "st.site_id", nil, ["site": "s.code"])
        case .surveys:
            ("""
             SELECT v.order_id, v.score, v.reason, v.at FROM surveys v JOIN orders o ON o.id = v.order_id
             LEFT JOIN cases c ON c.order_id = o.id LEFT JOIN assets a ON a.id = c.asset_id
             """, "o.site_id", "a.customer_id = ?", ["score": "v.score"])
        case .assets:
            ("""
             SELECT a.id, a.serial, p.code AS product, cu.code AS customer, s.code AS site, a.installed, a.contract, a.contract_until,
                    a.distance_km FROM assets a JOIN products p ON p.id = a.product_id JOIN customers cu ON cu.id = a.customer_id
             JOIN sites s ON s.id = a.site_id
             """, "a.site_id", "a.customer_id = ?", ["serial": "a.serial", "product": "p.code", "customer": "cu.code", "site": "s.code"])
        case .customers:
            ("""
             SELECT cu.id, cu.code, cu.name FROM customers cu
             """, "(SELECT MIN(site_id) FROM assets WHERE customer_id = cu.id)", "cu.id = ?", ["code": "cu.code"])
        case .audit:
            ("""
             SELECT c.seq, c.name AS command, c.actor, c.recorded_at, c.at, c.payload FROM commands c
             """, nil, nil, ["command": "c.name", "actor": "c.actor"])
        }
    }

    /// The filters a list accepts.
    public var filterNames: [String] { sql.filters.keys.sorted() }
}

extension SQLiteStore {
    /// A page of one list in a scope (`customer` scope only where the list has one), filtered by
    /// exact values of its allowed filters, in id order.
    public func list(_ list: DeskList, scope: OrderScope, filters: [String: String], limit: Int, offset: Int) throws(DeskStoreError) -> RowPage {
        let spec = list.sql
        var conditions: [String] = []
        var args: [any DatabaseValueConvertible] = []
        switch scope {
        case .all: break
        case .site(let s):
            guard let column = spec.siteColumn else { return RowPage(rows: [], total: 0) }
            conditions.append("\(column) = ?"); args.append(s)
        case .customer(let c):
            guard let condition = spec.customerCondition else { return RowPage(rows: [], total: 0) }
            conditions.append(condition); args.append(c)
        }
        for (name, value) in filters.sorted(by: { $0.key < $1.key }) {
            guard let column = spec.filters[name] else { continue }
            conditions.append("\(column) = ?"); args.append(value)
        }
        let whereSQL = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        do {
            return try pool.read { db in
                let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (\(spec.select) \(whereSQL))",
                                             arguments: StatementArguments(args)) ?? 0
                let rows = try Row.fetchAll(db, sql: "\(spec.select) \(whereSQL) ORDER BY 1 LIMIT ? OFFSET ?",
                                            arguments: StatementArguments(args + [limit, offset]))
                return RowPage(rows: rows.map { row in
                    var out: [String: JSONValue] = [:]
                    for (column, value) in row {
                        switch value.storage {
                        case .int64(let v): out[column] = .int(v)
                        case .double(let v): out[column] = .double(v)
                        case .string(let v): out[column] = .string(v)
                        case .null, .blob: out[column] = .null
                        }
                    }
                    return out
                }, total: total)
            }
        } catch {
            throw DeskStoreError(path: path, message: "cannot list \(list.rawValue): \(error)")
        }
    }
}
