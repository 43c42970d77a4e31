import Foundation

/// How pipelines below the root are modelled.
public enum EvaluationMethod: String, Sendable, Codable, CaseIterable {
    /// METRIC (Sherbrooke 1968): every pipeline Poisson; a parent's backorders add the mean delay
    /// EBO₀/λ₀ to each child's resupply time.
    case metric
    /// VARI-METRIC (Sherbrooke 1986; Graves 1985): a child's pipeline has mean
    /// λT + f·EBO₀ and variance λT + f(1−f)·EBO₀ + f²·VBO₀ (binomial split of the parent's
    /// backorders with f the child's share of parent demand), fitted by a negative binomial.
    case variMetric = "vari-metric"
    /// Graves (1985) exact: with deterministic shipping times the child's pipeline is exactly
    /// Poisson(λT) plus the binomial thinning of the parent's backorder distribution; computed by
    /// convolution, recursively down the tree.
    case exact
}

/// The steady state of one site for one item at its stock level.
public struct NodeEvaluation: Sendable, Equatable {
    /// Caller's site identifier (from the network node).
    public var site: Int
    /// Stock level S (one-for-one base stock).
    public var stock: Int
    /// Demand arriving per day (local plus children's reorders).
    public var demandPerDay: Double
    /// Units in the pipeline: mean and variance.
    public var pipelineMean: Double
    public var pipelineVariance: Double
    /// Expected backorders E[(X − S)⁺] and their variance.
    public var ebo: Double
    public var vbo: Double
    /// Expected on hand E[(S − X)⁺] = S − E[X] + EBO.
    public var eoh: Double
    /// Fraction of arriving demand met from own shelf at once: P(X ≤ S − 1).
    public var fillRate: Double
    /// Probability of no backorders: P(X ≤ S).
    public var readyRate: Double
    /// Mean wait per arriving demand, days, by Little's law: EBO / λ.
    public var waitingDays: Double
    /// Expected units in repair at this site.
    public var unitsInRepair: Double
    /// Expected units in transit from the parent (or in external resupply at the root).
    public var unitsInTransit: Double
    /// Expected units of this site's reorders held up by the parent's backorders (f·EBO_parent).
    public var unitsDelayedAtParent: Double
}

/// One item's evaluation over its network.
public struct ItemEvaluation: Sendable, Equatable {
    public var method: EvaluationMethod
    public var nodes: [NodeEvaluation]
}

extension ItemNetwork {
    /// Evaluates the network at stock levels `stock[n]` (one per node) with `method`.
    public func evaluate(stock: [Int], method: EvaluationMethod) throws(StockingError) -> ItemEvaluation {
        guard stock.count == nodes.count else {
            throw .invalidStock("\(stock.count) levels for \(nodes.count) sites")
        }
        if let bad = stock.firstIndex(where: { $0 < 0 }) {
            throw .invalidStock("site \(nodes[bad].site) has stock \(stock[bad])")
        }
        if method == .exact {
            if let node = nodes.first(where: { $0.parent != nil && $0.repairFraction < 1
                                               && $0.leadDays > 0 && !$0.leadTimeIsDeterministic }) {
                throw .exactNeedsDeterministicLeadTimes(site: node.site)
            }
        }
        var out: [NodeEvaluation] = []
        out.reserveCapacity(nodes.count)
        var backorders: [CountDistribution?] = Array(repeating: nil, count: nodes.count)
        for n in nodes.indices {
            let node = nodes[n]
            let lambda = arrivingDemand[n], own = ownPipelineMean(n), f = shareOfParent(n)
            let parentEval = node.parent.map { out[$0] }
            let delayed = f * (parentEval?.ebo ?? 0)
            let pipeline: CountDistribution
            switch method {
            case .metric:
                pipeline = .poisson(mean: own + delayed)
            case .variMetric:
                let pe = parentEval?.ebo ?? 0, pv = parentEval?.vbo ?? 0
                pipeline = .negativeBinomial(mean: own + f * pe, variance: own + f * (1 - f) * pe + f * f * pv)
            case .exact:
                var d = CountDistribution.poisson(mean: own)
                if let p = node.parent, f > 0, let parentBackorders = backorders[p] {
                    d = d.convolved(with: parentBackorders.thinned(f))
                }
                pipeline = d
            }
            let s = stock[n]
            let t = pipeline.tail(s)
            if method == .exact && !children[n].isEmpty { backorders[n] = pipeline.excess(over: s) }
            let r = node.repairFraction
            let away = node.parent == nil ? node.resupplyDays : node.leadDays
            out.append(NodeEvaluation(
                site: node.site, stock: s, demandPerDay: lambda,
                pipelineMean: pipeline.mean, pipelineVariance: pipeline.variance,
                ebo: t.ebo, vbo: t.vbo, eoh: Double(s) - pipeline.mean + t.ebo,
                fillRate: s == 0 ? 0 : pipeline.cdf(s - 1), readyRate: pipeline.cdf(s),
                waitingDays: lambda > 0 ? t.ebo / lambda : 0,
                unitsInRepair: lambda * r * node.repairDays,
                unitsInTransit: lambda * (1 - r) * away,
                unitsDelayedAtParent: delayed))
        }
        return ItemEvaluation(method: method, nodes: out)
    }
}

/// Closed-form service measures.
public enum ServiceMath {
    /// Availability of an installed base of N systems with Z units of the item each, given the
    /// item's expected backorders: A = (1 − EBO/(N·Z))^Z (Sherbrooke 2004, eq. 2.14); multiply
    /// over items for system availability. Clamped to [0, 1].
    public static func availability(ebo: Double, systems n: Double, unitsPerSystem z: Int) -> Double {
        guard n > 0, z > 0 else { return 1 }
        let x = 1 - ebo / (n * Double(z))
        return x <= 0 ? 0 : min(1, pow(x, Double(z)))
    }

    /// Erlang's loss formula B(c, a): the blocking probability of c servers with offered load a,
    /// by the stable recursion B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)) (Erlang 1917).
    public static func erlangB(servers c: Int, load a: Double) -> Double {
        guard a > 0 else { return c == 0 ? 1 : 0 }
        var b = 1.0
        if c > 0 { for k in 1...c { b = a * b / (Double(k) + a * b) } }
        return b
    }
}
