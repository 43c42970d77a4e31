internal import CGLPK
import Logging

extension Model {
    /// Solves the model with GLPK: simplex for an LP (or with `relaxIntegrality`), branch-and-cut
    /// for a MIP. Validates the model and options first; bad input throws a ``MILPError`` and
    /// never reaches GLPK. The whole solve is one synchronous call on the calling thread (GLPK's
    /// environment is per thread), so it is safe to call from several threads at once.
    ///
    /// An infeasible or unbounded model is not an error: it is a ``Solution`` whose
    /// ``Solution/termination`` says so.
    public func solve(options: SolveOptions = SolveOptions()) throws(MILPError) -> Solution {
        let clock = ContinuousClock()
        let started = clock.now
        try validate()
        try options.validate()
        let mip = isMIP && !options.relaxIntegrality
        if mip, let start = options.start { try validateStart(start) }

        var solution = try runGLPK(mip: mip, options: options, zeroObjective: false)
        if mip, case .unbounded = solution.termination, solution.status == .none {
            // The LP relaxation is unbounded: the MIP is unbounded if it has a feasible point.
            let feasibility = try runGLPK(mip: true, options: options, zeroObjective: true)
            switch feasibility.status {
            case .feasible, .optimal: solution.termination = .unbounded
            case .none:
                solution.termination = feasibility.termination == .infeasible
                    ? .infeasible
                    : .error("the LP relaxation is unbounded and no feasible point was found within the limits")
            }
        }
        solution.seconds = (clock.now - started).seconds
        return solution
    }

    /// One guarded GLPK call and the interpretation of its codes.
    private func runGLPK(mip: Bool, options: SolveOptions, zeroObjective: Bool) throws(MILPError) -> Solution {
        let flat = FlatModel(self, relax: !mip, zeroObjective: zeroObjective)
        let n = variables.count, r = constraints.count
        var colVal = [Double](repeating: 0, count: n), colDual = [Double](repeating: 0, count: n)
        var rowVal = [Double](repeating: 0, count: r), rowDual = [Double](repeating: 0, count: r)
        var out = cglpk_outcome()
        let sink = LogSink(logger: options.logger, level: options.messageLevel)
        let start: [Double]? = (mip && !zeroObjective) ? options.start : nil

        var o = cglpk_options()
        o.is_mip = mip ? 1 : 0
        o.tm_lim_ms = options.glpkMilliseconds
        o.mip_gap = options.relativeGap
        o.presolve = options.presolve ? 1 : 0
        o.gomory = options.cuts.contains(.gomory) ? 1 : 0
        o.mir = options.cuts.contains(.mir) ? 1 : 0
        o.cover = options.cuts.contains(.cover) ? 1 : 0
        o.clique = options.cuts.contains(.clique) ? 1 : 0
        switch options.messageLevel {
        case .off: o.msg_lev = GLP_MSG_OFF
        case .errors: o.msg_lev = GLP_MSG_ERR
        case .normal: o.msg_lev = GLP_MSG_ON
        case .all: o.msg_lev = GLP_MSG_ALL
        }

        let rc: Int32 = withExtendedLifetime(sink) {
            (start ?? []).withUnsafeBufferPointer { startBuf in
                o.start = start == nil ? nil : startBuf.baseAddress
                return flat.withCModel { cm in
                    colVal.withUnsafeMutableBufferPointer { cv in
                        colDual.withUnsafeMutableBufferPointer { cd in
                            rowVal.withUnsafeMutableBufferPointer { rv in
                                rowDual.withUnsafeMutableBufferPointer { rd in
                                    cglpk_solve(cm, &o, &out, cv.baseAddress, cd.baseAddress,
                                                rv.baseAddress, rd.baseAddress, glpkLogCallback,
                                                Unmanaged.passUnretained(sink).toOpaque())
                                }
                            }
                        }
                    }
                }
            }
        }
        sink.flush()
        if rc == CGLPK_EGUARD {
            let msg = string(fromCharTuple: out.errmsg).trimmingWhitespace()
            options.logger?.error("GLPK internal error caught by the guard: \(msg)")
            throw .solverFailure(message: msg.isEmpty ? "unknown GLPK error" : msg)
        }
        return interpret(out, mip: mip, values: colVal, rows: rowVal,
                         duals: rowDual, reducedCosts: colDual, hadStart: start != nil)
    }

