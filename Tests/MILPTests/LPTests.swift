import Testing
@testable import MILP

@Suite("Linear programs")
struct LPTests {
    /// The example of GLPK's reference manual, section 1.3: z = 2200/3 at x = (100/3, 200/3, 0),
    /// row duals p = 10/3, q = 2/3, r = 0, reduced cost of x3 = −8/3.
    @Test func glpkManualExample() throws {
        var m = Model(name: "sample", sense: .maximize)
        let x1 = m.addVariable("x1", objective: 10)
        let x2 = m.addVariable("x2", objective: 6)
        let x3 = m.addVariable("x3", objective: 4)
        m.addConstraint("p", x1 + x2 + x3, .lessEqual(100))
        m.addConstraint("q", 10 * x1 + 4 * x2 + 5 * x3, .lessEqual(600))
        m.addConstraint("r", 2 * x1 + 2 * x2 + 6 * x3, .lessEqual(300))
        let s = try m.solve()
        #expect(s.termination == .optimal)
        #expect(s.status == .optimal)
        #expect(!s.isMIP)
        let z = try #require(s.objective)
        #expect(abs(z - 2200.0 / 3) < 1e-9)
        #expect(abs((s.value(x1) ?? .nan) - 100.0 / 3) < 1e-9)
        #expect(abs((s.value(x2) ?? .nan) - 200.0 / 3) < 1e-9)
        #expect(abs(s.value(x3) ?? .nan) < 1e-9)
        #expect(abs((s.dual(row: 0) ?? .nan) - 10.0 / 3) < 1e-9)
        #expect(abs((s.dual(row: 1) ?? .nan) - 2.0 / 3) < 1e-9)
        #expect(abs(s.dual(row: 2) ?? .nan) < 1e-9)
        #expect(abs((s.reducedCosts?[2] ?? .nan) + 8.0 / 3) < 1e-9)
        #expect(s.bound == s.objective)
        #expect(s.relativeGap == 0)
        // Row activities: p and q are tight, r = 200.
        #expect(abs(s.rowActivities[0] - 100) < 1e-9)
        #expect(abs(s.rowActivities[1] - 600) < 1e-9)
        #expect(abs(s.rowActivities[2] - 200) < 1e-9)
    }

    /// min 3x + 2y + 7 s.t. x + y ≥ 4, x + 3y ≥ 6: optimum (0, 4), z = 15; duals 2 and 0.
    @Test func minimizationWithGreaterEqualRowsAndConstant() throws {
        var m = Model(name: "min")
        let x = m.addVariable("x", objective: 3)
        let y = m.addVariable("y", objective: 2)
        m.objectiveConstant = 7
        m.addConstraint("a", x + y, .greaterEqual(4))
        m.addConstraint("b", x + 3 * y, .greaterEqual(6))
        let s = try m.solve()
        #expect(s.termination == .optimal)
        #expect(abs((s.objective ?? .nan) - 15) < 1e-9)
        #expect(abs(s.value(x) ?? .nan) < 1e-9)
        #expect(abs((s.value(y) ?? .nan) - 4) < 1e-9)
        #expect(abs((s.dual(row: 0) ?? .nan) - 2) < 1e-9)
        #expect(abs(s.dual(row: 1) ?? .nan) < 1e-9)
        #expect(abs(m.objectiveValue(s.values) - 15) < 1e-9)
    }

    /// Ranged and equality rows: min −x s.t. 1 ≤ x + y ≤ 5, x − y = 1, y free in [−10, 10]:
    /// x = 3, y = 2, z = −3; duals −1/2 on both rows.
    @Test func rangedAndEqualityRows() throws {
        var m = Model()
        let x = m.addVariable("x", objective: -1)
        let y = m.addVariable("y", lower: -10, upper: 10)
        m.addConstraint("range", x + y, .range(1, 5))
        m.addConstraint("eq", x - y, .equal(1))
        let s = try m.solve()
        #expect(s.termination == .optimal)
        #expect(abs((s.objective ?? .nan) + 3) < 1e-9)
        #expect(abs((s.value(x) ?? .nan) - 3) < 1e-9)
        #expect(abs((s.value(y) ?? .nan) - 2) < 1e-9)
        #expect(abs((s.dual(row: 0) ?? .nan) + 0.5) < 1e-9)
        #expect(abs((s.dual(row: 1) ?? .nan) + 0.5) < 1e-9)
    }

