import Foundation
import MILP
import Placement
import Testing

/// Repository root, from this file's path (Tests/PlacementTests/ORLibraryTests.swift).
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

let orlibFolder = repositoryRoot.appendingPathComponent("data/benchmarks/orlib-ufl").path

/// Beasley's OR-Library UFL instances, solved by the exact uncapacitated path to their known optima.
@Suite("OR-Library UFL through Placement")
struct ORLibraryTests {
    static let small = ["cap71", "cap72", "cap73", "cap74", "cap101", "cap102", "cap103", "cap104",
                        "cap131", "cap132", "cap133", "cap134"]

    @Test(arguments: small)
    func provenOptimum(name: String) throws {
        let instance = try ORLibraryUFL.read(path: "\(orlibFolder)/\(name).txt")
        let known = try #require(try ORLibraryUFL.optima(path: "\(orlibFolder)/uncapopt.txt")[name])
        let problem = try instance.uncapacitatedProblem()
        let s = try problem.solve()
        #expect(s.termination == .optimal)
        #expect(s.status == .optimal)
        let z = try #require(s.objective)
        #expect(abs(z - known) < 1e-3 + 1e-9 * known, "\(name): \(z) vs OR-Library \(known)")
        // Invariants: heuristic ≥ optimum ≥ bound, and the solution is what it claims.
        let bound = try #require(s.bound)
        #expect(bound <= z + 1e-6)
        #expect((s.relativeGap ?? 1) < 1e-9)
        #expect(try #require(s.heuristicObjective) >= z - 1e-6)
        #expect(problem.isFeasible(open: s.open, assignment: s.assignment))
        #expect(abs((problem.evaluate(open: s.open, assignment: s.assignment)?.total ?? 0) - z) < 1e-6)
        // UflLib's published solution has the same cost.
        let opt = try String(contentsOfFile: "\(orlibFolder)/solutions/\(name).txt.opt", encoding: .utf8)
        let numbers = opt.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
        let assignment = numbers.prefix(problem.customers.count).map { Int($0) }
        var open = [Bool](repeating: false, count: problem.facilities.count)
        for i in assignment { open[i] = true }
        let published = try #require(problem.evaluate(open: open, assignment: assignment)?.total)
        #expect(abs(published - z) < 1e-3)
    }

    /// The same answers with the reduction turned off, and from GLPK on the plain strong formulation.
    @Test func pathsAgree() throws {
        let problem = try ORLibraryUFL.read(path: "\(orlibFolder)/cap101.txt").uncapacitatedProblem()
        let fast = try problem.solve()
        var options = PlacementOptions()
        options.reduce = false
        let unreduced = try problem.solve(options: options)
        options.fastPath = false
        let plain = try problem.solve(options: options)
        for s in [unreduced, plain] {
            #expect(s.termination == .optimal)
            #expect(abs((s.objective ?? 0) - (fast.objective ?? 1)) < 1e-6)
        }
        #expect(plain.statistics.method == "strong-milp")
        #expect(fast.statistics.method == "ufl-pricing")
    }

    @Test func readerRejectsBadFiles() throws {
        #expect(throws: PlacementError.self) { try ORLibraryUFL.read(path: "/nonexistent/cap.txt") }
        #expect(throws: PlacementError.invalidFile(path: "<text>", reason: "expected 2 + 2m + n(1 + m) = 8 numbers for m = 1, n = 2, found 7")) {
            try ORLibraryUFL.parse("1 2  100 5  10 1  20")
        }
        #expect(throws: PlacementError.self) { try ORLibraryUFL.parse("1 1 100 abc 10 1") }
        #expect(throws: PlacementError.self) { try ORLibraryUFL.parse("0 1") }
        #expect(throws: PlacementError.self) { try ORLibraryUFL.parse("") }
        let ok = try ORLibraryUFL.parse("2 1 capacity 5. 100 7.5 3 1.25 2.5")
        #expect(ok.capacity == [nil, 100])
        #expect(ok.fixedCost == [5, 7.5])
        #expect(ok.cost == [[1.25, 2.5]])
    }
}
