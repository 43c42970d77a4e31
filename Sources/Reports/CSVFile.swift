import Foundation
import Outputs
import ScenarioModel

/// A CSV file as the commands write it (RFC 4180: a header line, commas, double quotes around
/// cells holding commas, quotes or line breaks), with each record's line number for errors:
/// `CSVReader`'s records with the report's typed cell access and errors.
struct CSVFile: Sendable {
    /// One record: its 1-based line in the file and its cells, in header order.
    struct Record: Sendable {
        var line: Int
        var cells: [String]
    }

    let path: String
    let header: [String]
    let records: [Record]

    /// Reads and parses `path`; every record must have the header's number of cells.
    init(path: String, required: [String] = []) throws(ReportError) {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ReportError(.unreadable, path: path, "cannot read the file (\(error.localizedDescription))")
        }
        try self.init(path: path, text: text, required: required)
    }

    /// Parses `text` as the content of `path` with the project's one CSV reader (`CSVReader`).
    init(path: String, text: String, required: [String] = []) throws(ReportError) {
        self.path = path
        let parsed: CSVReader
        do { parsed = try CSVReader(text: text) } catch {
            throw ReportError(.malformed, path: path, line: error.line, error.message)
        }
        guard let first = parsed.header else { throw ReportError(.malformed, path: path, line: 1, "the file is empty (expected a header line)") }
        header = first.cells
        records = parsed.records.map { Record(line: $0.line, cells: $0.cells) }
        for name in required where !header.contains(name) {
            throw ReportError(.malformed, path: path, line: 1, "the header has no column \"\(name)\" (expected \(required.joined(separator: ",")))")
        }
        for r in records where r.cells.count != header.count {
            throw ReportError(.malformed, path: path, line: r.line, "expected \(header.count) fields (\(header.joined(separator: ","))), found \(r.cells.count)")
        }
    }

    /// The index of `column` (which the header has: see `required`).
    func index(_ column: String) -> Int? { header.firstIndex(of: column) }

    /// The cell of `column` in `record`, "" when the header lacks it.
    func text(_ record: Record, _ column: String) -> String {
        guard let k = index(column), k < record.cells.count else { return "" }
        return record.cells[k]
    }

    /// The number in `column`; an error naming the file, line and column when it is not one.
    func number(_ record: Record, _ column: String) throws(ReportError) -> Double {
        guard let x = try optionalNumber(record, column) else {
            throw ReportError(.malformed, path: path, line: record.line, "column \(column): a number is required, the cell is empty")
        }
        return x
    }

    /// The number in `column`, nil when the cell is empty.
    func optionalNumber(_ record: Record, _ column: String) throws(ReportError) -> Double? {
        let cell = text(record, column).trimmingCharacters(in: .whitespaces)
        if cell.isEmpty { return nil }
        guard let x = Double(cell), x.isFinite, abs(x) < 1e15 else {
            throw ReportError(.malformed, path: path, line: record.line, "column \(column): \"\(cell)\" is not a number")
        }
        return x
    }

    /// A whole number in `column`.
    func integer(_ record: Record, _ column: String) throws(ReportError) -> Int {
        let cell = text(record, column).trimmingCharacters(in: .whitespaces)
        guard let n = Int(cell) else {
            throw ReportError(.malformed, path: path, line: record.line, "column \(column): \"\(cell)\" is not a whole number")
        }
        return n
    }

    /// `true`/`false` in `column`.
    func flag(_ record: Record, _ column: String) throws(ReportError) -> Bool {
        switch text(record, column) {
        case "true": return true
        case "false": return false
        case let other: throw ReportError(.malformed, path: path, line: record.line, "column \(column): \"\(other)\" is not true or false")
        }
    }
}

extension CSVFile {
    /// Reads `path`, which must have the `required` columns of its schema.
    init<C: CSVColumns>(path: String, required: [C]) throws(ReportError) {
        try self.init(path: path, required: required.map(\.rawValue))
    }

    func text<C: CSVColumns>(_ record: Record, _ column: C) -> String { text(record, column.rawValue) }
    func number<C: CSVColumns>(_ record: Record, _ column: C) throws(ReportError) -> Double { try number(record, column.rawValue) }
    func optionalNumber<C: CSVColumns>(_ record: Record, _ column: C) throws(ReportError) -> Double? {
        try optionalNumber(record, column.rawValue)
    }
    func integer<C: CSVColumns>(_ record: Record, _ column: C) throws(ReportError) -> Int { try integer(record, column.rawValue) }
    func flag<C: CSVColumns>(_ record: Record, _ column: C) throws(ReportError) -> Bool { try flag(record, column.rawValue) }
}
