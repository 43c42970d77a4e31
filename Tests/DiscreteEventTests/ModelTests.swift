import Testing
import DiscreteEvent

/// Models built on the engine against exact queueing and inventory results.
@Suite struct ModelTests {
    /// M/M/1 with λ = 0.8, μ = 1: Wq = ρ/(μ − λ) = 4 and L = ρ/(1 − ρ) = 4 fall in the 99% intervals.
    @Test func mm1QueueMatchesTheory() throws {
        let runs = try Replications.run(count: 16, seed: 20_261_128) { (_, streams) throws(SimulationError) in
            try MM1Queue.replicate(streams, warmUp: 1_000, end: 16_000)
        }
        let wq = try ConfidenceInterval(runs.map(\.wq), level: 0.99)
        let l = try ConfidenceInterval(runs.map(\.l), level: 0.99)
        #expect(wq.contains(4), "Wq \(wq)")
        #expect(l.contains(4), "L \(l)")
        #expect(wq.halfWidth < 0.6 && l.halfWidth < 0.6)  // tight enough to mean something
    }

    /// Poisson demand λ = 2/day, lead time 3 days, S = 8: on order X ~ Poisson(6), fill = P(X ≤ 7),
    /// EBO = E[(X − 8)⁺], on hand = E[(8 − X)⁺]; the 99% intervals contain the exact values.
    @Test func oneForOneBaseStockMatchesPoissonFormulas() throws {
        let exact = poissonBaseStock(mean: 6, baseStock: 8)
        let runs = try Replications.run(count: 12, seed: 7) { (_, streams) throws(SimulationError) in
            try BaseStockSite.replicate(streams, baseStock: 8, end: 2_030)
        }
        let fill = try ConfidenceInterval(runs.map(\.fillRate), level: 0.99)
        let backorders = try ConfidenceInterval(runs.map(\.averageBackorders), level: 0.99)
        let onHand = try ConfidenceInterval(runs.map(\.averageOnHand), level: 0.99)
        #expect(abs(exact.fill - 0.743_980) < 1e-5)
        #expect(fill.contains(exact.fill), "fill \(fill) vs \(exact.fill)")
        #expect(backorders.contains(exact.ebo), "EBO \(backorders) vs \(exact.ebo)")
        #expect(onHand.contains(exact.onHand), "on hand \(onHand) vs \(exact.onHand)")
        #expect(fill.halfWidth < 0.03)
    }

    @Test func replicationsAreBitwiseIdenticalWhateverTheThreadCount() throws {
        func run(_ threads: Int) throws -> [BaseStockSite.Result] {
            try Replications.run(count: 6, seed: 99, threads: threads) { (_, streams) throws(SimulationError) in
                try BaseStockSite.replicate(streams, baseStock: 5, end: 300)
            }
        }
        let one = try run(1), four = try run(4), two = try run(2)
        #expect(one.count == 6)
        #expect(one.map(\.averageBackorders.bitPattern) == four.map(\.averageBackorders.bitPattern))
        #expect(one.map(\.fillRate.bitPattern) == four.map(\.fillRate.bitPattern))
        #expect(one == two)
        #expect(Set(one.map(\.demands)).count > 1)  // replications really differ
    }

    @Test func theFirstFailingReplicationsErrorIsRethrown() {
        struct Failed: Error, Equatable { let replication: Int }
        #expect(throws: Failed(replication: 2)) {
            _ = try Replications.run(count: 8, seed: 1, threads: 3) { (r, _) throws(Failed) in
                if r == 2 || r == 5 { throw Failed(replication: r) }
                return r
            }
        }
        let none = Replications.run(count: 0, seed: 1) { r, _ in r }  // a non-throwing body: no try
        #expect(none.isEmpty)
    }

    /// Two policies (S = 7 and S = 8) on the same seeds see the same demands, so the paired interval
    /// of the fill-rate gain is far narrower than the unpaired (Welch) one on the same data.
    @Test func commonRandomNumbersNarrowThePairedInterval() throws {
        let runs = try Replications.run(count: 10, seed: 5) { (_, streams) throws(SimulationError) in
            (try BaseStockSite.replicate(streams, baseStock: 7, end: 530),
             try BaseStockSite.replicate(streams, baseStock: 8, end: 530))
        }
        #expect(runs.allSatisfy { $0.0.demands == $0.1.demands })
        let low = runs.map(\.0.fillRate), high = runs.map(\.1.fillRate)
        let paired = try PairedDifference(high, low)
        let unpaired = try ConfidenceInterval.welchDifference(high, low)
        let exact = poissonBaseStock(mean: 6, baseStock: 8).fill - poissonBaseStock(mean: 6, baseStock: 7).fill
        #expect(paired.interval.halfWidth < 0.75 * unpaired.halfWidth, "paired \(paired.interval), unpaired \(unpaired)")
        #expect(paired.isSignificant)
        #expect(paired.interval.contains(exact))
    }
}
