import Foundation
import Testing
@testable import Stocking

/// A depot (resupply 10 days) with two bases of 0.1 and 0.3 failures/day, 2-day deterministic shipping.
func twoEchelon(baseRates: [Double] = [0.1, 0.3], lead: Double = 2, resupply: Double = 10) throws -> ItemNetwork {
    var nodes = [ItemNetwork.Node(site: 0, parent: nil, localDemand: 0, resupplyDays: resupply)]
    for (k, rate) in baseRates.enumerated() {
        nodes.append(ItemNetwork.Node(site: k + 1, parent: 0, localDemand: rate, leadDays: lead))
    }
    return try ItemNetwork(nodes: nodes)
}

@Suite("Multi-echelon evaluation")
struct MultiEchelonTests {
    /// METRIC by hand (Sherbrooke 1968): λ₀ = 0.4/day, μ₀ = 4, S₀ = 2 → EBO₀ = 4 − 2 + 2p(0) + p(1)
    /// = 2 + 2e⁻⁴ + 4e⁻⁴ = 2 + 6e⁻⁴; delay = EBO₀/λ₀; base 1: μ = 0.1·(2 + delay), S = 1 →
    /// EBO = μ − 1 + e^(−μ).
    @Test func metricByHand() throws {
        let net = try twoEchelon()
        let e = try net.evaluate(stock: [2, 1, 3], method: .metric)
        let ebo0 = 2 + 6 * exp(-4.0)
        #expect(abs(e.nodes[0].ebo - ebo0) < 1e-12)
        let delay = ebo0 / 0.4
        let mu1 = 0.1 * (2 + delay)
        #expect(abs(e.nodes[1].pipelineMean - mu1) < 1e-12)
        #expect(abs(e.nodes[1].ebo - (mu1 - 1 + exp(-mu1))) < 1e-12)
        #expect(abs(e.nodes[1].fillRate - exp(-mu1)) < 1e-12)
        #expect(abs(e.nodes[1].waitingDays - e.nodes[1].ebo / 0.1) < 1e-15)
        // Pipeline segments add up to the pipeline mean.
        for n in e.nodes {
            #expect(abs(n.unitsInRepair + n.unitsInTransit + n.unitsDelayedAtParent - n.pipelineMean) < 1e-12)
            #expect(abs((n.eoh - n.ebo) - (Double(n.stock) - n.pipelineMean)) < 1e-12)
        }
    }

    /// With no stock at the depot every order waits the full resupply time, and with ample depot
    /// stock none waits: in both limits the three methods coincide (Poisson(λ(O + T₀)) and Poisson(λO)).
    @Test func methodsAgreeInTheLimits() throws {
        let net = try twoEchelon()
        for depot in [0, 60] {
            let m = try net.evaluate(stock: [depot, 2, 4], method: .metric)
            let v = try net.evaluate(stock: [depot, 2, 4], method: .variMetric)
            let x = try net.evaluate(stock: [depot, 2, 4], method: .exact)
            for k in 1...2 {
                #expect(abs(m.nodes[k].ebo - x.nodes[k].ebo) < 1e-9, "depot \(depot) base \(k)")
                #expect(abs(v.nodes[k].ebo - x.nodes[k].ebo) < 1e-9, "depot \(depot) base \(k)")
            }
            let expectedMean = depot == 0 ? 0.1 * 12 : 0.1 * 2
            #expect(abs(x.nodes[1].pipelineMean - expectedMean) < 1e-9)
        }
    }

    /// In between, METRIC understates base backorders (it ignores the variance the depot adds) and
    /// VARI-METRIC, matching two moments, is closer to Graves' exact value (Graves 1985; Sherbrooke 1986).
    @Test(arguments: [(1, 1), (2, 1), (3, 2), (4, 2), (5, 3)])
    func orderings(depot: Int, base: Int) throws {
        let net = try twoEchelon(baseRates: [0.1, 0.3, 0.2])
        let stock = [depot, base, base + 1, base]
        let m = try net.evaluate(stock: stock, method: .metric)
        let v = try net.evaluate(stock: stock, method: .variMetric)
        let x = try net.evaluate(stock: stock, method: .exact)
        for k in 1...3 {
            #expect(m.nodes[k].ebo <= x.nodes[k].ebo + 1e-12)
            #expect(abs(v.nodes[k].ebo - x.nodes[k].ebo) <= abs(m.nodes[k].ebo - x.nodes[k].ebo) + 1e-12)
            // All three share the pipeline mean; the exact and VARI-METRIC share the variance too.
            #expect(abs(m.nodes[k].pipelineMean - x.nodes[k].pipelineMean) < 1e-9)
            #expect(abs(v.nodes[k].pipelineVariance - x.nodes[k].pipelineVariance) < 1e-9)
        }
    }

