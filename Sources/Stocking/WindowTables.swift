import Foundation
import ScenarioModel

/// One node's window measures at fixed levels of its ancestors, tabulated over its own levels
/// 0 … `top`. With one-for-one ordering a node's pipeline, and so every measure of the window
/// model at the node, depends only on its own level and its ancestors' levels (a parent's
/// backorders do not depend on its children's levels), so one table serves every plan that
/// agrees on the ancestors.
///
/// For a ticket at the node a share `own` is met from the shelf, `lateral` by lateral and the
/// rest, `short`, by the ladder's emergency or parent steps or by waiting; the window measures
/// are linear in the three shares:
///   restore_k = base_k + scale · (own · ownWeight_k + lateral · lateralWeight_k + short · shortWeight_k[S])
///   part_k    = own + lateral · partLateral_k + short · partShort_k[S].
struct NodeWindowTable {
    var top: Int
    /// The pipeline's mean and variance under the evaluation method (independent of the node's
    /// own level), and per level S its fill rate P(pipeline ≤ S − 1), EBO and VBO.
    var pipelineMean: Double
    var pipelineVariance: Double
    var fill: [Double]
    var ebo: [Double]
    var vbo: [Double]
    /// Levels beyond which more stock here changes nothing that matters: P(pipeline > level)
    /// below 1e-6 (interior levels, as the fill-rate pricing enumerates) and below 1e-12.
    var interiorTop: Int
    var leafTop: Int
    var restoreBase: [Double]
    var restoreScale: Double
    var ownWeight: [Double]
    var lateralWeight: [Double]
    var shortWeight: [[Double]]
    var partLateral: [Double]
    var partShort: [[Double]]
    /// Transport per ticket = transportScale · (lateral · lateralCost + short · emergencyCost).
    var transportScale: Double
    var lateralCost: Double
    var emergencyCost: Double

    /// P(restored within class k's window) at level s with the given own and lateral shares.
    @inline(__always)
    func restore(_ k: Int, _ s: Int, own: Double, lateral: Double) -> Double {
        let short = max(0, 1 - own - lateral)
        return min(1, restoreBase[k] + restoreScale * (own * ownWeight[k] + lateral * lateralWeight[k] + short * shortWeight[k][s]))
    }

    /// P(part on site within class k's window) for a ticket that needs it.
    @inline(__always)
    func part(_ k: Int, _ s: Int, own: Double, lateral: Double) -> Double {
        let short = max(0, 1 - own - lateral)
        return min(1, own + lateral * partLateral[k] + short * partShort[k][s])
    }

    /// Lateral and emergency transport cost per ticket.
    @inline(__always)
    func transport(own: Double, lateral: Double) -> Double {
        transportScale * (lateral * lateralCost + max(0, 1 - own - lateral) * emergencyCost)
    }

    /// The most class k's restore share can reach at this node (every part from the shelf).
    func restoreCeiling(_ k: Int) -> Double { min(1, restoreBase[k] + restoreScale * ownWeight[k]) }
}

/// The window tables of one item's tree under one evaluation method, pooling context and field
/// work, built on demand and kept: the pricing of the SLA target and the total-cost search look
/// at many plans that differ at a few nodes, and the tables do not depend on the duals.
final class TreeWindowTables {
    let model: StockingModel
    let t: Int
    let method: EvaluationMethod
    let pools: StockingModel.PoolingContext?
    let kernels: [StockingModel.EngineerKernel?]
    let field: FieldWork
    /// Each node's ancestors, root first.
    let ancestors: [[Int]]
    /// The tree's pooling groups (pool index, member nodes with customer demand, at least two).
    let groups: [(pool: Int, nodes: [Int])]
    /// The group (index into `groups`) of each member node.
    let groupOfNode: [Int: Int]
    private var tables: [[Int]: NodeWindowTable] = [:]
    private var aged: [[Int]: AgedPipelines] = [:]
    /// Tables kept at most (about 1.5 kB each); beyond it the cache starts again.
    static let capacity = 40_000

