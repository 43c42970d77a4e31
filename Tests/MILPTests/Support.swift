import Foundation
@testable import MILP

/// Repository root, from this file's path (Tests/MILPTests/Support.swift).
let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A deterministic 64-bit generator (SplitMix64) for seeded test instances.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// 0/1 knapsack optimum by dynamic programming over integer weights (an independent check).
func knapsackDP(values: [Int], weights: [Int], capacity: Int) -> Int {
    var best = [Int](repeating: 0, count: capacity + 1)
    for (v, w) in zip(values, weights) where w <= capacity {
        for c in stride(from: capacity, through: w, by: -1) { best[c] = max(best[c], best[c - w] + v) }
    }
    return best[capacity]
}

/// A 0/1 knapsack model.
func knapsackModel(values: [Int], weights: [Int], capacity: Int) -> (Model, [Var]) {
    var m = Model(name: "knapsack", sense: .maximize)
    let x = values.indices.map { m.addVariable("x\($0)", kind: .binary, objective: Double(values[$0])) }
    m.addConstraint("capacity", terms: zip(x, weights).map { Term($0, Double($1)) }, .lessEqual(Double(capacity)))
    return (m, x)
}

/// An uncapacitated facility location instance: fixed costs f[i], assignment costs c[j][i].
struct UFLInstance {
    var fixed: [Double]
    var cost: [[Double]]   // cost[customer][facility]

    /// The strong formulation: Σᵢ xᵢⱼ = 1 for every customer, xᵢⱼ ≤ yᵢ for every pair.
    func model() -> (Model, open: [Var]) {
        var m = Model(name: "ufl")
        let y = fixed.indices.map { m.addVariable("open_\($0)", kind: .binary, objective: fixed[$0]) }
        for (j, row) in cost.enumerated() {
            let x = row.indices.map { m.addVariable("assign_\(j)_\($0)", upper: 1, objective: row[$0]) }
            m.addConstraint("serve_\(j)", terms: x.map { Term($0, 1) }, .equal(1))
            for i in row.indices {
                m.addConstraint("link_\(j)_\(i)", x[i] - y[i], .lessEqual(0))
            }
        }
        return (m, y)
    }

    /// Reads an OR-Library `cap*` file (format in data/benchmarks/orlib-ufl/README.md).
    static func orLibrary(path: String) throws -> UFLInstance {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" })
        var k = 0
        func next() -> Double { defer { k += 1 }; return Double(tokens[k]) ?? .nan }
        let m = Int(next()), n = Int(next())
        var fixed: [Double] = []
        for _ in 0..<m { k += 1; fixed.append(next()) }   // capacity (ignored for UFL), fixed cost
        var cost: [[Double]] = []
        for _ in 0..<n { k += 1; cost.append((0..<m).map { _ in next() }) }   // demand, then costs
        return UFLInstance(fixed: fixed, cost: cost)
    }
}

/// Known optimum from data/benchmarks/orlib-ufl/uncapopt.txt.
func orLibraryOptimum(_ name: String) throws -> Double? {
    let text = try String(contentsOf: repositoryRoot.appendingPathComponent("data/benchmarks/orlib-ufl/uncapopt.txt"), encoding: .utf8)
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
        let parts = line.split(separator: " ", omittingEmptySubsequences: true)
        if parts.count == 2, parts[0] == name { return Double(parts[1]) }
    }
    return nil
}

/// A market-split instance (Cornuéjols & Dawande 1998): tiny, and very hard for branch-and-bound.
/// Rows Σⱼ aᵢⱼ xⱼ + s⁺ᵢ − s⁻ᵢ = ⌊Σⱼ aᵢⱼ / 2⌋, minimize Σ (s⁺ + s⁻): always feasible (x = 0).
func marketSplit(rows: Int, columns: Int, seed: UInt64, withSlack: Bool) -> Model {
    var rng = SplitMix64(seed: seed)
    var m = Model(name: "market_split")
    let x = (0..<columns).map { m.addVariable("x\($0)", kind: .binary) }
    for i in 0..<rows {
        let a = (0..<columns).map { _ in Double(Int.random(in: 0...99, using: &rng)) }
        var terms = zip(x, a).map { Term($0, $1) }
        if withSlack {
            terms.append(Term(m.addVariable("sp\(i)", objective: 1), 1))
            terms.append(Term(m.addVariable("sm\(i)", objective: 1), -1))
        }
        m.addConstraint("split\(i)", terms: terms, .equal((a.reduce(0, +) / 2).rounded(.down)))
    }
    return m
}
