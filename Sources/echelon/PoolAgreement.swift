import Foundation
import DiscreteEvent
import Outputs
import ScenarioModel
import Simulation
import Stocking

/// Per lateral pool: the analytic own and own + lateral fill rates of a plan beside the simulated
/// ones (mean and 95 % half-width over the replications), weighted by the members' customer demand
/// over every item. This is where a pooled plan's promise is checked pool by pool (issue 15 §2).
enum PoolAgreement {
    static func rows(scenario s: Scenario, evaluation: PlanEvaluation, replications: [ReplicationResult]) -> [SimulationSummary.PoolRow] {
        guard !s.pools.isEmpty else { return [] }
        // Analytic own and lateral per (site, item): the pool evaluation where the item pools,
        // the site's own fill rate (no lateral) where it does not.
        var own = [[Double]](repeating: [Double](repeating: 0, count: s.items.count), count: s.sites.count)
        var lateral = own
        for row in evaluation.siteItems {
            guard let site = s.site(row.site), let item = s.item(row.item) else { continue }
            own[site.index][item.index] = row.fillRate
        }
        for pool in evaluation.pools {
            guard let item = s.item(pool.item) else { continue }
            for m in pool.members {
                guard let site = s.site(m.site) else { continue }
                own[site.index][item.index] = m.own
                lateral[site.index][item.index] = m.lateral
            }
        }
        let total = s.totalDemandPerYear
        var rows: [SimulationSummary.PoolRow] = []
        for (id, members) in s.pools.sorted(by: { $0.key < $1.key }) {
            var demand = 0.0, analyticOwn = 0.0, analyticLateral = 0.0
            for site in members {
                for item in s.items.indices {
                    let d = s.demandPerYear[site][item]
                    demand += d
                    analyticOwn += d * own[site][item]
                    analyticLateral += d * lateral[site][item]
                }
            }
            guard demand > 0 else { continue }
            let memberSet = Set(members)
            var simOwn: [Double] = [], simWith: [Double] = []
            for r in replications {
                var n = 0.0, o = 0.0, l = 0.0
                for c in r.cells where c.demands > 0 && memberSet.contains(c.site) {
                    let d = Double(c.demands)
                    n += d
                    o += d * c.fillRate
                    l += d * c.lateralFraction
                }
                guard n > 0 else { continue }
                simOwn.append(o / n)
                simWith.append((o + l) / n)
            }
            func interval(_ x: [Double]) -> (Double?, Double?) {
                guard !x.isEmpty else { return (nil, nil) }
                let mean = x.reduce(0, +) / Double(x.count)
                return (mean, (try? ConfidenceInterval(x))?.halfWidth)
            }
            let (o, oh) = interval(simOwn), (w, wh) = interval(simWith)
            rows.append(.init(pool: id, members: members.count, demandShare: total > 0 ? demand / total : 0,
                              analyticOwn: analyticOwn / demand, analyticWithLaterals: (analyticOwn + analyticLateral) / demand,
                              simulatedOwn: o, simulatedOwnHalfWidth: oh, simulatedWithLaterals: w, simulatedWithLateralsHalfWidth: wh))
        }
        return rows
    }

    /// `pools.csv`: one row per pool.
    static func csv(_ rows: [SimulationSummary.PoolRow]) -> String {
        func f(_ x: Double?) -> String { x.map { String(format: "%.6f", $0) } ?? "" }
        var text = "pool,members,demand_share,analytic_own,analytic_with_laterals,simulated_own,simulated_own_half_width,simulated_with_laterals,simulated_with_laterals_half_width\n"
        for r in rows {
            text += [CSVWriter.escape(r.pool), String(r.members), f(r.demandShare), f(r.analyticOwn), f(r.analyticWithLaterals),
                     f(r.simulatedOwn), f(r.simulatedOwnHalfWidth), f(r.simulatedWithLaterals), f(r.simulatedWithLateralsHalfWidth)]
                .joined(separator: ",") + "\n"
        }
        return text
    }
}
