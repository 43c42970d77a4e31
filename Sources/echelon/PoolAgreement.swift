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
        let pools = s.pools.sorted { $0.key < $1.key }
        // One pass over each replication's cells: demand, own and lateral fills per pool.
        var poolOf = [Int?](repeating: nil, count: s.sites.count)
        for (k, pool) in pools.enumerated() { for site in pool.value { poolOf[site] = k } }
        var simOwn = [[Double]](repeating: [], count: pools.count), simWith = simOwn
        for r in replications {
            var n = [Double](repeating: 0, count: pools.count), o = n, l = n
            for c in r.cells where c.demands > 0 {
                guard let k = poolOf[c.site] else { continue }
                let d = Double(c.demands)
                n[k] += d
                o[k] += d * c.fillRate
                l[k] += d * c.lateralFraction
            }
            for k in pools.indices where n[k] > 0 {
                simOwn[k].append(o[k] / n[k])
                simWith[k].append((o[k] + l[k]) / n[k])
            }
        }
        /// Mean and 95 % half-width (none from a single replication).
        func interval(_ x: [Double]) -> (Double?, Double?) {
            if let ci = try? ConfidenceInterval(x) { return (ci.mean, ci.halfWidth) }
            return (x.first, nil)
        }
        var rows: [SimulationSummary.PoolRow] = []
        for (k, (id, members)) in pools.enumerated() {
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
            let (o, oh) = interval(simOwn[k]), (w, wh) = interval(simWith[k])
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
