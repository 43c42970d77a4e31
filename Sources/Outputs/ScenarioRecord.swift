public import ScenarioModel
import Foundation

/// `scenario.json`, which every command with `--out` writes: the command line and the scenario's
/// summary, so that a report can say what question was asked of which inputs.
public struct ScenarioRecord: Sendable, Codable, Equatable {
    /// The command line that wrote the folder (arguments shell-quoted where needed).
    public var command: String
    /// The scenario's headline figures.
    public var scenario: ScenarioSummary

    /// Creates a record.
    public init(command: String, scenario: ScenarioSummary) {
        self.command = command
        self.scenario = scenario
    }

    /// `echelon optimize scenarios/x.yaml --out 'my dir'`: `arguments` (without the program name)
    /// after `program`, each quoted for a POSIX shell when it needs it.
    public static func commandLine(program: String = "echelon", _ arguments: [String]) -> String {
        ([program] + arguments.map(shellQuoted)).joined(separator: " ")
    }

    static func shellQuoted(_ s: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:@%+,")
        if !s.isEmpty && s.allSatisfy({ safe.contains($0) }) { return s }
        return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
