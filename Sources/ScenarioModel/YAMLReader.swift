import Foundation
import Yams

/// Where a value came from: a file and a 1-based line.
struct SourceLocation: Sendable, Equatable {
    var file: String
    var line: Int?
}

/// A YAML or CSV value stripped to what the scenario reader needs, with its location.
/// Both YAML documents and CSV rows become `RawNode`s, so one set of field readers serves both.
struct RawNode {
    indirect enum Value {
        case null
        case scalar(String)
        case mapping([RawPair])
        case sequence([RawNode])
    }

    var value: Value
    var location: SourceLocation

    /// How the value is named in "expected …, got …" messages.
    var shortDescription: String {
        switch value {
        case .null: return "nothing"
        case .scalar(let text): return "'\(text)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }

    var scalar: String? {
        if case .scalar(let text) = value { return text }
        return nil
    }
}

/// One `key: value` pair of a mapping.
struct RawPair {
    var key: String
    var keyLocation: SourceLocation
    var value: RawNode
}

/// A value together with where it was written and its field path, for reference checks after parsing.
struct Located<Value> {
    var value: Value
    var location: SourceLocation
    var path: String
}

extension Located: Sendable where Value: Sendable {}

/// Turns YAML text into a `RawNode` tree, converting syntax errors into diagnostics.
enum YAMLReader {
    /// Parses `text`; returns the root node, or nil with diagnostics (syntax error or empty document).
    static func parse(text: String, file: String) -> (root: RawNode?, diagnostics: [Diagnostic]) {
        let composed: Node?
        do {
            composed = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            return (nil, [diagnostic(for: error, text: text, file: file)])
        } catch {
            return (nil, [Diagnostic(file: file, line: nil, field: "", message: "YAML syntax error: \(error)")])
        }
        guard let composed else {
            return (nil, [Diagnostic(file: file, line: nil, field: "", message: "the file is empty; a scenario needs at least format, name, currency, sites and items")])
        }
        return (convert(composed, file: file), [])
    }

    static func diagnostic(for error: YamlError, text: String, file: String) -> Diagnostic {
        func contextText(_ context: YamlError.Context?) -> String {
            guard let context else { return "" }
            return " (\(context.text), starting on line \(context.mark.line))"
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            return Diagnostic(file: file, line: mark.line, field: "", message: "YAML syntax error: \(problem)\(contextText(context))")
        case .reader(let problem, let offset, _, _):
            var line: Int?
            if let offset {
                let prefix = text.prefix(offset)
                line = prefix.reduce(1) { $1 == "\n" || $1 == "\r\n" ? $0 + 1 : $0 }
            }
            return Diagnostic(file: file, line: line, field: "", message: "cannot read the text: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "\"\($0)\"" }.joined(separator: ", ")
            return Diagnostic(file: file, line: context.mark.line, field: "",
                              message: "duplicate key \(keys) in one mapping; each key may appear once")
        default:
            return Diagnostic(file: file, line: nil, field: "", message: "YAML error: \(error)")
        }
    }

    static func convert(_ node: Node, file: String) -> RawNode {
        let location = SourceLocation(file: file, line: node.mark?.line)
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain || scalar.style == .any,
               ["", "~", "null", "Null", "NULL"].contains(scalar.string) {
                return RawNode(value: .null, location: location)
            }
            return RawNode(value: .scalar(scalar.string), location: location)
        case .sequence(let sequence):
            return RawNode(value: .sequence(sequence.map { convert($0, file: file) }), location: location)
        case .mapping(let mapping):
            var pairs: [RawPair] = []
            var merged: [RawPair] = []
            for (key, value) in mapping {
                let keyText = key.scalar?.string ?? "<complex key>"
                let keyLocation = SourceLocation(file: file, line: key.mark?.line)
                let converted = convert(value, file: file)
                if keyText == "<<" {
                    // YAML merge key: pull in the anchored mapping(s); explicit keys win.
                    switch converted.value {
                    case .mapping(let inner): merged += inner
                    case .sequence(let list):
                        for item in list { if case .mapping(let inner) = item.value { merged += inner } }
                    default: pairs.append(RawPair(key: keyText, keyLocation: keyLocation, value: converted))
                    }
                    continue
                }
                pairs.append(RawPair(key: keyText, keyLocation: keyLocation, value: converted))
            }
            for pair in merged where !pairs.contains(where: { $0.key == pair.key }) {
                pairs.append(pair)
            }
            return RawNode(value: .mapping(pairs), location: location)
        case .alias:
            return RawNode(value: .null, location: location)
        }
    }
}

/// The fields of one mapping (a YAML mapping or a CSV row), after unknown keys were reported.
struct Record {
    /// Field path of the record itself, e.g. `sites[3]`; empty for the document root.
    var path: String
    var location: SourceLocation
    /// Present, non-null fields.
    var fields: [String: RawNode]
    var keyLocations: [String: SourceLocation]

