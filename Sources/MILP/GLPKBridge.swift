internal import CGLPK
import Logging

/// The model in GLPK's flat layout, owning its buffers for the duration of one C call.
/// Built and consumed on the calling thread inside one synchronous function: GLPK objects never
/// cross threads or suspension points.
struct FlatModel: ~Copyable {
    let nCols: Int32
    let nRows: Int32
    let nnz: Int32
    let colKind: UnsafeMutableBufferPointer<Int32>
    let colType: UnsafeMutableBufferPointer<Int32>
    let colLB: UnsafeMutableBufferPointer<Double>
    let colUB: UnsafeMutableBufferPointer<Double>
    let obj: UnsafeMutableBufferPointer<Double>
    let rowType: UnsafeMutableBufferPointer<Int32>
    let rowLB: UnsafeMutableBufferPointer<Double>
    let rowUB: UnsafeMutableBufferPointer<Double>
    let aRow: UnsafeMutableBufferPointer<Int32>
    let aCol: UnsafeMutableBufferPointer<Int32>
    let aVal: UnsafeMutableBufferPointer<Double>
    let names: UnsafeMutableBufferPointer<CChar>
    let colNameOff: UnsafeMutableBufferPointer<Int32>
    let rowNameOff: UnsafeMutableBufferPointer<Int32>
    let maximize: Bool
    let objConst: Double
    let probName: UnsafeMutableBufferPointer<CChar>

    /// Flattens a validated model. `relax` turns integer columns continuous;
    /// `zeroObjective` drops the objective (feasibility check); `names` maps names (for LP export).
    init(_ m: Model, relax: Bool, zeroObjective: Bool = false, names nameOf: ((Int, Bool) -> String)? = nil) {
        let n = m.variables.count, r = m.constraints.count, nz = m.nonzeroCount
        nCols = Int32(n); nRows = Int32(r); nnz = Int32(nz)
        colKind = .allocate(capacity: max(n, 1)); colType = .allocate(capacity: max(n, 1))
        colLB = .allocate(capacity: max(n, 1)); colUB = .allocate(capacity: max(n, 1))
        obj = .allocate(capacity: max(n, 1))
        rowType = .allocate(capacity: max(r, 1)); rowLB = .allocate(capacity: max(r, 1))
        rowUB = .allocate(capacity: max(r, 1))
        aRow = .allocate(capacity: max(nz, 1)); aCol = .allocate(capacity: max(nz, 1))
        aVal = .allocate(capacity: max(nz, 1))
        colNameOff = .allocate(capacity: max(n, 1)); rowNameOff = .allocate(capacity: max(r, 1))
        maximize = m.sense == .maximize
        objConst = zeroObjective ? 0 : m.objectiveConstant

        var blob: [CChar] = []
        func addName(_ s: String) -> Int32 {
            if s.isEmpty { return -1 }
            let off = Int32(blob.count)
            blob.append(contentsOf: s.utf8.map { CChar(bitPattern: $0) })
            blob.append(0)
            return off
        }
        for (j, v) in m.variables.enumerated() {
            var lo = v.lower, hi = v.upper
            let integral = !relax && v.kind != .continuous
            if v.kind == .binary { lo = max(lo, 0); hi = min(hi, 1) }
            colKind[j] = integral ? GLP_IV : GLP_CV
            (colType[j], colLB[j], colUB[j]) = Self.boundType(lo, hi)
            obj[j] = zeroObjective ? 0 : v.objective
            colNameOff[j] = addName(nameOf?(j, true) ?? v.name)
        }
        var k = 0
        for (i, row) in m.constraints.enumerated() {
            let (lo, hi) = row.relation.bounds
            (rowType[i], rowLB[i], rowUB[i]) = Self.boundType(lo, hi)
            rowNameOff[i] = addName(nameOf?(i, false) ?? row.name)
            for t in row.terms {
                aRow[k] = Int32(i); aCol[k] = Int32(t.variable.index); aVal[k] = t.coefficient
                k += 1
            }
        }
        names = .allocate(capacity: max(blob.count, 1))
        if blob.isEmpty { names[0] = 0 } else { _ = names.initialize(from: blob) }
        let pn = Array(m.name.utf8.map { CChar(bitPattern: $0) }) + [0]
        probName = .allocate(capacity: pn.count)
        _ = probName.initialize(from: pn)
    }

