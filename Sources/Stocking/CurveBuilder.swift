import Foundation

/// The fast builder behind ``ItemNetwork/costEffectivenessCurve(unitCost:method:maxStock:keepStock:)``.
///
/// It enumerates exactly what the reference recursion enumerates (every level of every non-leaf
/// node, the children's hulls merged by marginal analysis at each level) and returns the same
/// lower hull, but without allocating per level or per point:
///
/// - every node owns a reusable chain (structure of arrays) for its hull, overwritten each time the
///   node's subtree is rebuilt for a new parent state;
/// - leaves compute their pipeline probabilities with the forward recurrence of the Poisson or
///   negative binomial into one scratch buffer, and their backorders with the backward recursion
///   EBO(s) = EBO(s + 1) + P(X > s) (Sherbrooke 2004, eq. 2.7);
/// - the children's hulls are merged by sorting all their steps on slope (the order the heap of
///   ``MarginalAnalysis/merge(_:)`` pops them in, ties to the lower child, then the earlier step);
/// - all costs of an item are whole multiples of its unit cost, so the lower hull over a node's
///   candidates is taken over a table indexed by stock units (the least backorders per unit count)
///   instead of a sort on cost.
///
/// Each hull point remembers the node's own level and the number of merge steps taken at that
/// level, so a point's stock vector is recovered by replaying one level per node
/// (``stockVector(at:)``) instead of carrying a vector per point.
struct CurveBuilder {
    /// One node's hull, structure of arrays.
    struct Chain {
        var units: [Int32] = []
        var ebo: [Double] = []
        var filled: [Double] = []
        var product: [SIMD8<Double>] = []
        var level: [Int32] = []
        var step: [Int32] = []

        var count: Int { units.count }

        mutating func clear() {
            units.removeAll(keepingCapacity: true)
            ebo.removeAll(keepingCapacity: true)
            filled.removeAll(keepingCapacity: true)
            product.removeAll(keepingCapacity: true)
            level.removeAll(keepingCapacity: true)
            step.removeAll(keepingCapacity: true)
        }
    }

    /// A step of a child's hull: from point `index − 1` to `index` of child `child`.
    struct Increment {
        var slope: Double
        var child: Int32
        var index: Int32
    }

    /// The least backorders found for each unit count (the candidates of a node's hull).
    struct Buckets {
        var ebo: [Double] = []
        var filled: [Double] = []
        var product: [SIMD8<Double>] = []
        var level: [Int32] = []
        var step: [Int32] = []

        mutating func clear() {
            ebo.removeAll(keepingCapacity: true)
            filled.removeAll(keepingCapacity: true)
            product.removeAll(keepingCapacity: true)
            level.removeAll(keepingCapacity: true)
            step.removeAll(keepingCapacity: true)
        }
    }

    let net: ItemNetwork
    let unitCost: Double
    let method: EvaluationMethod
    let maxStock: Int?
    /// False when every node with customer demand splits it over products alike: then a point's
    /// backorders per product are that split times its backorders, and are not carried.
    let trackProducts: Bool
    let uniformShares: SIMD8<Double>
    let shares: [SIMD8<Double>]
    let localShare: [Double]
    let ownMean: [Double]
    let parentShare: [Double]

    var chains: [Chain]
    var buckets: [Buckets]
    var increments: [[Increment]]
    var pmf: [Double] = []
    var leafEBO: [Double] = []
    var leafFill: [Double] = []

    init(net: ItemNetwork, unitCost: Double, method: EvaluationMethod, maxStock: Int?) {
        self.net = net
        self.unitCost = unitCost
        self.method = method
        self.maxStock = maxStock
        var shares: [SIMD8<Double>] = []
        for node in net.nodes {
            var v = SIMD8<Double>.zero
            for (k, x) in node.productShares.enumerated() where k < CurvePoint.maxProducts { v[k] = x }
            shares.append(v)
        }
        self.shares = shares
        let demanding = net.nodes.indices.filter { net.nodes[$0].localDemand > 0 }
        let first = demanding.first.map { shares[$0] } ?? .zero
        trackProducts = demanding.contains { shares[$0] != first }
        uniformShares = first
        localShare = net.nodes.indices.map { net.arrivingDemand[$0] > 0 ? net.nodes[$0].localDemand / net.arrivingDemand[$0] : 0 }
        ownMean = net.nodes.indices.map { net.ownPipelineMean($0) }
        parentShare = net.nodes.indices.map { net.shareOfParent($0) }
        chains = Array(repeating: Chain(), count: net.nodes.count)
        buckets = Array(repeating: Buckets(), count: net.nodes.count)
        increments = Array(repeating: [], count: net.nodes.count)
    }

    /// The item's hull points, cheapest first.
    mutating func curve() -> [CurvePoint] {
        build(0, parentEBO: 0, parentVBO: 0)
        let c = chains[0]
        return (0..<c.count).map { i in
            CurvePoint(cost: Double(c.units[i]) * unitCost, ebo: c.ebo[i], filled: c.filled[i],
                       productEBO: trackProducts ? c.product[i] : uniformShares * c.ebo[i])
        }
    }

