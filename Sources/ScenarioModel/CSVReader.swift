import Foundation

/// A strict RFC 4180 CSV reader that remembers the physical line each record starts on.
///
/// - Cells are separated by commas; records by LF or CRLF (a lone CR is also accepted).
/// - A cell may be quoted with `"`; inside quotes, commas and line breaks are literal and `""` is one quote.
/// - A leading UTF-8 byte-order mark is stripped; lines that are completely empty are skipped.
/// - A quote inside an unquoted cell, text after a closing quote, or an unterminated quote is an error.
///
/// The reader does not check that rows have equal lengths: callers compare against the header.
public struct CSVReader: Sendable, Equatable {
    /// One record of the file.
    public struct Row: Sendable, Equatable {
        /// 1-based physical line where the record starts.
        public let line: Int
        /// The cells, unquoted.
        public let cells: [String]

        /// Creates a row.
        public init(line: Int, cells: [String]) {
            self.line = line
            self.cells = cells
        }
    }

    /// A structural error in the CSV text.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// 1-based line of the problem (for an unterminated quote: where the quoted cell starts).
        public let line: Int
        /// What is wrong.
        public let message: String

        /// Creates an error.
        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }

        /// `line N: message`.
        public var description: String { "line \(line): \(message)" }
    }

    /// Every non-empty record in file order, the header (if any) first.
    public let rows: [Row]

    /// The first row, conventionally the header.
    public var header: Row? { rows.first }

    /// The rows after the header.
    public var records: ArraySlice<Row> { rows.dropFirst() }

    /// Parses CSV text.
    public init(text: String) throws(ParseError) {
        rows = try CSVReader.parse(Array(text.utf8))
    }

    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    private static func parse(_ input: [UInt8]) throws(ParseError) -> [Row] {
        var bytes = input[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }

        var rows: [Row] = []
        var cells: [String] = []
        var cell: [UInt8] = []
        var line = 1
        var recordLine = 1
        var index = bytes.startIndex
        var cellWasQuoted = false

        func finishRecord() {
            // A completely empty line (one unquoted empty cell) is not a record.
            if !(cells.isEmpty && cell.isEmpty && !cellWasQuoted) {
                cells.append(String(decoding: cell, as: UTF8.self))
                rows.append(Row(line: recordLine, cells: cells))
            }
            cells = []
            cell = []
            cellWasQuoted = false
        }

        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == quote {
                guard cell.isEmpty && !cellWasQuoted else {
                    throw ParseError(line: line, message: "unexpected quote inside an unquoted cell; quote the whole cell and double inner quotes")
                }
                cellWasQuoted = true
                let startLine = line
                index += 1
                var closed = false
                while index < bytes.endIndex {
                    let inner = bytes[index]
                    if inner == quote {
                        if index + 1 < bytes.endIndex && bytes[index + 1] == quote {
                            cell.append(quote)
                            index += 2
                            continue
                        }
                        index += 1
                        closed = true
                        break
                    }
                    if inner == lineFeed {
                        line += 1
                    } else if inner == carriageReturn {
                        // CRLF inside quotes becomes LF; a lone CR counts as a line break too.
                        line += 1
                        if index + 1 < bytes.endIndex && bytes[index + 1] == lineFeed { index += 1 }
                        cell.append(lineFeed)
                        index += 1
                        continue
                    }
                    cell.append(inner)
                    index += 1
                }
                guard closed else {
                    throw ParseError(line: startLine, message: "unterminated quoted cell (the closing quote is missing)")
                }
                if index < bytes.endIndex {
                    let next = bytes[index]
                    guard next == comma || next == lineFeed || next == carriageReturn else {
                        throw ParseError(line: line, message: "unexpected text after a closing quote; expected a comma or the end of the line")
                    }
                }
                continue
            }
            if byte == comma {
                cells.append(String(decoding: cell, as: UTF8.self))
                cell = []
                cellWasQuoted = false
                index += 1
                continue
            }
            if byte == lineFeed || byte == carriageReturn {
                if byte == carriageReturn && index + 1 < bytes.endIndex && bytes[index + 1] == lineFeed {
                    index += 1
                }
                index += 1
                finishRecord()
                line += 1
                recordLine = line
                continue
            }
            if cellWasQuoted {
                throw ParseError(line: line, message: "unexpected text after a closing quote; expected a comma or the end of the line")
            }
            cell.append(byte)
            index += 1
        }
        finishRecord()
        return rows
    }
}

/// Writing CSV as `CSVReader` reads it (RFC 4180): cells holding a comma, a quote or a line break
/// are quoted, with inner quotes doubled; records end with LF.
public enum CSVWriter {
    /// `cell`, quoted when it needs it.
    public static func escape(_ cell: String) -> String {
        cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
    }

    /// One record: the cells escaped, joined by commas, and a line feed.
    public static func line(_ cells: [String]) -> String {
        cells.map(escape).joined(separator: ",") + "\n"
    }
}
