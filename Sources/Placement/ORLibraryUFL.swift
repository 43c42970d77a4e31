internal import Foundation

/// An instance in J. E. Beasley's OR-Library facility-location format (`uncapinfo`/`capinfo`;
/// data/benchmarks/orlib-ufl/README.md): `m n`, then per depot `capacity fixed_cost` (the capacity
/// may be the word `capacity`, as in capa–capc), then per customer `demand` and the m costs of
/// serving all of its demand from each depot. Whitespace-separated; line breaks carry no meaning.
public struct ORLibraryUFL: Sendable, Equatable {
    /// Capacity per depot, nil where the file has the word `capacity`.
    public var capacity: [Double?]
    /// Fixed cost per depot.
    public var fixedCost: [Double]
    /// Demand per customer.
    public var demand: [Double]
    /// `cost[j][i]`: serving all of customer j's demand from depot i.
    public var cost: [[Double]]

    public init(capacity: [Double?], fixedCost: [Double], demand: [Double], cost: [[Double]]) {
        self.capacity = capacity
        self.fixedCost = fixedCost
        self.demand = demand
        self.cost = cost
    }

    /// Number of depots m.
    public var depotCount: Int { fixedCost.count }
    /// Number of customers n.
    public var customerCount: Int { demand.count }

    /// Reads a file; throws ``PlacementError/invalidFile(path:reason:)`` naming the token at fault.
    public static func read(path: String) throws(PlacementError) -> ORLibraryUFL {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .invalidFile(path: path, reason: "cannot read file")
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    /// Parses the text of a file (`path` is used in messages only).
    public static func parse(_ text: String, path: String = "<text>") throws(PlacementError) -> ORLibraryUFL {
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" })
        var k = 0
        func number(_ what: String) throws(PlacementError) -> Double {
            guard k < tokens.count else { throw .invalidFile(path: path, reason: "file ends before \(what)") }
            defer { k += 1 }
            guard let x = Double(tokens[k]), x.isFinite, x >= 0 else {
                throw .invalidFile(path: path, reason: "token \(k + 1) (\(what)) is \"\(tokens[k].prefix(40))\", not a number ≥ 0")
            }
            return x
        }
        let mx = try number("the depot count"), nx = try number("the customer count")
        guard mx >= 1, nx >= 1, mx == mx.rounded(), nx == nx.rounded(), mx < 1e6, nx < 1e7 else {
            throw .invalidFile(path: path, reason: "the header must give whole depot and customer counts ≥ 1, got \(mx) and \(nx)")
        }
        let m = Int(mx), n = Int(nx)
        let expected = 2 + 2 * m + n * (1 + m)
        guard tokens.count == expected else {
            throw .invalidFile(path: path, reason: "expected 2 + 2m + n(1 + m) = \(expected) numbers for m = \(m), n = \(n), found \(tokens.count)")
        }
        var capacity: [Double?] = [], fixed: [Double] = []
        for i in 0..<m {
            if tokens[k].lowercased() == "capacity" {
                capacity.append(nil)
                k += 1
            } else {
                capacity.append(try number("capacity of depot \(i + 1)"))
            }
            fixed.append(try number("fixed cost of depot \(i + 1)"))
        }
        var demand: [Double] = [], cost: [[Double]] = []
        demand.reserveCapacity(n); cost.reserveCapacity(n)
        for j in 0..<n {
            demand.append(try number("demand of customer \(j + 1)"))
            var row = [Double](repeating: 0, count: m)
            for i in 0..<m { row[i] = try number("cost of customer \(j + 1) from depot \(i + 1)") }
            cost.append(row)
        }
        return ORLibraryUFL(capacity: capacity, fixedCost: fixed, demand: demand, cost: cost)
    }

    /// The uncapacitated problem (capacities ignored): every pair allowed, travel time 0.
    public func uncapacitatedProblem() throws(PlacementError) -> PlacementProblem {
        let facilities = fixedCost.indices.map { PlacementProblem.Facility(id: "\($0 + 1)", fixedCost: fixedCost[$0]) }
        let customers = demand.indices.map { PlacementProblem.Customer(id: "\($0 + 1)", demand: demand[$0]) }
        let pairs = cost.map { row in row.indices.map { PlacementProblem.Pair(facility: $0, cost: row[$0]) } }
        return try PlacementProblem(facilities: facilities, customers: customers, pairs: pairs)
    }

    /// Known optima from an `uncapopt.txt`-style file (`name value` per line, `#` comments).
    public static func optima(path: String) throws(PlacementError) -> [String: Double] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .invalidFile(path: path, reason: "cannot read file")
        }
        var out: [String: Double] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            if parts.count == 2, let v = Double(parts[1]) { out[String(parts[0])] = v }
        }
        return out
    }
}
