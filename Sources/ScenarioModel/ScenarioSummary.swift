/// Headline figures of a scenario, for the CLI's table and JSON output (snake_case keys).
public struct ScenarioSummary: Sendable, Codable, Equatable {
    /// Item counts.
    public struct ItemCounts: Sendable, Codable, Equatable {
        /// All items.
        public let total: Int
        /// Repairable items.
        public let repairable: Int
        /// Consumable (non-repairable) items.
        public let consumable: Int

        /// Creates counts.
        public init(total: Int, repairable: Int, consumable: Int) {
            self.total = total
            self.repairable = repairable
            self.consumable = consumable
        }
    }

    /// The stock plan's size, when the scenario has one.
    public struct StockFigures: Sendable, Codable, Equatable {
        /// (site, item) positions with a level above 0.
        public let positions: Int
        /// Σ levels, in units.
        public let units: Int
        /// Σ level × unit cost, in the scenario currency.
        public let value: Double

        /// Creates figures.
        public init(positions: Int, units: Int, value: Double) {
            self.positions = positions
            self.units = units
            self.value = value
        }
    }

    /// Scenario name.
    public let name: String
    /// Source YAML file.
    public let file: String
    /// Free-text description, if any.
    public let description: String?
    /// The planner's question the scenario answers, if any.
    public let question: String?
    /// Currency code.
    public let currency: String
    /// Simulated days.
    public let horizonDays: Double
    /// Site count per kind (every kind listed, zero included), keyed by the kind's scenario name.
    public let sitesPerKind: [String: Int]
    /// Site count per echelon level: element k counts sites at level k (0 = central warehouses).
    public let sitesPerEchelon: [Int]
    /// Candidate depots for placement.
    public let candidateDepots: Int
    /// Pooling groups.
    public let pools: Int
    /// Items by type.
    public let items: ItemCounts
    /// Products.
    public let products: Int
    /// Σ installed product units.
    public let installedUnits: Int
    /// Σ failures per year over all sites and items.
    public let failuresPerYear: Double
    /// Explicit lanes per mode (every mode listed), keyed by the mode's scenario name.
    public let lanesPerMode: [String: Int]
    /// Modes with a `lane_defaults` entry, in mode order.
    public let defaultLaneModes: [String]
    /// Σ field engineers.
    public let engineers: Int
    /// SLA classes.
    public let slaClasses: Int
    /// Calendars.
    public let calendars: Int
    /// Disruptions.
    public let disruptions: Int
    /// Stock plan figures, nil if the scenario has no stock levels.
    public let stockLevels: StockFigures?
    /// The sourcing order, e.g. `["own", "lateral", "parent", "emergency"]`.
    public let sourcing: [String]
    /// Replenishment: `continuous` or `periodic every N days`.
    public let replenishment: String
    /// Engineer dispatch rule.
    public let dispatch: String
    /// One line per disruption: kind, target, window.
    public let disruptionList: [String]
    /// Each disruption's window `[start_day, end_day]`, in scenario days (day 0 = the end of a
    /// simulation's warm-up); nil in summaries written before it existed.
    public let disruptionWindows: [[Double]]?

    enum CodingKeys: String, CodingKey {
        case name, file, description, question, currency, pools, items, products, engineers, calendars, disruptions
        case sourcing, replenishment, dispatch
        case disruptionList = "disruption_list"
        case disruptionWindows = "disruption_windows"
        case horizonDays = "horizon_days"
        case sitesPerKind = "sites_per_kind"
        case sitesPerEchelon = "sites_per_echelon"
        case candidateDepots = "candidate_depots"
        case installedUnits = "installed_units"
        case failuresPerYear = "failures_per_year"
        case lanesPerMode = "lanes_per_mode"
        case defaultLaneModes = "default_lane_modes"
        case slaClasses = "sla_classes"
        case stockLevels = "stock_levels"
    }
}

extension Scenario {
    /// Headline figures for display.
    public var summary: ScenarioSummary {
        var perKind: [String: Int] = [:]
        for kind in SiteKind.allCases { perKind[kind.rawValue] = sites.filter { $0.kind == kind }.count }
        let maxLevel = sites.compactMap(\.echelon).max() ?? -1
        var perLevel = [Int](repeating: 0, count: maxLevel + 1)
        for site in sites { if let level = site.echelon { perLevel[level] += 1 } }
        var perMode: [String: Int] = [:]
        for mode in LaneMode.allCases { perMode[mode.rawValue] = lanes.filter { $0.mode == mode }.count }
        let repairable = items.filter(\.repairable).count
        var stock: ScenarioSummary.StockFigures?
        if policies.stockLevels != nil {
            let entries = policies.stockLevelEntries
            stock = ScenarioSummary.StockFigures(
                positions: entries.filter { $0.level > 0 }.count,
                units: entries.reduce(0) { $0 + $1.level },
                value: entries.reduce(0) { $0 + Double($1.level) * items[$1.itemIndex].unitCost })
        }
        return ScenarioSummary(
            name: name, file: sourceFile, description: description, question: question, currency: currency, horizonDays: horizonDays,
            sitesPerKind: perKind, sitesPerEchelon: perLevel, candidateDepots: sites.filter(\.candidate).count,
            pools: pools.count,
            items: ScenarioSummary.ItemCounts(total: items.count, repairable: repairable, consumable: items.count - repairable),
            products: products.count, installedUnits: installedBase.reduce(0) { $0 + $1.units },
            failuresPerYear: totalDemandPerYear, lanesPerMode: perMode,
            defaultLaneModes: LaneMode.allCases.filter { laneDefaults[$0] != nil }.map(\.rawValue),
            engineers: sites.reduce(0) { $0 + $1.engineers }, slaClasses: slaClasses.count, calendars: calendars.count,
            disruptions: disruptions.count, stockLevels: stock,
            sourcing: policies.sourcing.map(\.rawValue), replenishment: replenishmentText, dispatch: policies.dispatch.rawValue,
            disruptionList: disruptions.map { disruptionLine($0) },
            disruptionWindows: disruptions.map { [$0.startDay, $0.endDay] })
    }

    private var replenishmentText: String {
        switch policies.replenishment {
        case .continuous: return "continuous"
        case .periodic(let days): return "periodic every \(days.shortText) days"
        }
    }

    private func disruptionLine(_ disruption: Disruption) -> String {
        let window = "days \(disruption.startDay.shortText)–\(disruption.endDay.shortText)"
        switch disruption.kind {
        case .failureSurge(let target, let multiplier):
            let what: String
            switch target {
            case .product(let id): what = "product \(id)"
            case .item(let id): what = "item \(id)"
            }
            return "failure surge ×\(multiplier.shortText) on \(what), \(window)"
        case .siteOutage(let site): return "outage of \(site), \(window)"
        case .laneSlowdown(let from, let to, let mode, let factor):
            return "lead times ×\(factor.shortText) on \(from) → \(to)\(mode.map { " (\($0.rawValue))" } ?? ""), \(window)"
        }
    }
}

extension Double {
    /// `7` for 7.0, `2.5` for 2.5: numbers as a planner writes them in a scenario.
    var shortText: String {
        if self == rounded(), abs(self) < 1e15 { return String(Int(self)) }
        return String(self)
    }
}
