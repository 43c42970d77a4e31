import ArgumentParser
import Foundation

/// The `echelon` command: argument parsing, progress and exit codes; the work is in the modules.
@main
struct Echelon: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "echelon",
        abstract: "Plan spare-parts service networks: stocking, depot placement, simulation.",
        discussion: """
            Exit codes: 0 success, 1 invalid input (scenario, data), 2 usage error, \
            3 solver or internal failure.
            """,
        version: echelonVersion,
        subcommands: [ValidateCommand.self, EvaluateCommand.self, OptimizeCommand.self, PlaceCommand.self, SimulateCommand.self,
                      CompareCommand.self, ReportCommand.self, DeskCommand.self, ServeCommand.self, BenchCommand.self]
    )

    /// Parses, runs, and maps every outcome to one of the documented exit codes.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as CLIError {
            FileHandle.standardError.write(Data("echelon: \(error.message)\n".utf8))
            Foundation.exit(error.status.rawValue)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                Foundation.exit(ExitStatus.success.rawValue)
            }
            if !message.isEmpty { FileHandle.standardError.write(Data("\(message)\n".utf8)) }
            // ArgumentParser uses EX_USAGE (64) for usage errors; Echelon documents 2.
            let status: ExitStatus = code == .validationFailure ? .usage : .failure
            Foundation.exit(status.rawValue)
        }
    }
}
