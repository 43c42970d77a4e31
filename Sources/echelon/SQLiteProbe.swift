import Foundation
import GRDB

/// The raw SQLite write rates of this machine, measured the way the desk store writes (GRDB,
/// WAL, `synchronous = NORMAL`, prepared statements): the yardstick beside the desk's own rate.
enum SQLiteProbe {
    /// Rates measured in one call.
    struct Rates: Sendable, Codable, Equatable {
        /// Rows of a 5-column table with one index, inserted in a single transaction, per second.
        public var rowsPerSecondOneTransaction: Double
        /// Transactions of one such row each, per second (one desk command is one transaction).
        public var transactionsPerSecond: Double

        public init(rowsPerSecondOneTransaction: Double, transactionsPerSecond: Double) {
            self.rowsPerSecondOneTransaction = rowsPerSecondOneTransaction
            self.transactionsPerSecond = transactionsPerSecond
        }
    }

    /// Inserts `rows` rows in one transaction, then `transactions` one-row transactions, into a
    /// new database in `directory` (removed afterwards).
    static func measure(directory: String, rows: Int = 100_000, transactions: Int = 20_000) throws(CLIError) -> Rates {
        let path = (directory as NSString).appendingPathComponent("echelon-probe-\(UUID().uuidString).sqlite")
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        // GRDB's errors belong to no Echelon module: a failure (exit 3), named by the probe's file.
        return try context("\(path): SQLite probe failed") {
            var config = Configuration()
            config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
            let pool = try DatabasePool(path: path, configuration: config)
            try pool.write { db in
                try db.execute(sql: """
                    CREATE TABLE probe (id INTEGER PRIMARY KEY, a INTEGER NOT NULL, b INTEGER NOT NULL, t REAL NOT NULL, s TEXT NOT NULL);
                    CREATE INDEX probe_a ON probe(a);
                    """)
            }
            let clock = ContinuousClock()
            var start = clock.now
            try pool.writeWithoutTransaction { db in
                let st = try db.makeStatement(sql: "INSERT INTO probe(id, a, b, t, s) VALUES (?, ?, ?, ?, ?)")
                try db.inTransaction {
                    for k in 0..<rows { try st.execute(arguments: [k, k % 977, k % 13, Double(k) * 0.5, "row"]) }
                    return .commit
                }
            }
            let bulk = seconds(clock.now - start)
            start = clock.now
            try pool.writeWithoutTransaction { db in
                let st = try db.makeStatement(sql: "INSERT INTO probe(id, a, b, t, s) VALUES (?, ?, ?, ?, ?)")
                for k in rows..<(rows + transactions) {
                    try db.inTransaction(.immediate) {
                        try st.execute(arguments: [k, k % 977, k % 13, Double(k) * 0.5, "row"])
                        return .commit
                    }
                }
            }
            let each = seconds(clock.now - start)
            try pool.close()
            return Rates(rowsPerSecondOneTransaction: Double(rows) / max(bulk, 1e-9),
                         transactionsPerSecond: Double(transactions) / max(each, 1e-9))
        }
    }

    static func seconds(_ d: Duration) -> Double {
        let (s, a) = d.components
        return Double(s) + Double(a) * 1e-18
    }
}
