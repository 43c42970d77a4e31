import CGLPK
import Foundation
import Testing
@testable import MILP

/// Every class of input GLPK would abort on is caught in Swift and named; the process survives
/// (each test runs in the same process as the rest of the suite).
@Suite("Bad input never reaches GLPK")
struct BadInputTests {
    /// A valid two-variable, one-row model to break in one place at a time.
    static func base() -> (Model, Var, Var) {
        var m = Model(name: "base")
        let x = m.addVariable("x", objective: 1)
        let y = m.addVariable("y", kind: .integer, upper: 5, objective: 2)
        m.addConstraint("c", x + y, .greaterEqual(1))
        return (m, x, y)
    }

    static func expectError(_ m: Model, _ expected: MILPError, options: SolveOptions = SolveOptions()) {
        #expect(throws: expected) { try m.solve(options: options) }
    }

    @Test func emptyModel() {
        Self.expectError(Model(), .emptyModel)
        #expect(throws: MILPError.emptyModel) { try Model().cplexLP() }
    }

    @Test func nonFiniteCoefficients() {
        for bad in [Double.nan, .infinity, -.infinity] {
            var (m, x, _) = Self.base()
            m.addConstraint("r", terms: [Term(x, bad)], .lessEqual(3))
            #expect(throws: MILPError.self) { try m.solve() }
            do {
                _ = try m.solve()
            } catch let error {
                guard case let .nonFiniteCoefficient(row, variable, _) = error else {
                    Issue.record("wrong error \(error)"); continue
                }
                #expect(row == "r" && variable == "x")
                #expect(error.description.contains("row r: coefficient of x"))
            }
        }
    }

    @Test func invalidVariableBounds() {
        var (m, x, _) = Self.base()
        m.setBounds(x, lower: 2, upper: 1)
        Self.expectError(m, .invalidBounds(variable: "x", lower: 2, upper: 1))
        m.setBounds(x, lower: .infinity, upper: .infinity)
        Self.expectError(m, .invalidBounds(variable: "x", lower: .infinity, upper: .infinity))
        m.setBounds(x, lower: -.infinity, upper: -.infinity)
        Self.expectError(m, .invalidBounds(variable: "x", lower: -.infinity, upper: -.infinity))
        m.setBounds(x, lower: .nan, upper: 1)
        #expect(throws: MILPError.self) { try m.solve() }
    }

    @Test func integerAndBinaryBounds() {
        var m = Model()
        let b = m.addVariable("b", kind: .binary, upper: 2)
        Self.expectError(m, .invalidIntegerBounds(variable: "b", lower: 0, upper: 2))
        m.setBounds(b, lower: 0, upper: 1)
        let i = m.addVariable("i", kind: .integer, lower: 0.5, upper: 3)
        Self.expectError(m, .invalidIntegerBounds(variable: "i", lower: 0.5, upper: 3))
        _ = i
    }

    @Test func nonFiniteObjective() {
        var (m, x, _) = Self.base()
        m.setObjective(x, .nan)
        #expect(throws: MILPError.self) { try m.solve() }
        m.setObjective(x, .infinity)
        Self.expectError(m, .nonFiniteObjective(variable: "x", value: .infinity))
        m.setObjective(x, 1)
        m.objectiveConstant = -.infinity
        Self.expectError(m, .nonFiniteObjective(variable: "(constant)", value: -.infinity))
    }

    @Test func outOfRangeIndices() {
        var (m, _, _) = Self.base()
        m.addConstraint("ghost", terms: [Term(Var(index: 7), 1)], .lessEqual(1))
        Self.expectError(m, .unknownVariable(row: "ghost", index: 7))
        var (m2, _, _) = Self.base()
        m2.addConstraint("negative", terms: [Term(Var(index: -1), 1)], .lessEqual(1))
        Self.expectError(m2, .unknownVariable(row: "negative", index: -1))
    }

    @Test func duplicateEntriesInOneRow() {
        var (m, x, y) = Self.base()
        m.addConstraint("dup", terms: [Term(x, 1), Term(y, 1), Term(x, 2)], .lessEqual(4))
        Self.expectError(m, .duplicateTerm(row: "dup", variable: "x"))
    }

    @Test func invalidRowBounds() {
        var (m, x, _) = Self.base()
        m.addConstraint("r", LinearExpression(x), .range(5, 1))
        Self.expectError(m, .invalidRowBounds(row: "r", lower: 5, upper: 1))
        m.setRelation(row: 1, .equal(.infinity))
        Self.expectError(m, .invalidRowBounds(row: "r", lower: .infinity, upper: .infinity))
        m.setRelation(row: 1, .lessEqual(-.infinity))
        Self.expectError(m, .invalidRowBounds(row: "r", lower: -.infinity, upper: -.infinity))
        m.setRelation(row: 1, .greaterEqual(.nan))
        #expect(throws: MILPError.self) { try m.solve() }
        // An unnamed row is named by its index.
        var (m2, x2, _) = Self.base()
        m2.addConstraint(terms: [Term(x2, 1)], .range(2, 1))
        Self.expectError(m2, .invalidRowBounds(row: "row #1", lower: 2, upper: 1))
    }