    init(_ model: StockingModel, tree t: Int, method: EvaluationMethod, pools: StockingModel.PoolingContext?,
         kernels: [StockingModel.EngineerKernel?], field: FieldWork) {
        self.model = model
        self.t = t
        self.method = method
        self.pools = pools
        self.kernels = kernels
        self.field = field
        let net = model.trees[t].network
        var up = [[Int]](repeating: [], count: net.nodes.count)
        for n in net.nodes.indices { if let p = net.nodes[n].parent { up[n] = up[p] + [p] } }
        ancestors = up
        var groups: [(pool: Int, nodes: [Int])] = [], groupOf: [Int: Int] = [:]
        if let pools {
            var nodeOfSite: [Int: Int] = [:]
            for (n, node) in net.nodes.enumerated() { nodeOfSite[node.site] = n }
            for (g, group) in pools.groups.enumerated() {
                let members = group.compactMap { nodeOfSite[$0] }.filter { net.nodes[$0].localDemand > 0 }
                guard members.count > 1 else { continue }
                for n in members { groupOf[n] = groups.count }
                groups.append((g, members))
            }
        }
        self.groups = groups
        groupOfNode = groupOf
    }

    var network: ItemNetwork { model.trees[t].network }

    /// Node n's table at the ancestors' levels in `v`, covering at least level `need`.
    func table(_ n: Int, _ v: [Int], need: Int = 0) -> NodeWindowTable {
        var key = [n]
        for a in ancestors[n] { key.append(v[a]) }
        if let hit = tables[key], hit.top >= need { return hit }
        let built = build(n, v, need: max(need, tables[key]?.top ?? 0))
        if tables.count >= Self.capacity { tables.removeAll(keepingCapacity: true) }
        tables[key] = built
        return built
    }

    /// The aged pipelines at node n's ancestors' levels (shared by siblings).
    private func agedPipelines(_ n: Int, _ v: [Int]) -> AgedPipelines {
        var key = [network.nodes[n].parent ?? -1]
        for a in ancestors[n] { key.append(v[a]) }
        if let hit = aged[key] { return hit }
        if aged.count >= Self.capacity { aged.removeAll(keepingCapacity: true) }
        let made = AgedPipelines(network: network, stock: v)
        aged[key] = made
        return made
    }

