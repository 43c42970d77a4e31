import Foundation

/// A CSV file as the commands write it (RFC 4180: a header line, commas, double quotes around
/// cells holding commas, quotes or line breaks), with each record's line number for errors.
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

    /// Parses `text` as the content of `path`.
    init(path: String, text: String, required: [String] = []) throws(ReportError) {
        self.path = path
        var rows: [Record] = []
        var cells: [String] = [], cell = ""
        var line = 1, recordLine = 1
        var quoted = false, afterQuote = false, cellStarted = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar?
        func endRecord() {
            cells.append(cell)
            if !(cells.count == 1 && cells[0].isEmpty && !cellStarted) { rows.append(Record(line: recordLine, cells: cells)) }
            cells = []
            cell = ""
            cellStarted = false
        }
        while let ch = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if ch == "\"" {
                    let next = iterator.next()
                    if next == "\"" { cell.unicodeScalars.append("\"") } else { quoted = false; afterQuote = true; pending = next }
                } else {
                    if ch == "\n" { line += 1 }
                    cell.unicodeScalars.append(ch)
                }
                continue
            }
            switch ch {
            case ",":
                cells.append(cell)
                cell = ""
                afterQuote = false
                cellStarted = true
            case "\r":
                continue
            case "\n":
                endRecord()
                afterQuote = false
                line += 1
                recordLine = line
            case "\"" where cell.isEmpty && !afterQuote:
                quoted = true
                cellStarted = true
            default:
                if afterQuote {
                    throw ReportError(.malformed, path: path, line: line, "text after a closing quote")
                }
                cell.unicodeScalars.append(ch)
                cellStarted = true
            }
        }
        if quoted { throw ReportError(.malformed, path: path, line: recordLine, "a quoted cell is not closed") }
        if !cell.isEmpty || !cells.isEmpty || cellStarted { endRecord() }
        guard let first = rows.first else { throw ReportError(.malformed, path: path, line: 1, "the file is empty (expected a header line)") }
        header = first.cells
        records = Array(rows.dropFirst())
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
