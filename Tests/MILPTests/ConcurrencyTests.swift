import Dispatch
import Foundation
import Synchronization
import Testing
@testable import MILP

/// GLPK's environment is per thread: solves on several threads at once must not interfere.
@Suite("Concurrent solves")
struct ConcurrencyTests {
    /// Knapsack instance k has a DP-verified optimum; eight are solved twelve times each across
    /// threads at once, and every answer must equal its own optimum.
    @Test func parallelThreadsGiveCorrectAnswers() throws {
        let instances: [(values: [Int], weights: [Int], capacity: Int, best: Int)] = (0..<8).map { k in
            var rng = SplitMix64(seed: 1000 + UInt64(k))
            let w = (0..<30).map { _ in Int.random(in: 5...50, using: &rng) }
            let v = w.map { $0 + Int.random(in: 0...15, using: &rng) }
            let cap = w.reduce(0, +) / 3
            return (v, w, cap, knapsackDP(values: v, weights: w, capacity: cap))
        }
        let results = Mutex(Array(repeating: [Double](), count: instances.count))
        DispatchQueue.concurrentPerform(iterations: instances.count * 12) { n in
            let k = n % instances.count
            let inst = instances[k]
            let (m, _) = knapsackModel(values: inst.values, weights: inst.weights, capacity: inst.capacity)
            let z = (try? m.solve().objective) ?? -1
            results.withLock { $0[k].append(z) }
        }
        let all = results.withLock { $0 }
        for (k, zs) in all.enumerated() {
            #expect(zs.count == 12)
            #expect(zs.allSatisfy { $0 == Double(instances[k].best) }, "instance \(k): \(zs) vs \(instances[k].best)")
        }
    }

    /// The same from Swift concurrency: a task group of solves (each solve is synchronous inside).
    @Test func taskGroupSolves() async throws {
        let ufl = UFLInstance(fixed: [20, 35, 25],
                              cost: [[5, 30, 35], [12, 8, 27], [30, 9, 14], [33, 28, 4], [25, 20, 9]])
        let (m, _) = ufl.model()
        let objectives = try await withThrowingTaskGroup(of: Double?.self) { group in
            for _ in 0..<16 { group.addTask { try m.solve().objective } }
            var out: [Double?] = []
            for try await z in group { out.append(z) }
            return out
        }
        #expect(objectives.count == 16)
        #expect(objectives.allSatisfy { $0 == 89 })
    }

    /// Two threads, one hitting the C guard repeatedly while the other solves: the guard only
    /// frees its own thread's GLPK environment.
    @Test func guardOnOneThreadDoesNotDisturbAnother() {
        let ok = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 40) { n in
            if n % 2 == 0 {
                let (rc, _) = GuardTests.loadUnchecked(rows: 1, cols: 1, [(1, 9, 1.0)])
                if rc != 0 { ok.withLock { $0 += 1 } }
            } else {
                let (m, _) = knapsackModel(values: [60, 100, 120], weights: [10, 20, 30], capacity: 50)
                if (try? m.solve().objective) == 220 { ok.withLock { $0 += 1 } }
            }
        }
        #expect(ok.withLock { $0 } == 40)
    }
}
