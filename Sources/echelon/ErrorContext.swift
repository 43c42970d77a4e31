import Foundation
import ScenarioModel

// Errors propagate to `Echelon.main()`, which reports them through `ExitStatus(for:)`. A call
// site catches only to add context to the message, or to give an error another category than
// its type has; these helpers do either.

extension CLIError {
    /// `error` with `context` before its message (`CONTEXT: MESSAGE`), in its own category
    /// (`ExitStatus(for:)`) unless the call site gives `status`.
    init(wrapping error: any Error, context: String? = nil, as status: ExitStatus? = nil) {
        self.init(status: status ?? ExitStatus(for: error), message: context.map { "\($0): \(error)" } ?? "\(error)")
    }

    /// An invalid scenario or plan file: `HEADING (N problems):`, then one problem per line.
    init(_ error: ScenarioError, heading: String) {
        let n = error.diagnostics.count
        self.init(status: ExitStatus(for: error), message: "\(heading) (\(n) problem\(n == 1 ? "" : "s")):\n\(error)")
    }
}

/// Runs `body`; an error it throws becomes `CLIError(wrapping:context:as:)`: `context` goes
/// before the message, and the exit status stays the error's own unless `status` is given (an
/// exception to the type's category, which the call site explains).
func context<T>(_ context: String? = nil, as status: ExitStatus? = nil, _ body: () throws -> T) throws(CLIError) -> T {
    do { return try body() } catch { throw CLIError(wrapping: error, context: context, as: status) }
}

/// `context(_:as:_:)` for an asynchronous body.
func context<T>(_ context: String? = nil, as status: ExitStatus? = nil, _ body: () async throws -> T) async throws(CLIError) -> T {
    do { return try await body() } catch { throw CLIError(wrapping: error, context: context, as: status) }
}

/// Runs `body`, which loads a scenario or a plan file: an invalid one (a `ScenarioError`) is
/// listed under `heading` (`CLIError(_:heading:)`, exit 1); any other error passes unchanged.
func listingProblems<T>(under heading: String, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as ScenarioError { throw CLIError(error, heading: heading) }
}

/// Runs `body`, which writes a command's output files into `dir`: whatever fails is
/// `cannot write to DIR: REASON` (exit 3), REASON as Foundation words it.
func writing(to dir: String, _ body: () throws -> Void) throws(CLIError) {
    do { try body() } catch let error as CLIError { throw error } catch {
        throw CLIError.failure("cannot write to \(dir): \(error.localizedDescription)")
    }
}
