/// The unit a KPI is measured in.
public enum KPIUnit: String, Sendable, Codable, CaseIterable {
    case fraction, days, units, currency, orders, shipments
}

/// The key of one KPI: the one vocabulary the simulation, the desk, the API and the reports share.
/// Its `name` is the spelling in files (`kpis.json`, `kpis.csv`, `compare.csv`); a KPI of an SLA
/// class, an echelon level or a shipment kind carries that subject.
public enum KPI: Hashable, Sendable {
    /// Demands at service points met from the own shelf at once ÷ those demands.
    case fillRate
    /// The same at the stocking sites of one echelon level (0 = central), over their demands
    /// (customers' and child sites' reorders).
    case fillRateEchelon(Int)
    /// Service-point demands met by a lateral shipment, by an emergency shipment, or backordered ÷
    /// those demands.
    case lateralFraction, emergencyFraction, backorderFraction
    /// Time-average tickets waiting for a part at service points.
    case averageBackorders
    /// Tickets resolved per year.
    case ticketsPerYear
    /// Time to restore (opened → resolved): mean and quantiles, days.
    case ttrMean, ttrP50, ttrP90, ttrP95
    /// Response (opened → engineer first on site): mean and p90, days.
    case responseMean, responseP90
    /// Share of an SLA class's orders restored, or responded to, within the class's target.
    case slaRestore(slaClass: String)
    case slaResponse(slaClass: String)
    /// Time-average units on the shelves, their value, and the holding cost that accrues per year.
    case averageOnHand, stockValue, holdingCostPerYear
    /// Average units on hand ÷ units issued per day (Little's law), days.
    case stockAge
    /// Busy engineer time ÷ engineer time available.
    case engineerUtilisation
    /// Restored orders with exactly one visit ÷ restored orders with a visit.
    case firstTimeFixRate
    /// Mean days from a defective unit's removal to its repaired return to stock.
    case repairLoopDays
    /// Transport cost per year, in all and per shipment kind (`lateral`, `emergency`, …).
    case transportCostPerYear
    case transportCostPerYearOfKind(String)
    /// SLA penalties per year (breaches × the class's penalty).
    case penaltyCostPerYear
    /// Shipments per year of one kind.
    case shipmentsPerYear(kind: String)

    private static let fixed: [(KPI, String, KPIUnit, String)] = [
        (.fillRate, "fill_rate", .fraction, "Fill rate (own shelf)"),
        (.lateralFraction, "lateral_fraction", .fraction, "Lateral share"),
        (.emergencyFraction, "emergency_fraction", .fraction, "Emergency share"),
        (.backorderFraction, "backorder_fraction", .fraction, "Backorder share"),
        (.averageBackorders, "average_backorders", .units, "Backorders (average)"),
        (.ticketsPerYear, "tickets_per_year", .orders, "Tickets per year"),
        (.ttrMean, "ttr_mean", .days, "Time to restore, mean"),
        (.ttrP50, "ttr_p50", .days, "Time to restore, median"),
        (.ttrP90, "ttr_p90", .days, "Time to restore, p90"),
        (.ttrP95, "ttr_p95", .days, "Time to restore, p95"),
        (.responseMean, "response_mean", .days, "Response, mean"),
        (.responseP90, "response_p90", .days, "Response, p90"),
        (.averageOnHand, "average_on_hand", .units, "Units on hand (average)"),
        (.stockValue, "stock_value", .currency, "Stock value"),
        (.holdingCostPerYear, "holding_cost_per_year", .currency, "Holding cost per year"),
        (.stockAge, "stock_age", .days, "Stock age"),
        (.engineerUtilisation, "engineer_utilisation", .fraction, "Engineer utilisation"),
        (.firstTimeFixRate, "first_time_fix_rate", .fraction, "First-time fix"),
        (.repairLoopDays, "repair_loop_days", .days, "Repair loop"),
        (.transportCostPerYear, "transport_cost_per_year", .currency, "Transport cost per year"),
        (.penaltyCostPerYear, "penalty_cost_per_year", .currency, "SLA penalties per year"),
    ]
    private static let byName: [String: KPI] = Dictionary(uniqueKeysWithValues: fixed.map { ($0.1, $0.0) })

    /// The name in files: `fill_rate`, `sla_restore_premium`, `shipments_lateral_per_year`.
    public var name: String {
        switch self {
        case .fillRateEchelon(let level): return "fill_rate_echelon_\(level)"
        case .slaRestore(let c): return "sla_restore_\(c)"
        case .slaResponse(let c): return "sla_response_\(c)"
        case .transportCostPerYearOfKind(let kind): return "transport_cost_\(kind)_per_year"
        case .shipmentsPerYear(let kind): return "shipments_\(kind)_per_year"
        default: return Self.fixed.first { $0.0 == self }?.1 ?? ""
        }
    }

    /// The unit of the KPI's values.
    public var unit: KPIUnit {
        switch self {
        case .fillRateEchelon, .slaRestore, .slaResponse: return .fraction
        case .transportCostPerYearOfKind: return .currency
        case .shipmentsPerYear: return .shipments
        default: return Self.fixed.first { $0.0 == self }?.2 ?? .units
        }
    }

    /// A person's name for the KPI, as the report shows it.
    public var displayName: String {
        func spaced(_ s: String) -> String { s.replacingUnderscores() }
        switch self {
        case .fillRateEchelon(let level): return "Fill rate, echelon \(level)"
        case .slaRestore(let c): return "SLA restore attainment: " + spaced(c)
        case .slaResponse(let c): return "SLA response attainment: " + spaced(c)
        case .transportCostPerYearOfKind(let kind): return "Transport cost: " + spaced(kind) + " per year"
        case .shipmentsPerYear(let kind): return "Shipments: " + spaced(kind) + " per year"
        default: return Self.fixed.first { $0.0 == self }?.3 ?? spaced(name)
        }
    }

    /// Whether the KPI is a service level or a sourcing share (the report charts these together):
    /// every fraction but engineer utilisation.
    public var isServiceShare: Bool { unit == .fraction && self != .engineerUtilisation }

    /// The KPI a file names, nil for a name this version does not know.
    public init?(name: String) {
        if let k = Self.byName[name] { self = k; return }
        func subject(_ prefix: String, _ suffix: String = "") -> String? {
            guard name.hasPrefix(prefix), name.hasSuffix(suffix), name.count > prefix.count + suffix.count else { return nil }
            return String(name.dropFirst(prefix.count).dropLast(suffix.count))
        }
        if let level = subject("fill_rate_echelon_").flatMap({ Int($0) }), level >= 0 {
            self = .fillRateEchelon(level)
        } else if let c = subject("sla_restore_") {
            self = .slaRestore(slaClass: c)
        } else if let c = subject("sla_response_") {
            self = .slaResponse(slaClass: c)
        } else if let kind = subject("transport_cost_", "_per_year") {
            self = .transportCostPerYearOfKind(kind)
        } else if let kind = subject("shipments_", "_per_year") {
            self = .shipmentsPerYear(kind: kind)
        } else {
            return nil
        }
    }

    /// The person's name for a KPI given by its file name: its `displayName`, or for a name this
    /// version does not know (an older or newer folder), the name with spaces for underscores.
    public static func displayName(of name: String) -> String {
        KPI(name: name)?.displayName ?? name.replacingUnderscores()
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(map { $0 == "_" ? " " : $0 })
    }
}
