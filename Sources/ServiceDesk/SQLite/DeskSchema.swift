import GRDB
import ScenarioModel

/// The service desk's SQLite schema as named, append-only migrations: a migration once released is
/// never edited; a change of schema is a new migration at the end of the list.
///
/// Invariants live in the schema itself, so no writer (the desk, a notebook, a hand-typed
/// statement) can break them: NOT NULL, CHECK, foreign keys and unique keys; the event log is
/// append-only (triggers refuse UPDATE and DELETE); the stock ledger is the log's `on_hand` rows
/// (a view), and the balance it sums to is kept in `stock_balance`, which can never go negative.
enum DeskSchema {
    /// Names of the migrations in order (what `PRAGMA`-level tools see in `grdb_migrations`).
    static let migrationNames = ["v1 core record", "v2 service workflow", "v3 command log", "v4 users and tokens"]

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

    /// The named, append-only migrations, one function each, in order.
    static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(migrationNames[0], migrate: v1CoreRecord)
        migrator.registerMigration(migrationNames[1], migrate: v2ServiceWorkflow)
        migrator.registerMigration(migrationNames[2], migrate: v3CommandLog)
        migrator.registerMigration(migrationNames[3], migrate: v4UsersAndTokens)
        return migrator
    }

    /// The core record: the catalogue, orders, stock balances, shipments, visits and the append-only event log with its ledger view.
    static func v1CoreRecord(_ db: Database) throws {
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

    /// The service workflow: customers, assets, cases, SLA watches, parts lines, returns, surveys, settlement, and the append-only case log.
    static func v2ServiceWorkflow(_ db: Database) throws {
        let handlings = Handling.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let entitlements = Entitlement.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let stages = CaseStage.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let watchEvents = SLAWatchEvent.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let outcomes = InspectionOutcome.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let returnStates = ReturnState.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let visitSteps = VisitStep.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let depotSteps = DepotStep.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        let caseKinds = CaseChange.kinds.map { "'\($0)'" }.joined(separator: ", ")
        try db.execute(sql: """
            CREATE TABLE products (
                id INTEGER PRIMARY KEY CHECK (id >= 0),
                code TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL
            );
            CREATE TABLE customers (
                id INTEGER PRIMARY KEY CHECK (id >= 0),
                code TEXT NOT NULL UNIQUE CHECK (code <> ''),
                name TEXT NOT NULL
            );
            CREATE TABLE assets (
                id INTEGER PRIMARY KEY CHECK (id >= 0),
                serial TEXT NOT NULL UNIQUE CHECK (serial <> ''),
                product_id INTEGER NOT NULL REFERENCES products(id),
                customer_id INTEGER NOT NULL REFERENCES customers(id),
                site_id INTEGER NOT NULL REFERENCES sites(id),
                installed TEXT NOT NULL CHECK (date(installed) = installed),
                contract TEXT,
                contract_until TEXT CHECK (contract_until IS NULL OR date(contract_until) = contract_until),
                distance_km REAL NOT NULL CHECK (distance_km >= 0),
                CHECK ((contract IS NULL) = (contract_until IS NULL))
            );
            CREATE TABLE asset_components (
                asset_id INTEGER NOT NULL REFERENCES assets(id),
                item_id INTEGER NOT NULL REFERENCES items(id),
                serial TEXT NOT NULL UNIQUE,
                PRIMARY KEY (asset_id, item_id)
            ) WITHOUT ROWID;
            CREATE TABLE cases (
                order_id INTEGER PRIMARY KEY REFERENCES orders(id),
                asset_id INTEGER NOT NULL REFERENCES assets(id),
                entitlement TEXT NOT NULL CHECK (entitlement IN (\(entitlements))),
                evidence TEXT NOT NULL CHECK (evidence <> ''),
                fault_reported TEXT NOT NULL,
                description TEXT NOT NULL,
                priority INTEGER NOT NULL CHECK (priority BETWEEN 1 AND 5),
                sla_class INTEGER NOT NULL REFERENCES sla_classes(id),
                fault_confirmed TEXT,
                handling TEXT CHECK (handling IN (\(handlings))),
                estimated_cost REAL CHECK (estimated_cost >= 0),
                stage TEXT NOT NULL CHECK (stage IN (\(stages))),
                on_hold INTEGER NOT NULL DEFAULT 0 CHECK (on_hold IN (0, 1)),
                CHECK ((fault_confirmed IS NULL) = (handling IS NULL))
            );
            CREATE TABLE approvals (
                id INTEGER PRIMARY KEY,
                order_id INTEGER NOT NULL REFERENCES cases(order_id),
                estimated_cost REAL NOT NULL,
                threshold REAL NOT NULL,
                requested_at REAL NOT NULL,
                approved INTEGER CHECK (approved IN (0, 1)),
                approver TEXT,
                note TEXT,
                decided_at REAL CHECK (decided_at >= requested_at),
                CHECK (estimated_cost > threshold),
                CHECK ((decided_at IS NULL) = (approved IS NULL) AND (approved IS NULL OR approver <> ''))
            );
            CREATE TABLE sla_watches (
                order_id INTEGER NOT NULL REFERENCES cases(order_id),
                name TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN (\(watchEvents))),
                warned_at REAL,
                breached_at REAL,
                stopped_at REAL,
                PRIMARY KEY (order_id, name)
            ) WITHOUT ROWID;
            CREATE TRIGGER sla_breach_is_final BEFORE UPDATE OF breached_at ON sla_watches
            WHEN OLD.breached_at IS NOT NULL AND (NEW.breached_at IS NULL OR NEW.breached_at <> OLD.breached_at)
            BEGIN SELECT RAISE(ABORT, 'an SLA breach is never undone'); END;
            CREATE TABLE parts_lines (
                id INTEGER PRIMARY KEY,
                order_id INTEGER NOT NULL REFERENCES cases(order_id),
                item_id INTEGER NOT NULL REFERENCES items(id),
                line TEXT NOT NULL CHECK (line IN ('consume_new', 'remove_defective', 'scrap')),
                serial TEXT NOT NULL,
                at REAL NOT NULL
            );
            CREATE TABLE returns (
                id INTEGER PRIMARY KEY CHECK (id >= 0),
                order_id INTEGER NOT NULL REFERENCES cases(order_id),
                item_id INTEGER NOT NULL REFERENCES items(id),
                serial TEXT NOT NULL,
                state TEXT NOT NULL CHECK (state IN (\(returnStates))),
                outcome TEXT CHECK (outcome IN (\(outcomes))),
                authorised_at REAL NOT NULL,
                received_at REAL CHECK (received_at >= authorised_at),
                inspected_at REAL CHECK (inspected_at >= received_at),
                CHECK ((state = 'inspected') = (outcome IS NOT NULL))
            );
            CREATE TABLE surveys (
                order_id INTEGER PRIMARY KEY REFERENCES cases(order_id),
                score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
                reason TEXT NOT NULL,
                at REAL NOT NULL
            );
            CREATE TABLE statements (
                id INTEGER PRIMARY KEY CHECK (id >= 0),
                site_id INTEGER NOT NULL REFERENCES sites(id),
                period_from REAL NOT NULL,
                period_to REAL NOT NULL CHECK (period_to > period_from),
                orders INTEGER NOT NULL CHECK (orders >= 1),
                total REAL NOT NULL CHECK (total >= 0),
                issued_at REAL NOT NULL CHECK (issued_at >= period_to)
            );
            CREATE TABLE settlements (
                order_id INTEGER PRIMARY KEY REFERENCES cases(order_id),
                site_id INTEGER NOT NULL REFERENCES sites(id),
                job TEXT NOT NULL CHECK (job IN (\(handlings))),
                km REAL NOT NULL CHECK (km >= 0),
                entitlement TEXT NOT NULL CHECK (entitlement IN (\(entitlements))),
                fee REAL NOT NULL CHECK (fee >= 0),
                settled_at REAL NOT NULL,
                statement_id INTEGER REFERENCES statements(id)
            );
            CREATE TABLE visit_steps (
                visit_id INTEGER NOT NULL REFERENCES visits(id),
                step TEXT NOT NULL CHECK (step IN (\(visitSteps))),
                at REAL NOT NULL,
                PRIMARY KEY (visit_id, step)
            ) WITHOUT ROWID;
            CREATE TABLE depot_repairs (
                order_id INTEGER PRIMARY KEY REFERENCES cases(order_id),
                depot_site_id INTEGER NOT NULL REFERENCES sites(id),
                state TEXT NOT NULL CHECK (state IN (\(depotSteps))),
                requested_at REAL NOT NULL,
                updated_at REAL NOT NULL CHECK (updated_at >= requested_at)
            );
            CREATE TABLE case_events (
                seq INTEGER PRIMARY KEY CHECK (seq >= 1),
                at REAL,
                kind TEXT NOT NULL CHECK (kind IN (\(caseKinds))),
                order_id INTEGER REFERENCES orders(id),
                payload TEXT NOT NULL CHECK (json_valid(payload))
            );
            CREATE INDEX case_events_by_order ON case_events(order_id) WHERE order_id IS NOT NULL;
            CREATE TRIGGER case_events_append_only_update BEFORE UPDATE ON case_events
            BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
            CREATE TRIGGER case_events_append_only_delete BEFORE DELETE ON case_events
            BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
            """)
    }

    /// The command log (append-only): every workflow command as applied, to replay the live desk.
    static func v3CommandLog(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE commands (
                seq INTEGER PRIMARY KEY CHECK (seq >= 1),
                at REAL,
                name TEXT NOT NULL,
                payload TEXT NOT NULL CHECK (json_valid(payload)),
                actor TEXT,
                recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
            );
            CREATE TRIGGER commands_append_only_update BEFORE UPDATE ON commands
            BEGIN SELECT RAISE(ABORT, 'the command log is append-only'); END;
            CREATE TRIGGER commands_append_only_delete BEFORE DELETE ON commands
            BEGIN SELECT RAISE(ABORT, 'the command log is append-only'); END;
            """)
    }

    /// Users with roles, bearer-token hashes and idempotency keys.
    static func v4UsersAndTokens(_ db: Database) throws {
        let roles = DeskRole.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        try db.execute(sql: """
            CREATE TABLE users (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE CHECK (name <> ''),
                role TEXT NOT NULL CHECK (role IN (\(roles))),
                site_id INTEGER REFERENCES sites(id),
                customer_id INTEGER REFERENCES customers(id),
                CHECK (role NOT IN ('service_point', 'technician') OR site_id IS NOT NULL),
                CHECK (role <> 'customer' OR customer_id IS NOT NULL)
            );
            CREATE TABLE tokens (
                hash TEXT PRIMARY KEY CHECK (length(hash) = 64),
                user_id INTEGER NOT NULL REFERENCES users(id),
                created TEXT NOT NULL
            ) WITHOUT ROWID;
            CREATE TABLE idempotency (
                user_id INTEGER NOT NULL REFERENCES users(id),
                key TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
                request TEXT NOT NULL,
                status INTEGER NOT NULL,
                body TEXT NOT NULL,
                PRIMARY KEY (user_id, key)
            ) WITHOUT ROWID;
            """)
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
