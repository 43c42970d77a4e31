/// A point of a cost/effectiveness curve: investment (Σ stock × unit cost) against expected
/// customer backorders, with the measures carried along additively. Plain numbers only (no
/// references), so curves of millions of points cost no reference counting.
public struct CurvePoint: Sendable, Equatable {
    /// Investment, in the scenario currency.
    public var cost: Double
    /// Expected customer backorders (Σ over the sites' local demand).
    public var ebo: Double
    /// Customer demand per day met from the shelf at once: Σ local demand × fill rate.
    public var filled: Double
    /// Customer backorders split over the item's products (by the nodes' `productShares`;
    /// at most ``maxProducts`` per item).
    public var productEBO: SIMD8<Double>

    /// Products an item may be used in for the curve's availability bookkeeping.
    public static let maxProducts = 8

    public init(cost: Double, ebo: Double, filled: Double = 0, productEBO: SIMD8<Double> = .zero) {
        self.cost = cost
        self.ebo = ebo
        self.filled = filled
        self.productEBO = productEBO
    }
}

/// An item's curve: hull points and, when asked for, the stock vector of each (per node, depth
/// first as in ``ItemNetwork/nodeOrder()``).
public struct ItemCurve: Sendable, Equatable {
    public var points: [CurvePoint]
    /// Empty unless the curve was built with `keepStock`.
    public var stock: [[Int]]
}

/// Merging convex cost/EBO curves of independent parts by marginal analysis.
public enum MarginalAnalysis {
    /// The lower convex hull of `points` (cost ascending, EBO strictly decreasing): the points
    /// that minimise EBO + μ·cost for some μ ≥ 0, each therefore optimal for its own budget.
    public static func lowerHull(_ points: [CurvePoint]) -> [CurvePoint] {
        lowerHullIndices(points).map { points[$0] }
    }

    /// For points in cost order whose backorders are convex and non-increasing: the indices up to
    /// the last strict decrease (the lower hull of such a sequence).
    static func strictlyDecreasingPrefix(_ points: [CurvePoint]) -> [Int] {
        var out = [0]
        for k in points.indices.dropFirst() where points[k].ebo < points[out[out.count - 1]].ebo - 1e-15 {
            out.append(k)
        }
        return points.isEmpty ? [] : out
    }

    /// The indices (into `points`) of the lower convex hull, in hull order.
    public static func lowerHullIndices(_ points: [CurvePoint]) -> [Int] {
        let order = points.indices.sorted {
            let a = points[$0], b = points[$1]
            return a.cost != b.cost ? a.cost < b.cost : (a.ebo != b.ebo ? a.ebo < b.ebo : $0 < $1)
        }
        var hull: [Int] = []
        for k in order {
            let p = points[k]
            // Dominated: no cheaper-or-equal point may already have lower or equal EBO.
            if let last = hull.last, p.ebo >= points[last].ebo - 1e-15 { continue }
            while hull.count >= 2 {
                let a = points[hull[hull.count - 2]], b = points[hull[hull.count - 1]]
                // Remove b if it lies on or above the segment a → p.
                let cross = (b.cost - a.cost) * (p.ebo - a.ebo) - (b.ebo - a.ebo) * (p.cost - a.cost)
                if cross <= 1e-12 * max(1, abs(a.ebo)) * max(1, p.cost - a.cost) { hull.removeLast() } else { break }
            }
            hull.append(k)
        }
        return hull
    }

    /// One step of a merge: which part advanced to its next hull point, and the totals after it.
    public struct Step: Sendable, Equatable {
        public var part: Int
        public var cost: Double
        public var ebo: Double
    }

