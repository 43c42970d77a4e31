import Foundation
import ScenarioModel
import Testing
@testable import Stocking

@Suite("Lateral pooling")
struct LateralPoolingTests {
    /// Under complete pooling the group's emergency fraction is Erlang-B(ΣS, ΛT) whatever the
    /// split of stock over the members.
    @Test func erlangBInsensitiveToTheSplit() throws {
        let demands = [0.2, 0.5, 0.3]
        var values: [Double] = []
        for split in [[6, 0, 0], [2, 2, 2], [1, 4, 1], [0, 3, 3]] {
            let g = PoolingGroup(members: zip(demands, split).enumerated().map { k, x in
                .init(site: k, demand: x.0, stock: x.1)
            }, replenishmentDays: 5)
            let e = try g.evaluate()
            values.append(e.groupShortageFraction)
            #expect(abs(e.emergencyDemandOnParent - 1.0 * e.groupShortageFraction) < 1e-15)
        }
        let expected = ServiceMath.erlangB(servers: 6, load: 1.0 * 5)
        #expect(values.allSatisfy { abs($0 - expected) < 1e-15 })
    }

    /// One member: no laterals; the approximation is exact (a single Erlang loss system).
    @Test func singleMemberIsExact() throws {
        let e = try PoolingGroup(members: [.init(site: 7, demand: 0.4, stock: 3)], replenishmentDays: 6).evaluate()
        let b = ServiceMath.erlangB(servers: 3, load: 2.4)
        #expect(abs(e.members[0].own - (1 - b)) < 1e-15)
        #expect(e.members[0].lateral == 0)
        #expect(abs(e.members[0].shortage - e.groupShortageFraction) < 1e-15)
    }

