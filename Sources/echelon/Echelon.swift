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

    /// Parses, runs, and maps every outcome to one of the documented exit codes: the one place
    /// errors become exit codes, through `ExitStatus(for:)`.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if let reported = CLIError(reporting: error) {
                FileHandle.standardError.write(Data("echelon: \(reported.message)\n".utf8))
                Foundation.exit(reported.status.rawValue)
            }
            // ArgumentParser's own outcomes (help, version, usage errors) and errors of no Echelon
            // module, in ArgumentParser's words.
            let status = ExitStatus(for: error)
            let message = fullMessage(for: error)
            if status == .success {
                if !message.isEmpty { print(message) }
            } else if !message.isEmpty {
                FileHandle.standardError.write(Data("\(message)\n".utf8))
            }
            Foundation.exit(status.rawValue)
        }
    }
}
