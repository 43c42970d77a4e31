/// A point of a cost/effectiveness curve: investment (Σ stock × unit cost) against expected
/// customer backorders, with the stock levels that achieve it.
public struct CurvePoint: Sendable, Equatable {
    /// Investment, in the scenario currency.
    public var cost: Double
    /// Expected customer backorders (Σ over the sites' local demand).
    public var ebo: Double
    /// Stock level per node of the item network (for an item curve).
    public var stock: [Int]
}

/// Merging convex cost/EBO curves of independent parts by marginal analysis.
public enum MarginalAnalysis {
    /// The lower convex hull of `points` (cost ascending, EBO strictly decreasing): the points
    /// that minimise EBO + μ·cost for some μ ≥ 0, each therefore optimal for its own budget.
    public static func lowerHull(_ points: [CurvePoint]) -> [CurvePoint] {
        let sorted = points.sorted { $0.cost != $1.cost ? $0.cost < $1.cost : $0.ebo < $1.ebo }
        var hull: [CurvePoint] = []
        for p in sorted {
            // Dominated: no cheaper-or-equal point may already have lower or equal EBO.
            if let last = hull.last, p.ebo >= last.ebo - 1e-15 { continue }
            while hull.count >= 2 {
                let a = hull[hull.count - 2], b = hull[hull.count - 1]
                // Remove b if it lies on or above the segment a → p.
                let cross = (b.cost - a.cost) * (p.ebo - a.ebo) - (b.ebo - a.ebo) * (p.cost - a.cost)
                if cross <= 1e-12 * max(1, abs(a.ebo)) * max(1, p.cost - a.cost) { hull.removeLast() } else { break }
            }
            hull.append(p)
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
        var cost = curves.reduce(0.0) { $0 + ($1.first?.cost ?? 0) }
        var ebo = curves.reduce(0.0) { $0 + ($1.first?.ebo ?? 0) }
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
    /// its investment. `maxStock` caps each node's level (default: where its backorders vanish).
    public func costEffectivenessCurve(unitCost: Double, method: EvaluationMethod,
                                       maxStock: Int? = nil) throws(StockingError) -> [CurvePoint] {
        guard method != .exact else {
            throw .invalidStock("the curve is built with METRIC or VARI-METRIC; evaluate exact plans with evaluate(stock:method:)")
        }
        guard unitCost > 0, unitCost.isFinite else { throw .invalidStock("unit cost \(unitCost) must be positive") }
        return subtreeCurve(0, parentEBO: 0, parentVBO: 0, unitCost: unitCost, method: method, maxStock: maxStock)
    }

    /// The curve of node n's subtree given the parent's expected backorders and their variance.
    func subtreeCurve(_ n: Int, parentEBO: Double, parentVBO: Double, unitCost: Double,
                      method: EvaluationMethod, maxStock: Int?) -> [CurvePoint] {
        let f = shareOfParent(n), own = ownPipelineMean(n)
        let pipeline: CountDistribution = method == .metric
            ? .poisson(mean: own + f * parentEBO)
            : .negativeBinomial(mean: own + f * parentEBO,
                                variance: own + f * (1 - f) * parentEBO + f * f * parentVBO)
        let localShare = arrivingDemand[n] > 0 ? nodes[n].localDemand / arrivingDemand[n] : 0
        let top = maxStock ?? levelCap(pipeline)
        let kids = children[n]
        // Positions of the subtree's nodes in the stock vectors (this node first, then each child's).
        var points: [CurvePoint] = []
        if kids.isEmpty {
            let ebo = pipeline.expectedBackorders(upTo: top)
            for s in 0...top {
                points.append(CurvePoint(cost: Double(s) * unitCost, ebo: ebo[s] * localShare, stock: [s]))
            }
            return MarginalAnalysis.lowerHull(points)
        }
        for s in 0...top {
            let t = pipeline.tail(s)
            let curves = kids.map {
                subtreeCurve($0, parentEBO: t.ebo, parentVBO: t.vbo, unitCost: unitCost, method: method, maxStock: maxStock)
            }
            let merged = MarginalAnalysis.merge(curves)
            var position = [Int](repeating: 0, count: kids.count)
            func vector() -> [Int] {
                var v = [s]
                for (k, c) in curves.enumerated() { v += c[position[k]].stock }
                return v
            }
            let base = Double(s) * unitCost, here = t.ebo * localShare
            points.append(CurvePoint(cost: base + merged.startCost, ebo: here + merged.startEBO, stock: vector()))
            for step in merged.steps {
                position[step.part] += 1
                points.append(CurvePoint(cost: base + step.cost, ebo: here + step.ebo, stock: vector()))
            }
        }
        return MarginalAnalysis.lowerHull(points)
    }

    /// A level beyond which more stock buys nothing measurable: P(X > S) < 1e-9.
    func levelCap(_ d: CountDistribution) -> Int {
        var s = max(0, Int(d.mean.rounded(.down)))
        while 1 - d.cdf(s) >= 1e-9 { s += 1 }
        return s
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
