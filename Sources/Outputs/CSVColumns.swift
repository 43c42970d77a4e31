public import ScenarioModel

/// The columns of the CSV files the commands write and the report reads, each stated once: the
/// writers print `header` and the cells in this order, the readers look columns up by these names.
/// (`stock-plan.csv` has its columns in `StockPlanFile.Column`.)
public protocol CSVColumns: RawRepresentable, CaseIterable where RawValue == String {}

extension CSVColumns {
    /// The header line, without its line break.
    public static var header: String { allCases.map(\.rawValue).joined(separator: ",") }
}

/// `curve.csv` of `echelon optimize`: one row per point of the cost–effectiveness curve.
public enum CurveColumn: String, CSVColumns {
    case point, cost, holdingCostPerYear = "holding_cost_per_year", units, ebo, fillRate = "fill_rate", availability
    case waitingDays = "waiting_days"
}

/// `depots.csv` of `echelon place`: one row per open depot.
public enum DepotColumn: String, CSVColumns {
    case depot, name, lat, lon, existing, fixedCost = "fixed_cost", capacity, demandServed = "demand_served", utilisation, points
    case transportCost = "transport_cost", stockCost = "stock_cost", stockCostExact = "stock_cost_exact"
}

/// `assignment.csv` of `echelon place`: one row per service point and the depot serving it.
public enum AssignmentColumn: String, CSVColumns {
    case point, name, lat, lon, demand, depot, travelHours = "travel_hours", transportCost = "transport_cost", covered
}

/// `sweep.csv` of `echelon place --sweep`: one row per depot count.
public enum SweepColumn: String, CSVColumns {
    case k, status, objective, fixed, transport, stock, closing, coverage, bound, gap, seconds, openDepots = "open_depots"
}

/// `weeks.csv` of `echelon simulate`: one row per replication and week; after these columns, a
/// pair per SLA class (`classAttainment(id)`, `classTickets(id)`).
public enum WeekColumn: String, CSVColumns {
    case replication, week, startDay = "start_day", ticketsResolved = "tickets_resolved", slaAttainment = "sla_attainment"
    case averageBackorders = "average_backorders", averageOnHand = "average_on_hand"

    /// The prefix of the per-class attainment columns.
    public static let classAttainmentPrefix = "sla_attainment_"
    /// The column of a class's attainment, and of its resolved tickets.
    public static func classAttainment(_ id: String) -> String { classAttainmentPrefix + id }
    public static func classTickets(_ id: String) -> String { "tickets_" + id }
}

/// `stock-plan.csv`: its columns live with the format's reader and writer in Scenario.
extension StockPlanFile.Column: CSVColumns {}
