import Testing
import ScenarioModel

@Suite struct CSVReaderTests {
    @Test func headerAndRecords() throws {
        let csv = try CSVReader(text: "id,name\nA,Alpha\nB,Beta\n")
        #expect(csv.header == CSVReader.Row(line: 1, cells: ["id", "name"]))
        #expect(Array(csv.records) == [CSVReader.Row(line: 2, cells: ["A", "Alpha"]), CSVReader.Row(line: 3, cells: ["B", "Beta"])])
    }

    @Test func quotesDoubledQuotesAndEmbeddedCommas() throws {
        let csv = try CSVReader(text: "a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"\"\n")
        #expect(csv.rows[1].cells == ["x, y", "say \"hi\"", ""])
    }

    @Test func embeddedNewlinesKeepPhysicalLineNumbers() throws {
        let csv = try CSVReader(text: "id,note\n1,\"first\nsecond\nthird\"\n2,plain\n3,\"one\r\ntwo\"\n4,end")
        #expect(csv.rows.map(\.line) == [1, 2, 5, 6, 8])
        #expect(csv.rows[1].cells == ["1", "first\nsecond\nthird"])
        #expect(csv.rows[3].cells == ["3", "one\ntwo"])
        #expect(csv.rows[4].cells == ["4", "end"])
    }

    @Test func byteOrderMarkAndCRLF() throws {
        let csv = try CSVReader(text: "\u{FEFF}id,kind\r\nA,x\r\nB,y\r\n")
        #expect(csv.rows == [CSVReader.Row(line: 1, cells: ["id", "kind"]), CSVReader.Row(line: 2, cells: ["A", "x"]),
                             CSVReader.Row(line: 3, cells: ["B", "y"])])
    }

    @Test func blankLinesAreSkippedButTrailingEmptyCellsKept() throws {
        let csv = try CSVReader(text: "a,b\n\n1,\n\n\n")
        #expect(csv.rows == [CSVReader.Row(line: 1, cells: ["a", "b"]), CSVReader.Row(line: 3, cells: ["1", ""])])
    }

    @Test func unterminatedQuoteReportsWhereTheCellStarts() {
        #expect(throws: CSVReader.ParseError(line: 3, message: "unterminated quoted cell (the closing quote is missing)")) {
            try CSVReader(text: "a,b\n1,2\n3,\"open\nstill open\n")
        }
    }

    @Test func strayQuotes() {
        #expect(throws: CSVReader.ParseError(line: 2, message: "unexpected quote inside an unquoted cell; quote the whole cell and double inner quotes")) {
            try CSVReader(text: "a\nab\"c\n")
        }
        #expect(throws: CSVReader.ParseError(line: 1, message: "unexpected text after a closing quote; expected a comma or the end of the line")) {
            try CSVReader(text: "\"a\"b,c\n")
        }
    }

    @Test func emptyText() throws {
        #expect(try CSVReader(text: "").rows.isEmpty)
        #expect(try CSVReader(text: "\u{FEFF}").header == nil)
    }
}
