import Foundation
import ScenarioModel
import Testing
@testable import Stocking

/// Customer backorders of a stock vector (by node index), through the evaluator.
func customerEBO(_ net: ItemNetwork, _ stock: [Int], _ method: EvaluationMethod) throws -> Double {
    let e = try net.evaluate(stock: stock, method: method)
    return zip(net.nodes, e.nodes).reduce(0.0) { acc, pair in
        acc + (pair.1.demandPerDay > 0 ? pair.1.ebo * pair.0.localDemand / pair.1.demandPerDay : 0)
    }
}

/// Every stock vector with levels 0…cap at each node.
func allVectors(nodes: Int, cap: Int) -> [[Int]] {
    var out: [[Int]] = [[]]
    for _ in 0..<nodes { out = out.flatMap { v in (0...cap).map { v + [$0] } } }
    return out
}

/// Maps a curve point's depth-first vector to node indices.
func byNode(_ net: ItemNetwork, _ vector: [Int]) -> [Int] {
    var stock = [Int](repeating: 0, count: net.nodes.count)
    for (k, n) in net.nodeOrder().enumerated() { stock[n] = vector[k] }
    return stock
}

@Suite("Cost/effectiveness curve")
struct CostEffectivenessTests {
    static func depotAndBases() throws -> ItemNetwork {
        try ItemNetwork(nodes: [
            .init(site: 0, parent: nil, localDemand: 0, resupplyDays: 12),
            .init(site: 1, parent: 0, localDemand: 0.08, leadDays: 2),
            .init(site: 2, parent: 0, localDemand: 0.15, leadDays: 3),
        ])
    }

    static func threeLevels() throws -> ItemNetwork {
        try ItemNetwork(nodes: [
            .init(site: 0, parent: nil, localDemand: 0, resupplyDays: 20),
            .init(site: 1, parent: 0, localDemand: 0.02, leadDays: 3),
            .init(site: 2, parent: 1, localDemand: 0.06, leadDays: 1),
            .init(site: 3, parent: 1, localDemand: 0.04, leadDays: 1),
        ])
    }

    /// Brute force over every vector: no allocation within a point's budget has fewer backorders,
    /// and each point's own vector evaluates to the point's cost and EBO.
    @Test(arguments: [(EvaluationMethod.metric, false), (.variMetric, false), (.metric, true), (.variMetric, true)])
    func everyPointIsOptimalForItsBudget(method: EvaluationMethod, deep: Bool) throws {
        let net = deep ? try Self.threeLevels() : try Self.depotAndBases()
        let cap = deep ? 4 : 6
        let curve = try net.costEffectivenessCurve(unitCost: 100, method: method, maxStock: cap)
        #expect(curve.points.count >= 5)
        #expect(curve.points.first?.cost == 0)
        let brute = try allVectors(nodes: net.nodes.count, cap: cap).map { v in
            (cost: Double(v.reduce(0, +)) * 100, ebo: try customerEBO(net, v, method))
        }
        #expect(curve.stock.count == curve.points.count)
        for (k, p) in curve.points.enumerated() {
            let stock = byNode(net, curve.stock[k])
            #expect(abs(Double(stock.reduce(0, +)) * 100 - p.cost) < 1e-9)
            #expect(abs(try customerEBO(net, stock, method) - p.ebo) < 1e-9)
            let better = brute.filter { $0.cost <= p.cost + 1e-9 && $0.ebo < p.ebo - 1e-9 }
            #expect(better.isEmpty, "point \(p.cost), \(p.ebo): \(better.first.map { "\($0)" } ?? "")")
        }
        // Convex and decreasing.
        let hull = curve.points
        for k in 1..<hull.count {
            #expect(hull[k].cost > hull[k - 1].cost && hull[k].ebo < hull[k - 1].ebo)
            if k + 1 < hull.count {
                #expect(MarginalAnalysis.slope(hull[k - 1], hull[k]) >= MarginalAnalysis.slope(hull[k], hull[k + 1]) - 1e-12)
            }
        }
    }

    /// Two items of different unit costs, merged by marginal analysis, against brute force over
    /// both items' allocations together.
    @Test func mergedItemsAreOptimalForTheirBudgets() throws {
        let a = try Self.depotAndBases()
        let b = try ItemNetwork(nodes: [
            .init(site: 0, parent: nil, localDemand: 0, resupplyDays: 30),
            .init(site: 1, parent: 0, localDemand: 0.03, leadDays: 2),
            .init(site: 2, parent: 0, localDemand: 0.02, leadDays: 3),
        ])
        let cap = 5
        let ca = try a.costEffectivenessCurve(unitCost: 40, method: .variMetric, maxStock: cap).points
        let cb = try b.costEffectivenessCurve(unitCost: 250, method: .variMetric, maxStock: cap).points
        let merged = MarginalAnalysis.merge([ca, cb])
        let ta = try allVectors(nodes: 3, cap: cap).map { (Double($0.reduce(0, +)) * 40, try customerEBO(a, $0, .variMetric)) }
        let tb = try allVectors(nodes: 3, cap: cap).map { (Double($0.reduce(0, +)) * 250, try customerEBO(b, $0, .variMetric)) }
        // The best EBO for each budget, over all pairs.
        var points = [(cost: merged.startCost, ebo: merged.startEBO)]
        points += merged.steps.map { ($0.cost, $0.ebo) }
        #expect(points.count == ca.count + cb.count - 1)
        for p in points {
            var best = Double.infinity
            for x in ta where x.0 <= p.cost + 1e-9 {
                for y in tb where x.0 + y.0 <= p.cost + 1e-9 { best = min(best, x.1 + y.1) }
            }
            #expect(p.ebo <= best + 1e-9, "budget \(p.cost): curve \(p.ebo), brute force \(best)")
        }
    }