    /// GLPK's bound type and values for [lo, hi] (validated: lo ≤ hi, lo < +∞, hi > −∞).
    static func boundType(_ lo: Double, _ hi: Double) -> (Int32, Double, Double) {
        switch (lo.isFinite, hi.isFinite) {
        case (false, false): return (GLP_FR, 0, 0)
        case (true, false): return (GLP_LO, lo, 0)
        case (false, true): return (GLP_UP, 0, hi)
        case (true, true): return (lo == hi ? GLP_FX : GLP_DB, lo, hi)
        }
    }

    /// Calls `body` with the C view of this model.
    func withCModel<R>(_ body: (UnsafePointer<cglpk_model>) -> R) -> R {
        var cm = cglpk_model()
        cm.n_cols = nCols; cm.n_rows = nRows
        cm.maximize = maximize ? 1 : 0
        cm.obj_const = objConst
        cm.col_kind = UnsafePointer(colKind.baseAddress); cm.col_type = UnsafePointer(colType.baseAddress)
        cm.col_lb = UnsafePointer(colLB.baseAddress); cm.col_ub = UnsafePointer(colUB.baseAddress)
        cm.obj = UnsafePointer(obj.baseAddress)
        cm.row_type = UnsafePointer(rowType.baseAddress)
        cm.row_lb = UnsafePointer(rowLB.baseAddress); cm.row_ub = UnsafePointer(rowUB.baseAddress)
        cm.nnz = nnz
        cm.a_row = UnsafePointer(aRow.baseAddress); cm.a_col = UnsafePointer(aCol.baseAddress)
        cm.a_val = UnsafePointer(aVal.baseAddress)
        cm.names = UnsafePointer(names.baseAddress)
        cm.col_name_off = UnsafePointer(colNameOff.baseAddress)
        cm.row_name_off = UnsafePointer(rowNameOff.baseAddress)
        cm.prob_name = UnsafePointer(probName.baseAddress)
        return withUnsafePointer(to: &cm) { body($0) }
    }

    deinit {
        colKind.deallocate(); colType.deallocate(); colLB.deallocate(); colUB.deallocate()
        obj.deallocate(); rowType.deallocate(); rowLB.deallocate(); rowUB.deallocate()
        aRow.deallocate(); aCol.deallocate(); aVal.deallocate(); names.deallocate()
        colNameOff.deallocate(); rowNameOff.deallocate(); probName.deallocate()
    }
}

/// Collects GLPK's terminal output (which arrives in fragments) and logs it line by line.
final class LogSink {
    let logger: Logger?
    let level: MessageLevel
    var pending = ""

    init(logger: Logger?, level: MessageLevel) {
        self.logger = logger
        self.level = level
    }

    func receive(_ text: String) {
        guard level != .off, let logger else { return }
        pending += text
        while let nl = pending.firstIndex(of: "\n") {
            let line = String(pending[..<nl])
            pending = String(pending[pending.index(after: nl)...])
            if !line.isEmpty { logger.info("glpk: \(line)") }
        }
    }

    func flush() {
        if !pending.isEmpty, level != .off, let logger { logger.info("glpk: \(pending)") }
        pending = ""
    }
}

/// The C callback that forwards GLPK output to a ``LogSink``.
let glpkLogCallback: cglpk_log_fn = { ctx, text in
    guard let ctx, let text else { return }
    Unmanaged<LogSink>.fromOpaque(ctx).takeUnretainedValue().receive(String(cString: text))
}

/// Reads a C `char[N]` tuple field as a String.
func string<T>(fromCharTuple tuple: T) -> String {
    withUnsafeBytes(of: tuple) { raw in
        let bytes = raw.prefix { $0 != 0 }
        return String(decoding: bytes, as: UTF8.self)
    }
}
