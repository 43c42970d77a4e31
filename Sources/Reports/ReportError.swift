import Foundation
/// Why a report could not be made: the file (and line, for CSV) and what is wrong with it.
public struct ReportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem, for callers that map errors to exit codes.
    public enum Kind: Sendable, Equatable {
        /// The folder holds no output set the report recognises.
        case nothingToReport
        /// A file could not be read (missing, unreadable, not UTF-8).
        case unreadable
        /// A file was read but its content is not what the command writes.
        case malformed
        /// The report could not be written.
        case cannotWrite
    }

    public var kind: Kind
    /// The file or folder at fault.
    public var path: String
    /// The 1-based line, for CSV files.
    public var line: Int?
    /// What is wrong, phrased for people.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, path: String, line: Int? = nil, _ message: String) {
        self.kind = kind
        self.path = path
        self.line = line
        self.message = message
    }

    /// `path:line: message`.
    public var description: String {
        "\(path)\(line.map { ":\($0)" } ?? ""): \(message)"
    }
}