    private func build(_ n: Int, _ v: [Int], need: Int) -> NodeWindowTable {
        let s = model.scenario, net = network, node = net.nodes[n], site = node.site
        // The pipeline under the method, from the parent's backorders at its level.
        var pe = 0.0, pv = 0.0
        if let p = node.parent {
            let tp = table(p, v, need: v[p])
            pe = tp.ebo[v[p]]
            pv = tp.vbo[v[p]]
        }
        let f = net.shareOfParent(n), ownMean = net.ownPipelineMean(n)
        let pipeline: CountDistribution = method == .metric
            ? .poisson(mean: ownMean + f * pe)
            : .negativeBinomial(mean: ownMean + f * pe, variance: ownMean + f * (1 - f) * pe + f * f * pv)
        let interiorTop = pipeline.upperQuantile(tail: 1e-6), leafTop = pipeline.upperQuantile(tail: 1e-12)
        let top = max(need, min(leafTop, node.maxStock ?? Int.max), node.minStock)
        let levels = pipeline.levelTable(upTo: top)
        let classes = s.slaClasses, count = top + 1
        var made = NodeWindowTable(
            top: top, pipelineMean: pipeline.mean, pipelineVariance: pipeline.variance,
            fill: levels.fill, ebo: levels.ebo, vbo: levels.vbo, interiorTop: interiorTop, leafTop: leafTop,
            restoreBase: classes.map { _ in 1 }, restoreScale: 0, ownWeight: classes.map { _ in 0 },
            lateralWeight: classes.map { _ in 0 }, shortWeight: classes.map { _ in [Double](repeating: 0, count: count) },
            partLateral: classes.map { _ in 1 }, partShort: classes.map { _ in [Double](repeating: 1, count: count) },
            transportScale: 0, lateralCost: 0, emergencyCost: 0)
        guard node.localDemand > 0 else { return made }

        let ladder = s.policies.sourcing
        let parentStep = ladder.firstIndex(of: .parent), emergencyStep = ladder.firstIndex(of: .emergency)
        let pooled = groupOfNode[n] != nil
        // Lateral shipments: from any other member (the donor varies), each lane equally likely.
        var lateralLanes: [DistributionSpec] = []
        var lateralCost = 0.0
        if pooled, let group = pools?.groups.first(where: { $0.contains(site) }) {
            lateralLanes = group.filter { $0 != site }.compactMap { s.lane(fromIndex: $0, toIndex: site, mode: .lateral)?.leadTime }
            let costs = group.filter { $0 != site }.compactMap { s.lane(fromIndex: $0, toIndex: site, mode: .lateral)?.costPerUnit }
            lateralCost = costs.isEmpty ? 0 : costs.reduce(0, +) / Double(costs.count)
        }
        if lateralLanes.isEmpty { lateralLanes = [.deterministic(value: pools?.lateralDays[site] ?? 0)] }
        // Emergency shipments come from the root (the desk's emergency source), when it has stock.
        let rootSite = net.nodes[0].site
        let emergency = emergencyStep != nil && rootSite != site ? s.lane(fromIndex: rootSite, toIndex: site, mode: .emergency) : nil
        let parentFill = node.parent.map { table($0, v, need: v[$0]).fill[v[$0]] } ?? 0
        let rootFill = n == 0 ? 0 : table(0, v, need: v[0]).fill[v[0]]
        // The short demand's paths: emergency, the parent's reorder shipped at once (quick), or
        // waiting for the node's own order (slow).
        var emergencyShare = 0.0, quickShare = 0.0
        if emergency != nil, let em = emergencyStep {
            if let p = parentStep, p < em, let parent = node.parent {
                // Parent first: it has a unit (the reorder ships now), else the root sends express.
                if net.nodes[parent].parent != nil {
                    quickShare = parentFill
                    emergencyShare = (1 - parentFill) * rootFill
                }
            } else {
                emergencyShare = rootFill
            }
        }
        let slowShare = max(0, 1 - emergencyShare - quickShare)
        let needsPart = (1 - field.remoteFixFraction) * (1 - field.noPartFraction)
        made.transportScale = needsPart
        made.lateralCost = pooled ? lateralCost : 0
        made.emergencyCost = emergencyShare * (emergency?.costPerUnit ?? 0)

        let waits = agedPipelines(n, v)
        let slow0 = slowShare > 0 ? waits.waitTails(n, 0, top: top) : []
        let quick0 = quickShare > 0 ? waits.waitTails(n, 0, top: top, parentDelay: false) : []
        /// P(part on site within x) for short demand, per level.
        func shortCDF(_ x: Double) -> [Double] {
            guard x >= 0 else { return [Double](repeating: 0, count: count) }
            var got = [Double](repeating: emergencyShare > 0 ? emergencyShare * (emergency?.leadTime.cdf(x) ?? 0) : 0, count: count)
            if quickShare > 0 {
                let q = waits.waitTails(n, x, top: top, parentDelay: false)
                for l in 0..<count { got[l] += quickShare * (quick0[l] > 0 ? 1 - q[l] / quick0[l] : 1) }
            }
            if slowShare > 0 {
                let w = waits.waitTails(n, x, top: top)
                for l in 0..<count { got[l] += slowShare * (slow0[l] > 0 ? 1 - w[l] / slow0[l] : 1) }
            }
            return got.map { min(1, max(0, $0)) }
        }
        func lateralCDF(_ x: Double) -> Double {
            x >= 0 ? lateralLanes.reduce(0.0) { $0 + $1.cdf(x) } / Double(lateralLanes.count) : 0
        }
        guard let kernel = kernels[site] else { return made }
        made.restoreScale = needsPart
        for k in classes.indices {
            let w = classes[k].restoreHours / 24
            made.partLateral[k] = lateralCDF(w)
            made.partShort[k] = shortCDF(w)
            made.restoreBase[k] = field.remoteFixFraction + (1 - field.remoteFixFraction) * field.noPartFraction
                * (kernel.visits ? kernel.withinWindow[k] : 1)
            guard kernel.visits else {
                made.ownWeight[k] = 1
                made.lateralWeight[k] = made.partLateral[k]
                made.shortWeight[k] = made.partShort[k]
                continue
            }
            let h = kernel.cellDays[k]
            var ownWeight = 0.0, lateralWeight = 0.0, shortWeight = [Double](repeating: 0, count: count)
            for (j, p) in kernel.weights[k].enumerated() where p > 0 {
                let x = w - (Double(j) + 0.5) * h
                ownWeight += x >= 0 ? p : 0
                lateralWeight += p * lateralCDF(x)
                let g = shortCDF(x)
                for l in 0..<count { shortWeight[l] += p * g[l] }
            }
            made.ownWeight[k] = ownWeight
            made.lateralWeight[k] = lateralWeight
            made.shortWeight[k] = shortWeight
        }
        return made
    }

