internal import CGLPK
import Foundation

extension Model {
    /// The model as CPLEX-LP text (written by GLPK's own `glp_write_lp`), so a solve can be
    /// reproduced with glpsol, HiGHS, CBC, CPLEX or Gurobi.
    ///
    /// Names are kept where the LP format allows them; characters it forbids become `_`, a name
    /// that would start with a digit or a period gets an `x_`/`r_` prefix, and clashes created by
    /// this mapping get a `~N` suffix. Unnamed variables are `x_J` and unnamed rows `r_I`
    /// (1-based), as in GLPK.
    public func cplexLP() throws(MILPError) -> String {
        let dir = FileManager.default.temporaryDirectory
        let path = dir.appendingPathComponent("echelon-\(UUID().uuidString).lp").path
        try writeCPLEXLP(to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .io(path: path, reason: "cannot read the exported model back: \(error.localizedDescription)")
        }
    }

    /// Writes the model as a CPLEX-LP file at `path` (see ``cplexLP()`` for the naming rules).
    public func writeCPLEXLP(to path: String) throws(MILPError) {
        try validate()
        let colNames = Self.lpNames(variables.map(\.name), prefix: "x_")
        let rowNames = Self.lpNames(constraints.map(\.name), prefix: "r_")
        let flat = FlatModel(self, relax: false) { index, isColumn in
            isColumn ? colNames[index] : rowNames[index]
        }
        var err = [CChar](repeating: 0, count: 512)
        let rc = flat.withCModel { cm in
            err.withUnsafeMutableBufferPointer { e in
                cglpk_write_lp(cm, path, e.baseAddress, Int32(e.count))
            }
        }
        if rc != 0 {
            let msg = String(decoding: err.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw .io(path: path, reason: "GLPK could not write the LP file: \(msg.trimmingWhitespace())")
        }
    }

    /// Characters the CPLEX-LP format allows in names besides letters and digits (GLPK's rule).
    static let lpNameSymbols = Set("!\"#$%&()/,.;?@_`'{}|~".utf8)

    /// Maps names to unique CPLEX-LP names (empty stays empty: GLPK then writes x_J / r_I).
    static func lpNames(_ names: [String], prefix: String) -> [String] {
        var used = Set<String>()
        var out: [String] = []
        out.reserveCapacity(names.count)
        for (k, raw) in names.enumerated() {
            if raw.isEmpty {
                out.append("")
                used.insert("\(prefix)\(k + 1)")
                continue
            }
            var bytes = raw.utf8.map { b -> UInt8 in
                let alnum = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
                return alnum || lpNameSymbols.contains(b) ? b : UInt8(ascii: "_")
            }
            if let f = bytes.first, (f >= 0x30 && f <= 0x39) || f == UInt8(ascii: ".") {
                bytes.insert(contentsOf: prefix.utf8, at: 0)
            }
            var name = String(decoding: bytes.prefix(240), as: UTF8.self)
            if used.contains(name) {
                var n = 2
                while used.contains("\(name)~\(n)") { n += 1 }
                name = "\(name)~\(n)"
            }
            used.insert(name)
            out.append(name)
        }
        return out
    }
}

/// Solves a CPLEX-LP file with GLPK's defaults (for checking that exported models round-trip).
public enum LPFile {
    /// The outcome of solving an LP file: GLPK's status, the objective and the model's size.
    public struct Result: Sendable, Equatable {
        public var optimal: Bool
        public var objective: Double
        public var columns: Int
        public var rows: Int
    }

    /// Reads `path` with `glp_read_lp` and solves it (branch-and-cut if it has integer columns).
    public static func solve(path: String) throws(MILPError) -> Result {
        var status: Int32 = 0, obj = 0.0, nc: Int32 = 0, nr: Int32 = 0
        var err = [CChar](repeating: 0, count: 512)
        let rc = err.withUnsafeMutableBufferPointer { e in
            cglpk_solve_lp_file(path, &status, &obj, &nc, &nr, e.baseAddress, Int32(e.count))
        }
        if rc != 0 {
            let msg = String(decoding: err.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw .io(path: path, reason: "GLPK could not read or solve the LP file: \(msg.trimmingWhitespace())")
        }
        return Result(optimal: status == GLP_OPT, objective: obj, columns: Int(nc), rows: Int(nr))
    }
}
