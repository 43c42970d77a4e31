import ArgumentParser
import DiscreteEvent
import Hummingbird
import MILP
import Placement
import Reports
import ScenarioModel
import ServiceAPI
import ServiceDesk
import Simulation
import Stocking

/// Echelon's exit codes (documented in the README): 0 success, 1 invalid input, 2 usage error,
/// 3 solver or internal failure.
enum ExitStatus: Int32 {
    case success = 0
    case invalidInput = 1
    case usage = 2
    case failure = 3
}

/// An error a subcommand reports to the user: the message (already phrased for people) and the
/// exit status it maps to.
struct CLIError: Error, CustomStringConvertible {
    var status: ExitStatus
    var message: String

    static func invalidInput(_ message: String) -> CLIError { CLIError(status: .invalidInput, message: message) }
    static func failure(_ message: String) -> CLIError { CLIError(status: .failure, message: message) }

    var description: String { message }
}

// MARK: - The one mapping from errors to exit statuses

extension ExitStatus {
    /// The exit status of any error: Echelon's own (`init(echelon:)`), else ArgumentParser's
    /// verdict, remapped to Echelon's codes: help and version 0, usage errors 2 (ArgumentParser's
    /// EX_USAGE, 64), anything else 3.
    init(for error: any Error) {
        if let status = ExitStatus(echelon: error) {
            self = status
            return
        }
        switch Echelon.exitCode(for: error) {
        case .success: self = .success
        case .validationFailure: self = .usage
        default: self = .failure
        }
    }

    /// The category of a `CLIError` or of an error of an Echelon module, case by case; nil for
    /// any other error (ArgumentParser's, Foundation's, GRDB's…). A call site that knows better
    /// than the type (a refused solve of a problem the command built itself is a failure, not
    /// the user's input) says so where it calls, with `context(_:as:_:)`, and why.
    init?(echelon error: any Error) {
        switch error {
        case let e as CLIError: self = e.status
        // Scenario: the files the user gave.
        case is ScenarioError, is CSVReader.ParseError, is DistributionSpec.ParseError: self = .invalidInput
        case let e as StockingError: self = Self(e)
        case let e as PlacementError: self = Self(e)
        case let e as MILPError: self = Self(e)
        case let e as SimulationError: self = Self(e)
        case is DistributionError: self = .invalidInput
        case let e as StatisticsError: self = Self(e)
        case let e as SimulationFailure: self = Self(e)
        case let e as DeskStoreError: self = Self(e)
        case let e as DeskError: self = Self(e)
        case let e as WorkflowError: self = Self(e)
        case let e as ReportError: self = Self(e)
        case let e as APIError: self = e.status.kind == .serverError ? .failure : .invalidInput
        default: return nil
        }
    }

    /// Every case names a number, a lane or a stock level of the scenario or plan given.
    private init(_ e: StockingError) {
        switch e {
        case .invalidNetwork, .invalidStock, .exactNeedsDeterministicLeadTimes: self = .invalidInput
        }
    }

    /// The problem's numbers, a data file or the scenario are the user's; GLPK's failure is ours.
    private init(_ e: PlacementError) {
        switch e {
        case .invalidInput, .invalidFile, .invalidScenario, .stocking: self = .invalidInput
        case .solver: self = .failure
        }
    }

    /// The CLI builds every model itself, so a model GLPK refuses, or GLPK's own error, is a
    /// failure.
    private init(_ e: MILPError) {
        switch e {
        case .emptyModel, .tooLarge, .invalidBounds, .invalidIntegerBounds, .nonFiniteObjective, .unknownVariable,
             .nonFiniteCoefficient, .duplicateTerm, .invalidRowBounds, .invalidName, .duplicateName, .invalidOption,
             .invalidStart, .solverFailure, .io:
            self = .failure
        }
    }

    /// The engine refused an event the world scheduled: the world's error.
    private init(_ e: SimulationError) {
        switch e {
        case .invalidTime, .timeInPast, .invalidDelay: self = .failure
        }
    }

    /// Statistics over the replications the command ran itself.
    private init(_ e: StatisticsError) {
        switch e {
        case .tooFewObservations, .invalidLevel, .invalidProbability, .invalidDegreesOfFreedom, .lengthMismatch,
             .nonFiniteObservation:
            self = .failure
        }
    }

    /// The options come from the command line. The scenario passed `ScenarioLoader`'s checks
    /// before it reached the simulation, so one the world still cannot build is a gap in those
    /// checks: a failure, as `simulate` has always reported it.
    private init(_ e: SimulationFailure) {
        switch e {
        case .invalidOptions, .cannotProgress: self = .invalidInput
        case .invalidScenario, .desk, .engine, .store: self = .failure
        }
    }

    /// As the API answers it (`APIError.store`): a write the record refuses (409) is the caller's,
    /// a failed storage (503) is a failure. Opening a file the user named is the user's input
    /// whatever the store calls it; the commands that do so say so (`DeskCommand.open`).
    private init(_ e: DeskStoreError) {
        switch e.kind {
        case .constraint: self = .invalidInput
        case .storage: self = .failure
        }
    }

    /// A desk command the state does not allow: the API answers each with a 4xx.
    private init(_ e: DeskError) {
        switch e {
        case .unknownOrder, .unknownShipment, .unknownVisit, .invalidTransition, .invalidSite, .invalidItem,
             .timeWentBack, .notAllowed:
            self = .invalidInput
        }
    }

    /// A workflow command refused: the API answers each with a 4xx (`DeskService.apiError`).
    private init(_ e: WorkflowError) {
        switch e {
        case .desk(let d): self = Self(d)
        case .unknownCustomer, .unknownAsset, .duplicateSerial, .unknownFaultCode, .wrongStage, .serialMismatch,
             .unknownReturn, .invalid:
            self = .invalidInput
        }
    }

    /// The folder and the files read are the user's; writing the page is ours.
    private init(_ e: ReportError) {
        switch e.kind {
        case .nothingToReport, .unreadable, .malformed: self = .invalidInput
        case .cannotWrite: self = .failure
        }
    }
}

extension CLIError {
    /// The error as `Echelon.main()` reports it, for a `CLIError` and every error of an Echelon
    /// module: its category and its description; nil for the others, which ArgumentParser
    /// phrases.
    init?(reporting error: any Error) {
        guard let status = ExitStatus(echelon: error) else { return nil }
        self.init(status: status, message: "\(error)")
    }
}