    /// The pooling group g's members' service at the levels in `v`, aligned with `groups[g].nodes`.
    func poolShares(_ g: Int, _ v: [Int]) throws(StockingError) -> [StockingModel.PoolShare] {
        guard let pools else { return [] }
        let net = network, members = groups[g].nodes
        let result = try model.evaluatePool(t, members: members, stock: v, pools: pools,
                                            moments: { n in let tb = self.table(n, v); return (tb.pipelineMean, tb.pipelineVariance) },
                                            parentTail: { p in let tb = self.table(p, v, need: v[p]); return (tb.ebo[v[p]], tb.vbo[v[p]]) })
        let r = result.evaluation
        let shortDemand = zip(members, r.members).reduce(0.0) { $0 + net.nodes[$1.0].localDemand * $1.1.shortage }
        return r.members.map {
            StockingModel.PoolShare(own: $0.own, lateral: $0.lateral, shortage: $0.shortage,
                                    groupBackorders: r.groupBackorders, groupShortDemand: shortDemand)
        }
    }

    /// Every node's window measures at `v` (the plan's levels of this item).
    func measures(_ v: [Int]) throws(StockingError) -> StockingModel.NodeWindows {
        let net = network, classes = model.scenario.slaClasses
        var shares = [StockingModel.PoolShare?](repeating: nil, count: net.nodes.count)
        for g in groups.indices {
            for (n, m) in zip(groups[g].nodes, try poolShares(g, v)) { shares[n] = m }
        }
        var out = [[(part: Double, restore: Double)]](repeating: classes.map { _ in (1, 1) }, count: net.nodes.count)
        var transport = [Double](repeating: 0, count: net.nodes.count)
        for (n, node) in net.nodes.enumerated() where node.localDemand > 0 {
            let tb = table(n, v, need: v[n]), s = v[n]
            let own = shares[n]?.own ?? tb.fill[s], lateral = shares[n]?.lateral ?? 0
            transport[n] = tb.transport(own: own, lateral: lateral)
            out[n] = classes.indices.map { (tb.part($0, s, own: own, lateral: lateral), tb.restore($0, s, own: own, lateral: lateral)) }
        }
        return StockingModel.NodeWindows(classes: out, transportPerTicket: transport)
    }
}

/// What a search over one tree's plans minimises: Σ_n [h·S_n − Σ_k restoreWeight[n][k] · restore_nk
/// + transportWeight[n] · transport_n] (the pricing of the SLA target: duals on the restore rows;
/// the total-cost objective: penalties per breach).
struct WindowObjective {
    var holding: Double
    var restoreWeight: [[Double]]
    var transportWeight: [Double]
}

extension TreeWindowTables {
    /// Node n's term of the objective at level v[n] with the given pool share.
    @inline(__always)
    private func term(_ n: Int, _ v: [Int], _ share: StockingModel.PoolShare?, _ o: WindowObjective) -> Double {
        var x = o.holding * Double(v[n])
        let node = network.nodes[n]
        guard node.localDemand > 0 else { return x }
        let tb = table(n, v, need: v[n]), s = v[n]
        let own = share?.own ?? tb.fill[s], lateral = share?.lateral ?? 0
        for (k, w) in o.restoreWeight[n].enumerated() where w != 0 { x -= w * tb.restore(k, s, own: own, lateral: lateral) }
        if o.transportWeight[n] != 0 { x += o.transportWeight[n] * tb.transport(own: own, lateral: lateral) }
        return x
    }

    /// Every node's term at v.
    private func terms(_ v: [Int], _ o: WindowObjective) throws(StockingError) -> [Double] {
        var shares = [StockingModel.PoolShare?](repeating: nil, count: network.nodes.count)
        for g in groups.indices { for (n, m) in zip(groups[g].nodes, try poolShares(g, v)) { shares[n] = m } }
        return network.nodes.indices.map { term($0, v, shares[$0], o) }
    }

