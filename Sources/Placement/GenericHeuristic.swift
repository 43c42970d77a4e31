/// The construction heuristic for problems with side constraints (capacity, coverage, number of
/// depots, stock cost): for an open set, demand points are assigned in order of regret to their
/// cheapest open depot with room, then uncovered points are moved to covering depots until the
/// coverage target is met; the open set is built by greedy add and improved by drop, add and
/// interchange moves (first improvement) within a time budget. Infeasible sets are ranked by a
/// penalty so the greedy can climb towards feasibility.
struct GenericHeuristic {
    let problem: PlacementProblem
    /// Allowed pairs (response limit, must-close) per customer, as problem pair indices, cost order.
    let allowed: [[Int]]
    let penalty: Double
    let clock = ContinuousClock()

    init(_ p: PlacementProblem) {
        problem = p
        allowed = p.customers.indices.map { j in
            (p.pairStart[j]..<p.pairStart[j + 1]).filter { q in
                !p.facilities[p.pairFacility[q]].mustClose && (p.maxResponseHours.map { p.pairHours[q] <= $0 } ?? true)
            }
        }
        let maxCost = p.pairCost.max() ?? 0
        let fixed = p.facilities.reduce(0) { $0 + $1.fixedCost + $1.closingCost + ($1.stockCost?.value(at: p.totalDemand) ?? 0) }
        penalty = 10 * (maxCost * Double(p.customers.count) + fixed + 1)
    }

    struct Evaluation {
        var feasible: Bool
        /// Objective, plus penalties when infeasible.
        var score: Double
        /// Pair index per customer (-1 if unassigned).
        var pair: [Int]
    }

    /// Assigns customers for an open set and scores it.
    func evaluate(_ open: [Bool]) -> Evaluation {
        let p = problem
        let n = p.customers.count
        var pair = [Int](repeating: -1, count: n)
        var room = p.facilities.map { $0.capacity ?? .infinity }
        // Regret order: customers with a big difference between their two best options first.
        var regret = [Double](repeating: 0, count: n)
        for j in 0..<n {
            var first = Double.infinity, second = Double.infinity
            for q in allowed[j] where open[p.pairFacility[q]] {
                if first == .infinity { first = p.pairCost[q] } else { second = p.pairCost[q]; break }
            }
            regret[j] = second == .infinity ? .greatestFiniteMagnitude : second - first
        }
        let order = (0..<n).sorted { regret[$0] != regret[$1] ? regret[$0] > regret[$1] : $0 < $1 }
        var unassigned = 0
        for j in order {
            let d = p.customers[j].demand
            if let q = allowed[j].first(where: { open[p.pairFacility[$0]] && room[p.pairFacility[$0]] >= d - 1e-9 }) {
                pair[j] = q
                room[p.pairFacility[q]] -= d
            } else {
                unassigned += 1
            }
        }
        // Coverage repair.
        var shortfall = 0.0
        if let c = p.coverage {
            var covered = 0.0
            for j in 0..<n where pair[j] >= 0 && p.pairHours[pair[j]] <= c.hours { covered += p.customers[j].demand }
            let need = c.fraction * p.totalDemand - 1e-9 * max(1, p.totalDemand)
            if covered < need {
                var moves: [(ratio: Double, j: Int)] = []
                for j in 0..<n where pair[j] >= 0 && p.pairHours[pair[j]] > c.hours && p.customers[j].demand > 0 {
                    if let q = allowed[j].first(where: { open[p.pairFacility[$0]] && p.pairHours[$0] <= c.hours }) {
                        moves.append(((p.pairCost[q] - p.pairCost[pair[j]]) / p.customers[j].demand, j))
                    }
                }
                moves.sort { $0.ratio != $1.ratio ? $0.ratio < $1.ratio : $0.j < $1.j }
                for (_, j) in moves where covered < need {
                    let d = p.customers[j].demand
                    guard let q = allowed[j].first(where: {
                        open[p.pairFacility[$0]] && p.pairHours[$0] <= c.hours && room[p.pairFacility[$0]] >= d - 1e-9
                    }) else { continue }
                    room[p.pairFacility[pair[j]]] += d
                    room[p.pairFacility[q]] -= d
                    pair[j] = q
                    covered += d
                }
                shortfall = max(0, need - covered)
            }
        }
        let count = open.filter { $0 }.count
        var countViolation = 0
        switch p.openCount {
        case .atMost(let k)?: countViolation = max(0, count - k)
        case .exactly(let k)?: countViolation = abs(count - k)
        case nil: break
        }
        var mustViolation = 0
        for (i, f) in p.facilities.enumerated() where (f.mustOpen && !open[i]) || (f.mustClose && open[i]) { mustViolation += 1 }
        // Objective of what is assigned.
        var z = 0.0
        var load = [Double](repeating: 0, count: p.facilities.count)
        for j in 0..<n where pair[j] >= 0 {
            z += p.pairCost[pair[j]]
            load[p.pairFacility[pair[j]]] += p.customers[j].demand
        }
        for (i, f) in p.facilities.enumerated() {
            if open[i] {
                z += f.fixedCost + (f.stockCost?.value(at: load[i]) ?? 0)
            } else if f.existing {
                z += f.closingCost
            }
        }
        let feasible = unassigned == 0 && shortfall <= 0 && countViolation == 0 && mustViolation == 0
        let demandScale = max(p.totalDemand, 1e-9)
        let score = z + penalty * (Double(unassigned) + shortfall / demandScale * Double(n) + Double(countViolation) + Double(mustViolation))
        return Evaluation(feasible: feasible, score: score, pair: pair)
    }

