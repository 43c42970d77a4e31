/// The uncapacitated core of a placement problem in flat arrays for the hot loops: allowed pairs
/// (response limit and must-close applied) sorted by cost per customer, a dense cost matrix
/// `dense[i * n + j]` (+∞ where not allowed), effective fixed costs (closing costs of existing
/// depots folded in, must-open depots at 0 with their cost in `constant`).
struct UFLCore {
    let m: Int
    let n: Int
    var f: [Double]
    let start: [Int]
    let fac: [Int]
    let cost: [Double]
    /// Index of each core pair in the problem's pair arrays.
    let problemPair: [Int]
    let dense: [Double]
    var fixedOpen: [Bool]
    var fixedClosed: [Bool]
    /// Objective constant: closing costs of existing depots plus must-open depots' fixed costs.
    let constant: Double
    /// A cost larger than any solution, for customers with no open facility in partial solutions.
    let penalty: Double

    /// `openFree`: fix open every depot whose opening costs nothing (fixed cost ≤ closing cost) —
    /// right without a limit on the number of open depots, wrong with one.
    init(_ p: PlacementProblem, openFree: Bool = true) {
        m = p.facilities.count
        n = p.customers.count
        var f = [Double](repeating: 0, count: m)
        var fixedOpen = [Bool](repeating: false, count: m), fixedClosed = [Bool](repeating: false, count: m)
        var constant = 0.0
        for (i, fac) in p.facilities.enumerated() {
            var eff = fac.fixedCost
            if fac.existing { constant += fac.closingCost; eff -= fac.closingCost }
            if fac.mustClose {
                fixedClosed[i] = true
                f[i] = max(0, eff)
            } else if fac.mustOpen || (openFree && eff <= 0) {
                fixedOpen[i] = true
                constant += eff
                f[i] = 0
            } else {
                f[i] = eff
            }
        }
        // A closed existing depot pays its closing cost: constant already holds it; an open one
        // pays fixed − closing on top, i.e. its fixed cost in total.
        var start = [0], fac: [Int] = [], cost: [Double] = [], map: [Int] = []
        fac.reserveCapacity(p.pairCount); cost.reserveCapacity(p.pairCount); map.reserveCapacity(p.pairCount)
        var dense = [Double](repeating: .infinity, count: m * n)
        var maxCost = 0.0
        for j in 0..<n {
            for q in p.pairStart[j]..<p.pairStart[j + 1] {
                let i = p.pairFacility[q]
                if fixedClosed[i] { continue }
                if let h = p.maxResponseHours, p.pairHours[q] > h { continue }
                fac.append(i); cost.append(p.pairCost[q]); map.append(q)
                dense[i * n + j] = p.pairCost[q]
                maxCost = max(maxCost, p.pairCost[q])
            }
            start.append(fac.count)
        }
        self.f = f
        self.start = start
        self.fac = fac
        self.cost = cost
        self.problemPair = map
        self.dense = dense
        self.fixedOpen = fixedOpen
        self.fixedClosed = fixedClosed
        self.constant = constant
        self.penalty = 10 * (maxCost * Double(n) + f.reduce(0, +) + abs(constant) + 1)
    }

    /// Customers with no allowed pair (the problem is infeasible if any).
    var unservable: [Int] { (0..<n).filter { start[$0] == start[$0 + 1] } }

    // MARK: Heuristic: greedy add, then drop / add / interchange (Whitaker's fast interchange).

    /// Best and second-best open facility cost per customer.
    func nearest(_ open: [Bool], c1: inout [Double], a1: inout [Int], c2: inout [Double]) {
        for j in 0..<n {
            var best = penalty, who = -1, second = penalty
            var q = start[j]
            let end = start[j + 1]
            while q < end {
                if open[fac[q]] {
                    if who < 0 { best = cost[q]; who = fac[q] } else { second = cost[q]; break }
                }
                q += 1
            }
            c1[j] = best; a1[j] = who; c2[j] = second
        }
    }