    /// The objective at v.
    func value(_ v: [Int], _ o: WindowObjective) throws(StockingError) -> Double {
        try terms(v, o).reduce(0, +)
    }

    /// ±1 moves at any node within its bounds, taking each that lowers the objective, until none
    /// does (at most 100 rounds). A move at a node without children changes only its own term and,
    /// for a pool member, its group's terms, so only those are evaluated again.
    func localSearch(from start: [Int], _ o: WindowObjective) throws(StockingError) -> (value: Double, stock: [Int]) {
        let net = network
        return try model.localSearch(net, from: start, state: [Double]()) {
            (v: [Int], moved: Int?, current: [Double]) throws(StockingError) -> (value: Double, state: [Double]) in
            var next = current
            if let n = moved, net.children[n].isEmpty {
                if let g = groupOfNode[n] {
                    for (m, share) in zip(groups[g].nodes, try poolShares(g, v)) { next[m] = term(m, v, share, o) }
                } else {
                    next[n] = term(n, v, nil, o)
                }
            } else {
                next = try terms(v, o)
            }
            return (next.reduce(0, +), next)
        }
    }

    /// The exact minimum of the objective over the tree without pooling (no group in this tree):
    /// a node's terms depend only on its own and its ancestors' levels, so the minimum is the
    /// recursion min over S_n of [term_n(S_n) + Σ_children min(…)], interior levels enumerated to
    /// a 1e-6 tail of the node's pipeline (as the fill-rate pricing does), and a node without
    /// children scanned until no further unit can pay its holding (its restore shares at their
    /// ceiling and its transport at 0 would not), or to a 1e-12 tail.
    func exactMinimum(_ o: WindowObjective) -> (value: Double, stock: [Int]) {
        let net = network
        var v = net.nodes.map(\.minStock)
        func visit(_ n: Int) -> Double {
            let node = net.nodes[n], kids = net.children[n], lo = node.minStock, hi = node.maxStock ?? Int.max
            var best = Double.infinity
            var bestVector = v
            var s = lo
            while s <= hi {
                v[n] = s
                let tb = table(n, v, need: s)
                var x = term(n, v, nil, o)
                for c in kids { x += visit(c) }
                if x < best - 1e-15 { best = x; bestVector = v }
                if kids.isEmpty {
                    if leafStops(n, s, tb, o) { break }
                } else if s >= max(lo, tb.interiorTop) {
                    break
                }
                s += 1
            }
            v = bestVector
            return best
        }
        let value = visit(0)
        return (value, v)
    }

    /// Whether a node without children (not pooled) can stop at level s: no further unit can pay
    /// its holding (its restore shares at their ceiling and its transport at 0 would not), or s
    /// reached the 1e-12 tail of its pipeline.
    func leafStops(_ n: Int, _ s: Int, _ tb: NodeWindowTable, _ o: WindowObjective) -> Bool {
        var gain = 0.0
        if network.nodes[n].localDemand > 0 {
            let own = tb.fill[s]
            for (k, w) in o.restoreWeight[n].enumerated() where w > 0 {
                gain += w * max(0, tb.restoreCeiling(k) - tb.restore(k, s, own: own, lateral: 0))
            }
            gain += max(0, o.transportWeight[n]) * tb.transport(own: own, lateral: 0)
        }
        return gain < o.holding || s >= max(network.nodes[n].minStock, tb.leafTop)
    }
}

