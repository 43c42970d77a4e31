extension StockingModel {
    /// One pool member's service in one item's tree: fractions of its customer demand met from
    /// its own shelf, by lateral, and short; with the group's exact backorders and short demand
    /// per day (to share the backorders out in the backorder variant).
    struct PoolShare {
        var own: Double
        var lateral: Double
        var shortage: Double
        var groupBackorders: Double
        var groupShortDemand: Double
    }

    /// One pooling group within one item's tree, evaluated.
    struct TreePool {
        var name: String
        /// Member nodes (customer demand, in the group's member order) and their service.
        var nodes: [Int]
        var evaluation: PoolingEvaluation
        var replenishmentDays: Double
    }

    /// The pooling groups of tree t (members with customer demand, at least two), each evaluated
    /// by ``PoolingGroup/evaluate(maxIterations:)`` with the members' mean pipeline time under
    /// `evaluation` and, in the backorder variant, the group pipeline's variance: the members'
    /// variances plus, for two members of one parent, the covariance f_i·f_j·(VBO − EBO) of the
    /// parent's backorders split between them (the multinomial thinning of VARI-METRIC).
    func treePools(_ t: Int, stock: [Int], evaluation e: ItemEvaluation,
                   pools: PoolingContext) throws(StockingError) -> [TreePool] {
        let net = trees[t].network
        var nodeOfSite: [Int: Int] = [:]
        for (n, node) in net.nodes.enumerated() { nodeOfSite[node.site] = n }
        var out: [TreePool] = []
        for (g, group) in pools.groups.enumerated() {
            let members = group.compactMap { nodeOfSite[$0] }.filter { net.nodes[$0].localDemand > 0 }
            guard members.count > 1 else { continue }
            let result = try evaluatePool(t, members: members, stock: stock, pools: pools,
                                          moments: { (e.nodes[$0].pipelineMean, e.nodes[$0].pipelineVariance) },
                                          parentTail: { (e.nodes[$0].ebo, e.nodes[$0].vbo) })
            out.append(TreePool(name: pools.names[g], nodes: members, evaluation: result.evaluation,
                                replenishmentDays: result.replenishmentDays))
        }
        return out
    }

    /// One pooling group of tree t (`members`: nodes with customer demand), evaluated at `stock`
    /// from each member's pipeline mean and variance (`moments`) and each parent's backorder
    /// mean and variance (`parentTail`).
    func evaluatePool(_ t: Int, members: [Int], stock: [Int], pools: PoolingContext,
                      moments: (Int) -> (mean: Double, variance: Double),
                      parentTail: (Int) -> (ebo: Double, vbo: Double)) throws(StockingError)
        -> (evaluation: PoolingEvaluation, replenishmentDays: Double) {
        let net = trees[t].network
        let demand = members.map { net.nodes[$0].localDemand }, total = demand.reduce(0, +)
        let (load, variance) = poolLoad(t, members: members, moments: moments, parentTail: parentTail)
        let days = total > 0 ? load / total : 0
        let result = try PoolingGroup(
            members: zip(members, demand).map { .init(site: $0.0, demand: $0.1, stock: stock[$0.0]) },
            replenishmentDays: days, shortage: pools.shortage,
            pipelineVariance: variance > load ? variance : nil).evaluate()
        return (result, days)
    }

    /// The group's units in resupply: mean (Σ over members of the local share of each pipeline's
    /// mean) and variance (the members' variances plus, for two members of one parent, the
    /// covariance f_i·f_j·(VBO − EBO) of the parent's backorders split between them).
    func poolLoad(_ t: Int, members: [Int], moments: (Int) -> (mean: Double, variance: Double),
                  parentTail: (Int) -> (ebo: Double, vbo: Double)) -> (load: Double, variance: Double) {
        let net = trees[t].network
        var load = 0.0, variance = 0.0
        for n in members {
            let m = moments(n), arriving = net.arrivingDemand[n]
            let share = arriving > 0 ? net.nodes[n].localDemand / arriving : 0
            load += share * m.mean
            variance += share * share * m.variance
        }
        for a in members {
            for b in members where a != b {
                guard let p = net.nodes[a].parent, p == net.nodes[b].parent else { continue }
                let tail = parentTail(p)
                variance += net.shareOfParent(a) * net.shareOfParent(b) * (tail.vbo - tail.ebo)
            }
        }
        return (load, variance)
    }

    /// The members of tree t's pools, by node, with their service.
    func poolShares(_ t: Int, stock: [Int], evaluation e: ItemEvaluation,
                    pools: PoolingContext) throws(StockingError) -> [(node: Int, share: PoolShare)] {
        var out: [(node: Int, share: PoolShare)] = []
        for pool in try treePools(t, stock: stock, evaluation: e, pools: pools) {
            let r = pool.evaluation
            let shortDemand = zip(pool.nodes, r.members).reduce(0.0) { $0 + trees[t].network.nodes[$1.0].localDemand * $1.1.shortage }
            for (k, n) in pool.nodes.enumerated() {
                let m = r.members[k]
                out.append((n, PoolShare(own: m.own, lateral: m.lateral, shortage: m.shortage,
                                         groupBackorders: r.groupBackorders, groupShortDemand: shortDemand)))
            }
        }
        return out
    }
}
