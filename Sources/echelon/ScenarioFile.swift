import Foundation
import Outputs
import Reports
import ScenarioModel

/// `scenario.json`, written beside every command's outputs: the command line and the scenario's
/// summary (the question, the inputs in brief), which `echelon report` opens with.
enum ScenarioFile {
    /// The command line of this process, as a user would type it again.
    static var commandLine: String { ScenarioRecord.commandLine(Array(CommandLine.arguments.dropFirst())) }

    /// Writes `dir/scenario.json` (the folder must exist); the callers turn a failure into their
    /// "cannot write to DIR" error.
    static func write(_ scenario: Scenario, to dir: String) throws {
        let record = ScenarioRecord(command: commandLine, scenario: scenario.summary)
        try (try OutputJSON.encode(record) + "\n").write(toFile: "\(dir)/scenario.json", atomically: true, encoding: .utf8)
    }
}
