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
                try Row.fetchOne(db, sql: "\(Self.orderSelect) WHERE o.id = ? AND \(condition)", arguments: all).map(Self.view)
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
