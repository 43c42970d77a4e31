import MILP

/// One of the two exact paths, ``UFLSolver`` (uncapacitated) and ``StrongMILP`` (side
/// constraints). Both run the same pipeline; each file keeps only the steps that differ:
///
/// 1. construction heuristic → incumbent;
/// 2. bounds (dual ascent and Lagrangian; Lagrangian with the side constraints);
/// 3. reduction: depots fixed closed or open, pairs dropped against the incumbent;
/// 4. restricted LP with reduced-cost pricing of the other pairs until none prices out (`price`,
///    shared, over each path's ``PricedLP``);
/// 5. LP reduced-cost fixing of depots (`fixDepotsByReducedCost`, shared) and of pairs;
/// 6. GLPK branch-and-cut from the incumbent (`branchAndCut`, shared);
/// 7. the report (`PlacementSolution.held`, shared where the paths agree: status and gap).
///
/// Each phase's wall-clock seconds go into ``PlacementStatistics`` through `timed`.
protocol ExactPath: DeadlineBound {
    var options: PlacementOptions { get }
}

/// A restricted LP that pricing grows: GLPK solves its relaxation, then the candidate columns whose
/// reduced cost at those duals is negative enter.
protocol PricedLP {
    /// The model GLPK solves (relaxed).
    var model: Model { get }
    /// Pairs in the model, for the progress line.
    var pairCount: Int { get }
    /// Adds every candidate column that prices out at `duals`; returns how many entered.
    mutating func addPricedColumns(duals: [Double]) -> Int
}

/// How the pricing loop ended.
struct PricingResult {
    /// The last optimal LP solution (nil if GLPK found none).
    var lp: Solution?
    /// True when the last round priced in no column: the LP bound then holds for every candidate pair.
    var converged = false
}

extension ExactPath {
    /// Runs one phase and records its wall-clock seconds in `stats[keyPath: phase]`.
    func timed<T, E: Error>(_ phase: WritableKeyPath<PlacementStatistics, Double>, _ stats: inout PlacementStatistics,
                            _ body: (inout PlacementStatistics) throws(E) -> T) throws(E) -> T {
        let t = clock.now
        let result = try body(&stats)
        stats[keyPath: phase] = (clock.now - t).seconds
        return result
    }

    /// The restricted LP with pricing: GLPK solves `lp` relaxed, the columns that price out at its
    /// duals enter, until none does (converged), GLPK finds no optimum, or at most `reserve`
    /// seconds are left. Counts rounds and priced columns in `stats`.
    func price<LP: PricedLP>(_ lp: inout LP, reserve: Double, stats: inout PlacementStatistics,
                             progress: (String) -> Void) throws(PlacementError) -> PricingResult {
        var result = PricingResult()
        while hasTime(beyond: reserve) {
            stats.pricingRounds += 1
            progress("restricted LP round \(stats.pricingRounds): \(lp.pairCount) pairs")
            let s: Solution
            do { s = try lp.model.solve(options: SolveOptions(timeLimit: remaining(), relaxIntegrality: true)) } catch {
                throw .solver("\(error)")
            }
            guard s.termination == .optimal, let duals = s.duals else { break }
            result.lp = s
            let added = lp.addPricedColumns(duals: duals)
            stats.columnsPriced += added
            if added == 0 { result.converged = true; break }
        }
        return result
    }

    /// LP reduced-cost fixing of depots against the incumbent (value `upper`, tolerance `tol`), exact
    /// because y is binary: an `eligible` depot with a column in `y`, at 0 in the LP `s` and closed in
    /// the incumbent, whose reduced cost d lifts the LP bound z above the incumbent (z + d) is fixed
    /// closed; one at 1 and open in the incumbent with z − d above it is fixed open.
    func fixDepotsByReducedCost(_ s: Solution, y: [Var?], eligible: [Bool], incumbentOpen: [Bool], upper: Double,
                                tol: Double, closed: inout [Bool], open: inout [Bool], stats: inout PlacementStatistics) {
        guard let z = s.objective, let rc = s.reducedCosts else { return }
        for (i, y) in y.enumerated() where eligible[i] {
            guard let y else { continue }
            let value = s.values[y.index], d = rc[y.index]
            if value < 1e-9 && !incumbentOpen[i] && z + d > upper + tol {
                closed[i] = true
                stats.depotsFixedClosed += 1
            } else if value > 1 - 1e-9 && incumbentOpen[i] && z - d > upper + tol {
                open[i] = true
                stats.depotsFixedOpen += 1
            }
        }
    }

    /// GLPK's branch-and-cut on `model` from `start` (the incumbent, nil if it does not fit), within
    /// the time left and the options' gap.
    func branchAndCut(_ model: Model, start: [Double]?, stats: inout PlacementStatistics) throws(PlacementError) -> Solution {
        stats.branchAndCut = true
        let r: Solution
        do {
            r = try model.solve(options: SolveOptions(timeLimit: remaining(), relativeGap: options.relativeGap, start: start))
        } catch { throw .solver("\(error)") }
        stats.startAccepted = r.startAccepted
        return r
    }
}

extension PlacementStatistics {
    /// Records the size of the model GLPK solves last.
    mutating func record(_ model: Model, pairs: Int) {
        modelVariables = model.variables.count
        modelRows = model.constraints.count
        pairsInModel = pairs
    }
}

extension PlacementSolution {
    /// A finished solve's answer: optimal when it terminated so, else feasible; the gap from
    /// objective and bound.
    static func held(_ termination: Termination, objective: Double?, costs: CostBreakdown?, bound: Double?, open: [Bool],
                     assignment: [Int], heuristicObjective: Double?, seconds: Double,
                     stats: PlacementStatistics) -> PlacementSolution {
        PlacementSolution(
            termination: termination, status: termination == .optimal ? .optimal : .feasible, objective: objective,
            costs: costs, bound: bound, relativeGap: Placement.relativeGap(objective, bound), open: open, assignment: assignment,
            heuristicObjective: heuristicObjective, seconds: seconds, statistics: stats)
    }
}