    /// Greedy add, then drop/add/swap local search within `budget` seconds. Returns the best
    /// feasible open set with its assignment (facility per customer), or nil if none was found.
    /// `seed` (e.g. the uncapacitated heuristic's open set) replaces the greedy result when it scores better.
    func run(budget: Double, seed: [Bool]? = nil) -> (open: [Bool], assignment: [Int], value: Double)? {
        let p = problem
        let m = p.facilities.count
        let started = clock.now
        func timeUp() -> Bool { (clock.now - started).seconds > budget }
        var open = p.facilities.map(\.mustOpen)
        var current = evaluate(open)
        let limit = p.openCount?.limit ?? m
        // Greedy add: the depot that lowers the score most, while it helps (or the count demands more).
        while !timeUp() {
            let count = open.filter { $0 }.count
            guard count < limit else { break }
            var best: (Int, Evaluation)?
            for a in 0..<m where !open[a] && !p.facilities[a].mustClose {
                open[a] = true
                let e = evaluate(open)
                open[a] = false
                if let b = best, b.1.score <= e.score { continue }
                best = (a, e)
            }
            guard let (a, e) = best else { break }
            let mustAdd: Bool
            if case .exactly(let k)? = p.openCount { mustAdd = count < k } else { mustAdd = !current.feasible }
            guard e.score < current.score - 1e-9 * max(1, abs(current.score)) || mustAdd else { break }
            open[a] = true
            current = e
        }
        if let seed, seed.count == m {
            let s = (0..<m).map { (seed[$0] || p.facilities[$0].mustOpen) && !p.facilities[$0].mustClose }
            let e = evaluate(s)
            if e.score < current.score { open = s; current = e }
        }
        return improve(open, budget: max(0, budget - (clock.now - started).seconds))
    }

    /// Opens depots that cover the most uncovered demand until the coverage target is met (or no
    /// depot helps, or the depot limit is reached): a fast repair before the local search.
    func repairCoverage(_ open: inout [Bool]) {
        let p = problem
        guard let c = p.coverage else { return }
        let m = p.facilities.count
        for _ in 0..<m {
            let e = evaluate(open)
            if e.feasible { return }
            if let k = p.openCount?.limit, open.filter({ $0 }).count >= k { return }
            var gain = [Double](repeating: 0, count: m)
            for j in p.customers.indices where e.pair[j] < 0 || p.pairHours[e.pair[j]] > c.hours {
                for q in allowed[j] where p.pairHours[q] <= c.hours && !open[p.pairFacility[q]] {
                    gain[p.pairFacility[q]] += p.customers[j].demand
                }
            }
            var best = -1
            for i in 0..<m where gain[i] > 0 && !p.facilities[i].mustClose && (best < 0 || gain[i] > gain[best]) { best = i }
            guard best >= 0 else { return }
            open[best] = true
        }
    }

    /// Local search from `initial`: first improvement over drop, add and swap moves, within
    /// `budget` seconds. Returns the result if it is feasible.
    func improve(_ initial: [Bool], budget: Double) -> (open: [Bool], assignment: [Int], value: Double)? {
        let p = problem
        let m = p.facilities.count
        let started = clock.now
        func timeUp() -> Bool { (clock.now - started).seconds > budget }
        var open = (0..<m).map { (initial[$0] || p.facilities[$0].mustOpen) && !p.facilities[$0].mustClose }
        repairCoverage(&open)
        var current = evaluate(open)
        // Local search: first improvement over drop, add and swap.
        var improved = true
        while improved && !timeUp() {
            improved = false
            let tol = 1e-9 * max(1, abs(current.score))
            var moves: [(Int, Int)] = []
            for b in 0..<m where open[b] && !p.facilities[b].mustOpen { moves.append((-1, b)) }
            for a in 0..<m where !open[a] && !p.facilities[a].mustClose { moves.append((a, -1)) }
            for a in 0..<m where !open[a] && !p.facilities[a].mustClose {
                for b in 0..<m where open[b] && !p.facilities[b].mustOpen { moves.append((a, b)) }
            }
            for (a, b) in moves {
                if timeUp() { break }
                if a >= 0 { open[a] = true }
                if b >= 0 { open[b] = false }
                let e = evaluate(open)
                if e.score < current.score - tol {
                    current = e
                    improved = true
                    break
                }
                if a >= 0 { open[a] = false }
                if b >= 0 { open[b] = true }
            }
        }
        guard current.feasible else { return nil }
        let assignment = current.pair.map { p.pairFacility[$0] }
        guard let value = p.evaluate(open: open, assignment: assignment)?.total else { return nil }
        return (open, assignment, value)
    }
}