    subscript(key: String) -> RawNode? { fields[key] }

    func has(_ key: String) -> Bool { fields[key] != nil }

    func path(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The best line for a problem with `key`: the value's line, else the record's.
    func location(_ key: String) -> SourceLocation {
        fields[key]?.location ?? keyLocations[key] ?? location
    }
}

/// A rule a number must satisfy.
enum NumberRule {
    case any
    case nonNegative
    case positive
    case fraction
    case range(Double, Double)
    case atLeast(Double)

    func check(_ value: Double) -> String? {
        switch self {
        case .any: return nil
        case .nonNegative: return value >= 0 ? nil : "must be at least 0, got \(format(value))"
        case .positive: return value > 0 ? nil : "must be greater than 0, got \(format(value))"
        case .fraction: return (0...1).contains(value) ? nil : "must be a fraction between 0 and 1, got \(format(value))"
        case .range(let low, let high):
            return (low...high).contains(value) ? nil : "must be between \(format(low)) and \(format(high)), got \(format(value))"
        case .atLeast(let low): return value >= low ? nil : "must be at least \(format(low)), got \(format(value))"
        }
    }
}

/// Walks raw nodes, reading typed fields and collecting every problem as a `Diagnostic`.
final class ScenarioReader {
    private(set) var diagnostics: [Diagnostic] = []
    /// Folder CSV references are resolved against (nil: the current directory).
    let baseDirectory: String?

    init(baseDirectory: String?) {
        self.baseDirectory = baseDirectory
    }

    func error(_ location: SourceLocation, _ field: String, _ message: String) {
        diagnostics.append(Diagnostic(file: location.file, line: location.line, field: field, message: message))
    }

    // MARK: Records

    /// Reads a mapping, reporting keys not in `keys` (with a "did you mean" hint).
    func record(_ node: RawNode, path: String, keys: [String], what: String = "a mapping") -> Record? {
        guard case .mapping(let pairs) = node.value else {
            error(node.location, path, "expected \(what), got \(node.shortDescription)")
            return nil
        }
        var fields: [String: RawNode] = [:]
        var keyLocations: [String: SourceLocation] = [:]
        for pair in pairs {
            guard keys.contains(pair.key) else {
                let hint = Suggestion.didYouMean(pair.key, among: keys)
                let field = path.isEmpty ? pair.key : "\(path).\(pair.key)"
                error(pair.keyLocation, field, "unknown field \"\(pair.key)\"\(hint); allowed: \(keys.joined(separator: ", "))")
                continue
            }
            keyLocations[pair.key] = pair.keyLocation
            if case .null = pair.value.value { continue }
            fields[pair.key] = pair.value
        }
        return Record(path: path, location: node.location, fields: fields, keyLocations: keyLocations)
    }

    func missing(_ record: Record, _ key: String, _ explanation: String = "") -> Void {
        error(record.location, record.path(key), "missing required field \"\(key)\"\(explanation)")
    }

    // MARK: Scalars

