/// Lateral transshipment within a pooling group of sibling sites that share one replenishment
/// time T (transshipment time short against T): a demand at a site with no stock is met by a
/// lateral shipment from a site of the group that has stock, else by an emergency shipment from
/// the parent (or central warehouse), or, in the backorder variant, it waits.
public struct PoolingGroup: Sendable, Equatable {
    /// One member site.
    public struct Member: Sendable, Equatable {
        /// Caller's site identifier.
        public var site: Int
        /// Failures per day at the site.
        public var demand: Double
        /// Base stock level.
        public var stock: Int
        /// Other members (indices into `members`) in the order a lateral request tries them;
        /// nil for all others in member order (complete pooling).
        public var preference: [Int]?

        public init(site: Int, demand: Double, stock: Int, preference: [Int]? = nil) {
            self.site = site
            self.demand = demand
            self.stock = stock
            self.preference = preference
        }
    }

    /// What happens to a demand that no member can meet.
    public enum Shortage: String, Sendable, Codable {
        /// Met by an emergency shipment from the parent or the central warehouse (lost to the pool).
        case emergency
        /// Backordered: it waits for the next replenishment (Axsäter 1990's backorder variant).
        case backorder
    }

    public var members: [Member]
    /// Replenishment time, days.
    public var replenishmentDays: Double
    public var shortage: Shortage
    /// Variance of the group's units in resupply (backorder variant), when the members' pipelines
    /// are not Poisson (delays at a shared parent make them over-dispersed and correlated); nil
    /// for Poisson with mean Λ·T. The group's shortage is then P(X ≥ ΣS) with X negative binomial.
    public var pipelineVariance: Double?

    public init(members: [Member], replenishmentDays: Double, shortage: Shortage = .emergency,
                pipelineVariance: Double? = nil) {
        self.members = members
        self.replenishmentDays = replenishmentDays
        self.shortage = shortage
        self.pipelineVariance = pipelineVariance
    }
}

/// A pooling group's service: exact group figures kept apart from the approximate own/lateral split.
public struct PoolingEvaluation: Sendable, Equatable {
    /// Per member: fractions of its demand met from its own shelf, by lateral shipment, and by
    /// emergency shipment (or backordered); they sum to 1. Under complete pooling (every member
    /// may draw on every other, in any order) the shortage is EXACT: a demand goes short exactly when the whole group
    /// is out, which by PASTA it finds with the group's probability, the same for every member;
    /// the own share is the overflow approximation's, capped so that the three add up. With
    /// preference lists that leave members out (partial pooling) all three come from the
    /// overflow approximation.
    public struct MemberService: Sendable, Equatable {
        public var site: Int
        public var own: Double
        public var lateral: Double
        public var shortage: Double
        /// Approximate probability the site is out of stock.
        public var stockoutProbability: Double
    }

    /// EXACT: the fraction of the group's demand not met from the group's stock. Emergency
    /// variant: Erlang-B(ΣS, Λ·T), whatever the split of stock (the group is an M/G/c/c loss
    /// system with c = ΣS; insensitive to T's distribution). Backorder variant: P(X ≥ ΣS) with
    /// X ~ Poisson(Λ·T) (exact for independent resupply times; with a `pipelineVariance`, the
    /// negative binomial of that mean and variance, VARI-METRIC's fit, no longer exact).
    public var groupShortageFraction: Double
    /// EXACT, backorder variant only: the group's expected backorders E[(X − ΣS)⁺]; 0 otherwise.
    public var groupBackorders: Double
    /// EXACT: demand per day the group passes to the parent as emergency shipments (emergency
    /// variant): Λ · Erlang-B; 0 for the backorder variant.
    public var emergencyDemandOnParent: Double
    /// APPROXIMATE (Axsäter 1990; Alfredsson & Verrijdt 1999): each member an Erlang loss system
    /// fed by its own demand plus the lateral requests that reach it, iterated to a fixed point.
    public var members: [MemberService]
    /// The members' shortage fractions weighted by their demand, for comparison with the exact
    /// group figure (equal to it under complete pooling, where each member reports the exact value).
    public var approximateGroupShortageFraction: Double
    /// Fixed-point iterations used and whether they converged (change < 1e-12).
    public var iterations: Int
    public var converged: Bool
}

