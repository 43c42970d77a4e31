import ArgumentParser
import DiscreteEvent
@testable import echelon
import Foundation
import Hummingbird
import MILP
import Placement
import Reports
import ScenarioModel
import ServiceAPI
@testable import ServiceDesk
import Simulation
import Stocking
import Testing

/// `ExitStatus(for:)`, the one mapping from errors to exit codes: a representative of every
/// library error type (of every case where the category depends on it), and the helpers that
/// add context to an error without changing its category.
@Suite("error categories")
struct ErrorCategoryTests {
    /// Echelon's, not Swift Testing's `ExitStatus`.
    typealias ExitStatus = echelon.ExitStatus

    static func thrown(_ body: () throws -> Void) -> any Error {
        do { try body() } catch { return error }
        return CLIError.failure("nothing thrown")
    }

    static let diagnostic = Diagnostic(file: "x.yaml", line: 3, field: "sites[0].parent", message: "unknown site \"RC\"")

    /// (error, exit status): at least one of each library error type, and each case of a type
    /// whose cases differ in category.
    static let representatives: [(any Error, ExitStatus)] = [
        (CLIError.invalidInput("bad"), .invalidInput),
        (CLIError.failure("broke"), .failure),
        // Scenario
        (ScenarioError(diagnostics: [diagnostic]), .invalidInput),
        (CSVReader.ParseError(line: 2, message: "unterminated quote"), .invalidInput),
        (DistributionSpec.ParseError(message: "unknown distribution \"gama\""), .invalidInput),
        // Stocking
        (StockingError.invalidNetwork("no lane"), .invalidInput),
        (StockingError.invalidStock("negative"), .invalidInput),
        (StockingError.exactNeedsDeterministicLeadTimes(site: 1), .invalidInput),
        // Placement: its inputs against GLPK's failure
        (PlacementError.invalidInput(field: "facilities[3].fixedCost", reason: "must be finite"), .invalidInput),
        (PlacementError.invalidFile(path: "cap71.txt", reason: "cannot read file"), .invalidInput),
        (PlacementError.invalidScenario("no placement candidates"), .invalidInput),
        (PlacementError.stocking("invalid stock levels"), .invalidInput),
        (PlacementError.solver("GLPK internal error"), .failure),
        // MILP: the CLI builds every model itself
        (MILPError.emptyModel, .failure),
        (MILPError.invalidBounds(variable: "x", lower: 1, upper: 0), .failure),
        (MILPError.solverFailure(message: "glp_intopt"), .failure),
        (MILPError.io(path: "m.lp", reason: "cannot write"), .failure),
        // DiscreteEvent
        (SimulationError.timeInPast(time: 1, now: 2), .failure),
        (thrown { _ = try Distribution.exponential(mean: -1) }, .invalidInput),
        (StatisticsError.tooFewObservations(count: 1, required: 2), .failure),
        // Simulation: the options are the user's, the rest is the world's
        (SimulationFailure.invalidOptions("at least one replication is needed"), .invalidInput),
        (SimulationFailure.invalidScenario("gamma: cv = -1 must be > 0"), .failure),
        (SimulationFailure.desk("no service order 3"), .failure),
        (SimulationFailure.engine("event time nan"), .failure),
        (SimulationFailure.store("disk full"), .failure),
        // ServiceDesk: by kind, as the API answers (409 against 503)
        (DeskStoreError(path: "d.sqlite", message: "UNIQUE constraint failed: users.name", kind: .constraint), .invalidInput),
        (DeskStoreError(path: "d.sqlite", message: "database or disk is full", kind: .storage), .failure),
        (thrown { _ = try SQLiteStore.open(path: "/nonexistent/desk.sqlite") }, .failure),
        (DeskError.invalidTransition(order: 1, from: .closed, to: .opened), .invalidInput),
        (WorkflowError.desk(.unknownOrder(3)), .invalidInput),
        (WorkflowError.duplicateSerial("SN-1"), .invalidInput),
        // Reports: the folder read against the page written
        (ReportError(.nothingToReport, path: "out", "no Echelon outputs"), .invalidInput),
        (ReportError(.unreadable, path: "out/kpis.json", "cannot read"), .invalidInput),
        (ReportError(.malformed, path: "out/kpis.json", line: 2, "kpis: not a list"), .invalidInput),
        (ReportError(.cannotWrite, path: "out/report.html", "cannot write the report"), .failure),
        // ServiceAPI (`desk user` meets it): by HTTP status
        (APIError(.unprocessableContent, "unprocessable", "no site NOPE", field: "site"), .invalidInput),
        (APIError(.serviceUnavailable, "store_failed", "the desk's store failed"), .failure),
        // ArgumentParser's own, and an error of no Echelon module
        (ValidationError("--runs must be at least 1"), .usage),
        (thrown { _ = try Echelon.parseAsRoot(["--bogus"]) }, .usage),
        (CleanExit.helpRequest(), .success),
        (CocoaError(.fileNoSuchFile), .failure),
    ]

