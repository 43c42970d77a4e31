import Foundation
import Testing
@testable import Stocking

/// Direct sums, for checking the recursions.
func directEBO(_ d: CountDistribution, _ s: Int) -> Double {
    (max(s + 1, d.offset)...max(s + 1, d.maxValue)).reduce(0.0) { $0 + Double(max(0, $1 - s)) * d.probability($1) }
}

@Suite("Count distributions")
struct DistributionTests {
    /// Poisson(2) by hand: F(0) = e⁻², F(1) = 3e⁻², F(2) = 5e⁻²; EBO(0) = 2 and
    /// EBO(s+1) = EBO(s) − (1 − F(s)), so EBO(1) = 1 + e⁻², EBO(2) = 4e⁻², EBO(3) = 9e⁻² − 1.
    @Test func poissonBackordersByHand() {
        let d = CountDistribution.poisson(mean: 2)
        let e2 = exp(-2.0)
        let ebo = d.expectedBackorders(upTo: 3)
        #expect(abs(ebo[0] - 2) < 1e-12)
        #expect(abs(ebo[1] - (1 + e2)) < 1e-12)
        #expect(abs(ebo[2] - 4 * e2) < 1e-12)
        #expect(abs(ebo[3] - (9 * e2 - 1)) < 1e-12)
        #expect(abs(d.cdf(2) - 5 * e2) < 1e-12)
        #expect(abs(d.tail(3).ebo - ebo[3]) < 1e-12)
    }

    /// EBO recursion against direct sums, and EOH − EBO = S − μ, for small and large means.
    @Test(arguments: [0.3, 4.5, 37.0, 2500.0])
    func identities(mean: Double) {
        let d = CountDistribution.poisson(mean: mean)
        #expect(abs(d.p.reduce(0, +) - 1) < 1e-12)
        #expect(abs(d.mean - mean) < 1e-9 * max(1, mean))
        let top = Int(mean * 1.5) + 10
        let ebo = d.expectedBackorders(upTo: top)
        #expect(abs(ebo[0] - mean) < 1e-9 * max(1, mean))
        for s in stride(from: 0, through: top, by: max(1, top / 25)) {
            #expect(abs(ebo[s] - directEBO(d, s)) < 1e-9 * max(1, mean), "s = \(s)")
            // Expected on hand E[(S − X)⁺] by direct sum.
            let eoh = (0..<s).reduce(0.0) { $0 + Double(s - $1) * d.probability($1) }
            #expect(abs((eoh - ebo[s]) - (Double(s) - mean)) < 1e-9 * max(1, mean))
        }
    }

    /// Var[(X − s)⁺] against a direct sum.
    @Test func backorderVariance() {
        let d = CountDistribution.poisson(mean: 3.2)
        for s in 0...8 {
            let e = directEBO(d, s)
            let second = (s + 1...40).reduce(0.0) { $0 + pow(Double($1 - s), 2) * d.probability($1) }
            #expect(abs(d.tail(s).vbo - (second - e * e)) < 1e-12)
        }
        // s = 0: (X)⁺ = X, so the variance is the Poisson variance.
        #expect(abs(d.tail(0).vbo - 3.2) < 1e-12)
    }

    /// The negative binomial pmf against its formula Γ(k+r)/(Γ(r)k!)·(1−q)^r·q^k.
    @Test func negativeBinomial() {
        let m = 3.0, v = 7.5
        let d = CountDistribution.negativeBinomial(mean: m, variance: v)
        let r = m * m / (v - m), q = 1 - m / v
        for k in 0...15 {
            let pk = exp(logGamma(Double(k) + r) - logGamma(r) - logGamma(Double(k) + 1)) * pow(1 - q, r) * pow(q, Double(k))
            #expect(abs(d.probability(k) - pk) < 1e-12)
        }
        #expect(abs(d.p.reduce(0, +) - 1) < 1e-12)
        // The stored probabilities reproduce the moments.
        let mean = (0...d.maxValue).reduce(0.0) { $0 + Double($1) * d.probability($1) }
        #expect(abs(mean - m) < 1e-9)
        // Variance equal to the mean gives the Poisson.
        #expect(CountDistribution.negativeBinomial(mean: 2, variance: 2) == CountDistribution.poisson(mean: 2))
    }

