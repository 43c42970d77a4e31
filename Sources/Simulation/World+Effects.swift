import DiscreteEvent
import Foundation
import ScenarioModel
import ServiceDesk

/// The desk's effects set the world's clocks: after each desk command, what it set in motion
/// (shipments on their lanes, visits, repairs) is scheduled on the calendar.
extension World {
    /// Starts the clocks of what the last desk command set in motion; again while the
    /// organisation's own commands set more in motion (``Organisation/drainsUntilQuiet``).
    mutating func drain() throws {
        while true {
            org.takeEffects(into: &pending)
            if pending.isEmpty { return }
            try startClocks()
            if !Org.drainsUntilQuiet { return }
        }
    }

    mutating func startClocks() throws {
        let n = pending.count
        guard n > 0 else { return }
        let now = sim.now
        // By index: iterating the array itself retained and released it on every event.
        for i in 0..<n {
            switch pending[i] {
            case .shipmentSent(let shipment, let kind, let from, let to, let item):
                let departure = hasOutages ? Self.outageEnd(outages, Int(from), at: now) : now
                var lead = try leadTime(kind, from: Int(from), to: Int(to), item: Int(item))
                if !slowdowns.isEmpty { lead *= Self.slowdown(slowdowns, kind, from: Int(from), to: Int(to), at: departure) }
                let arrival = hasOutages ? Self.outageEnd(outages, Int(to), at: departure + lead) : departure + lead
                if lastLeadDeterministic && departure == now && arrival == departure + lead, let lane = laneFor(lead) {
                    // A fixed delay: its FIFO lane keeps these arrivals in order without the heap.
                    try sim.schedule(.arrival(shipment: shipment), after: lead, lane: lane)
                } else {
                    try sim.schedule(.arrival(shipment: shipment), at: arrival)
                }
                if now >= warmup { tables.transportCost[Int(kind.rawValue)] += lastLaneCost }
                let id = Int(shipment)
                tables.shipments.extend(to: id + 1, with: ShipmentInfo(supplyItem: -1, arrivalClass: 0))
                if from >= 0 && siteUnlimited[Int(from)] { tables.bought[Int(item)] += 1 }
                tables.shipments[id] = ShipmentInfo(
                    supplyItem: kind == .supply ? item : -1,
                    arrivalClass: Self.arrivalClass(kind, toRoot: siteIsRoot[Int(to)], toServicePoint: siteIsServicePoint[Int(to)]))
            case .visitDispatched(let visit, _, let engineerSite, let site):
                try org.visitDispatched(Int(visit), at: now)
                if Int(visit) >= visitSite.count { visitSite += [Int32](repeating: 0, count: Int(visit) + 1 - visitSite.count) }
                visitSite[Int(visit)] = site
                let drive = engineerSite == site ? 0 : (scenario.travelHours(fromIndex: Int(engineerSite), toIndex: Int(site)) ?? 0)
                let start = outageEnd(Int(engineerSite), at: now)
                try sim.schedule(.visitArrival(visit: visit), at: start + (drive + options.localTravelHours) / 24)
            case .repairStarted(let shipment, _, let item):
                let i = Int(item)
                let days = repairTime[i]?.sample(using: &repairStreams[i]) ?? 0
                let condemned = repairStreams[i].nextDouble() < condemnation[i]
                guard try org.repairStarted(shipment: Int(shipment), condemned: condemned, at: now) else { continue }
                try sim.schedule(.repairDone(shipment: shipment, condemned: condemned), after: max(0, days))
            case .orderResolved(let order):
                if let hours = try org.resolved(order: Int(order), at: now) {
                    try sim.schedule(.callback(order: order), after: hours / 24)
                }
            }
        }
        // Emptied one by one: `removeAll(keepingCapacity:)` (in `takeEffects`) went through the
        // generic `replaceSubrange`, several times the cost for the one or two effects of an event.
        repeat { pending.removeLast() } while !pending.isEmpty
    }
}