    @Test func namesGLPKRejects() {
        var m = Model()
        let long = String(repeating: "n", count: 256)
        m.addVariable(long)
        #expect(throws: MILPError.invalidName(kind: "variable", name: long, reason: "longer than 255 bytes")) {
            try m.solve()
        }
        var m2 = Model()
        m2.addVariable("bad\nname")
        Self.expectError(m2, .invalidName(kind: "variable", name: "bad\nname", reason: "contains control characters"))
        var m3 = Model()
        let v = m3.addVariable("v")
        m3.addConstraint("tab\there", LinearExpression(v), .lessEqual(1))
        Self.expectError(m3, .invalidName(kind: "row", name: "tab\there", reason: "contains control characters"))
        var m4 = Model(name: String(repeating: "é", count: 128))   // 256 bytes in UTF-8
        m4.addVariable("v")
        #expect(throws: MILPError.self) { try m4.solve() }
    }

    @Test func duplicateNames() {
        var m = Model()
        m.addVariable("x")
        m.addVariable("x")
        Self.expectError(m, .duplicateName(kind: "variable", name: "x"))
        var (m2, x, _) = Self.base()
        m2.addConstraint("c", LinearExpression(x), .lessEqual(9))
        Self.expectError(m2, .duplicateName(kind: "row", name: "c"))
    }

    @Test func invalidOptions() {
        let (m, _, _) = Self.base()
        Self.expectError(m, .invalidOption(option: "timeLimit", reason: "must be a positive number of seconds, got -1.0"),
                         options: SolveOptions(timeLimit: -1))
        #expect(throws: MILPError.self) { try m.solve(options: SolveOptions(timeLimit: .nan)) }
        #expect(throws: MILPError.self) { try m.solve(options: SolveOptions(relativeGap: -0.1)) }
        #expect(throws: MILPError.self) { try m.solve(options: SolveOptions(relativeGap: .infinity)) }
    }

    @Test func invalidStart() {
        let (m, _, _) = Self.base()
        Self.expectError(m, .invalidStart(reason: "has 1 values for 2 variables"), options: SolveOptions(start: [0]))
        Self.expectError(m, .invalidStart(reason: "y = 0.5 is not integral"), options: SolveOptions(start: [1, 0.5]))
        Self.expectError(m, .invalidStart(reason: "y = 9.0 is outside its bounds [0.0, 5.0]"),
                         options: SolveOptions(start: [0, 9]))
        Self.expectError(m, .invalidStart(reason: "row c has activity 0.0 outside [1.0, inf]"),
                         options: SolveOptions(start: [0, 0]))
    }

    /// After all the rejected models the solver still works on this thread.
    @Test func solverStillWorksAfterRejections() throws {
        var (m, x, _) = Self.base()
        m.addConstraint("dup", terms: [Term(x, 1), Term(x, 1)], .lessEqual(4))
        #expect(throws: MILPError.self) { try m.solve() }
        let (good, _, _) = Self.base()
        let s = try good.solve()
        #expect(s.termination == .optimal)
        #expect(s.objective == 1)
    }
}

/// The second line of defence: a GLPK error inside the C guard returns instead of aborting.
@Suite("C guard")
struct GuardTests {
    static func loadUnchecked(rows: Int32, cols: Int32, _ triplets: [(Int32, Int32, Double)]) -> (Int32, String) {
        let ia: [Int32] = [0] + triplets.map(\.0)
        let ja: [Int32] = [0] + triplets.map(\.1)
        let ar: [Double] = [0] + triplets.map(\.2)
        var err = [CChar](repeating: 0, count: 512)
        let rc = err.withUnsafeMutableBufferPointer { e in
            cglpk_guarded_load_matrix_unchecked(rows, cols, Int32(triplets.count), ia, ja, ar,
                                                e.baseAddress, Int32(e.count))
        }
        let msg = String(decoding: err.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return (rc, msg)
    }

    @Test func columnIndexOutOfRangeIsCaught() throws {
        let (rc, msg) = Self.loadUnchecked(rows: 1, cols: 2, [(1, 5, 1.0)])
        #expect(rc == CGLPK_EGUARD)
        #expect(msg.contains("out of range"), "GLPK said: \(msg)")
        // GLPK is usable again on this thread.
        let (m, _, _) = BadInputTests.base()
        #expect(try m.solve().objective == 1)
    }

    @Test func duplicateMatrixEntryIsCaught() throws {
        let (rc, msg) = Self.loadUnchecked(rows: 2, cols: 2, [(1, 1, 1.0), (2, 2, 1.0), (1, 1, 3.0)])
        #expect(rc == CGLPK_EGUARD)
        #expect(msg.contains("duplicate"), "GLPK said: \(msg)")
        let (good, _, _) = BadInputTests.base()
        #expect(try good.solve().termination == .optimal)
    }

    @Test func validInputPassesTheGuard() {
        let (rc, _) = Self.loadUnchecked(rows: 2, cols: 2, [(1, 1, 1.0), (2, 2, 1.0)])
        #expect(rc == 0)
    }
}