    func string(_ record: Record, _ key: String, required: Bool = false) -> Located<String>? {
        guard let node = record[key] else {
            if required { missing(record, key) }
            return nil
        }
        return stringValue(node, path: record.path(key))
    }

    func stringValue(_ node: RawNode, path: String) -> Located<String>? {
        guard let text = node.scalar else {
            error(node.location, path, "expected text, got \(node.shortDescription)")
            return nil
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else {
            error(node.location, path, "must not be empty")
            return nil
        }
        return Located(value: trimmed, location: node.location, path: path)
    }

    func number(_ record: Record, _ key: String, required: Bool = false, rule: NumberRule = .any) -> Double? {
        guard let node = record[key] else {
            if required { missing(record, key) }
            return nil
        }
        return numberValue(node, path: record.path(key), rule: rule)
    }

    func numberValue(_ node: RawNode, path: String, rule: NumberRule = .any) -> Double? {
        guard let text = node.scalar?.trimmingCharacters(in: .whitespaces) else {
            error(node.location, path, "expected a number, got \(node.shortDescription)")
            return nil
        }
        let lowered = text.lowercased()
        let yamlSpecial: [String: Double] = [".nan": .nan, ".inf": .infinity, "+.inf": .infinity, "-.inf": -.infinity]
        guard let value = yamlSpecial[lowered] ?? Double(text.replacingOccurrences(of: "_", with: "")) else {
            error(node.location, path, "expected a number, got '\(text)'")
            return nil
        }
        guard value.isFinite else {
            error(node.location, path, "expected a finite number, got '\(text)'")
            return nil
        }
        if let problem = rule.check(value) {
            error(node.location, path, problem)
            return nil
        }
        return value
    }

    func integer(_ record: Record, _ key: String, required: Bool = false, minimum: Int = 0) -> Int? {
        guard let node = record[key] else {
            if required { missing(record, key) }
            return nil
        }
        return integerValue(node, path: record.path(key), minimum: minimum)
    }

    func integerValue(_ node: RawNode, path: String, minimum: Int = 0) -> Int? {
        guard let text = node.scalar?.trimmingCharacters(in: .whitespaces) else {
            error(node.location, path, "expected a whole number, got \(node.shortDescription)")
            return nil
        }
        guard let value = Int(text.replacingOccurrences(of: "_", with: "")) else {
            error(node.location, path, "expected a whole number, got '\(text)'")
            return nil
        }
        guard value >= minimum else {
            error(node.location, path, "must be at least \(minimum), got \(value)")
            return nil
        }
        return value
    }

    func bool(_ record: Record, _ key: String) -> Bool? {
        guard let node = record[key] else { return nil }
        guard let text = node.scalar?.trimmingCharacters(in: .whitespaces).lowercased() else {
            error(node.location, record.path(key), "expected true or false, got \(node.shortDescription)")
            return nil
        }
        switch text {
        case "true", "yes", "1": return true
        case "false", "no", "0": return false
        default:
            error(node.location, record.path(key), "expected true or false, got '\(text)'")
            return nil
        }
    }

    func choice<Choice: RawRepresentable & CaseIterable>(
        _ record: Record, _ key: String, required: Bool = false, as type: Choice.Type
    ) -> Choice? where Choice.RawValue == String {
        guard let node = record[key] else {
            if required { missing(record, key) }
            return nil
        }
        return choiceValue(node, path: record.path(key), as: type)
    }

    func choiceValue<Choice: RawRepresentable & CaseIterable>(
        _ node: RawNode, path: String, as type: Choice.Type
    ) -> Choice? where Choice.RawValue == String {
        let options = Choice.allCases.map(\.rawValue)
        guard let text = node.scalar?.trimmingCharacters(in: .whitespaces) else {
            error(node.location, path, "expected one of \(options.joined(separator: ", ")), got \(node.shortDescription)")
            return nil
        }
        guard let value = Choice(rawValue: text) else {
            let hint = Suggestion.didYouMean(text, among: options)
            error(node.location, path, "unknown value \"\(text)\"\(hint); expected one of \(options.joined(separator: ", "))")
            return nil
        }
        return value
    }

    func date(_ record: Record, _ key: String, required: Bool = false) -> CalendarDate? {
        guard let node = record[key] else {
            if required { missing(record, key) }
            return nil
        }
        return dateValue(node, path: record.path(key))
    }

    func dateValue(_ node: RawNode, path: String) -> CalendarDate? {
        guard let text = node.scalar?.trimmingCharacters(in: .whitespaces) else {
            error(node.location, path, "expected a date YYYY-MM-DD, got \(node.shortDescription)")
            return nil
        }
        guard let date = CalendarDate(parsing: text) else {
            error(node.location, path, "expected a real date YYYY-MM-DD, got '\(text)'")
            return nil
        }
        return date
    }

    func timeZone(_ record: Record, _ key: String, required: Bool = false) -> String? {
        guard let located = string(record, key, required: required) else { return nil }
        guard TimeZone(identifier: located.value) != nil else {
            error(located.location, located.path, "unknown time zone \"\(located.value)\"; use an IANA name such as Europe/Berlin")
            return nil
        }
        return located.value
    }

    // MARK: Distributions

    func distribution(_ record: Record, _ key: String, required: Bool = false) -> DistributionSpec? {
        guard let node = record[key] else {
            if required { missing(record, key, " (a number of days or a distribution like \"gamma(mean=2, cv=0.3)\")") }
            return nil
        }
        return distributionValue(node, path: record.path(key))
    }

    func distributionValue(_ node: RawNode, path: String) -> DistributionSpec? {
        switch node.value {
        case .scalar(let text):
            do {
                return try DistributionSpec.parse(text)
            } catch {
                self.error(node.location, path, "invalid distribution: \(error.message)")
                return nil
            }
        case .mapping(let pairs):
            var kind: String?
            var parameters: [(String, Double)] = []
            var values: [Double]?
            var ok = true
            for pair in pairs {
                switch pair.key {
                case "dist":
                    kind = pair.value.scalar
                case "values":
                    guard case .sequence(let list) = pair.value.value else {
                        error(pair.value.location, "\(path).values", "expected a list of numbers, got \(pair.value.shortDescription)")
                        ok = false
                        continue
                    }
                    var collected: [Double] = []
                    for (index, item) in list.enumerated() {
                        if let value = numberValue(item, path: "\(path).values[\(index)]") { collected.append(value) } else { ok = false }
                    }
                    values = collected
                default:
                    if let value = numberValue(pair.value, path: "\(path).\(pair.key)") {
                        parameters.append((pair.key, value))
                    } else {
                        ok = false
                    }
                }
            }
            guard ok else { return nil }
            guard let kind else {
                error(node.location, path, "a distribution mapping needs \"dist\", e.g. {dist: gamma, mean: 2, cv: 0.3}")
                return nil
            }
            if values != nil && kind.lowercased() != "empirical" {
                error(node.location, path, "invalid distribution: only empirical takes \"values\"")
                return nil
            }
            do {
                return try DistributionSpec.make(kind: kind, parameters: parameters, values: values)
            } catch {
                self.error(node.location, path, "invalid distribution: \(error.message)")
                return nil
            }
        case .sequence, .null:
            error(node.location, path, "expected a number of days or a distribution like \"gamma(mean=2, cv=0.3)\", got \(node.shortDescription)")
            return nil
        }
    }

    // MARK: Lists

    /// Reads a YAML list; reports a type error for anything else.
    func list(_ record: Record, _ key: String, required: Bool = false) -> [RawNode]? {
        guard let node = record[key] else {
            if required { missing(record, key) }
            return nil
        }
        guard case .sequence(let items) = node.value else {
            error(node.location, record.path(key), "expected a list, got \(node.shortDescription)")
            return nil
        }
        return items
    }

    // MARK: Tables

    /// Reads a table: an inline list of mappings, or `{csv: path}` resolved against `baseDirectory`.
    /// Each row becomes a `Record` with path `name[i]` (0-based) and the location of its line.
    func table(_ record: Record, _ key: String, columns: [String], required: Bool = false) -> [Record] {
        guard let node = record[key] else {
            if required { missing(record, key, " (a list of rows or {csv: file.csv})") }
            return []
        }
        let path = record.path(key)
        switch node.value {
        case .sequence(let items):
            return items.enumerated().compactMap { index, item in
                self.record(item, path: "\(path)[\(index)]", keys: columns, what: "a row mapping with fields \(columns.joined(separator: ", "))")
            }
        case .mapping:
            guard let reference = self.record(node, path: path, keys: ["csv"]),
                  let csv = string(reference, "csv", required: true) else { return [] }
            return csvTable(csv, path: path, columns: columns)
        default:
            error(node.location, path, "expected a list of rows or {csv: file.csv}, got \(node.shortDescription)")
            return []
        }
    }

    /// The file name used in diagnostics for a CSV referenced as `relative`.
    func displayPath(_ relative: String) -> String {
        guard let baseDirectory, !baseDirectory.isEmpty, baseDirectory != ".", !relative.hasPrefix("/") else { return relative }
        return baseDirectory.hasSuffix("/") ? baseDirectory + relative : baseDirectory + "/" + relative
    }

    private func csvTable(_ reference: Located<String>, path: String, columns: [String]) -> [Record] {
        let file = displayPath(reference.value)
        let text: String
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: file))
            guard let decoded = String(data: data, encoding: .utf8) else {
                error(reference.location, reference.path, "cannot read file \"\(file)\": it is not UTF-8 text")
                return []
            }
            text = decoded
        } catch {
            self.error(reference.location, reference.path, "cannot read file \"\(file)\": \(ScenarioReader.reason(error))")
            return []
        }
        let csv: CSVReader
        do {
            csv = try CSVReader(text: text)
        } catch {
            self.error(SourceLocation(file: file, line: error.line), path, "CSV syntax error: \(error.message)")
            return []
        }
        guard let header = csv.header else {
            error(SourceLocation(file: file, line: 1), path, "the CSV file is empty; its first line must name the columns (\(columns.joined(separator: ", ")))")
            return []
        }
        let headerLocation = SourceLocation(file: file, line: header.line)
        var names: [String?] = []
        var seen: Set<String> = []
        for rawName in header.cells {
            let name = rawName.trimmingCharacters(in: .whitespaces)
            if !columns.contains(name) {
                let hint = Suggestion.didYouMean(name, among: columns)
                error(headerLocation, "\(path).\(name)", "unknown column \"\(name)\"\(hint); allowed: \(columns.joined(separator: ", "))")
                names.append(nil)
            } else if seen.contains(name) {
                error(headerLocation, "\(path).\(name)", "column \"\(name)\" appears twice in the header")
                names.append(nil)
            } else {
                seen.insert(name)
                names.append(name)
            }
        }
        var records: [Record] = []
        for (index, row) in csv.records.enumerated() {
            let rowPath = "\(path)[\(index)]"
            let location = SourceLocation(file: file, line: row.line)
            guard row.cells.count == header.cells.count else {
                error(location, rowPath, "expected \(header.cells.count) cells as in the header, got \(row.cells.count)")
                continue
            }
            var fields: [String: RawNode] = [:]
            for (name, cell) in zip(names, row.cells) {
                guard let name else { continue }
                let trimmed = cell.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty { continue }
                fields[name] = RawNode(value: .scalar(trimmed), location: location)
            }
            records.append(Record(path: rowPath, location: location, fields: fields, keyLocations: [:]))
        }
        return records
    }

    static func reason(_ error: any Error) -> String {
        let nsError = error as NSError
        if nsError.domain == NSCocoaErrorDomain, nsError.code == NSFileReadNoSuchFileError || nsError.code == 260 {
            return "no such file"
        }
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code))).lowercased()
        }
        return nsError.localizedDescription
    }
}