    @Test func hullRemovesDominatedAndConcavePoints() {
        let pts = [(0.0, 10.0), (1, 6), (2, 5), (3, 1), (3, 2), (4, 0.9), (5, 1)].map {
            CurvePoint(cost: $0.0, ebo: $0.1)
        }
        let hull = MarginalAnalysis.lowerHull(pts)
        // (2, 5) lies above the segment (1, 6)–(3, 1); (3, 2) and (5, 1) are dominated.
        #expect(hull.map(\.cost) == [0, 1, 3, 4])
    }

    @Test func exactMethodIsRefused() throws {
        #expect(throws: StockingError.self) { try Self.depotAndBases().costEffectivenessCurve(unitCost: 1, method: .exact) }
        #expect(throws: StockingError.self) { try Self.depotAndBases().costEffectivenessCurve(unitCost: 0, method: .metric) }
    }
}

/// The fast builder against the reference enumeration on seeded random trees of two and three
/// echelons: the same hull points and the same stock vectors.
@Suite("Curve builder")
struct CurveBuilderTests {
    static func randomNetwork(seed: UInt64, depth: Int, twoProducts: Bool) throws -> ItemNetwork {
        var rng = SeededGenerator(seed: seed)
        var nodes: [ItemNetwork.Node] = [.init(site: 0, parent: nil, localDemand: 0, resupplyDays: Double.random(in: 5...30, using: &rng))]
        let regionals = depth == 3 ? Int.random(in: 2...3, using: &rng) : 0
        for r in 0..<regionals {
            var node = ItemNetwork.Node(site: nodes.count, parent: 0, localDemand: r == 0 ? 0.01 : 0,
                                        leadDays: Double.random(in: 1...4, using: &rng))
            if twoProducts { node.productShares = [0.5, 0.5] }
            nodes.append(node)
        }
        let leaves = Int.random(in: 2...4, using: &rng)
        for k in 0..<leaves {
            var node = ItemNetwork.Node(site: nodes.count, parent: regionals > 0 ? 1 + k % regionals : 0,
                                        localDemand: Double.random(in: 0.005...0.3, using: &rng),
                                        leadDays: Double.random(in: 0.5...3, using: &rng))
            if k == 0 { node.repairFraction = 0.4; node.repairDays = 6 }
            if twoProducts { let a = Double.random(in: 0...1, using: &rng); node.productShares = [a, 1 - a] }
            nodes.append(node)
        }
        return try ItemNetwork(nodes: nodes)
    }

    @Test(arguments: [EvaluationMethod.metric, .variMetric])
    func fastBuilderMatchesTheReference(method: EvaluationMethod) throws {
        for seed in UInt64(1)...12 {
            let net = try Self.randomNetwork(seed: seed, depth: seed % 2 == 0 ? 3 : 2, twoProducts: seed % 3 == 0)
            let reference = try net.costEffectivenessCurve(unitCost: 37, method: method, keepStock: true)
            let fast = try net.costEffectivenessCurve(unitCost: 37, method: method, keepStock: false)
            #expect(fast.points.count == reference.points.count, "seed \(seed)")
            for (a, b) in zip(fast.points, reference.points) {
                #expect(abs(a.cost - b.cost) < 1e-6 && abs(a.ebo - b.ebo) < 1e-9 * max(1, b.ebo)
                        && abs(a.filled - b.filled) < 1e-9, "seed \(seed): \(a) vs \(b)")
                for k in 0..<2 { #expect(abs(a.productEBO[k] - b.productEBO[k]) < 1e-9 * max(1, b.ebo)) }
            }
            for k in reference.points.indices where k % 3 == 0 || k == reference.points.count - 1 {
                let v = try net.stockVector(unitCost: 37, method: method, point: k)
                #expect(v == byNode(net, reference.stock[k]), "seed \(seed), point \(k)")
            }
        }
        let net = try Self.randomNetwork(seed: 1, depth: 2, twoProducts: false)
        #expect(throws: StockingError.self) { try net.stockVector(unitCost: 37, method: method, point: 100_000) }
    }
}
