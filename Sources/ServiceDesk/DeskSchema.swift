import GRDB

/// The service desk's SQLite schema as named, append-only migrations: a migration once released is
/// never edited; a change of schema is a new migration at the end of the list.
///
/// Invariants live in the schema itself, so no writer (the desk, a notebook, a hand-typed
/// statement) can break them: NOT NULL, CHECK, foreign keys and unique keys; the event log is
/// append-only (triggers refuse UPDATE and DELETE); the stock ledger is the log's `on_hand` rows
/// (a view), and the balance it sums to is kept in `stock_balance`, which can never go negative.
enum DeskSchema {
    /// Names of the migrations in order (what `PRAGMA`-level tools see in `grdb_migrations`).
    static let migrationNames = ["v1 core record"]

    static let orderStates = OrderState.allCases.map { "'\($0.description)'" }.joined(separator: ", ")
    static let sourcingKinds = SourcingKind.allCases.map { "'\(DeskSchema.name(of: $0))'" }.joined(separator: ", ")
    static let shipmentKinds = ShipmentKind.allCases.map { "'\($0.description)'" }.joined(separator: ", ")
    static let changeKinds = DeskChange.Kind.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")

    /// The stored name of a sourcing kind.
    static func name(of kind: SourcingKind) -> String {
        switch kind {
        case .none: "none"
        case .own: "own"
        case .lateral: "lateral"
        case .parent: "parent"
        case .emergency: "emergency"
        case .backorder: "backorder"
        }
    }