    /// The stock levels (by node index) of hull point `index` of the root's chain; call after
    /// `build(0, parentEBO: 0, parentVBO: 0)`.
    mutating func stockVector(at index: Int) -> [Int] {
        var out = [Int](repeating: 0, count: net.nodes.count)
        recover(0, parentEBO: 0, parentVBO: 0, index: index, into: &out)
        return out
    }

    /// Fills `out` for node n's subtree at point `index` of its (already built) chain.
    private mutating func recover(_ n: Int, parentEBO: Double, parentVBO: Double, index: Int, into out: inout [Int]) {
        let s = Int(chains[n].level[index]), steps = Int(chains[n].step[index])
        out[n] = s
        let kids = net.children[n]
        guard !kids.isEmpty else { return }
        let table = interiorPipeline(n, parentEBO: parentEBO, parentVBO: parentVBO).levelTable(upTo: s)
        for k in kids { build(k, parentEBO: table.ebo[s], parentVBO: table.vbo[s]) }
        sortIncrements(n)
        var position = [Int](repeating: 0, count: kids.count)
        for inc in increments[n].prefix(steps) { position[Int(inc.child)] = Int(inc.index) }
        // The children's chains now hold their hulls at level s; each recovery rebuilds only its
        // own descendants.
        for (k, kid) in kids.enumerated() {
            recover(kid, parentEBO: table.ebo[s], parentVBO: table.vbo[s], index: position[k], into: &out)
        }
    }

    /// The pipeline of a node given its parent's backorders (mean and variance).
    private func interiorPipeline(_ n: Int, parentEBO: Double, parentVBO: Double) -> CountDistribution {
        let f = parentShare[n], own = ownMean[n]
        return method == .metric
            ? .poisson(mean: own + f * parentEBO)
            : .negativeBinomial(mean: own + f * parentEBO, variance: own + f * (1 - f) * parentEBO + f * f * parentVBO)
    }

    /// Builds node n's hull into `chains[n]` for the given parent state.
    mutating func build(_ n: Int, parentEBO: Double, parentVBO: Double) {
        let kids = net.children[n]
        if kids.isEmpty {
            buildLeaf(n, parentEBO: parentEBO, parentVBO: parentVBO)
            return
        }
        let pipeline = interiorPipeline(n, parentEBO: parentEBO, parentVBO: parentVBO)
        let range = net.levels(n, top: pipeline.upperQuantile(tail: 1e-6), cap: maxStock)
        let table = pipeline.levelTable(upTo: range.upperBound)
        let local = net.nodes[n].localDemand, share = localShare[n], own = shares[n]
        buckets[n].clear()
        for s in range {
            for k in kids { build(k, parentEBO: table.ebo[s], parentVBO: table.vbo[s]) }
            var units = s, e = table.ebo[s] * share, filled = local * table.fill[s]
            var product = trackProducts ? own * e : .zero
            for k in kids {
                units += Int(chains[k].units[0])
                e += chains[k].ebo[0]
                filled += chains[k].filled[0]
                if trackProducts { product += chains[k].product[0] }
            }
            offer(n, units: units, ebo: e, filled: filled, product: product, level: s, step: 0)
            sortIncrements(n)
            var step = 0
            for inc in increments[n] {
                let c = Int(inc.child), i = Int(inc.index), kid = kids[c]
                units += Int(chains[kid].units[i] - chains[kid].units[i - 1])
                e += chains[kid].ebo[i] - chains[kid].ebo[i - 1]
                filled += chains[kid].filled[i] - chains[kid].filled[i - 1]
                if trackProducts { product += chains[kid].product[i] - chains[kid].product[i - 1] }
                step += 1
                offer(n, units: units, ebo: e, filled: filled, product: product, level: s, step: step)
            }
        }
        hull(n)
    }

    /// Collects and orders the steps of node n's children's chains.
    private mutating func sortIncrements(_ n: Int) {
        var list: [Increment] = []
        swap(&list, &increments[n])
        list.removeAll(keepingCapacity: true)
        for (c, kid) in net.children[n].enumerated() {
            let chain = chains[kid]
            for i in 1..<max(1, chain.count) {
                let du = Double(chain.units[i] - chain.units[i - 1]) * unitCost
                list.append(Increment(slope: du > 0 ? (chain.ebo[i - 1] - chain.ebo[i]) / du : .infinity,
                                      child: Int32(c), index: Int32(i)))
            }
        }
        list.sort { a, b in
            a.slope != b.slope ? a.slope > b.slope : (a.child != b.child ? a.child < b.child : a.index < b.index)
        }
        increments[n] = list
    }

