import Foundation

/// Loads scenario files: YAML plus CSV tables, validated all at once.
public enum ScenarioLoader {
    /// Loads and validates a scenario file; CSV tables are resolved relative to the YAML file's folder.
    /// - Throws: `ScenarioError` with every problem found (including a missing or unreadable file).
    public static func load(path: String) throws(ScenarioError) -> Scenario {
        let text: String
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            guard let decoded = String(data: data, encoding: .utf8) else {
                throw ScenarioError(diagnostics: [Diagnostic(file: path, line: nil, field: "", message: "cannot read file: it is not UTF-8 text")])
            }
            text = decoded
        } catch let error as ScenarioError {
            throw error
        } catch {
            throw ScenarioError(diagnostics: [Diagnostic(file: path, line: nil, field: "", message: "cannot read file: \(ScenarioReader.reason(error))")])
        }
        return try load(yaml: text, file: path, baseDirectory: directory(of: path))
    }

    /// Same, from text (for tests); `file` is the name used in diagnostics, `baseDirectory` for CSV refs
    /// (nil: the current directory).
    public static func load(yaml: String, file: String, baseDirectory: String?) throws(ScenarioError) -> Scenario {
        // A UTF-8 byte-order mark is harmless; strip it for libyaml.
        let text = yaml.hasPrefix("\u{FEFF}") ? String(yaml.dropFirst()) : yaml
        let parsed = YAMLReader.parse(text: text, file: file)
        guard let root = parsed.root else { throw ScenarioError(diagnostics: parsed.diagnostics) }
        let reader = ScenarioReader(baseDirectory: baseDirectory)
        guard let draft = reader.parseDocument(root) else { throw ScenarioError(diagnostics: reader.diagnostics) }
        let scenario = Validation(reader: reader, draft: draft, file: file).run()
        guard let scenario, reader.diagnostics.isEmpty else { throw ScenarioError(diagnostics: reader.diagnostics) }
        return scenario
    }

    /// The folder part of a path (`""` for a bare file name).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        if slash == path.startIndex { return "/" }
        return String(path[..<slash])
    }
}
