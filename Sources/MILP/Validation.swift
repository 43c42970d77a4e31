extension Model {
    /// Checks everything GLPK would abort on, and more; throws the first problem found, naming the
    /// variable or row. Cost O(variables + nonzeros).
    public func validate() throws(MILPError) {
        guard !variables.isEmpty else { throw .emptyModel }
        let limit = Int(Int32.max) - 1
        if variables.count > limit { throw .tooLarge(what: "variables", count: variables.count) }
        if constraints.count > limit { throw .tooLarge(what: "rows", count: constraints.count) }
        let nnz = nonzeroCount
        if nnz > limit { throw .tooLarge(what: "nonzeros", count: nnz) }
        guard objectiveConstant.isFinite else {
            throw .nonFiniteObjective(variable: "(constant)", value: objectiveConstant)
        }
        try Self.checkName(name, kind: "problem")

        var seen = Set<String>()
        for (j, v) in variables.enumerated() {
            let label = label(of: Var(index: j))
            let (l, u) = (v.lower, v.upper)
            if l.isNaN || u.isNaN || l > u || l == .infinity || u == -.infinity {
                throw .invalidBounds(variable: label, lower: l, upper: u)
            }
            switch v.kind {
            case .binary:
                if l < 0 || u > 1 { throw .invalidIntegerBounds(variable: label, lower: l, upper: u) }
            case .integer:
                if (l.isFinite && l.rounded() != l) || (u.isFinite && u.rounded() != u) {
                    throw .invalidIntegerBounds(variable: label, lower: l, upper: u)
                }
            case .continuous:
                break
            }
            guard v.objective.isFinite else { throw .nonFiniteObjective(variable: label, value: v.objective) }
            if !v.name.isEmpty {
                try Self.checkName(v.name, kind: "variable")
                guard seen.insert(v.name).inserted else { throw .duplicateName(kind: "variable", name: v.name) }
            }
        }

        seen.removeAll(keepingCapacity: true)
        var lastRow = [Int](repeating: -1, count: variables.count)
        for (i, row) in constraints.enumerated() {
            let label = label(ofRow: i)
            if !row.name.isEmpty {
                try Self.checkName(row.name, kind: "row")
                guard seen.insert(row.name).inserted else { throw .duplicateName(kind: "row", name: row.name) }
            }
            let (l, u) = row.relation.bounds
            let badInfinite: Bool
            switch row.relation {
            case .equal(let b), .lessEqual(let b), .greaterEqual(let b): badInfinite = !b.isFinite
            case .range(let lo, let hi): badInfinite = lo == .infinity || hi == -.infinity
            case .free: badInfinite = false
            }
            if l.isNaN || u.isNaN || l > u || badInfinite {
                throw .invalidRowBounds(row: label, lower: l, upper: u)
            }
            for t in row.terms {
                let j = t.variable.index
                guard j >= 0 && j < variables.count else { throw .unknownVariable(row: label, index: j) }
                guard t.coefficient.isFinite else {
                    throw .nonFiniteCoefficient(row: label, variable: self.label(of: t.variable), value: t.coefficient)
                }
                guard lastRow[j] != i else { throw .duplicateTerm(row: label, variable: self.label(of: t.variable)) }
                lastRow[j] = i
            }
        }
    }

    /// GLPK rejects (by aborting) names longer than 255 bytes or containing control characters.
    static func checkName(_ name: String, kind: String) throws(MILPError) {
        if name.utf8.count > 255 {
            throw .invalidName(kind: kind, name: name, reason: "longer than 255 bytes")
        }
        if name.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
            throw .invalidName(kind: kind, name: name, reason: "contains control characters")
        }
    }

    /// Checks a starting solution against bounds, integrality and rows (absolute tolerance
    /// `1e-6 × max(1, |bound|)`).
    public func validateStart(_ x: [Double]) throws(MILPError) {
        guard x.count == variables.count else {
            throw .invalidStart(reason: "has \(x.count) values for \(variables.count) variables")
        }
        func tol(_ b: Double) -> Double { 1e-6 * max(1, abs(b)) }
        for (j, v) in variables.enumerated() {
            let value = x[j]
            let label = label(of: Var(index: j))
            guard value.isFinite else { throw .invalidStart(reason: "value of \(label) is \(value)") }
            if value < v.lower - tol(v.lower) || value > v.upper + tol(v.upper) {
                throw .invalidStart(reason: "\(label) = \(value) is outside its bounds [\(v.lower), \(v.upper)]")
            }
            if v.kind != .continuous && abs(value - value.rounded()) > 1e-9 {
                throw .invalidStart(reason: "\(label) = \(value) is not integral")
            }
        }
        for (i, a) in rowActivities(x).enumerated() {
            let (l, u) = constraints[i].relation.bounds
            if a < l - tol(l) || a > u + tol(u) {
                throw .invalidStart(reason: "row \(label(ofRow: i)) has activity \(a) outside [\(l), \(u)]")
            }
        }
    }
}