    /// Merges independent convex curves (each starting at its cheapest point) greedily by the best
    /// EBO reduction per unit cost. Returns the start totals and the steps; the k-th merged point
    /// has every part at the position reached after k steps. Exact on hull points (Fox 1966;
    /// Sherbrooke 2004 ch. 2).
    public static func merge(_ curves: [[CurvePoint]]) -> (startCost: Double, startEBO: Double, steps: [Step]) {
        var position = [Int](repeating: 0, count: curves.count)
        var cost = 0.0, ebo = 0.0
        for c in curves { cost += c.first?.cost ?? 0; ebo += c.first?.ebo ?? 0 }
        let start = (cost, ebo)
        var steps: [Step] = []
        // Slopes along each hull decrease, so a heap of each part's next slope gives the order.
        var heap = SlopeHeap()
        for (k, c) in curves.enumerated() where c.count > 1 { heap.push(k, slope: slope(c[0], c[1])) }
        while let k = heap.pop() {
            let c = curves[k], i = position[k]
            cost += c[i + 1].cost - c[i].cost
            ebo += c[i + 1].ebo - c[i].ebo
            position[k] = i + 1
            steps.append(Step(part: k, cost: cost, ebo: ebo))
            if i + 2 < c.count { heap.push(k, slope: slope(c[i + 1], c[i + 2])) }
        }
        return (start.0, start.1, steps)
    }

    /// EBO reduction per unit cost from a to b.
    static func slope(_ a: CurvePoint, _ b: CurvePoint) -> Double {
        let dc = b.cost - a.cost
        return dc > 0 ? (a.ebo - b.ebo) / dc : .infinity
    }
}

/// A max-heap of (slope, part), ties broken by the lower part index (deterministic).
struct SlopeHeap {
    private var items: [(slope: Double, part: Int)] = []

    private func before(_ a: (slope: Double, part: Int), _ b: (slope: Double, part: Int)) -> Bool {
        a.slope != b.slope ? a.slope > b.slope : a.part < b.part
    }

    mutating func push(_ part: Int, slope: Double) {
        items.append((slope, part))
        var i = items.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            guard before(items[i], items[p]) else { break }
            items.swapAt(i, p)
            i = p
        }
    }

    mutating func pop() -> Int? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var best = i
                if l < items.count && before(items[l], items[best]) { best = l }
                if r < items.count && before(items[r], items[best]) { best = r }
                if best == i { break }
                items.swapAt(i, best)
                i = best
            }
        }
        return top.part
    }
}

extension ItemNetwork {
    /// The item's cost/effectiveness curve: the lower convex hull of (investment, expected customer
    /// backorders) over all stock vectors, by enumerating each non-leaf node's level and merging its
    /// children's curves (given that level) by marginal analysis, recursively (Sherbrooke 2004
    /// §4.4 for two echelons; the recursion extends it to any depth). Every point is optimal for
    /// its investment. Levels run from each node's `minStock` to its `maxStock`, capped by
    /// `maxStock` here if given and by where the node's backorders vanish.
    public func costEffectivenessCurve(unitCost: Double, method: EvaluationMethod,
                                       maxStock: Int? = nil, keepStock: Bool = true) throws(StockingError) -> ItemCurve {
        guard method != .exact else {
            throw .invalidStock("the curve is built with METRIC or VARI-METRIC; evaluate exact plans with evaluate(stock:method:)")
        }
        guard unitCost > 0, unitCost.isFinite else { throw .invalidStock("unit cost \(unitCost) must be positive") }
        if let n = nodes.first(where: { $0.productShares.count > CurvePoint.maxProducts }) {
            throw .invalidNetwork("site \(n.site): the item is used in \(n.productShares.count) products; the curve tracks at most \(CurvePoint.maxProducts)")
        }
        guard keepStock else {
            var builder = CurveBuilder(net: self, unitCost: unitCost, method: method, maxStock: maxStock)
            return ItemCurve(points: builder.curve(), stock: [])
        }
        return subtreeCurve(0, parentEBO: 0, parentVBO: 0, unitCost: unitCost, method: method,
                            maxStock: maxStock, keepStock: keepStock)
    }

    /// The stock levels, by node index, of point `index` of the curve built with the same
    /// arguments (recovered by replaying one level per node; no vectors are kept while building).
    public func stockVector(unitCost: Double, method: EvaluationMethod, maxStock: Int? = nil,
                            point index: Int) throws(StockingError) -> [Int] {
        guard method != .exact else { throw .invalidStock("the curve is built with METRIC or VARI-METRIC") }
        guard unitCost > 0, unitCost.isFinite else { throw .invalidStock("unit cost \(unitCost) must be positive") }
        var builder = CurveBuilder(net: self, unitCost: unitCost, method: method, maxStock: maxStock)
        builder.build(0, parentEBO: 0, parentVBO: 0)
        guard index >= 0, index < builder.chains[0].count else {
            throw .invalidStock("curve point \(index) does not exist (the curve has \(builder.chains[0].count))")
        }
        return builder.stockVector(at: index)
    }

