import DiscreteEvent
import Foundation
import ScenarioModel
import ServiceDesk

/// Failures: the per-site failure streams (Poisson per cell, or per unit under Weibull ageing),
/// and the tickets they open with their SLA class.
extension World {
    /// Opens and triages a ticket for cell c (the world draws remote fix and no-part shares).
    mutating func openTicket(_ c: Int, slaClass: Int, at now: Double) throws {
        let site = Int(cellSite[c])
        let u = tables.triageStreams[site].nextDouble()
        let remote = u < options.remoteFixFraction
        let noPart = !remote && u < options.remoteFixFraction + (1 - options.remoteFixFraction) * options.noPartFraction
        if let opened = try org.open(site: site, item: Int(cellItem[c]), slaClass: slaClass, remote: remote, noPart: noPart, at: now) {
            if opened.awaitsApproval { try sim.schedule(.approval(order: Int32(opened.order)), after: options.approvalHours / 24) }
            try scheduleDepot(opened.order)
            if hasExchangeWaits { try startExchangeWait(opened.order, item: Int(cellItem[c]), slaClass: slaClass) }
        }
    }

    /// Repair and return with a wait: a ticket left without a spare sends its defective in when
    /// the item's wait runs out (unless the spare came first). Every new order id clears the
    /// wait of the order that held the id before. The wait is the class's where it sets one.
    mutating func startExchangeWait(_ order: Int, item: Int, slaClass: Int) throws {
        if order >= runningWait.count { runningWait += [Int32](repeating: -1, count: order + 1 - runningWait.count) }
        runningWait[order] = -1
        let k = slaClass >= 0 && (slaClass + 1) * exchangeWaitItems <= exchangeWaitDays.count ? slaClass : 0
        let days = exchangeWaitDays[k * exchangeWaitItems + item]
        guard days > 0, org.desk.awaitsUnsourcedSpare(order) else { return }
        let wait = Int32(waitOrder.count)
        waitOrder.append(Int32(order))
        runningWait[order] = wait
        try sim.schedule(.exchangeWait(wait: wait), after: days)
    }

    /// A new unit at `t`: age 0, a fresh Exp(1) hazard target, its failure scheduled.
    mutating func renew(_ u: Int, at t: Double) throws(SimulationError) {
        let c = Int(unitCell[u])
        unitRenewal[u] = t
        unitCheckpoint[u] = t
        unitHazard[u] = 0
        unitTarget[u] = failureStreams[c].nextExponential(mean: 1)
        try scheduleUnit(u)
    }

    /// The unit fails when its cumulative hazard Σ m·[((t−r)/s)^k] reaches its target: solved
    /// in closed form within the current multiplier's segment.
    mutating func scheduleUnit(_ u: Int) throws(SimulationError) {
        let k = ageingShape, s = unitScale[u], r = unitRenewal[u], m = multiplier[Int(unitCell[u])]
        guard m > 0 else { unitEvent[u] = nil; return }
        let base = pow((unitCheckpoint[u] - r) / s, k)
        let t = r + s * pow(base + (unitTarget[u] - unitHazard[u]) / m, 1 / k)
        unitEvent[u] = try sim.schedule(.unitFailure(unit: Int32(u)), at: max(t, sim.now))
    }

    /// The cell's multiplier changed at `t` (it was `old`): bank the hazard so far, reschedule.
    mutating func rescale(_ u: Int, from old: Double, at t: Double) throws(SimulationError) {
        let k = ageingShape, s = unitScale[u], r = unitRenewal[u]
        unitHazard[u] += old * (pow((t - r) / s, k) - pow((unitCheckpoint[u] - r) / s, k))
        unitCheckpoint[u] = t
        if let id = unitEvent[u] { sim.cancel(id) }
        try scheduleUnit(u)
    }

    /// Rebuilds a site's cumulative rates (after a change of multipliers) and its next failure
    /// (memoryless, so redrawing from now is exact).
    mutating func rescheduleSite(_ site: Int) throws(SimulationError) {
        var acc = 0.0
        for c in siteStart[site]..<siteEnd[site] {
            if !agedCell[c] { acc += baseRate[c] * multiplier[c] }
            cellCumulative[c] = acc
        }
        siteRate[site] = acc
        if let id = tables.siteNext[site] { sim.cancel(id) }
        try scheduleSite(site)
    }

    mutating func scheduleSite(_ site: Int) throws(SimulationError) {
        let rate = siteRate[site]
        guard rate > 0 else { tables.siteNext[site] = nil; return }
        let gap = tables.siteStreams[site].nextExponential(mean: 1 / rate)
        tables.siteNext[site] = try sim.schedule(.siteFailure(site: Int32(site)), after: gap)
    }

    /// The cell of a site's failure: rate-proportional, by binary search on the cumulative rates.
    mutating func pickCell(_ site: Int) -> Int {
        let u = tables.siteStreams[site].nextDouble() * siteRate[site]
        var lo = siteStart[site], hi = siteEnd[site] - 1
        // The site's cells lie within `cellCumulative` (built with it in `init`): no bounds check
        // per probe, and no overflow check (indices are far below Int.max / 2).
        cellCumulative.withUnsafeBufferPointer { cumulative in
            assert(lo >= 0 && hi < cumulative.count)
            while lo < hi {
                let mid = (lo &+ hi) >> 1
                if cumulative[mid] > u { hi = mid } else { lo = mid &+ 1 }
            }
        }
        return lo
    }

    /// The SLA class of a failure of cell `cell` at `site` (one draw from the site's stream).
    mutating func drawClass(cell: Int, site: Int) -> Int {
        let table = classCumulative[cell]
        guard table.count > 1 else { return table.first?.index ?? 0 }
        let u = classStreams[site].nextDouble()
        return table.first { u < $0.threshold }?.index ?? table[table.count - 1].index
    }
}
