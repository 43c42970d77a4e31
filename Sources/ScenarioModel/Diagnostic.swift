/// One problem found while loading a scenario, located as precisely as the source allows.
///
/// Its `description` is the compiler-style line planners and editors understand:
/// `scenarios/x.yaml:12: sites[3].parent: unknown site "RC-09"`.
public struct Diagnostic: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The file the problem is in, as the user named it (YAML file or referenced CSV file).
    public var file: String
    /// 1-based line number in `file`, when known.
    public var line: Int?
    /// The field path inside the scenario, e.g. `sites[3].parent` (0-based row indices); empty for the whole file.
    public var field: String
    /// A sentence a planner can act on.
    public var message: String

    /// Creates a diagnostic.
    public init(file: String, line: Int?, field: String, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    /// `file:line: field: message`; `:line` is omitted when unknown, `field: ` when empty.
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if !field.isEmpty { text += field + ": " }
        return text + message
    }
}

/// The error thrown when a scenario cannot be loaded: every problem found, not just the first.
public struct ScenarioError: Error, Sendable, CustomStringConvertible {
    /// All problems, ordered by file, then line (problems without a line come first within their file).
    public let diagnostics: [Diagnostic]

    /// Creates the error; diagnostics are sorted by file and line (stable for equal positions).
    public init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics.enumerated().sorted { lhs, rhs in
            let left = lhs.element, right = rhs.element
            if left.file != right.file { return left.file < right.file }
            let leftLine = left.line ?? 0, rightLine = right.line ?? 0
            if leftLine != rightLine { return leftLine < rightLine }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }

    /// One diagnostic per line.
    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
