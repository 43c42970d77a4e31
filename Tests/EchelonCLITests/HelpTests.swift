import Foundation
import Testing

/// The help texts are the CLI's documentation: each `echelon … --help` is compared whole with its
/// fixture in Fixtures/help/ (`echelon.txt` for the top level, `bench-milp.txt` for
/// `echelon bench milp`), at a fixed width of 80 columns and with TMPDIR=/tmp (the default of
/// `bench desk --directory`). After an intended change of a help text,
/// regenerate the fixtures with `ECHELON_UPDATE_HELP_FIXTURES=1 swift test --filter HelpTests`
/// and review the diff.
@Suite("echelon help texts")
struct HelpTests {
    /// Every command and subcommand, as the words after `echelon`.
    static let commands: [[String]] = [
        [],
        ["validate"], ["evaluate"], ["optimize"], ["place"], ["simulate"], ["compare"], ["report"],
        ["desk"], ["desk", "check"], ["desk", "kpis"], ["desk", "user"],
        ["serve"],
        ["bench"], ["bench", "milp"], ["bench", "stocking"], ["bench", "ufl"], ["bench", "des"], ["bench", "desk"], ["bench", "api"],
    ]

    static let folder = repositoryRoot.appendingPathComponent("Tests/EchelonCLITests/Fixtures/help")

    static func fixture(_ command: [String]) -> URL {
        folder.appendingPathComponent((command.isEmpty ? "echelon" : command.joined(separator: "-")) + ".txt")
    }

    /// The same text whatever the terminal's width and the temporary folder.
    static let environment = ["COLUMNS": "80", "TMPDIR": "/tmp"]

    /// `echelon COMMAND --help`.
    static func help(_ command: [String]) throws -> RunResult {
        try run(echelonBinary(), command + ["--help"], environment: environment)
    }

    @Test(arguments: commands)
    func helpMatchesItsFixture(command: [String]) throws {
        let name = (["echelon"] + command).joined(separator: " ")
        let r = try Self.help(command)
        #expect(r.status == 0, "\(name) --help exits with \(r.status)")
        #expect(r.stderr.isEmpty, "\(name) --help wrote to stderr: \(r.stderr)")
        let file = Self.fixture(command)
        if ProcessInfo.processInfo.environment["ECHELON_UPDATE_HELP_FIXTURES"] == "1" {
            try r.stdout.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        Self.compare(r.stdout, expected, call: "\(name) --help", fixture: file)
        // `-h` and `echelon help COMMAND` print the same text.
        for arguments in [command + ["-h"], ["help"] + command] {
            let other = try run(echelonBinary(), arguments, environment: Self.environment)
            let call = (["echelon"] + arguments).joined(separator: " ")
            #expect(other.status == 0, "\(call) exits with \(other.status)")
            Self.compare(other.stdout, expected, call: call, fixture: file)
        }
    }

    /// No fixture without its command (a removed or renamed command leaves none behind).
    @Test func everyFixtureHasACommand() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter { $0.hasSuffix(".txt") }
        #expect(Set(files) == Set(Self.commands.map { Self.fixture($0).lastPathComponent }))
    }

    /// Every subcommand the help texts list is in `commands`, so none goes unchecked.
    @Test func everyListedSubcommandIsChecked() throws {
        for command in Self.commands {
            let text = try String(contentsOf: Self.fixture(command), encoding: .utf8)
            guard let section = text.components(separatedBy: "SUBCOMMANDS:\n").dropFirst().first else { continue }
            for line in section.split(separator: "\n", omittingEmptySubsequences: false) {
                guard line.hasPrefix("  "), !line.hasPrefix("   "), let word = line.split(separator: " ").first else {
                    if line.isEmpty { break } else { continue }
                }
                #expect(Self.commands.contains(command + [String(word)]), "\(command) lists \(word), which has no fixture")
            }
        }
    }

    /// Records an issue naming the first differing line when `actual` is not `expected`, and
    /// shows the whole actual text (not both texts, as `#expect(a == b)` would).
    static func compare(_ actual: String, _ expected: String, call: String, fixture: URL,
                        sourceLocation: SourceLocation = #_sourceLocation) {
        guard actual != expected else { return }
        let a = expected.components(separatedBy: "\n"), b = actual.components(separatedBy: "\n")
        let k = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        let x = k < a.count ? a[k] : "<end of text>", y = k < b.count ? b[k] : "<end of text>"
        Issue.record("""
            \(call) differs from Fixtures/help/\(fixture.lastPathComponent) at line \(k + 1):
              expected: \(x)
              actual:   \(y)
            whole output (ECHELON_UPDATE_HELP_FIXTURES=1 rewrites the fixtures):
            \(actual)
            """, sourceLocation: sourceLocation)
    }
}
