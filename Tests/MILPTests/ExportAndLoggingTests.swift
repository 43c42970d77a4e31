import Foundation
import Logging
import Synchronization
import Testing
@testable import MILP

@Suite("CPLEX-LP export")
struct ExportTests {
    @Test func exportReadsBackToTheSameOptimum() throws {
        let ufl = UFLInstance(fixed: [20, 35, 25],
                              cost: [[5, 30, 35], [12, 8, 27], [30, 9, 14], [33, 28, 4], [25, 20, 9]])
        let (m, _) = ufl.model()
        let text = try m.cplexLP()
        #expect(text.contains("Minimize"))
        #expect(text.contains("serve_0"))
        #expect(text.contains("open_2"))
        #expect(text.contains("Binary") || text.contains("Generals"))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ufl-\(UUID().uuidString).lp").path
        try m.writeCPLEXLP(to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let back = try LPFile.solve(path: path)
        #expect(back.optimal)
        #expect(back.objective == 89)
        #expect(back.columns == m.variables.count)
        #expect(back.rows == m.constraints.count)
    }

    @Test func namesAreMadeValidAndUnique() throws {
        var m = Model(name: "names", sense: .maximize)
        let a = m.addVariable("stock[A,B]", upper: 3, objective: 1)
        let b = m.addVariable("stock(A,B)", upper: 4, objective: 1)   // distinct original name
        let c = m.addVariable("stock_A,B_", upper: 5, objective: 1)    // collides after mapping
        let d = m.addVariable("1st", upper: 1, objective: 1)
        let e = m.addVariable(upper: 2, objective: 1)                  // unnamed
        m.addConstraint("total cap", a + b + c + d + e, .lessEqual(100))
        #expect(Model.lpNames(m.variables.map(\.name), prefix: "x_")
                == ["stock_A,B_", "stock(A,B)", "stock_A,B_~2", "x_1st", ""])
        let text = try m.cplexLP()
        #expect(text.contains("stock_A,B_~2"))
        #expect(text.contains("total_cap"))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("n-\(UUID().uuidString).lp").path
        try m.writeCPLEXLP(to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let back = try LPFile.solve(path: path)
        #expect(back.objective == 15)
        #expect(try m.solve().objective == 15)
    }

    @Test func unreadableFileIsAnError() {
        #expect(throws: MILPError.self) { try LPFile.solve(path: "/nonexistent/model.lp") }
        var m = Model()
        m.addVariable("x")
        #expect(throws: MILPError.self) { try m.writeCPLEXLP(to: "/nonexistent/dir/model.lp") }
    }
}

/// Collects log lines in memory.
final class CapturingHandler: LogHandler, Sendable {
    let lines = Mutex([String]())
    private let settings = Mutex<(metadata: Logger.Metadata, logLevel: Logger.Level)>(([:], .trace))
    var metadata: Logger.Metadata {
        get { settings.withLock { $0.metadata } }
        set { settings.withLock { $0.metadata = newValue } }
    }
    var logLevel: Logger.Level {
        get { settings.withLock { $0.logLevel } }
        set { settings.withLock { $0.logLevel = newValue } }
    }
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { settings.withLock { $0.metadata[key] = newValue } }
    }
    func log(event: LogEvent) {
        lines.withLock { $0.append("\(event.message)") }
    }
}

@Suite("GLPK output", .serialized)
struct LoggingTests {
    @Test func outputGoesToTheLogger() throws {
        let handler = CapturingHandler()
        let logger = Logger(label: "test") { _ in handler }
        let (m, _) = knapsackModel(values: [60, 100, 120], weights: [10, 20, 30], capacity: 50)
        _ = try m.solve(options: SolveOptions(messageLevel: .normal, logger: logger))
        let lines = handler.lines.withLock { $0 }
        // GLPK's branch-and-cut progress line with the optimum 220.
        #expect(lines.contains { $0.contains("mip =") && $0.contains("2.200000000e+02") }, "\(lines)")
        #expect(lines.allSatisfy { $0.hasPrefix("glpk: ") })
    }

    /// With the default message level nothing reaches stdout, even the cut generators' chatter
    /// that GLP_MSG_OFF alone lets through.
    @Test func silentByDefault() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("stdout-\(UUID().uuidString)").path
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: path) }
        fflush(nil)
        let saved = dup(STDOUT_FILENO)
        let fd = open(path, O_WRONLY)
        dup2(fd, STDOUT_FILENO)
        let ufl = UFLInstance(fixed: [20, 35, 25],
                              cost: [[5, 30, 35], [12, 8, 27], [30, 9, 14], [33, 28, 4], [25, 20, 9]])
        let (m, _) = ufl.model()
        let s = try? m.solve(options: SolveOptions(cuts: .all))
        fflush(nil)
        dup2(saved, STDOUT_FILENO)
        close(fd)
        close(saved)
        #expect(s?.objective == 89)
        // Swift Testing itself prints results to stdout from other threads meanwhile, so look
        // for GLPK's own words rather than for an empty file.
        let captured = try String(contentsOfFile: path, encoding: .utf8)
        for glpkText in ["knapsack inequalities", "conflict graph", "Integer optimization", "mip =", "obj =", "GLPK"] {
            #expect(!captured.contains(glpkText), "GLPK printed: \(captured)")
        }
    }
}