extension TreeWindowTables {
    /// A proved lower bound on the least objective over every plan of the tree (the pricing
    /// problem's value) when the tree holds pooling groups, so that the SLA target's column
    /// generation can report a Lagrangian bound and the total-cost search a gap.
    ///
    /// Under complete pooling a member's shortage is the group's exact value B(T), a function of
    /// the group's total stock T alone (at fixed ancestor levels), and own + lateral = 1 − B(T).
    /// Each member's restore share is bounded above with the lateral share's window weight taken
    /// for every unit not met from its own shelf, the own share capped at min(1 − B, 1 − E(S, λT)),
    /// where E(S, λT) is the member's stand-alone Erlang loss (the overflow approximation only
    /// adds load to it); its transport below by that same cap. Each group becomes one leaf of its
    /// members' common parent: for each T, the least sum over the splits of T of the members'
    /// bounding terms' convex minorants (the T − Σ min-levels smallest hull increments), and T
    /// scanned until T units' holding exceeds what every restore could still earn at its
    /// ceiling. Other nodes are minimised exactly as in
    /// ``exactMinimum(_:)``, within the same enumerated levels.
    ///
    /// nil when a group's members are not leaves of one parent, a transport weight is negative,
    /// or a group's scan would pass `groupStockLimit` units.
    func lowerBound(_ o: WindowObjective, groupStockLimit: Int = 2_000) -> Double? {
        let net = network
        guard o.transportWeight.allSatisfy({ $0 >= 0 }) else { return nil }
        var groupsAt = [[Int]](repeating: [], count: net.nodes.count)
        var inGroup = [Bool](repeating: false, count: net.nodes.count)
        for (g, group) in groups.enumerated() {
            guard let first = group.nodes.first, let p = net.nodes[first].parent,
                  group.nodes.allSatisfy({ net.nodes[$0].parent == p && net.children[$0].isEmpty }) else { return nil }
            groupsAt[p].append(g)
            for m in group.nodes { inGroup[m] = true }
        }
        var v = net.nodes.map(\.minStock)
        var failed = false
        func visit(_ n: Int) -> Double {
            let node = net.nodes[n], lo = node.minStock, hi = node.maxStock ?? Int.max
            let kids = net.children[n].filter { !inGroup[$0] }
            var best = Double.infinity
            var s = lo
            while s <= hi && !failed {
                v[n] = s
                let tb = table(n, v, need: s)
                var x = term(n, v, nil, o)
                for c in kids { x += visit(c) }
                for g in groupsAt[n] {
                    guard let b = groupBound(g, v, o, limit: groupStockLimit) else { failed = true; break }
                    x += b
                }
                best = min(best, x)
                if kids.isEmpty && groupsAt[n].isEmpty {
                    if leafStops(n, s, tb, o) { break }
                } else if s >= max(lo, tb.interiorTop) {
                    break
                }
                s += 1
            }
            v[n] = lo
            return best
        }
        let value = visit(0)
        return failed || !value.isFinite ? nil : value
    }