    /// Fractions sum to one; a site without stock meets nothing from its own shelf; the
    /// approximation lands near the exact group figure; more stock at a site raises its own share.
    @Test func splitIsConsistent() throws {
        let g = PoolingGroup(members: [.init(site: 0, demand: 0.3, stock: 2),
                                       .init(site: 1, demand: 0.3, stock: 0),
                                       .init(site: 2, demand: 0.6, stock: 3)], replenishmentDays: 4)
        let e = try g.evaluate()
        #expect(e.converged)
        for m in e.members { #expect(abs(m.own + m.lateral + m.shortage - 1) < 1e-12) }
        #expect(e.members[1].own == 0)
        #expect(e.members[1].lateral > 0.5)
        #expect(abs(e.approximateGroupShortageFraction - e.groupShortageFraction) < 0.05)
        var more = g
        more.members[0].stock = 4
        #expect(try more.evaluate().members[0].own > e.members[0].own)
    }

    /// Complete pooling: every member's shortage is the group's exact Erlang-B, where the overflow
    /// approximation reported the product of the members' stock-out probabilities (lower).
    @Test func completePoolingSharesTheExactShortage() throws {
        let members: [PoolingGroup.Member] = [.init(site: 0, demand: 0.3, stock: 2), .init(site: 1, demand: 0.3, stock: 0),
                                              .init(site: 2, demand: 0.6, stock: 3)]
        let e = try PoolingGroup(members: members, replenishmentDays: 4).evaluate()
        let exact = ServiceMath.erlangB(servers: 5, load: 1.2 * 4)
        #expect(abs(e.groupShortageFraction - exact) < 1e-15)
        for m in e.members {
            #expect(m.shortage == exact)
            #expect(abs(m.own + m.lateral + m.shortage - 1) < 1e-12 && m.lateral >= 0)
        }
        #expect(abs(e.approximateGroupShortageFraction - exact) < 1e-15)
        // The overflow product Π P_j over the request's path (here every member) is what each
        // member reported before: 0.2448 against the exact 0.2684, 9 % low.
        let overflow = e.members.reduce(1.0) { $0 * $1.stockoutProbability }
        #expect(overflow < 0.92 * exact, "overflow \(overflow), exact \(exact)")
        // Partial pooling (site 1 may draw on site 0 only): the overflow approximation stays.
        var partial = members
        partial[1].preference = [0]
        let p = try PoolingGroup(members: partial, replenishmentDays: 4).evaluate()
        #expect(p.members[1].shortage != p.groupShortageFraction)
        #expect(abs(p.members[1].shortage - p.members[1].stockoutProbability * p.members[0].stockoutProbability) < 1e-12)
    }

    /// Backorder variant: the group's immediate-service fraction and backorders are those of a
    /// single Poisson(ΛT) pipeline against ΣS.
    @Test func backorderVariant() throws {
        let g = PoolingGroup(members: [.init(site: 0, demand: 0.5, stock: 2), .init(site: 1, demand: 0.5, stock: 1)],
                             replenishmentDays: 3, shortage: .backorder)
        let e = try g.evaluate()
        let x = CountDistribution.poisson(mean: 3)
        #expect(abs(e.groupShortageFraction - (1 - x.cdf(2))) < 1e-12)
        #expect(abs(e.groupBackorders - x.tail(3).ebo) < 1e-12)
        #expect(e.emergencyDemandOnParent == 0)
        // Members: a demand waits at least as often as the whole group is empty (PASTA); here the
        // loss approximation understates that for both, so each waits with exactly the group's
        // P(X ≥ 3) = 1 − e⁻³(1 + 3 + 9/2), and the three fractions add up.
        let waits = 1 - exp(-3.0) * (1 + 3 + 4.5)
        for m in e.members {
            #expect(abs(m.shortage - waits) < 1e-12)
            #expect(abs(m.own + m.lateral + m.shortage - 1) < 1e-12)
            #expect(abs(m.stockoutProbability - (1 - m.own)) < 1e-15)
        }
        #expect(abs(e.approximateGroupShortageFraction - waits) < 1e-12)
        // The two-unit site's own share is capped at 1 − P(X ≥ 3), leaving it nothing by lateral;
        // the one-unit site meets less from its shelf and the rest by laterals.
        #expect(abs(e.members[0].own - (1 - waits)) < 1e-15 && e.members[0].lateral == 0)
        #expect(e.members[1].own < e.members[0].own)
        #expect(abs(e.members[1].lateral - (e.members[0].own - e.members[1].own)) < 1e-12)
    }

    /// The desk backorders a demand the pool cannot serve unless the ladder tries emergency
    /// before the parent: only then is the pool a loss system.
    @Test func shortageVariantFollowsTheLadder() {
        #expect(StockingModel.poolShortage([.own, .lateral, .parent, .emergency]) == .backorder)
        #expect(StockingModel.poolShortage([.own, .lateral, .emergency, .parent]) == .emergency)
        #expect(StockingModel.poolShortage([.own, .lateral, .emergency]) == .emergency)
        #expect(StockingModel.poolShortage([.own, .lateral]) == .backorder)
    }

    /// A preference order routes the overflow to the preferred sibling first.
    @Test func preferenceOrder() throws {
        let members: [PoolingGroup.Member] = [
            .init(site: 0, demand: 0.5, stock: 0, preference: [2, 1]),
            .init(site: 1, demand: 0.1, stock: 2, preference: [0, 2]),
            .init(site: 2, demand: 0.1, stock: 2, preference: [0, 1]),
        ]
        let e = try PoolingGroup(members: members, replenishmentDays: 5).evaluate()
        // Site 2 receives all of site 0's lateral requests first, so it runs out more often.
        #expect(e.members[2].stockoutProbability > e.members[1].stockoutProbability)
        #expect(throws: StockingError.self) {
            try PoolingGroup(members: [.init(site: 0, demand: 1, stock: 1, preference: [0])], replenishmentDays: 1).evaluate()
        }
    }

    /// The O(n) overflow sum for the default order (every member tries the others in member
    /// order) gives what the general sum over explicit preference lists gives for the same order.
    @Test func defaultOrderSumMatchesTheExplicitLists() throws {
        let demands = [0.3, 0.05, 0.6, 0.2, 0.0, 0.45], stock = [2, 0, 3, 1, 1, 0]
        let plain = PoolingGroup(members: demands.indices.map { .init(site: $0, demand: demands[$0], stock: stock[$0]) },
                                 replenishmentDays: 4)
        var listed = plain
        for k in listed.members.indices { listed.members[k].preference = listed.members.indices.filter { $0 != k } }
        let a = try plain.evaluate(), b = try listed.evaluate()
        #expect(a.converged && b.converged)
        for (x, y) in zip(a.members, b.members) {
            #expect(abs(x.own - y.own) < 1e-12 && abs(x.lateral - y.lateral) < 1e-12 && abs(x.shortage - y.shortage) < 1e-12)
        }
        #expect(abs(a.approximateGroupShortageFraction - b.approximateGroupShortageFraction) < 1e-12)
    }

    /// The cumulative count distribution at every level is the one-level function's value.
    @Test func countCDFsMatchCountCDF() {
        for (mean, variance) in [(2.5, 2.5), (2.5, 6.0), (0.01, 0.02), (12.0, 30.0)] {
            let all = SpecialFunctions.countCDFs(upTo: 25, mean: mean, variance: variance)
            #expect(all.count == 26)
            for k in 0...25 { #expect(all[k] == SpecialFunctions.countCDF(k, mean: mean, variance: variance)) }
        }
    }
}