extension PoolingGroup {
    /// Evaluates the group: exact group shortage, and the overflow approximation per member.
    public func evaluate(maxIterations: Int = 1000) throws(StockingError) -> PoolingEvaluation {
        guard !members.isEmpty else { throw .invalidNetwork("a pooling group needs at least one member") }
        guard replenishmentDays.isFinite, replenishmentDays >= 0 else {
            throw .invalidNetwork("pool replenishment time is \(replenishmentDays)")
        }
        let n = members.count
        for (k, m) in members.enumerated() {
            guard m.demand.isFinite, m.demand >= 0 else { throw .invalidNetwork("pool member \(m.site): demand \(m.demand)") }
            guard m.stock >= 0 else { throw .invalidStock("pool member \(m.site): stock \(m.stock)") }
            if let pref = m.preference {
                guard pref.allSatisfy({ $0 >= 0 && $0 < n && $0 != k }), Set(pref).count == pref.count else {
                    throw .invalidNetwork("pool member \(m.site): preference list must name other members once each")
                }
            }
        }
        let total = members.reduce(0.0) { $0 + $1.demand }
        let stock = members.reduce(0) { $0 + $1.stock }
        let load = total * replenishmentDays

        let groupShortage: Double, groupEBO: Double
        switch shortage {
        case .emergency:
            groupShortage = ServiceMath.erlangB(servers: stock, load: load)
            groupEBO = 0
        case .backorder:
            let x = pipelineVariance.map { CountDistribution.negativeBinomial(mean: load, variance: $0) }
                ?? CountDistribution.poisson(mean: load)
            groupShortage = stock == 0 ? 1 : 1 - x.cdf(stock - 1)
            groupEBO = x.tail(stock).ebo
        }

        let order: [[Int]] = members.indices.map { k in
            members[k].preference ?? members.indices.filter { $0 != k }
        }
        let defaultOrder = members.allSatisfy { $0.preference == nil }
        // Fixed point: P_i = B(S_i, (λ_i + η_i)·T), η_i = Σ_k λ_k P_k Π_{j before i in k's list} P_j.
        var p = members.map { ServiceMath.erlangB(servers: $0.stock, load: $0.demand * replenishmentDays) }
        var iterations = 0, converged = false
        while iterations < maxIterations {
            iterations += 1
            var eta = [Double](repeating: 0, count: n)
            if defaultOrder {
                // Every member tries the others in member order: a request from k reaches i having
                // found every j < i (j ≠ k) empty, so η_i = Π_{j<i} P_j · (Σ_{k<i} λ_k + Σ_{k>i} λ_k P_k)
                // (for k < i the factor P_k of k's own stock-out is inside the product). O(n).
                var after = [Double](repeating: 0, count: n + 1)
                for k in stride(from: n - 1, through: 0, by: -1) { after[k] = after[k + 1] + members[k].demand * p[k] }
                var before = 0.0, product = 1.0
                for i in 0..<n {
                    eta[i] = product * (before + after[i + 1])
                    before += members[i].demand
                    product *= p[i]
                }
            } else {
                for k in 0..<n where members[k].demand > 0 {
                    var reach = members[k].demand * p[k]
                    for j in order[k] {
                        eta[j] += reach
                        reach *= p[j]
                    }
                }
            }
            var change = 0.0
            for i in 0..<n {
                let next = ServiceMath.erlangB(servers: members[i].stock, load: (members[i].demand + eta[i]) * replenishmentDays)
                change = max(change, abs(next - p[i]))
                p[i] = next
            }
            if change < 1e-12 { converged = true; break }
        }
        var services: [PoolingEvaluation.MemberService] = []
        var approxShort = 0.0
        // Complete pooling: every member may draw on every other (in whatever order).
        let complete = order.allSatisfy { $0.count == n - 1 }
        for k in 0..<n {
            var own = 1 - p[k]
            var short = order[k].reduce(p[k]) { $0 * p[$1] }
            if complete {
                // Every member draws on every other: short exactly when the group is empty.
                short = groupShortage
                own = min(own, 1 - short)
            } else if shortage == .backorder {
                // Waiting demand keeps its claim on the group's stock, so the loss fixed point
                // understates the shortage; by PASTA a demand finds the whole group empty with the
                // group's exact probability P(X ≥ ΣS), which is at least the member's shortage.
                short = max(short, groupShortage)
                own = min(own, 1 - short)
            }
            services.append(.init(site: members[k].site, own: own, lateral: max(0, 1 - own - short),
                                  shortage: short, stockoutProbability: 1 - own))
            approxShort += members[k].demand * short
        }
        return PoolingEvaluation(
            groupShortageFraction: groupShortage, groupBackorders: groupEBO,
            emergencyDemandOnParent: shortage == .emergency ? total * groupShortage : 0,
            members: services,
            approximateGroupShortageFraction: total > 0 ? approxShort / total : 0,
            iterations: iterations, converged: converged)
    }
}