    @Test func everyLibraryErrorHasItsCategory() {
        for (error, status) in Self.representatives {
            #expect(ExitStatus(for: error) == status, "\(type(of: error)): \(error)")
        }
    }

    /// Main reports Echelon's errors as `echelon: DESCRIPTION`; ArgumentParser words the others.
    @Test func mainReportsEchelonErrorsByTheirDescription() throws {
        let solver = try #require(CLIError(reporting: PlacementError.solver("GLPK internal error")))
        #expect(solver.status == .failure && solver.message == "solver: GLPK internal error")
        let scenario = try #require(CLIError(reporting: ScenarioError(diagnostics: [Self.diagnostic])))
        #expect(scenario.status == .invalidInput && scenario.message == "x.yaml:3: sites[0].parent: unknown site \"RC\"")
        #expect(CLIError(reporting: CLIError.invalidInput("bad"))?.message == "bad")
        #expect(CLIError(reporting: ValidationError("--runs must be at least 1")) == nil)
        #expect(CLIError(reporting: CocoaError(.fileNoSuchFile)) == nil)
    }

    /// `context` puts its words before the message and keeps the error's category, unless the
    /// call site gives another.
    @Test func contextKeepsTheCategoryUnlessToldOtherwise() {
        let kept = Self.thrown { try context("cap71") { throw MILPError.emptyModel } }
        #expect((kept as? CLIError)?.status == .failure)
        #expect((kept as? CLIError)?.message == "cap71: the model has no variables")
        let input = Self.thrown { try context("cap71") { throw PlacementError.invalidFile(path: "cap71.txt", reason: "cannot read file") } }
        #expect((input as? CLIError)?.status == .invalidInput)
        let overridden = Self.thrown { try context(as: .failure) { throw PlacementError.invalidInput(field: "timeLimit", reason: "must be positive") } }
        #expect((overridden as? CLIError)?.status == .failure)
        #expect((overridden as? CLIError)?.message == "timeLimit: must be positive")
        #expect((try? context { 42 }) == 42)
    }

    /// A scenario's problems under their heading, counted; writing failures in Foundation's words.
    @Test func scenarioProblemsAndWritingFailures() {
        let two = ScenarioError(diagnostics: [Self.diagnostic, Diagnostic(file: "x.yaml", line: nil, field: "", message: "no items")])
        let listed = Self.thrown { _ = try listingProblems(under: "x.yaml is not valid") { throw two } }
        #expect((listed as? CLIError)?.status == .invalidInput)
        #expect((listed as? CLIError)?.message
            == "x.yaml is not valid (2 problems):\nx.yaml: no items\nx.yaml:3: sites[0].parent: unknown site \"RC\"")
        #expect(CLIError(ScenarioError(diagnostics: [Self.diagnostic]), heading: "invalid input").message
            == "invalid input (1 problem):\nx.yaml:3: sites[0].parent: unknown site \"RC\"")
        // Other errors pass listingProblems unchanged.
        let other = Self.thrown { _ = try listingProblems(under: "x") { throw CLIError.failure("kept") } }
        #expect((other as? CLIError)?.message == "kept")
        let write = Self.thrown { try writing(to: "/dev/null/out") { throw CocoaError(.fileWriteUnknown) } }
        #expect((write as? CLIError)?.status == .failure)
        #expect((write as? CLIError)?.message.hasPrefix("cannot write to /dev/null/out: ") == true)
    }
}
