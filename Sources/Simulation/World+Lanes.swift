import DiscreteEvent
import Foundation
import ScenarioModel
import ServiceDesk

/// Lanes and disruptions: lead times drawn per shipment kind and lane, slowdowns and outages,
/// and the calendar lanes of fixed delays.
extension World {
    static func arrivalClass(_ kind: ShipmentKind, toRoot: Bool, toServicePoint: Bool) -> UInt8 {
        switch kind {
        case .replenishment where toServicePoint: 1
        case .supply where toRoot, .repaired where toRoot: 2
        case .lateral: 3
        default: 0
        }
    }

    /// The first instant at or after `t` when `site` is not in an outage. A static function over
    /// the outage table: a method on `self` made the compiler copy the whole world per call.
    static func outageEnd(_ outages: [[(start: Double, end: Double)]], _ site: Int, at t: Double) -> Double {
        guard site >= 0, site < outages.count else { return t }
        var x = t
        for w in outages[site] where x >= w.start && x < w.end { x = w.end }
        return x
    }

    func outageEnd(_ site: Int, at t: Double) -> Double {
        hasOutages ? Self.outageEnd(outages, site, at: t) : t
    }

    static func slowdown(_ slowdowns: [(from: Int, to: Int, mode: LaneMode?, start: Double, end: Double, factor: Double)],
                                 _ kind: ShipmentKind, from: Int, to: Int, at t: Double) -> Double {
        var f = 1.0
        let mode = Self.mode(kind)
        for s in slowdowns where s.from == from && s.to == to && t >= s.start && t < s.end && (s.mode == nil || s.mode == mode) {
            f *= s.factor
        }
        return f
    }

    static func mode(_ kind: ShipmentKind) -> LaneMode {
        switch kind {
        case .replenishment, .repaired, .supply: .replenishment
        case .lateral: .lateral
        case .emergency: .emergency
        case .defectiveReturn: .return
        }
    }

    mutating func laneFor(_ delay: Double) -> Int? {
        if delay == lastLaneDelay { return lastLaneID }
        for (k, d) in laneDelays.enumerated() where d == delay {
            lastLaneDelay = delay
            lastLaneID = laneIDs[k]
            return laneIDs[k]
        }
        let id = sim.lane(forDelay: delay)
        laneDelays.append(delay)
        laneIDs.append(id)
        lastLaneDelay = delay
        lastLaneID = id
        return id
    }

    /// Draws a lead time (days) for a shipment.
    mutating func leadTime(_ kind: ShipmentKind, from: Int, to: Int, item: Int) throws -> Double {
        let streamIndex = Int(kind.rawValue) * (siteCount + 1) + max(0, to)
        if kind == .supply || from < 0 {
            lastLaneCost = 0
            // Fixed supplier lead times skip the distribution (no copy of it, no draw).
            let fixed = supplyFixed[item]
            if !fixed.isNaN { lastLeadDeterministic = true; return fixed }
            guard let d = supplyTime[item] else { lastLeadDeterministic = true; return 0 }
            lastLeadDeterministic = false
            return max(0, d.sample(using: &leadStreams[streamIndex]))
        }
        // Fast path: the last lane used into (kind, to), usually the only one (a site's parent).
        if lastLaneFrom[streamIndex] == Int32(from) {
            lastLaneCost = lastLaneCostOf[streamIndex]
            let fixed = lastLaneFixed[streamIndex]
            if !fixed.isNaN { lastLeadDeterministic = true; return fixed }
            if let d = lastLaneLead[streamIndex] {
                lastLeadDeterministic = false
                return max(0, d.sample(using: &leadStreams[streamIndex]))
            }
        }
        let key = (Int(kind.rawValue) * siteCount + from) * siteCount + to
        let d: Distribution
        if let cached = leadCache[key] {
            d = cached.lead
            lastLaneCost = cached.cost
        } else {
            let lane = scenario.lane(fromIndex: from, toIndex: to, mode: Self.mode(kind))
            if let lane {
                d = try .from(lane.leadTime)
            } else {
                d = try .deterministic((scenario.travelHours(fromIndex: from, toIndex: to) ?? 24) / 24)
            }
            lastLaneCost = lane?.costPerUnit ?? 0
            leadCache[key] = (d, lastLaneCost)
        }
        lastLaneFrom[streamIndex] = Int32(from)
        lastLaneLead[streamIndex] = d
        lastLaneCostOf[streamIndex] = lastLaneCost
        if case .deterministic(let v) = d.kind { lastLaneFixed[streamIndex] = max(0, v) } else { lastLaneFixed[streamIndex] = .nan }
        if case .deterministic = d.kind { lastLeadDeterministic = true } else { lastLeadDeterministic = false }
        return max(0, d.sample(using: &leadStreams[streamIndex]))
    }
}
