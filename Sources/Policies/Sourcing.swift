public import ScenarioModel

/// What the desk may read of the network's stock when it decides: units free to issue at a site.
public protocol StockView {
    /// Units of `item` on the shelf at `site` and not reserved for an order.
    func available(site: Int, item: Int) -> Int
}

/// Where a ticket that needs a part gets it.
public enum SourcingChoice: Sendable, Equatable {
    /// From the service point's own shelf.
    case own
    /// By a lateral shipment from `donor`, a member of the site's pooling group.
    case lateral(donor: Int)
    /// The parent has a unit now: the site's one-for-one reorder brings it (the ticket waits for it).
    case parent
    /// By an express shipment from `source` (the site's central warehouse) straight to the ticket.
    case emergency(source: Int)
    /// Nothing anywhere on the ladder: the ticket waits for the next unit to reach the site.
    case backorder
}

/// How a lateral donor is chosen among pool members with stock.
public enum DonorRule: Sendable, Equatable {
    /// The member with the most units free; ties to the lowest site index (the canonical model's rule).
    case mostStock
    /// The member nearest by travel time (`distance[site][member]`); ties to the lowest index.
    case nearest(distance: [[Double]])
}

/// The sourcing ladder as a pure function: own stock → lateral within the pool → parent →
/// emergency, each step only if the scenario's ladder lists it.
public enum Sourcing {
    /// The first step of `ladder` that can supply `item` for a ticket at `site`.
    /// - Parameters:
    ///   - poolMembers: the other stock-holding sites of the site's pooling group (may be empty).
    ///   - parent: the site's parent in the echelon tree, if any.
    ///   - emergencySource: the central warehouse that ships express to the site, if any.
    public static func choose(site: Int, item: Int, ladder: [SourcingStep], poolMembers: [Int], parent: Int?,
                              emergencySource: Int?, donorRule: DonorRule, view: some StockView) -> SourcingChoice {
        for step in ladder {
            switch step {
            case .own:
                if view.available(site: site, item: item) > 0 { return .own }
            case .lateral:
                if let donor = donor(site: site, item: item, members: poolMembers, rule: donorRule, view: view) {
                    return .lateral(donor: donor)
                }
            case .parent:
                if let p = parent, view.available(site: p, item: item) > 0 { return .parent }
            case .emergency:
                if let source = emergencySource, source != site, view.available(site: source, item: item) > 0 {
                    return .emergency(source: source)
                }
            }
        }
        return .backorder
    }

    /// The pool member that gives a unit, or nil when none has one free.
    public static func donor(site: Int, item: Int, members: [Int], rule: DonorRule, view: some StockView) -> Int? {
        var best: Int?
        var bestKey = 0.0
        for m in members where m != site {
            let free = view.available(site: m, item: item)
            guard free > 0 else { continue }
            let key: Double
            switch rule {
            case .mostStock: key = -Double(free)
            case .nearest(let distance): key = distance[site][m]
            }
            if best == nil || key < bestKey || (key == bestKey && m < (best ?? Int.max)) {
                best = m
                bestKey = key
            }
        }
        return best
    }
}