    /// Three echelons: the exact pipeline of a leaf equals the sum of its own Poisson part and the
    /// thinned backorders of its parent, whose pipeline in turn includes the root's; the mean obeys
    /// the METRIC delay recursion at every level.
    @Test func threeEchelonsMeanRecursion() throws {
        let nodes = [
            ItemNetwork.Node(site: 0, parent: nil, localDemand: 0, resupplyDays: 20),
            ItemNetwork.Node(site: 1, parent: 0, localDemand: 0, leadDays: 3),
            ItemNetwork.Node(site: 2, parent: 0, localDemand: 0.05, leadDays: 3),
            ItemNetwork.Node(site: 3, parent: 1, localDemand: 0.2, leadDays: 1),
            ItemNetwork.Node(site: 4, parent: 1, localDemand: 0.1, leadDays: 1),
        ]
        let net = try ItemNetwork(nodes: nodes)
        #expect(abs(net.arrivingDemand[0] - 0.35) < 1e-15)
        #expect(abs(net.arrivingDemand[1] - 0.3) < 1e-15)
        let stock = [3, 2, 1, 1, 1]
        for method in EvaluationMethod.allCases {
            let e = try net.evaluate(stock: stock, method: method)
            let delay0 = e.nodes[0].ebo / 0.35
            #expect(abs(e.nodes[1].pipelineMean - 0.3 * (3 + delay0)) < 1e-9, "\(method)")
            let delay1 = e.nodes[1].ebo / 0.3
            #expect(abs(e.nodes[3].pipelineMean - 0.2 * (1 + delay1)) < 1e-9, "\(method)")
        }
    }

    /// Base repair (METRIC with a repair fraction r): only (1 − r) of a base's demand reaches the
    /// depot, and the base pipeline is λ[r·T_repair + (1 − r)(O + delay)].
    @Test func baseRepair() throws {
        let nodes = [
            ItemNetwork.Node(site: 0, parent: nil, localDemand: 0, resupplyDays: 15),
            ItemNetwork.Node(site: 1, parent: 0, localDemand: 0.4, repairFraction: 0.25, repairDays: 4, leadDays: 2),
        ]
        let net = try ItemNetwork(nodes: nodes)
        #expect(abs(net.arrivingDemand[0] - 0.3) < 1e-15)
        let e = try net.evaluate(stock: [2, 3], method: .metric)
        let mu0 = 0.3 * 15
        let ebo0 = CountDistribution.poisson(mean: mu0).tail(2).ebo
        let mu1 = 0.4 * (0.25 * 4 + 0.75 * (2 + ebo0 / 0.3))
        #expect(abs(e.nodes[1].pipelineMean - mu1) < 1e-12)
        #expect(abs(e.nodes[1].unitsInRepair - 0.4) < 1e-12)
    }

    @Test func invalidInputs() throws {
        #expect(throws: StockingError.self) { try ItemNetwork(nodes: []) }
        #expect(throws: StockingError.self) {
            try ItemNetwork(nodes: [.init(site: 0, parent: nil, localDemand: -1)])
        }
        #expect(throws: StockingError.self) {
            try ItemNetwork(nodes: [.init(site: 0, parent: nil, localDemand: 1), .init(site: 1, parent: 5, localDemand: 1)])
        }
        let net = try twoEchelon()
        #expect(throws: StockingError.invalidStock("2 levels for 3 sites")) { try net.evaluate(stock: [1, 1], method: .metric) }
        #expect(throws: StockingError.self) { try net.evaluate(stock: [1, -1, 0], method: .metric) }
        var random = net.nodes
        random[1].leadTimeIsDeterministic = false
        let r = try ItemNetwork(nodes: random)
        #expect(throws: StockingError.exactNeedsDeterministicLeadTimes(site: 1)) { try r.evaluate(stock: [1, 1, 1], method: .exact) }
        _ = try r.evaluate(stock: [1, 1, 1], method: .variMetric)
    }
}