    /// The curve of node n's subtree given the parent's expected backorders and their variance:
    /// the reference enumeration, with a stock vector per point (``CurveBuilder`` computes the
    /// same hull without them, much faster).
    func subtreeCurve(_ n: Int, parentEBO: Double, parentVBO: Double, unitCost: Double,
                      method: EvaluationMethod, maxStock: Int?, keepStock: Bool) -> ItemCurve {
        let f = shareOfParent(n), own = ownPipelineMean(n)
        let pipeline: CountDistribution = method == .metric
            ? .poisson(mean: own + f * parentEBO)
            : .negativeBinomial(mean: own + f * parentEBO,
                                variance: own + f * (1 - f) * parentEBO + f * f * parentVBO)
        let node = nodes[n]
        let kids = children[n]
        let localShare = arrivingDemand[n] > 0 ? node.localDemand / arrivingDemand[n] : 0
        // Leaves run to a 1e-9 tail (cheap); an interior level multiplies the work below it, so
        // interior levels stop once P(X > S) < 1e-6: further levels change the children's
        // curves by less than that and are dominated in practice.
        let range = levels(n, top: pipeline.upperQuantile(tail: kids.isEmpty ? 1e-9 : 1e-6), cap: maxStock)
        let table = pipeline.levelTable(upTo: range.upperBound)
        var shares = SIMD8<Double>.zero
        for (k, x) in node.productShares.enumerated() where k < CurvePoint.maxProducts { shares[k] = x }
        var points: [CurvePoint] = []
        var vectors: [[Int]] = []
        if kids.isEmpty {
            points.reserveCapacity(range.count)
            for s in range {
                let e = table.ebo[s] * localShare
                points.append(CurvePoint(cost: Double(s) * unitCost, ebo: e, filled: node.localDemand * table.fill[s],
                                         productEBO: shares * e))
                if keepStock { vectors.append([s]) }
            }
        } else {
            for s in range {
                let curves = kids.map {
                    subtreeCurve($0, parentEBO: table.ebo[s], parentVBO: table.vbo[s], unitCost: unitCost,
                                 method: method, maxStock: maxStock, keepStock: keepStock)
                }
                let merged = MarginalAnalysis.merge(curves.map(\.points))
                var position = [Int](repeating: 0, count: kids.count)
                let e = table.ebo[s] * localShare, base = Double(s) * unitCost
                var filled = node.localDemand * table.fill[s], product = shares * e
                for c in curves {
                    filled += c.points[0].filled
                    product += c.points[0].productEBO
                }
                func vector() -> [Int] {
                    var v = [s]
                    for (k, c) in curves.enumerated() { v += c.stock[position[k]] }
                    return v
                }
                points.append(CurvePoint(cost: base + merged.startCost, ebo: e + merged.startEBO,
                                         filled: filled, productEBO: product))
                if keepStock { vectors.append(vector()) }
                for step in merged.steps {
                    let c = curves[step.part].points, from = c[position[step.part]], to = c[position[step.part] + 1]
                    position[step.part] += 1
                    filled += to.filled - from.filled
                    product += to.productEBO - from.productEBO
                    points.append(CurvePoint(cost: base + step.cost, ebo: e + step.ebo, filled: filled, productEBO: product))
                    if keepStock { vectors.append(vector()) }
                }
            }
        }
        // A leaf's points are already in cost order with convex, non-increasing backorders
        // (EBO(S) is convex in S for any distribution): drop only the flat tail.
        let hull = kids.isEmpty ? MarginalAnalysis.strictlyDecreasingPrefix(points) : MarginalAnalysis.lowerHullIndices(points)
        return ItemCurve(points: hull.map { points[$0] }, stock: keepStock ? hull.map { vectors[$0] } : [])
    }

    /// Maps an item curve's stock vector (this node first, then children depth-first in the order
    /// of `children`) to node indices.
    public func nodeOrder() -> [Int] {
        var out: [Int] = []
        func visit(_ n: Int) {
            out.append(n)
            for c in children[n] { visit(c) }
        }
        visit(0)
        return out
    }
}