    /// Objective of an open set with every customer at its cheapest open facility (constant included).
    func value(_ open: [Bool]) -> Double {
        var z = constant
        for i in 0..<m where open[i] { z += f[i] }
        for j in 0..<n {
            var c = penalty
            for q in start[j]..<start[j + 1] where open[fac[q]] { c = cost[q]; break }
            z += c
        }
        return z
    }

    /// Greedy add from the fixed-open set, then local search with drop, add and swap moves (best
    /// improvement) until no move improves. Returns the open set and its objective.
    func localSearch(from initial: [Bool]? = nil, maxMoves: Int = 100_000) -> (open: [Bool], value: Double) {
        var open = initial.map { s in (0..<m).map { (s[$0] || fixedOpen[$0]) && !fixedClosed[$0] } } ?? fixedOpen
        var c1 = [Double](repeating: penalty, count: n), c2 = c1
        var a1 = [Int](repeating: -1, count: n)
        if !open.contains(true) {
            var best = -1, bestValue = Double.infinity
            for i in 0..<m where !fixedClosed[i] {
                var z = f[i]
                for j in 0..<n { let c = dense[i * n + j]; z += c.isFinite ? c : penalty }
                if z < bestValue { bestValue = z; best = i }
            }
            if best >= 0 { open[best] = true }
        }
        // Greedy add.
        while true {
            nearest(open, c1: &c1, a1: &a1, c2: &c2)
            var best = -1, bestGain = 0.0
            for a in 0..<m where !open[a] && !fixedClosed[a] {
                var gain = -f[a]
                let row = a * n
                for j in 0..<n { let d = c1[j] - dense[row + j]; if d > 0 { gain += d } }
                if gain > bestGain { bestGain = gain; best = a }
            }
            guard best >= 0, bestGain > 1e-7 else { break }
            open[best] = true
        }
        // Interchange.
        var loss = [Double](repeating: 0, count: m), lossA = [Double](repeating: 0, count: m)
        var current = value(open)
        for _ in 0..<maxMoves {
            nearest(open, c1: &c1, a1: &a1, c2: &c2)
            for i in 0..<m { loss[i] = 0 }
            for j in 0..<n where a1[j] >= 0 { loss[a1[j]] += c2[j] - c1[j] }
            let tol = 1e-9 * max(1, abs(current))
            var bestProfit = tol, move: (add: Int, drop: Int)? = nil
            for b in 0..<m where open[b] && !fixedOpen[b] {
                let profit = f[b] - loss[b]
                if profit > bestProfit { bestProfit = profit; move = (-1, b) }
            }
            for a in 0..<m where !open[a] && !fixedClosed[a] {
                for i in 0..<m { lossA[i] = 0 }
                var savings = 0.0
                let row = a * n
                for j in 0..<n {
                    let caj = dense[row + j]
                    if caj < c1[j] {
                        savings += c1[j] - caj
                    } else if a1[j] >= 0 {
                        lossA[a1[j]] += min(caj, c2[j]) - c1[j]
                    }
                }
                let add = savings - f[a]
                if add > bestProfit { bestProfit = add; move = (a, -1) }
                for b in 0..<m where open[b] && !fixedOpen[b] {
                    let profit = add + f[b] - lossA[b]
                    if profit > bestProfit { bestProfit = profit; move = (a, b) }
                }
            }
            guard let mv = move else { break }
            if mv.add >= 0 { open[mv.add] = true }
            if mv.drop >= 0 { open[mv.drop] = false }
            let next = value(open)
            guard next < current - tol * 0.5 else {
                // Numerical safety: undo a move that did not improve.
                if mv.add >= 0 { open[mv.add] = false }
                if mv.drop >= 0 { open[mv.drop] = true }
                break
            }
            current = next
        }
        return (open, value(open))
    }

    /// For an open set: each customer's cheapest open facility (core pair index), -1 if none.
    func assignment(_ open: [Bool]) -> [Int] {
        (0..<n).map { j in (start[j]..<start[j + 1]).first { open[fac[$0]] } ?? -1 }
    }

    // MARK: Bounds: dual ascent (Erlenkotter 1978) and Lagrangian subgradient.

