import ArgumentParser

/// Echelon's exit codes (documented in the README): 0 success, 1 invalid input, 2 usage error,
/// 3 solver or internal failure.
enum ExitStatus: Int32 {
    case success = 0
    case invalidInput = 1
    case usage = 2
    case failure = 3
}

/// An error a subcommand reports to the user: the message (already phrased for people) and the
/// exit status it maps to. The one place errors become exit codes is `Echelon.main()`.
struct CLIError: Error, CustomStringConvertible {
    var status: ExitStatus
    var message: String

    static func invalidInput(_ message: String) -> CLIError { CLIError(status: .invalidInput, message: message) }
    static func failure(_ message: String) -> CLIError { CLIError(status: .failure, message: message) }

    var description: String { message }
}
