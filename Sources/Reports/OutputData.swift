import Foundation
import Outputs
import ScenarioModel

/// A stock plan's row.
struct PlanRow: Sendable {
    var site: String
    var item: String
    var stock: Int
}

/// A row of `depots.csv`.
struct DepotRow: Sendable {
    var id: String
    var name: String
    var coordinate: Coordinate?
    var existing: Bool
    var fixedCost: Double?
    var capacity: Double?
    var demandServed: Double
    var utilisation: Double?
    var points: Int
    var transportCost: Double?
    var stockCost: Double?
}

/// A row of `assignment.csv`.
struct AssignmentRow: Sendable {
    var id: String
    var name: String
    var coordinate: Coordinate?
    var demand: Double
    var depot: String
    var travelHours: Double
    var transportCost: Double?
    var covered: Bool
}

/// A row of `sweep.csv`.
struct SweepRow: Sendable {
    var point: SweepPoint
    var bound: Double?
    var gap: Double?
    var openDepots: String
}

/// The weekly timeline of `weeks.csv`, averaged over replications.
struct WeeksData: Sendable {
    var startDays: [Double]
    var average: [TimelineWeek]
    var classes: [ClassSeries]
    var replications: Int
}

/// What one output set holds, read from its files.
enum OutputData: Sendable {
    case optimize(OptimizeSummary, plan: [PlanRow], curve: [CurveChart.Point]?)
    case place(PlaceSummary, depots: [DepotRow], assignment: [AssignmentRow], sweep: [SweepRow]?)
    case simulate(SimulationSummary, weeks: WeeksData?)
    case compare([CompareRow])
}

/// An output set with its data and its `scenario.json`, if any.
struct LoadedSet: Sendable {
    var set: OutputSet
    var scenario: ScenarioRecord?
    var data: OutputData