    /// Maps GLPK's return codes and statuses to (termination, held solution).
    private func interpret(_ out: cglpk_outcome, mip: Bool, values: [Double], rows: [Double],
                           duals: [Double], reducedCosts: [Double], hadStart: Bool) -> Solution {
        var s = Solution(termination: .error("no result"), status: .none, isMIP: mip, objective: nil,
                         bound: nil, relativeGap: nil, values: [], rowActivities: [], duals: nil,
                         reducedCosts: nil, startAccepted: hadStart ? out.start_accepted != 0 : nil,
                         seconds: 0)
        func hold(_ status: SolutionStatus) {
            s.status = status
            s.objective = out.obj
            s.values = values
            s.rowActivities = rows
        }

        // The simplex stage (the whole solve for an LP; the root LP for a presolve-off MIP).
        if out.simplex_ret != -100 {
            let ret = out.simplex_ret, stat = out.simplex_stat
            switch ret {
            case 0 where stat == GLP_OPT:
                if !mip {
                    s.termination = .optimal
                    hold(.optimal)
                    s.bound = out.obj
                    s.relativeGap = 0
                    s.duals = duals
                    s.reducedCosts = reducedCosts
                    return s
                }
            case 0 where stat == GLP_NOFEAS, GLP_ENOPFS:
                s.termination = .infeasible
                return s
            case 0 where stat == GLP_UNBND:
                s.termination = .unbounded
                return s
            case GLP_ENODFS:
                s.termination = out.lp_rerun_stat == GLP_NOFEAS ? .infeasible : .unbounded
                return s
            case GLP_ETMLIM, GLP_EITLIM:
                s.termination = .timeLimit
                if !mip && stat == GLP_FEAS { hold(.feasible) }
                return s
            default:
                s.termination = .error(Self.describe(code: ret, stage: "simplex", status: stat))
                return s
            }
        }
        guard mip else { return s }

        let ret = out.intopt_ret, stat = out.mip_stat
        switch ret {
        case 0 where stat == GLP_OPT:
            s.termination = .optimal
            hold(.optimal)
            s.bound = out.obj
            s.relativeGap = 0
            return s
        case 0 where stat == GLP_NOFEAS, GLP_ENOPFS:
            s.termination = .infeasible
            return s
        case GLP_ENODFS:
            s.termination = .unbounded
            return s
        case GLP_ETMLIM, GLP_EMIPGAP:
            s.termination = ret == GLP_ETMLIM ? .timeLimit : .gapReached
            if stat == GLP_FEAS || stat == GLP_OPT {
                hold(stat == GLP_OPT ? .optimal : .feasible)
                if out.has_bound != 0 {
                    // The tree's bound can only be weaker than the incumbent; clamp rounding noise.
                    let b = sense == .minimize ? min(out.bound, out.obj) : max(out.bound, out.obj)
                    s.bound = b
                    s.relativeGap = abs(out.obj - b) / (abs(out.obj) + Double.ulpOfOne)
                }
            } else if out.has_bound != 0 {
                s.bound = out.bound
            }
            return s
        default:
            s.termination = .error(Self.describe(code: ret, stage: "branch-and-cut", status: stat))
            return s
        }
    }

    /// GLPK's return codes in words (GLPK 5.0 reference manual, glp_simplex / glp_intopt).
    static func describe(code: Int32, stage: String, status: Int32) -> String {
        let what: String
        switch code {
        case GLP_EBADB: what = "invalid initial basis"
        case GLP_ESING: what = "singular basis matrix"
        case GLP_ECOND: what = "ill-conditioned basis matrix"
        case GLP_EBOUND: what = "incorrect (double-bounded or integer) bounds"
        case GLP_EFAIL: what = "the solver failed"
        case GLP_EOBJLL, GLP_EOBJUL: what = "objective limit reached"
        case GLP_EROOT: what = "optimal basis for the initial LP relaxation not provided"
        case GLP_ESTOP: what = "stopped by the application"
        case 0: what = "finished with status \(status)"
        default: what = "return code \(code)"
        }
        return "\(stage): \(what)"
    }
}

extension Duration {
    /// The duration in seconds as a Double.
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) * 1e-18
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