    /// Erlenkotter's dual ascent: raises each v_j to its next cost level while no facility's slack
    /// f_i − Σ_j max(0, v_j − c_ij) would go negative. Returns a dual-feasible v; Σ v_j (+ constant)
    /// is a lower bound.
    func dualAscent() -> [Double] {
        var v = (0..<n).map { start[$0] < start[$0 + 1] ? cost[start[$0]] : 0 }
        var slack = f
        var level = [Int](repeating: 0, count: n)
        var changed = true
        var rounds = 0
        while changed && rounds < 10_000 {
            changed = false
            rounds += 1
            for j in 0..<n {
                let s = start[j], e = start[j + 1]
                guard s < e else { continue }
                var k = s + level[j]
                while k < e && cost[k] <= v[j] { k += 1 }
                level[j] = k - s
                var delta = k < e ? cost[k] - v[j] : Double.infinity
                for q in s..<k { delta = min(delta, slack[fac[q]]) }
                guard delta.isFinite, delta > 1e-12 * max(1, v[j]) else { continue }
                v[j] += delta
                for q in s..<k { slack[fac[q]] -= delta }
                changed = true
            }
        }
        return v
    }

    /// The Lagrangian function with the assignment rows relaxed: Σ v_j + Σ_i min(0, ρ_i) (+ constant),
    /// ρ_i = f_i − Σ_j max(0, v_j − c_ij); fills `rho`.
    func lagrangian(_ v: [Double], rho: inout [Double]) -> Double {
        for i in 0..<m { rho[i] = fixedClosed[i] ? .infinity : f[i] }
        var z = constant
        for j in 0..<n {
            z += v[j]
            var q = start[j]
            let e = start[j + 1]
            while q < e && cost[q] < v[j] { rho[fac[q]] -= v[j] - cost[q]; q += 1 }
        }
        for i in 0..<m {
            if fixedOpen[i] || rho[i] < 0 { z += rho[i] }
        }
        return z
    }

    /// Subgradient optimisation of the Lagrangian bound from `v0` (Held–Wolfe–Crowder step with the
    /// incumbent `upper`). Every 25 iterations the Lagrangian solution's open set (ρ_i < 0) seeds
    /// the local search — the Lagrangian heuristic — which may lower `upper` and replace `incumbent`.
    /// Returns the best bound, its multipliers and the ρ at them.
    func subgradient(from v0: [Double], upper: inout Double, incumbent: inout [Bool],
                     iterations: Int = 300) -> (bound: Double, v: [Double], rho: [Double]) {
        var v = v0
        var tried = Set<[Bool]>()
        var rho = [Double](repeating: 0, count: m)
        var best = lagrangian(v, rho: &rho), bestV = v, bestRho = rho
        var lambda = 1.0, stall = 0
        var g = [Double](repeating: 0, count: n)
        for iteration in 0..<iterations {
            let z = lagrangian(v, rho: &rho)
            if iteration % 25 == 24 {
                let seed = (0..<m).map { rho[$0] < 0 || fixedOpen[$0] }
                if tried.insert(seed).inserted {
                    let found = localSearch(from: seed)
                    if found.value < upper - 1e-9 * max(1, abs(upper)) { upper = found.value; incumbent = found.open }
                }
            }
            if z > best + 1e-12 * abs(best) { best = z; bestV = v; bestRho = rho; stall = 0 } else {
                stall += 1
                if stall >= 15 { lambda /= 2; stall = 0 }
            }
            if upper - best <= 1e-9 * max(1, abs(upper)) || lambda < 1e-5 { break }
            var norm = 0.0
            for j in 0..<n {
                var served = 0.0
                var q = start[j]
                let e = start[j + 1]
                while q < e && cost[q] < v[j] {
                    let i = fac[q]
                    if rho[i] < 0 || fixedOpen[i] { served += 1 }
                    q += 1
                }
                g[j] = 1 - served
                norm += g[j] * g[j]
            }
            guard norm > 0 else { break }
            let step = lambda * max(upper - z, 1e-9 * max(1, abs(upper))) / norm
            for j in 0..<n { v[j] += step * g[j] }
        }
        return (best, bestV, bestRho)
    }
}
