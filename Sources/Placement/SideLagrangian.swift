/// A Lagrangian bound for uncapacitated problems with a coverage target and/or a limit on the
/// number of open depots (no capacities, no stock cost): the assignment rows (multipliers v_j) and
/// the coverage row (σ ≥ 0) are relaxed; the subproblem opens the depots of most negative
/// ρ_i = f_i + Σ_j min(0, c_ij − σ·(d_j/D)·[t_ij ≤ T] − v_j), at most (or exactly) K of them, must-open
/// ones always. Subgradient steps on (v, σ); every 25 iterations the subproblem's open set seeds
/// the local search (the Lagrangian heuristic).
///
/// It serves the general path as a reduction: a depot whose forced opening (closing) lifts the
/// bound above the incumbent is fixed closed (open); a pair whose forced use does is dropped.
struct SideLagrangian {
    let core: UFLCore
    let coverDemand: [Double]
    let need: Double
    let limit: Int?
    let exact: Bool

    init(_ p: PlacementProblem, core: UFLCore) {
        self.core = core
        // The coverage row is scaled to shares of total demand (Σ share·x ≥ α) so that its
        // subgradient is of the same order as the assignment rows'.
        var cover = [Double](repeating: 0, count: core.fac.count)
        let total = p.totalDemand
        if let c = p.coverage, total > 0 {
            for q in core.fac.indices where p.pairHours[core.problemPair[q]] <= c.hours {
                cover[q] = p.customers[p.pairCustomer[core.problemPair[q]]].demand / total
            }
        }
        coverDemand = cover
        need = total > 0 ? (p.coverage?.fraction ?? 0) : 0
        switch p.openCount {
        case .atMost(let k)?: limit = k; exact = false
        case .exactly(let k)?: limit = k; exact = true
        case nil: limit = nil; exact = false
        }
    }

    struct State {
        var bound: Double
        var rho: [Double]
        var chosen: [Bool]
    }

    /// The Lagrangian value at (v, σ) and the subproblem's solution; nil when the must-open depots
    /// alone exceed the limit.
    func evaluate(_ v: [Double], _ sigma: Double) -> State? {
        let m = core.m, n = core.n
        var rho = (0..<m).map { core.fixedClosed[$0] ? Double.infinity : core.f[$0] }
        var z = core.constant + sigma * need
        for j in 0..<n {
            z += v[j]
            for q in core.start[j]..<core.start[j + 1] {
                let c = core.cost[q] - sigma * coverDemand[q]
                if c < v[j] { rho[core.fac[q]] += c - v[j] }
            }
        }
        var chosen = core.fixedOpen
        var count = chosen.filter { $0 }.count
        if let k = limit, count > k { return nil }
        let order = (0..<m).filter { !chosen[$0] && !core.fixedClosed[$0] }.sorted { rho[$0] != rho[$1] ? rho[$0] < rho[$1] : $0 < $1 }
        for i in order {
            if let k = limit, count >= k { break }
            guard rho[i] < 0 || (exact && count < (limit ?? 0)) else { break }
            chosen[i] = true
            count += 1
        }
        if exact, let k = limit, count < k { return nil }
        for i in 0..<m where chosen[i] { z += rho[i] }
        return State(bound: z, rho: rho, chosen: chosen)
    }

    /// Subgradient optimisation from the dual ascent's v and σ = 0.
    func optimise(upper: inout Double, incumbent: inout (open: [Bool], assignment: [Int], value: Double)?, heuristic: GenericHeuristic,
                  iterations: Int, deadline: ContinuousClock.Instant?) -> (state: State, v: [Double], sigma: Double)? {
        let n = core.n
        var v = core.dualAscent()
        var sigma = 0.0
        guard var best = evaluate(v, sigma) else { return nil }
        var bestV = v, bestSigma = sigma
        var lambda = 1.0, stall = 0
        var tried = Set<[Bool]>()
        let clock = ContinuousClock()
        for iteration in 0..<iterations {
            if let deadline, clock.now >= deadline { break }
            guard let s = evaluate(v, sigma) else { return nil }
            if s.bound > best.bound + 1e-12 * abs(best.bound) { best = s; bestV = v; bestSigma = sigma; stall = 0 } else {
                stall += 1
                if stall >= 15 { lambda /= 2; stall = 0 }
            }
            if iteration % 25 == 0, tried.insert(s.chosen).inserted {
                if let found = heuristic.improve(s.chosen, budget: 0.5), found.value < upper - 1e-9 * max(1, abs(upper)) {
                    upper = found.value
                    incumbent = found
                }
            }
            if (upper.isFinite && upper - best.bound <= 1e-9 * max(1, abs(upper))) || lambda < 1e-5 { break }
            var g = [Double](repeating: 1, count: n)
            var covered = 0.0
            for j in 0..<n {
                for q in core.start[j]..<core.start[j + 1] where s.chosen[core.fac[q]] {
                    if core.cost[q] - sigma * coverDemand[q] < v[j] { g[j] -= 1; covered += coverDemand[q] }
                }
            }
            let gs = need > 0 ? need - covered : 0
            let norm = g.reduce(0) { $0 + $1 * $1 } + gs * gs
            guard norm > 0 else { break }
            // Without an incumbent the step aims at a target 0.5 % above the best bound.
            let target = upper.isFinite ? upper : best.bound + 0.005 * abs(best.bound) + 1
            let step = lambda * max(target - s.bound, 1e-9 * max(1, abs(target))) / norm
            for j in 0..<n { v[j] += step * g[j] }
            sigma = max(0, sigma + step * gs)
        }
        return (best, bestV, bestSigma)
    }

    /// Extra Lagrangian cost of forcing depot i open, given the subproblem's solution.
    func openingCost(_ i: Int, _ s: State) -> Double {
        if s.chosen[i] { return 0 }
        if core.fixedClosed[i] { return .infinity }
        let count = s.chosen.filter { $0 }.count
        if let k = limit, count >= k {
            // Full: swap out the chosen (not must-open) depot of largest ρ.
            let worst = (0..<core.m).filter { s.chosen[$0] && !core.fixedOpen[$0] }.map { s.rho[$0] }.max()
            guard let worst else { return .infinity }
            return s.rho[i] - worst
        }
        return max(0, s.rho[i])
    }

    /// Extra Lagrangian cost of forcing a chosen depot i closed.
    func closingCost(_ i: Int, _ s: State) -> Double {
        guard s.chosen[i], !core.fixedOpen[i] else { return s.chosen[i] ? .infinity : 0 }
        let count = s.chosen.filter { $0 }.count
        let next = (0..<core.m).filter { !s.chosen[$0] && !core.fixedClosed[$0] }.map { s.rho[$0] }.min()
        var cost = -s.rho[i]
        if let next {
            if exact { cost += next } else if let k = limit, count >= k { cost += min(0, next) } else { cost += min(0, next) }
        } else if exact {
            return .infinity
        }
        return cost
    }
}