    init(_ set: OutputSet) throws(ReportError) {
        self.set = set
        func path(_ name: String) -> String { (set.folder as NSString).appendingPathComponent(name) }
        func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }
        scenario = exists("scenario.json") ? try JSONFile.read(ScenarioRecord.self, path: path("scenario.json"), snakeCase: false) : nil
        switch set.kind {
        case .optimize:
            let summary = try JSONFile.read(OptimizeSummary.self, path: path("summary.json"))
            let plan = try Self.plan(path("stock-plan.csv"))
            let curve = exists("curve.csv") ? try Self.curve(path("curve.csv")) : nil
            data = .optimize(summary, plan: plan, curve: curve)
        case .place:
            let summary = try JSONFile.read(PlaceSummary.self, path: path("summary.json"))
            let depots = try Self.depots(path("depots.csv"))
            let assignment = exists("assignment.csv") ? try Self.assignment(path("assignment.csv")) : []
            let sweep = exists("sweep.csv") ? try Self.sweep(path("sweep.csv")) : nil
            data = .place(summary, depots: depots, assignment: assignment, sweep: sweep)
        case .simulate:
            let file = try JSONFile.read(SimulationSummary.self, path: path("kpis.json"))
            let weeks = exists("weeks.csv") ? try Self.weeks(path("weeks.csv")) : nil
            data = .simulate(file, weeks: weeks)
        case .compare:
            data = .compare(try JSONFile.read([CompareRow].self, path: path("compare.json")))
        }
    }

    static func plan(_ path: String) throws(ReportError) -> [PlanRow] {
        let csv = try CSVFile(path: path, required: StockPlanFile.Column.allCases)
        var rows: [PlanRow] = []
        rows.reserveCapacity(csv.records.count)
        for r in csv.records {
            let stock = try csv.integer(r, StockPlanFile.Column.stock)
            guard stock >= 0 else { throw ReportError(.malformed, path: path, line: r.line, "column stock: \(stock) is negative") }
            rows.append(PlanRow(site: csv.text(r, StockPlanFile.Column.site), item: csv.text(r, StockPlanFile.Column.item), stock: stock))
        }
        return rows
    }

    static func curve(_ path: String) throws(ReportError) -> [CurveChart.Point] {
        let csv = try CSVFile(path: path, required: [CurveColumn.cost, CurveColumn.fillRate, CurveColumn.availability])
        var points: [CurveChart.Point] = []
        for r in csv.records {
            points.append(CurveChart.Point(cost: try csv.number(r, CurveColumn.cost), fillRate: try csv.number(r, CurveColumn.fillRate),
                                     availability: try csv.number(r, CurveColumn.availability)))
        }
        return points
    }

    static func coordinate(_ csv: CSVFile, _ r: CSVFile.Record) throws(ReportError) -> Coordinate? {
        guard let lat = try csv.optionalNumber(r, DepotColumn.lat), let lon = try csv.optionalNumber(r, DepotColumn.lon) else { return nil }
        return Coordinate(latitude: lat, longitude: lon)
    }

    static func depots(_ path: String) throws(ReportError) -> [DepotRow] {
        let csv = try CSVFile(path: path, required: [DepotColumn.depot, DepotColumn.name, DepotColumn.demandServed, DepotColumn.points])
        var rows: [DepotRow] = []
        for r in csv.records {
            let exactStock = try csv.optionalNumber(r, DepotColumn.stockCostExact)
            var stock = exactStock
            if stock == nil { stock = try csv.optionalNumber(r, DepotColumn.stockCost) }
            rows.append(DepotRow(
                id: csv.text(r, DepotColumn.depot), name: csv.text(r, DepotColumn.name), coordinate: try coordinate(csv, r),
                existing: csv.text(r, DepotColumn.existing) == "true", fixedCost: try csv.optionalNumber(r, DepotColumn.fixedCost),
                capacity: try csv.optionalNumber(r, DepotColumn.capacity), demandServed: try csv.number(r, DepotColumn.demandServed),
                utilisation: try csv.optionalNumber(r, DepotColumn.utilisation), points: try csv.integer(r, DepotColumn.points),
                transportCost: try csv.optionalNumber(r, DepotColumn.transportCost),
                stockCost: stock))
        }
        return rows
    }

    static func assignment(_ path: String) throws(ReportError) -> [AssignmentRow] {
        let csv = try CSVFile(path: path, required: [AssignmentColumn.point, AssignmentColumn.demand, AssignmentColumn.depot, AssignmentColumn.travelHours, AssignmentColumn.covered])
        var rows: [AssignmentRow] = []
        for r in csv.records {
            rows.append(AssignmentRow(
                id: csv.text(r, AssignmentColumn.point), name: csv.text(r, AssignmentColumn.name), coordinate: try coordinate(csv, r),
                demand: try csv.number(r, AssignmentColumn.demand), depot: csv.text(r, AssignmentColumn.depot), travelHours: try csv.number(r, AssignmentColumn.travelHours),
                transportCost: try csv.optionalNumber(r, AssignmentColumn.transportCost), covered: try csv.flag(r, AssignmentColumn.covered)))
        }
        return rows
    }

    static func sweep(_ path: String) throws(ReportError) -> [SweepRow] {
        let csv = try CSVFile(path: path, required: [SweepColumn.k, SweepColumn.status, SweepColumn.objective, SweepColumn.coverage])
        var rows: [SweepRow] = []
        for r in csv.records {
            rows.append(SweepRow(
                point: SweepPoint(k: try csv.integer(r, SweepColumn.k), status: csv.text(r, SweepColumn.status),
                                  objective: try csv.optionalNumber(r, SweepColumn.objective), coverage: try csv.optionalNumber(r, SweepColumn.coverage)),
                bound: try csv.optionalNumber(r, SweepColumn.bound), gap: try csv.optionalNumber(r, SweepColumn.gap),
                openDepots: csv.text(r, SweepColumn.openDepots)))
        }
        return rows.sorted { $0.point.k < $1.point.k }
    }

    /// `weeks.csv`: one row per replication and week; averaged per week (attainment weighted by
    /// tickets, the stock figures plain means).
    static func weeks(_ path: String) throws(ReportError) -> WeeksData {
        let csv = try CSVFile(path: path, required: [WeekColumn.replication, WeekColumn.week, WeekColumn.startDay, WeekColumn.ticketsResolved, WeekColumn.slaAttainment,
                                                     WeekColumn.averageBackorders, WeekColumn.averageOnHand])
        let prefix = WeekColumn.classAttainmentPrefix
        let classes = csv.header.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
        for c in classes where csv.index(WeekColumn.classTickets(c)) == nil {
            throw ReportError(.malformed, path: path, line: 1, "column sla_attainment_\(c) has no tickets_\(c) beside it")
        }
        struct Sum {
            var startDay = 0.0
            var tickets = 0.0, attained = 0.0
            var backorders = 0.0, onHand = 0.0, count = 0.0
            var classTickets: [Double], classAttained: [Double]
        }
        var byWeek: [Int: Sum] = [:]
        var replications = Set<Int>()
        for r in csv.records {
            let week = try csv.integer(r, WeekColumn.week)
            replications.insert(try csv.integer(r, WeekColumn.replication))
            var s = byWeek[week] ?? Sum(classTickets: Array(repeating: 0, count: classes.count),
                                        classAttained: Array(repeating: 0, count: classes.count))
            s.startDay = try csv.number(r, WeekColumn.startDay)
            let tickets = try csv.number(r, WeekColumn.ticketsResolved)
            if let a = try csv.optionalNumber(r, WeekColumn.slaAttainment) {
                s.tickets += tickets
                s.attained += a * tickets
            }
            s.backorders += try csv.number(r, WeekColumn.averageBackorders)
            s.onHand += try csv.number(r, WeekColumn.averageOnHand)
            s.count += 1
            for (k, c) in classes.enumerated() {
                let n = try csv.optionalNumber(r, WeekColumn.classTickets(c)) ?? 0
                s.classTickets[k] += n
                if let a = try csv.optionalNumber(r, prefix + c) { s.classAttained[k] += a * n }
            }
            byWeek[week] = s
        }
        let weeks = byWeek.keys.sorted()
        let n = Double(max(1, replications.count))
        var startDays: [Double] = [], average: [TimelineWeek] = []
        var series = classes.map { ClassSeries(name: $0, attainment: [], tickets: []) }
        for w in weeks {
            guard let s = byWeek[w] else { continue }
            startDays.append(s.startDay)
            average.append(TimelineWeek(startDay: s.startDay, slaAttainment: s.tickets > 0 ? s.attained / s.tickets : nil,
                                        averageBackorders: s.backorders / max(1, s.count), averageOnHand: s.onHand / max(1, s.count)))
            for k in series.indices {
                series[k].attainment.append(s.classTickets[k] > 0 ? s.classAttained[k] / s.classTickets[k] : nil)
                series[k].tickets.append(s.classTickets[k] / n)
            }
        }
        return WeeksData(startDays: startDays, average: average, classes: series, replications: replications.count)
    }
}
