public import ScenarioModel

/// Which engineer (by home site) goes to a ticket: a pure function of who is free.
public enum Dispatch {
    /// The home site of the engineer to send to a ticket at `site`, or nil to queue it.
    /// - Parameters:
    ///   - freeEngineers: free engineers per site (index = site).
    ///   - candidates: sites whose engineers may serve `site`, nearest first (its own site first);
    ///     used by `nearestAvailable`.
    public static func choose(site: Int, rule: DispatchRule, freeEngineers: [Int], candidates: [Int]) -> Int? {
        switch rule {
        case .homeServicePoint:
            return freeEngineers[site] > 0 ? site : nil
        case .nearestAvailable:
            if freeEngineers[site] > 0 { return site }
            return candidates.first { freeEngineers[$0] > 0 }
        }
    }
}

/// When stock is reordered under a replenishment policy.
public enum Replenishment {
    /// Whether a reorder is released at once (continuous review) or held for the next review.
    public static func releasesImmediately(_ policy: ReplenishmentPolicy) -> Bool {
        if case .continuous = policy { return true }
        return false
    }

    /// The review instants in [start, end) for a periodic policy (none for continuous review).
    public static func reviewTimes(_ policy: ReplenishmentPolicy, from start: Double, to end: Double) -> [Double] {
        guard case .periodic(let period) = policy, period > 0, end > start else { return [] }
        var out: [Double] = []
        var t = start + period
        while t < end {
            out.append(t)
            t += period
        }
        return out
    }
}