    /// The least sum of group g's members' bounding terms (see ``lowerBound(_:groupStockLimit:)``)
    /// over the members' levels, at the ancestors' levels in `v`; nil past `limit` units.
    private func groupBound(_ g: Int, _ v: [Int], _ o: WindowObjective, limit: Int) -> Double? {
        guard let pools else { return nil }
        let net = network, members = groups[g].nodes
        guard let p = net.nodes[members[0]].parent else { return nil }
        let parent = table(p, v, need: v[p])
        let (load, variance) = model.poolLoad(t, members: members,
                                              moments: { n in let tb = self.table(n, v); return (tb.pipelineMean, tb.pipelineVariance) },
                                              parentTail: { _ in (parent.ebo[v[p]], parent.vbo[v[p]]) })
        let demand = members.map { net.nodes[$0].localDemand }, total = demand.reduce(0, +)
        let days = total > 0 ? load / total : 0
        let lo = members.map { net.nodes[$0].minStock }, hi = members.map { net.nodes[$0].maxStock ?? Int.max }
        let totalLow = lo.reduce(0, +)
        let totalHigh = hi.reduce(0) { $0 > Int.max - $1 ? Int.max : $0 + $1 }
        // The group's shortage B(T), T = 0, 1, …: Erlang loss or the pipeline's tail.
        var shortage: [Double] = []
        let pipeline: CountDistribution? = pools.shortage == .backorder
            ? (variance > load ? .negativeBinomial(mean: load, variance: variance) : .poisson(mean: load)) : nil
        var cumulative = 0.0
        func extendShortage(to top: Int) {
            guard let pipeline else { shortage = Self.erlangLoss(load, extending: shortage, to: top); return }
            while shortage.count <= top {
                let c = shortage.count
                shortage.append(c == 0 ? 1 : max(0, 1 - cumulative))
                cumulative += pipeline.probability(c)
            }
        }
        // Each member's stand-alone Erlang loss E(S, λ·days), S = 0, 1, ….
        var alone = members.map { _ in [Double]() }
        func extendAlone(_ i: Int, to top: Int) { alone[i] = Self.erlangLoss(demand[i] * days, extending: alone[i], to: top) }
        var memberTables = members.map { table($0, v) }
        // What every member's restore could still earn at most: its restore share cannot pass
        // its ceiling (every part from the shelf) whatever the group holds.
        var ceiling = 0.0
        for (i, m) in members.enumerated() {
            for (k, w) in o.restoreWeight[m].enumerated() where w > 0 { ceiling += w * memberTables[i].restoreCeiling(k) }
        }
        var best = Double.infinity
        var T = totalLow
        var f = [Double](), steps = [Double]()
        while T <= totalHigh {
            // Every later split holds T' ≥ T units: at least h·T − ceiling.
            if o.holding * Double(T) - ceiling >= best { break }
            guard T <= limit else { return nil }
            extendShortage(to: T)
            let b = shortage[T]
            // The least sum over splits of T of the members' convex minorants (a lower bound on
            // the least sum of the terms themselves): each minorant's increments rise, so the
            // best split takes the T − Σ lo smallest increments over all members.
            var base = 0.0
            steps.removeAll(keepingCapacity: true)
            var feasible = true
            for (i, m) in members.enumerated() {
                if memberTables[i].top < T { memberTables[i] = table(m, v, need: max(T, 2 * memberTables[i].top)) }
                extendAlone(i, to: T)
                let tb = memberTables[i], top = min(hi[i], T)
                guard lo[i] <= top else { feasible = false; break }
                f.removeAll(keepingCapacity: true)
                for s in lo[i]...top {
                    let u = max(0, min(1 - b, 1 - alone[i][s]))
                    var x = o.holding * Double(s)
                    for (k, w) in o.restoreWeight[m].enumerated() where w > 0 {
                        let r = tb.restoreBase[k] + tb.restoreScale
                            * ((1 - b) * tb.lateralWeight[k] + u * (tb.ownWeight[k] - tb.lateralWeight[k]) + b * tb.shortWeight[k][s])
                        x -= w * min(1, r)
                    }
                    if o.transportWeight[m] > 0 {
                        x += o.transportWeight[m] * tb.transportScale * (max(0, 1 - b - u) * tb.lateralCost + b * tb.emergencyCost)
                    }
                    f.append(x)
                }
                base += f[0]
                Self.appendConvexIncrements(f, to: &steps)
            }
            let extra = T - totalLow
            if feasible && steps.count >= extra {
                var value = base
                if extra > 0 {
                    steps.sort()
                    for j in 0..<extra { value += steps[j] }
                }
                best = min(best, value)
            }
            T += 1
        }
        return best.isFinite ? best : nil
    }

    /// Erlang's loss ``ServiceMath/erlangB(servers:load:)`` for 0 … `top` servers, extending the
    /// values already in `table` by the same recursion (one step per server).
    static func erlangLoss(_ load: Double, extending table: [Double], to top: Int) -> [Double] {
        var out = table
        while out.count <= top {
            let c = out.count
            if c == 0 { out.append(1) } else {
                let b = out[c - 1]
                out.append(load > 0 ? load * b / (Double(c) + load * b) : 0)
            }
        }
        return out
    }

    /// The increments f[j+1] − f[j] of the lower convex hull of the points (j, f[j]), appended:
    /// a nondecreasing sequence whose partial sums from f[0] stay at or below f.
    static func appendConvexIncrements(_ f: [Double], to out: inout [Double]) {
        guard f.count > 1 else { return }
        var hull: [Int] = []
        for j in f.indices {
            while hull.count >= 2 {
                let a = hull[hull.count - 2], b = hull[hull.count - 1]
                // b lies on or above the chord a–j: drop it.
                if (f[b] - f[a]) * Double(j - a) >= (f[j] - f[a]) * Double(b - a) { hull.removeLast() } else { break }
            }
            hull.append(j)
        }
        for h in 1..<hull.count {
            let a = hull[h - 1], b = hull[h], slope = (f[b] - f[a]) / Double(b - a)
            for _ in a..<b { out.append(slope) }
        }
    }
}