    static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(migrationNames[0]) { db in
            try db.execute(sql: """
                CREATE TABLE desk_meta (
                    key TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL
                );
                CREATE TABLE sites (
                    id INTEGER PRIMARY KEY CHECK (id >= 0),
                    code TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('central_warehouse', 'regional_depot', 'service_point', 'repair_shop', 'supplier')),
                    parent_id INTEGER REFERENCES sites(id),
                    echelon INTEGER CHECK (echelon IS NULL OR echelon >= 0),
                    engineers INTEGER NOT NULL CHECK (engineers >= 0)
                );
                CREATE TABLE items (
                    id INTEGER PRIMARY KEY CHECK (id >= 0),
                    code TEXT NOT NULL UNIQUE,
                    name TEXT NOT NULL,
                    unit_cost REAL NOT NULL CHECK (unit_cost >= 0),
                    repairable INTEGER NOT NULL CHECK (repairable IN (0, 1))
                );
                CREATE TABLE sla_classes (
                    id INTEGER PRIMARY KEY CHECK (id >= 0),
                    code TEXT NOT NULL UNIQUE,
                    response_days REAL CHECK (response_days > 0),
                    restore_days REAL CHECK (restore_days > 0)
                );
                CREATE TABLE stock_balance (
                    site_id INTEGER NOT NULL REFERENCES sites(id),
                    item_id INTEGER NOT NULL REFERENCES items(id),
                    initial INTEGER NOT NULL CHECK (initial >= 0),
                    on_hand INTEGER NOT NULL CHECK (on_hand >= 0),
                    backorders INTEGER NOT NULL DEFAULT 0 CHECK (backorders >= 0),
                    PRIMARY KEY (site_id, item_id)
                ) WITHOUT ROWID;
                CREATE TABLE orders (
                    id INTEGER PRIMARY KEY CHECK (id >= 0),
                    site_id INTEGER NOT NULL REFERENCES sites(id),
                    item_id INTEGER REFERENCES items(id),
                    sla_class INTEGER NOT NULL REFERENCES sla_classes(id),
                    state TEXT NOT NULL CHECK (state IN (\(orderStates))),
                    sourcing TEXT NOT NULL DEFAULT 'none' CHECK (sourcing IN (\(sourcingKinds))),
                    source_site_id INTEGER REFERENCES sites(id),
                    opened_at REAL NOT NULL,
                    first_on_site_at REAL CHECK (first_on_site_at >= opened_at),
                    resolved_at REAL CHECK (resolved_at >= opened_at),
                    closed_at REAL CHECK (closed_at >= resolved_at),
                    cancelled_at REAL CHECK (cancelled_at >= opened_at),
                    CHECK (state <> 'closed' OR (resolved_at IS NOT NULL AND closed_at IS NOT NULL)),
                    CHECK (state <> 'cancelled' OR cancelled_at IS NOT NULL)
                );
                CREATE INDEX orders_by_state ON orders(state);
                CREATE INDEX orders_by_site ON orders(site_id, opened_at);
                CREATE TABLE shipments (
                    id INTEGER PRIMARY KEY CHECK (id >= 0),
                    kind TEXT NOT NULL CHECK (kind IN (\(shipmentKinds))),
                    from_site_id INTEGER REFERENCES sites(id),
                    to_site_id INTEGER NOT NULL REFERENCES sites(id),
                    item_id INTEGER NOT NULL REFERENCES items(id),
                    order_id INTEGER REFERENCES orders(id),
                    state TEXT NOT NULL CHECK (state IN ('in_transit', 'delivered', 'in_repair', 'repaired', 'condemned')),
                    sent_at REAL NOT NULL,
                    delivered_at REAL CHECK (delivered_at >= sent_at),
                    repair_completed_at REAL CHECK (repair_completed_at >= delivered_at),
                    CHECK (kind IN ('lateral', 'emergency', 'return') OR order_id IS NULL),
                    CHECK (state = 'in_transit' OR delivered_at IS NOT NULL)
                );
                CREATE INDEX shipments_in_transit ON shipments(to_site_id) WHERE state = 'in_transit';
                CREATE TABLE visits (
                    id INTEGER PRIMARY KEY CHECK (id >= 0),
                    order_id INTEGER NOT NULL REFERENCES orders(id),
                    engineer_site_id INTEGER NOT NULL REFERENCES sites(id),
                    state TEXT NOT NULL CHECK (state IN ('dispatched', 'on_site', 'completed')),
                    dispatched_at REAL NOT NULL,
                    arrived_at REAL CHECK (arrived_at >= dispatched_at),
                    completed_at REAL CHECK (completed_at >= arrived_at),
                    CHECK (state = 'dispatched' OR arrived_at IS NOT NULL),
                    CHECK (state <> 'completed' OR completed_at IS NOT NULL)
                );
                CREATE INDEX visits_by_order ON visits(order_id);
                CREATE TABLE events (
                    seq INTEGER PRIMARY KEY CHECK (seq >= 1),
                    at REAL NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN (\(changeKinds))),
                    order_id INTEGER REFERENCES orders(id),
                    site_id INTEGER REFERENCES sites(id),
                    item_id INTEGER REFERENCES items(id),
                    other_site_id INTEGER REFERENCES sites(id),
                    shipment_id INTEGER REFERENCES shipments(id),
                    visit_id INTEGER REFERENCES visits(id),
                    delta INTEGER,
                    level INTEGER,
                    flag INTEGER CHECK (flag IN (0, 1)),
                    sla_class INTEGER REFERENCES sla_classes(id),
                    from_state TEXT CHECK (from_state IN (\(orderStates))),
                    to_state TEXT CHECK (to_state IN (\(orderStates))),
                    detail TEXT,
                    CHECK (kind <> 'on_hand' OR (site_id IS NOT NULL AND item_id IS NOT NULL AND delta <> 0 AND level >= 0)),
                    CHECK (kind <> 'backorders' OR (site_id IS NOT NULL AND item_id IS NOT NULL AND delta IN (-1, 1))),
                    CHECK (kind <> 'order_moved' OR (order_id IS NOT NULL AND from_state IS NOT NULL AND to_state IS NOT NULL))
                );
                CREATE INDEX events_by_order ON events(order_id) WHERE order_id IS NOT NULL;
                CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
                BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
                CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
                BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
                CREATE VIEW stock_ledger AS
                    SELECT seq, at, site_id, item_id, delta, level AS level_after
                    FROM events WHERE kind = 'on_hand';
                """)
        }
        return migrator
    }
}

extension DeskChange {
    /// The kind of a change, as stored in the event log's `kind` column.
    public enum Kind: String, Sendable, CaseIterable {
        case orderOpened = "order_opened"
        case orderMoved = "order_moved"
        case orderSourced = "order_sourced"
        case orderPart = "order_part"
        case demand
        case onHand = "on_hand"
        case backorders
        case shipmentSent = "shipment_sent"
        case shipmentDelivered = "shipment_delivered"
        case visitDispatched = "visit_dispatched"
        case visitArrived = "visit_arrived"
        case visitCompleted = "visit_completed"
        case engineerFree = "engineer_free"
        case partConsumed = "part_consumed"
        case repairStarted = "repair_started"
        case repairCompleted = "repair_completed"
    }

    /// This change's kind.
    public var kind: Kind {
        switch self {
        case .orderOpened: .orderOpened
        case .orderMoved: .orderMoved
        case .orderSourced: .orderSourced
        case .orderPart: .orderPart
        case .demand: .demand
        case .onHand: .onHand
        case .backorders: .backorders
        case .shipmentSent: .shipmentSent
        case .shipmentDelivered: .shipmentDelivered
        case .visitDispatched: .visitDispatched
        case .visitArrived: .visitArrived
        case .visitCompleted: .visitCompleted
        case .engineerFree: .engineerFree
        case .partConsumed: .partConsumed
        case .repairStarted: .repairStarted
        case .repairCompleted: .repairCompleted
        }
    }
}
