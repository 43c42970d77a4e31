import Foundation
import Outputs
import ScenarioModel
import Testing

/// Each output file's schema is one type: what the commands encode, the report decodes to the
/// same value, and a file of the first version (no `format`) still reads.
@Suite("output file schemas")
struct OutputSchemaTests {
    static func roundTrip<T: Codable & Equatable>(_ value: T) throws -> T {
        try OutputJSON.decoder().decode(T.self, from: Data(try OutputJSON.encode(value).utf8))
    }

    @Test func optimizeSummaryRoundTrips() throws {
        let text = Fixture.optimizeSummary
        let value = try OutputJSON.decoder().decode(OptimizeSummary.self, from: Data(text.utf8))
        #expect(value.format == OutputJSON.format)
        #expect(try Self.roundTrip(value) == value)
        #expect(try OutputJSON.encode(value) == text)
        #expect(text.contains("\"holding_cost_per_year\" : 875.125") && text.contains("\"pricing_converged\" : true"))
    }

    @Test func simulationSummaryRoundTripsAndDropsUndefinedFigures() throws {
        var value = try OutputJSON.decoder().decode(SimulationSummary.self, from: Data(Fixture.kpis.utf8))
        #expect(try Self.roundTrip(value) == value)
        #expect(value.kpi("penalty_cost_per_year")?.mean == 128137.5)
        value.kpis.append(.init(name: KPI.responseMean.name, unit: "days", mean: .nan, halfWidth: .infinity))
        let text = try OutputJSON.encode(value)
        #expect(try Self.roundTrip(value) == value)
        #expect(value.kpis.last?.mean == nil && value.kpis.last?.halfWidth == nil)
        #expect(!text.contains("nan") && !text.contains("inf"))
    }

    @Test func compareRowsRoundTrip() throws {
        let rows = try OutputJSON.decoder().decode([CompareRow].self, from: Data(Fixture.compare.utf8))
        #expect(rows.count == 4 && rows[2].significant == true && rows[0].differenceFromBaseline == nil)
        #expect(try Self.roundTrip(rows) == rows)
    }

    @Test func placeSummaryOfTheFirstVersionReads() throws {
        let old = try OutputJSON.decoder().decode(PlaceSummary.self, from: Data(Fixture.placeSummary.utf8))
        #expect(old.format == nil && old.statistics == nil && old.solveSeconds == nil)
        #expect(old.openDepots == ["D1"] && old.coverage.hours == 4 && old.objectiveParts?.closing == 0)
        var current = old
        current.format = OutputJSON.format
        #expect(try Self.roundTrip(current) == current)
        #expect(old.constraints?.description == "coverage 0.95@4.0h, capacities")
    }

    @Test func csvHeadersAreTheColumnsInOrder() {
        #expect(CurveColumn.header == "point,cost,holding_cost_per_year,units,ebo,fill_rate,availability,waiting_days")
        #expect(SweepColumn.header == "k,status,objective,fixed,transport,stock,closing,coverage,bound,gap,seconds,open_depots")
        #expect(StockPlanFile.Column.header == "site,item,stock")
        #expect(WeekColumn.classAttainment("premium") == "sla_attainment_premium" && WeekColumn.classTickets("premium") == "tickets_premium")
    }

    @Test func csvWriterQuotesWhatTheReaderUnquotes() throws {
        let cells = ["plain", "a,b", "say \"hi\"", "two\nlines", ""]
        let parsed = try CSVReader(text: CSVWriter.line(cells) + CSVWriter.line(["x", "y", "z", "w", "v"]))
        #expect(parsed.rows.map(\.cells) == [cells, ["x", "y", "z", "w", "v"]])
        #expect(parsed.rows[1].line == 3)
    }
}
