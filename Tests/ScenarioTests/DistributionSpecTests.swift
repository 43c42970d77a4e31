import Testing
import ScenarioModel

@Suite struct DistributionTests {
    @Test func parsesEveryKind() throws {
        #expect(try DistributionSpec.parse("2.5") == .deterministic(value: 2.5))
        #expect(try DistributionSpec.parse("deterministic(3)") == .deterministic(value: 3))
        #expect(try DistributionSpec.parse("exponential(mean=3)") == .exponential(mean: 3))
        #expect(try DistributionSpec.parse(" gamma( mean = 2 , cv=0.3 ) ") == .gamma(mean: 2, cv: 0.3))
        #expect(try DistributionSpec.parse("lognormal(cv=0.5, mean=2)") == .lognormal(mean: 2, cv: 0.5))
        #expect(try DistributionSpec.parse("weibull(shape=2, scale=9)") == .weibull(shape: 2, scale: 9))
        #expect(try DistributionSpec.parse("uniform(min=5, max=9)") == .uniform(min: 5, max: 9))
        #expect(try DistributionSpec.parse("triangular(min=1, mode=2, max=4)") == .triangular(min: 1, mode: 2, max: 4))
        #expect(try DistributionSpec.parse("empirical(1, 2, 2, 3)") == .empirical(values: [1, 2, 2, 3]))
    }

    @Test func exactMeansAndVariances() throws {
        let cases: [(DistributionSpec, Double, Double)] = [
            (.deterministic(value: 4), 4, 0),
            (.exponential(mean: 3), 3, 9),
            (.gamma(mean: 2, cv: 0.3), 2, 0.36),
            (.lognormal(mean: 2, cv: 0.5), 2, 1),
            // Weibull k=2: Γ(1.5) = √π/2, so mean = 9·√π/2 and variance = 81·(1 − π/4).
            (.weibull(shape: 2, scale: 9), 9 * Double.pi.squareRoot() / 2, 81 * (1 - Double.pi / 4)),
            (.uniform(min: 5, max: 9), 7, 16.0 / 12),
            (.triangular(min: 1, mode: 2, max: 4), 7.0 / 3, 7.0 / 18),
            (.empirical(values: [1, 2, 2, 3]), 2, 0.5),
        ]
        for (distribution, mean, variance) in cases {
            #expect(abs(distribution.mean - mean) < 1e-12, "\(distribution)")
            #expect(abs(distribution.variance - variance) < 1e-12, "\(distribution)")
        }
        #expect(abs(DistributionSpec.weibull(shape: 1, scale: 4).mean - 4) < 1e-12) // k = 1 is exponential
    }

    @Test func descriptionRoundTrips() throws {
        let all: [DistributionSpec] = [.deterministic(value: 2), .exponential(mean: 1.5), .gamma(mean: 2, cv: 0.3),
                                   .lognormal(mean: 2, cv: 0.5), .weibull(shape: 1.5, scale: 3), .uniform(min: 1, max: 3),
                                   .triangular(min: 1, mode: 2, max: 4), .empirical(values: [0.5, 1, 2])]
        for distribution in all {
            #expect(try DistributionSpec.parse(distribution.description) == distribution)
        }
        #expect(DistributionSpec.gamma(mean: 2, cv: 0.3).description == "gamma(mean=2, cv=0.3)")
    }

    @Test(arguments: [
        ("gama(mean=2, cv=0.3)", "unknown distribution \"gama\" (did you mean \"gamma\"?); expected one of: deterministic, exponential, gamma, lognormal, weibull, uniform, triangular, empirical"),
        ("gamma(mean=2)", "gamma needs mean and cv; missing cv, e.g. gamma(mean=2, cv=0.3)"),
        ("gamma(mean=2, cv=0)", "gamma: cv must be greater than 0, got 0"),
        ("gamma(mean=2, sd=1)", "gamma has no parameter \"sd\"; write gamma(mean=2, cv=0.3)"),
        ("gamma(2, 0.3)", "gamma: write parameters by name, e.g. gamma(mean=2, cv=0.3)"),
        ("exponential(mean=-1)", "exponential: mean must be greater than 0, got -1"),
        ("triangular(min=3, mode=2, max=4)", "triangular: needs min ≤ mode ≤ max and min < max, got min=3, mode=2, max=4"),
        ("uniform(min=4, max=2)", "uniform: min (4) must not exceed max (2)"),
        ("empirical()", "empirical needs at least one value, e.g. empirical(1, 2, 2, 3)"),
        ("-2", "deterministic: value must be at least 0, got -2"),
        ("gamma(mean=nan, cv=1)", "gamma: mean must be a finite number"),
        ("two days", "expected a number of days or a distribution like \"gamma(mean=2, cv=0.3)\", got \"two days\""),
    ])
    func rejectsBadParameters(text: String, message: String) {
        #expect(throws: DistributionSpec.ParseError(message: message)) { try DistributionSpec.parse(text) }
    }
}