    /// Keeps the candidate if it has fewer backorders than any earlier one with as many units.
    private mutating func offer(_ n: Int, units: Int, ebo: Double, filled: Double, product: SIMD8<Double>, level: Int, step: Int) {
        while buckets[n].ebo.count <= units {
            buckets[n].ebo.append(.infinity)
            buckets[n].filled.append(0)
            buckets[n].level.append(0)
            buckets[n].step.append(0)
            if trackProducts { buckets[n].product.append(.zero) }
        }
        guard ebo < buckets[n].ebo[units] else { return }
        buckets[n].ebo[units] = ebo
        buckets[n].filled[units] = filled
        buckets[n].level[units] = Int32(level)
        buckets[n].step[units] = Int32(step)
        if trackProducts { buckets[n].product[units] = product }
    }

    /// The lower convex hull of node n's buckets into `chains[n]`, with the tolerances of
    /// ``MarginalAnalysis/lowerHullIndices(_:)``.
    private mutating func hull(_ n: Int) {
        let b = buckets[n]
        var h: [Int] = []
        h.reserveCapacity(64)
        for u in b.ebo.indices where b.ebo[u].isFinite {
            let pe = b.ebo[u], pc = Double(u) * unitCost
            if let last = h.last, pe >= b.ebo[last] - 1e-15 { continue }
            while h.count >= 2 {
                let a = h[h.count - 2], m = h[h.count - 1]
                let ac = Double(a) * unitCost, mc = Double(m) * unitCost
                let cross = (mc - ac) * (pe - b.ebo[a]) - (b.ebo[m] - b.ebo[a]) * (pc - ac)
                if cross <= 1e-12 * max(1, abs(b.ebo[a])) * max(1, pc - ac) { h.removeLast() } else { break }
            }
            h.append(u)
        }
        chains[n].clear()
        for u in h {
            chains[n].units.append(Int32(u))
            chains[n].ebo.append(b.ebo[u])
            chains[n].filled.append(b.filled[u])
            chains[n].level.append(b.level[u])
            chains[n].step.append(b.step[u])
            if trackProducts { chains[n].product.append(b.product[u]) }
        }
    }

    /// A leaf's chain: levels from its minimum to where P(X > S) < 1e-9, backorders strictly
    /// decreasing (EBO(S) is convex in S for any pipeline, so these points are its hull).
    private mutating func buildLeaf(_ n: Int, parentEBO: Double, parentVBO: Double) {
        let f = parentShare[n], own = ownMean[n]
        let mean = own + f * parentEBO
        let variance = method == .metric ? mean : own + f * (1 - f) * parentEBO + f * f * parentVBO
        let node = net.nodes[n]
        chains[n].clear()
        // Probabilities P(X = k), k = 0 … top, by the forward recurrence; large means (where
        // P(X = 0) underflows) go through the general distribution, built outward from the mode.
        pmf.removeAll(keepingCapacity: true)
        if !(mean > 0) || !mean.isFinite {
            pmf.append(1)
        } else if mean > 200 {
            let d: CountDistribution = method == .metric ? .poisson(mean: mean) : .negativeBinomial(mean: mean, variance: variance)
            for x in 0...d.maxValue { pmf.append(d.probability(x)) }
        } else if method == .metric || !(variance > mean * (1 + 1e-9)) {
            var p = exp(-mean), k = 0
            while true {
                pmf.append(p)
                p *= mean / Double(k + 1)
                k += 1
                if p < 1e-16 && Double(k) > mean { break }
            }
        } else {
            let r = mean * mean / (variance - mean), q = 1 - mean / variance
            var p = exp(r * log(mean / variance)), k = 0
            while true {
                pmf.append(p)
                p *= (Double(k) + r) / Double(k + 1) * q
                k += 1
                if p < 1e-16 && Double(k) > mean { break }
            }
        }
        // Backward pass: EBO(s) and the fill rate P(X ≤ s − 1), and the first level with
        // P(X > s) < 1e-9.
        let top = pmf.count - 1
        if leafEBO.count < pmf.count + 1 {
            leafEBO = Array(repeating: 0, count: pmf.count + 1)
            leafFill = leafEBO
        }
        var next = 0.0, above = 0.0, quantile = 0
        var foundQuantile = false
        var s = top
        while s >= 0 {
            let pAbove = above + (s + 1 <= top ? pmf[s + 1] : 0)
            let e = next + pAbove
            leafEBO[s] = e
            leafFill[s] = s == 0 ? 0 : max(0, 1 - pAbove - pmf[s])
            if !foundQuantile && pAbove >= 1e-9 { quantile = s + 1; foundQuantile = true }
            next = e; above = pAbove
            s -= 1
        }
        if !foundQuantile { quantile = 0 }
        let range = net.levels(n, top: quantile, cap: maxStock)
        let share = localShare[n], local = node.localDemand
        var last = Double.infinity
        for level in range {
            let e = (level <= top ? leafEBO[level] : 0) * share
            if chains[n].count > 0 && !(e < last - 1e-15) { continue }
            let fill = level <= top ? leafFill[level] : 1
            chains[n].units.append(Int32(level))
            chains[n].ebo.append(e)
            chains[n].filled.append(local * fill)
            chains[n].level.append(Int32(level))
            chains[n].step.append(0)
            if trackProducts { chains[n].product.append(shares[n] * e) }
            last = e
        }
    }
}