    /// Thinning a Poisson(μ) by f gives exactly Poisson(fμ); moments follow the binomial-split formulas.
    @Test func thinning() {
        let d = CountDistribution.poisson(mean: 6).thinned(0.3)
        let e = CountDistribution.poisson(mean: 1.8)
        for k in 0...20 { #expect(abs(d.probability(k) - e.probability(k)) < 1e-12) }
        let nb = CountDistribution.negativeBinomial(mean: 4, variance: 10)
        let t = nb.thinned(0.25)
        let mean = (0...t.maxValue).reduce(0.0) { $0 + Double($1) * t.probability($1) }
        let second = (0...t.maxValue).reduce(0.0) { $0 + Double($1 * $1) * t.probability($1) }
        #expect(abs(mean - 1.0) < 1e-9)
        #expect(abs((second - mean * mean) - (0.25 * 0.75 * 4 + 0.0625 * 10)) < 1e-9)
    }

    /// Convolving Poissons adds their means exactly.
    @Test func convolution() {
        let d = CountDistribution.poisson(mean: 1.2).convolved(with: .poisson(mean: 2.3))
        let e = CountDistribution.poisson(mean: 3.5)
        for k in 0...20 { #expect(abs(d.probability(k) - e.probability(k)) < 1e-12) }
    }
}

@Suite("Service formulas")
struct ServiceMathTests {
    /// B(1, a) = a/(1+a); B(2, 1) = 1/5; and the recursion against (aᶜ/c!)/Σₖ aᵏ/k!.
    @Test func erlangB() {
        #expect(abs(ServiceMath.erlangB(servers: 1, load: 0.5) - 1.0 / 3) < 1e-15)
        #expect(abs(ServiceMath.erlangB(servers: 2, load: 1) - 0.2) < 1e-15)
        #expect(ServiceMath.erlangB(servers: 0, load: 3) == 1)
        for (c, a) in [(5, 3.0), (10, 8.5), (3, 0.2)] {
            var terms: [Double] = [1]
            for k in 1...c { terms.append(terms[k - 1] * a / Double(k)) }
            let direct = terms[c] / terms.reduce(0, +)
            #expect(abs(ServiceMath.erlangB(servers: c, load: a) - direct) < 1e-14)
        }
    }

    @Test func availability() {
        // (1 − 2/(100·2))² = 0.99² = 0.9801
        #expect(abs(ServiceMath.availability(ebo: 2, systems: 100, unitsPerSystem: 2) - 0.9801) < 1e-15)
        #expect(ServiceMath.availability(ebo: 0, systems: 10, unitsPerSystem: 1) == 1)
        #expect(ServiceMath.availability(ebo: 50, systems: 10, unitsPerSystem: 1) == 0)
    }
}

@Suite("Level tables")
struct LevelTableTests {
    @Test(arguments: [0.4, 3.7, 55.0])
    func tableMatchesDirectFormulas(mean: Double) {
        for d in [CountDistribution.poisson(mean: mean), .negativeBinomial(mean: mean, variance: 2.5 * mean)] {
            let top = Int(mean * 2) + 8
            let t = d.levelTable(upTo: top)
            for s in 0...top {
                let direct = d.tail(s)
                #expect(abs(t.ebo[s] - direct.ebo) < 1e-9 * max(1, mean))
                #expect(abs(t.vbo[s] - direct.vbo) < 1e-8 * max(1, mean))
                #expect(abs(t.fill[s] - (s == 0 ? 0 : d.cdf(s - 1))) < 1e-12)
            }
            let q = d.upperQuantile(tail: 1e-9)
            #expect(1 - d.cdf(q) < 1e-9)
            #expect(q == 0 || 1 - d.cdf(q - 1) >= 1e-9)
        }
    }
}
