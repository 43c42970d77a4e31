import MILP
import Placement
import ScenarioModel
import Testing

/// The seeded generator of the test instances: the scenario module's SplitMix64.
typealias SplitMix64 = SeededGenerator

/// Which side constraints a random instance carries.
struct Features: OptionSet, CustomStringConvertible {
    let rawValue: Int
    static let capacity = Features(rawValue: 1)
    static let coverage = Features(rawValue: 2)
    static let openCount = Features(rawValue: 4)
    static let stock = Features(rawValue: 8)
    static let flags = Features(rawValue: 16)
    static let responseLimit = Features(rawValue: 32)
    static let all: Features = [.capacity, .coverage, .openCount, .stock, .flags, .responseLimit]
    var description: String { "features \(rawValue)" }
}

/// A random instance: facilities and points on a 100 × 100 square, cost = demand × distance,
/// hours = distance / 20.
func randomProblem(seed: UInt64, facilities m: Int, points n: Int, features: Features) throws -> PlacementProblem {
    var rng = SplitMix64(seed: seed)
    func u(_ a: Double, _ b: Double) -> Double { Double.random(in: a..<b, using: &rng) }
    let fx = (0..<m).map { _ in (u(0, 100), u(0, 100)) }
    let px = (0..<n).map { _ in (u(0, 100), u(0, 100)) }
    let demand = (0..<n).map { _ in u(1, 20).rounded() }
    let total = demand.reduce(0, +)
    var facilities: [PlacementProblem.Facility] = []
    for i in 0..<m {
        var f = PlacementProblem.Facility(id: "F\(i)", fixedCost: u(100, 800).rounded())
        if features.contains(.capacity) { f.capacity = (total * u(0.25, 0.6)).rounded() }
        if features.contains(.stock) {
            let top = features.contains(.capacity) ? (f.capacity ?? total) : total
            let scale = u(2, 8)
            let xs = [0, top / 8, top / 3, top]
            f.stockCost = try PiecewiseLinear(x: xs, y: xs.map { $0 == 0 ? 0 : (scale * 10 * $0.squareRoot()).rounded() })
        }
        if features.contains(.flags) {
            switch i {
            case 0: f.mustOpen = true
            case 1: f.mustClose = true
            case 2: f.existing = true; f.closingCost = u(100, 600).rounded()
            default: break
            }
        }
        facilities.append(f)
    }
    let pairs = (0..<n).map { j in
        (0..<m).map { i -> PlacementProblem.Pair in
            let d = ((fx[i].0 - px[j].0) * (fx[i].0 - px[j].0) + (fx[i].1 - px[j].1) * (fx[i].1 - px[j].1)).squareRoot()
            return PlacementProblem.Pair(facility: i, cost: (demand[j] * d).rounded(), hours: d / 20)
        }
    }
    var p = try PlacementProblem(facilities: facilities, customers: (0..<n).map { PlacementProblem.Customer(id: "P\($0)", demand: demand[$0]) }, pairs: pairs)
    if features.contains(.coverage) { p.coverage = PlacementProblem.Coverage(fraction: 0.7, hours: 2) }
    if features.contains(.openCount) { p.openCount = seed % 2 == 0 ? .atMost(3) : .exactly(3) }
    if features.contains(.responseLimit) { p.maxResponseHours = 3.5 }
    return p
}

/// Exhaustive search: every open set, and for each a depth-first search over assignments, pruned
/// by capacity, coverage and a cost bound. Returns the best solution strictly below `upper`.
func bruteForce(_ p: PlacementProblem, below upper: Double) -> (value: Double, open: [Bool], assignment: [Int])? {
    let m = p.facilities.count, n = p.customers.count
    var best: (value: Double, open: [Bool], assignment: [Int])?
    var limit = upper
    let total = p.totalDemand
    for mask in 0..<(1 << m) {
        let open = (0..<m).map { mask & (1 << $0) != 0 }
        guard !open.allSatisfy({ !$0 }) else { continue }
        var fixed = 0.0
        var ok = true
        for (i, f) in p.facilities.enumerated() {
            if (f.mustOpen && !open[i]) || (f.mustClose && open[i]) { ok = false }
            if open[i] { fixed += f.fixedCost } else if f.existing { fixed += f.closingCost }
        }
        let count = open.filter { $0 }.count
        switch p.openCount {
        case .atMost(let k)?: if count > k { ok = false }
        case .exactly(let k)?: if count != k { ok = false }
        case nil: break
        }
        guard ok else { continue }
        // Options per customer: open allowed pairs.
        let options: [[(i: Int, cost: Double, covers: Bool)]] = (0..<n).map { j in
            (p.pairStart[j]..<p.pairStart[j + 1]).compactMap { q in
                let i = p.pairFacility[q]
                guard open[i], p.maxResponseHours.map({ p.pairHours[q] <= $0 }) ?? true else { return nil }
                return (i, p.pairCost[q], p.coverage.map { p.pairHours[q] <= $0.hours } ?? false)
            }
        }
        guard options.allSatisfy({ !$0.isEmpty }) else { continue }
        var minRest = [Double](repeating: 0, count: n + 1)
        var coverRest = [Double](repeating: 0, count: n + 1)
        for j in stride(from: n - 1, through: 0, by: -1) {
            minRest[j] = minRest[j + 1] + (options[j].map(\.cost).min() ?? 0)
            coverRest[j] = coverRest[j + 1] + (options[j].contains { $0.covers } ? p.customers[j].demand : 0)
        }
        let need = (p.coverage?.fraction ?? 0) * total - 1e-9
        var load = [Double](repeating: 0, count: m)
        var assignment = [Int](repeating: -1, count: n)
        func dfs(_ j: Int, _ cost: Double, _ covered: Double) {
            if cost + fixed + minRest[j] >= limit - 1e-9 { return }
            if p.coverage != nil && covered + coverRest[j] < need { return }
            if j == n {
                var stock = 0.0
                for i in 0..<m where open[i] { stock += p.facilities[i].stockCost?.value(at: load[i]) ?? 0 }
                let z = cost + fixed + stock
                if z < limit - 1e-9 { limit = z; best = (z, open, assignment) }
                return
            }
            let d = p.customers[j].demand
            for o in options[j] {
                if let cap = p.facilities[o.i].capacity, load[o.i] + d > cap + 1e-9 { continue }
                load[o.i] += d
                assignment[j] = o.i
                dfs(j + 1, cost + o.cost, covered + (o.covers ? d : 0))
                load[o.i] -= d
            }
            assignment[j] = -1
        }
        dfs(0, 0, 0)
    }
    return best
}