    @Test(arguments: [true, false])
    func infeasibleLP(presolve: Bool) throws {
        var m = Model()
        let x = m.addVariable("x")
        m.addConstraint("atLeast5", LinearExpression(x), .greaterEqual(5))
        m.addConstraint("atMost3", LinearExpression(x), .lessEqual(3))
        let s = try m.solve(options: SolveOptions(presolve: presolve))
        #expect(s.termination == .infeasible)
        #expect(s.status == .none)
        #expect(s.objective == nil)
        #expect(s.value(x) == nil)
        #expect(s.values.isEmpty)
    }

    @Test(arguments: [true, false])
    func unboundedLP(presolve: Bool) throws {
        var m = Model(sense: .maximize)
        let x = m.addVariable("x", objective: 1)
        let y = m.addVariable("y", objective: 1)
        m.addConstraint("c", x - y, .lessEqual(1))
        let s = try m.solve(options: SolveOptions(presolve: presolve))
        #expect(s.termination == .unbounded)
        #expect(s.status == .none)
    }

    /// Both primal and dual infeasible: presolve reports "no dual feasible solution"; the shim
    /// reruns without presolve and tells infeasible from unbounded.
    @Test func primalAndDualInfeasible() throws {
        var m = Model(sense: .maximize)
        let x = m.addVariable("x", objective: 1)
        let y = m.addVariable("y", lower: -.infinity, objective: 1)
        m.addConstraint("a", LinearExpression(y), .greaterEqual(3))
        m.addConstraint("b", LinearExpression(y), .lessEqual(1))
        _ = x
        let s = try m.solve()
        #expect(s.termination == .infeasible)
    }

    @Test func relaxationOfAMIP() throws {
        // max 5a + 4b, 6a + 4b ≤ 24, a + 2b ≤ 6, integer: LP optimum 21 at (3, 1.5); MIP 20 at (4, 0).
        var m = Model(sense: .maximize)
        let a = m.addVariable("a", kind: .integer, objective: 5)
        let b = m.addVariable("b", kind: .integer, objective: 4)
        m.addConstraint("r1", 6 * a + 4 * b, .lessEqual(24))
        m.addConstraint("r2", a + 2 * b, .lessEqual(6))
        let lp = try m.solve(options: SolveOptions(relaxIntegrality: true))
        #expect(!lp.isMIP)
        #expect(abs((lp.objective ?? .nan) - 21) < 1e-9)
        #expect(abs((lp.value(b) ?? .nan) - 1.5) < 1e-9)
        let mip = try m.solve()
        #expect(mip.isMIP)
        #expect(abs((mip.objective ?? .nan) - 20) < 1e-9)
        #expect(mip.value(a) == 4)
        #expect(mip.value(b) == 0)
        #expect(mip.duals == nil)
    }

    @Test func linearExpressionMergesTermsAndMovesTheConstant() throws {
        var m = Model()
        let x = m.addVariable("x", objective: 1)
        // x + x + 3 ≥ 7  ⇔  2x ≥ 4
        let row = m.addConstraint("twice", x + x + 3.0, .greaterEqual(7))
        #expect(m.constraints[row].terms == [Term(x, 2)])
        #expect(m.constraints[row].relation == .greaterEqual(4))
        let s = try m.solve()
        #expect(abs((s.value(x) ?? .nan) - 2) < 1e-12)
    }
}

@Suite("Column generation support")
struct ColumnTests {
    /// Adding a column to existing rows changes the optimum as expected: min x s.t. x ≥ 2, then a
    /// cheaper column y (cost 0.5, also counting in the row) takes over: min 0.5·2 = 1.
    @Test func addColumnJoinsExistingRows() throws {
        var m = Model()
        let x = m.addVariable("x", objective: 1)
        let row = m.addConstraint("need", LinearExpression(x), .greaterEqual(2))
        #expect(try m.solve().objective == 2)
        #expect(try m.solve().dual(row: row) == 1)
        let y = m.addColumn("y", objective: 0.5, rows: [(row, 1)])
        let s = try m.solve()
        #expect(s.objective == 1)
        #expect(s.value(y) == 2)
        #expect(s.dual(row: row) == 0.5)
        m.setKind(.integer, of: [x, y])
        #expect(m.isMIP)
    }
}
