import Testing
import DiscreteEvent

@Suite struct DistributionTests {
    @Test func exactMeansAndVariances() throws {
        func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-12 * max(1, abs(b)) }
        let cases: [(Distribution, Double, Double)] = [
            (try .deterministic(2.5), 2.5, 0),
            (try .exponential(mean: 3), 3, 9),
            (try .gamma(shape: 0.5, scale: 2), 1, 2),
            (try .gamma(mean: 2, cv: 0.5), 2, 1),
            (try .lognormal(mean: 3, cv: 0.4), 3, 1.44),
            (try .normal(mean: -1, standardDeviation: 2), -1, 4),
            (try .weibull(shape: 2, scale: 1), 0.886_226_925_452_758_0, 1 - Double.pi / 4),
            (try .weibull(shape: 1, scale: 4), 4, 16),
            (try .uniform(min: 5, max: 9), 7, 16.0 / 12),
            (try .triangular(min: 1, mode: 2, max: 4), 7.0 / 3, 7.0 / 18),
            (try .empirical([(value: 3, weight: 1), (value: 1, weight: 1), (value: 2, weight: 2)]), 2, 0.5),
            (try .empirical(samples: [4, 1, 4, 1]), 2.5, 2.25),
        ]
        for (d, mean, variance) in cases {
            #expect(close(d.mean, mean), "\(d.kind) mean \(d.mean)")
            #expect(close(d.variance, variance), "\(d.kind) variance \(d.variance)")
        }
    }

    /// 10⁵ samples per distribution, fixed seeds: the sample mean within 4.5 standard errors and the
    /// sample variance within the stated relative tolerance (about 5 standard errors of s²).
    @Test(arguments: [
        ("exponential", 0.05), ("gamma-shape-0.5", 0.07), ("gamma-cv", 0.03), ("lognormal", 0.05),
        ("normal", 0.03), ("weibull", 0.03), ("uniform", 0.02), ("triangular", 0.02), ("empirical", 0.02),
    ])
    func samplesMatchTheirMoments(name: String, varianceTolerance: Double) throws {
        let d: Distribution = switch name {
        case "exponential": try .exponential(mean: 3)
        case "gamma-shape-0.5": try .gamma(shape: 0.5, scale: 2)
        case "gamma-cv": try .gamma(mean: 2, cv: 0.5)
        case "lognormal": try .lognormal(mean: 3, cv: 0.5)
        case "normal": try .normal(mean: 10, standardDeviation: 2)
        case "weibull": try .weibull(shape: 1.5, scale: 2)
        case "uniform": try .uniform(min: 5, max: 9)
        case "triangular": try .triangular(min: 1, mode: 2, max: 4)
        default: try .empirical([(value: 1, weight: 0.2), (value: 2.5, weight: 0.5), (value: 7, weight: 0.3)])
        }
        var stream = RandomStreams(seed: 2026).stream("distribution-test", entity: name.utf8.count)
        var tally = Tally()
        for _ in 0..<100_000 { tally.add(d.sample(using: &stream)) }
        let standardError = d.standardDeviation / 100_000.0.squareRoot()
        #expect(abs(tally.mean - d.mean) < 4.5 * standardError, "\(name): \(tally.mean) vs \(d.mean)")
        #expect(abs(tally.variance / d.variance - 1) < varianceTolerance, "\(name): \(tally.variance) vs \(d.variance)")
    }

    @Test func empiricalDrawsOnlyItsValuesInProportion() throws {
        let d = try Distribution.empirical([(value: 1, weight: 1), (value: 2, weight: 0), (value: 5, weight: 3)])
        var stream = RandomStream(seed: 3)
        var counts: [Double: Int] = [:]
        for _ in 0..<40_000 { counts[d.sample(using: &stream), default: 0] += 1 }
        #expect(Set(counts.keys) == [1, 5])
        #expect(abs(Double(counts[5] ?? 0) / 40_000 - 0.75) < 0.01)
    }

    @Test func triangularAndUniformStayInTheirSupport() throws {
        let t = try Distribution.triangular(min: 1, mode: 1, max: 4)
        let u = try Distribution.uniform(min: 2, max: 2)
        var stream = RandomStream(seed: 4)
        for _ in 0..<10_000 {
            let x = t.sample(using: &stream)
            #expect(x >= 1 && x <= 4)
            #expect(u.sample(using: &stream) == 2)
        }
    }

    @Test func badParametersAreTypedErrors() {
        let error = #expect(throws: DistributionError.self) { try Distribution.exponential(mean: 0) }
        #expect(error?.description == "exponential: mean = 0.0 must be finite and > 0")
        #expect(throws: DistributionError.self) { try Distribution.gamma(mean: 1, cv: -1) }
        #expect(throws: DistributionError.self) { try Distribution.gamma(shape: .nan, scale: 1) }
        #expect(throws: DistributionError.self) { try Distribution.lognormal(mean: -2, cv: 0.5) }
        #expect(throws: DistributionError.self) { try Distribution.lognormal(mean: 2, cv: 0) }
        #expect(throws: DistributionError.self) { try Distribution.weibull(shape: 0, scale: 1) }
        #expect(throws: DistributionError.self) { try Distribution.uniform(min: 3, max: 1) }
        #expect(throws: DistributionError.self) { try Distribution.triangular(min: 1, mode: 5, max: 4) }
        #expect(throws: DistributionError.self) { try Distribution.triangular(min: 1, mode: 1, max: 1) }
        #expect(throws: DistributionError.self) { try Distribution.deterministic(.infinity) }
        #expect(throws: DistributionError.self) { try Distribution.empirical([]) }
        #expect(throws: DistributionError.self) { try Distribution.empirical([(value: 1, weight: 0)]) }
        #expect(throws: DistributionError.self) { try Distribution.empirical([(value: 1, weight: -1), (value: 2, weight: 2)]) }
        #expect(throws: DistributionError.self) { try Distribution.empirical(samples: [1, .nan]) }
    }
}