@Suite("Placement against brute force")
struct BruteForceTests {
    static let cases: [(UInt64, Features)] = [
        (1, []), (2, [.capacity]), (3, [.coverage]), (4, [.openCount]), (5, [.stock]), (6, [.flags]),
        (7, [.responseLimit]), (8, [.capacity, .coverage]), (9, [.capacity, .stock]), (10, [.openCount, .stock]),
        (11, .all), (12, .all), (13, [.coverage, .stock, .flags]), (14, [.capacity, .openCount, .responseLimit]),
        // The Lagrangian reduction with side constraints (uncapacitated, no stock cost).
        (15, [.coverage, .openCount, .flags]), (16, [.openCount, .flags, .responseLimit]), (17, [.coverage, .flags]),
        (18, [.coverage, .openCount]), (19, [.openCount, .flags]), (20, [.coverage, .responseLimit]),
    ]

    @Test(arguments: 0..<cases.count)
    func matchesExhaustiveSearch(index: Int) throws {
        let (seed, features) = Self.cases[index]
        let p = try randomProblem(seed: seed, facilities: 6, points: 12, features: features)
        let s = try p.solve(options: PlacementOptions(timeLimit: 30))
        if s.termination == .infeasible {
            #expect(bruteForce(p, below: .infinity) == nil, "seed \(seed): GLPK says infeasible, brute force disagrees")
            return
        }
        #expect(s.termination == .optimal, "seed \(seed) \(features): \(s.termination)")
        let z = try #require(s.objective)
        #expect(p.isFeasible(open: s.open, assignment: s.assignment), "seed \(seed): the solution breaks a constraint")
        #expect(abs((p.evaluate(open: s.open, assignment: s.assignment)?.total ?? .nan) - z) < 1e-6)
        let better = bruteForce(p, below: z - 1e-6)
        #expect(better == nil, "seed \(seed) \(features): brute force found \(better?.value ?? 0) < \(z)")
        // heuristic ≥ optimum ≥ bound
        if let h = s.heuristicObjective { #expect(h >= z - 1e-6) }
        #expect(try #require(s.bound) <= z + 1e-6)
        // Without the reduction: the same optimum (the reduction never removes the optimum).
        var options = PlacementOptions(timeLimit: 30)
        options.reduce = false
        let plain = try p.solve(options: options)
        #expect(abs((plain.objective ?? .nan) - z) < 1e-6)
        // One pair per demand point in the first restricted LP: pricing over every row a pair
        // enters (assignment, capacity, coverage, stock load) must bring back what is needed.
        let narrow = try p.solve(options: PlacementOptions(timeLimit: 30, nearest: 1))
        #expect(narrow.termination == .optimal)
        #expect(abs((narrow.objective ?? .nan) - z) < 1e-6, "seed \(seed) \(features): nearest 1 gives \(narrow.objective ?? .nan), not \(z)")
    }

    /// The generator is not degenerate: most cases have solutions, and the reduction removes pairs.
    @Test func casesAreMostlyFeasible() throws {
        var feasible = 0, priced = 0
        for (seed, features) in Self.cases {
            let p = try randomProblem(seed: seed, facilities: 6, points: 12, features: features)
            if try p.solve().termination == .optimal { feasible += 1 }
            priced += try p.solve(options: PlacementOptions(nearest: 1)).statistics.columnsPriced
        }
        #expect(feasible >= 16, "only \(feasible) of \(Self.cases.count) random cases are feasible")
        #expect(priced > 0, "pricing never added a column: the narrow restricted LPs were not exercised")
    }

    /// The uncapacitated path with a response limit and flags, against brute force (no side
    /// constraints, so the fast path runs).
    @Test(arguments: [21, 22, 23, 24] as [UInt64])
    func fastPathMatchesExhaustiveSearch(seed: UInt64) throws {
        let p = try randomProblem(seed: seed, facilities: 7, points: 12, features: seed % 2 == 0 ? [.flags, .responseLimit] : [])
        #expect(p.isUncapacitated)
        let s = try p.solve()
        #expect(s.statistics.method == "ufl-pricing")
        #expect(s.termination == .optimal)
        let z = try #require(s.objective)
        #expect(p.isFeasible(open: s.open, assignment: s.assignment))
        #expect(bruteForce(p, below: z - 1e-6) == nil)
        // The reduced pair set keeps the optimum: solving with nearest = 1 (pricing does the rest)
        // gives the same value.
        let narrow = try p.solve(options: PlacementOptions(nearest: 1))
        #expect(abs((narrow.objective ?? .nan) - z) < 1e-6)
    }
}
