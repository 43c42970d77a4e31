/// A depot location and assignment problem in index form: candidate depots (facilities), demand
/// points (customers), the allowed pairs with their yearly transport cost and travel time, and
/// the side constraints. Values only; built from a scenario by ``ScenarioPlacement`` or from an
/// OR-Library file by ``ORLibraryUFL``.
///
/// Objective (per year): Σ over open depots of fixed cost + stock cost(assigned demand), plus the
/// closing cost of every existing depot that is closed, plus Σ over demand points of the transport
/// cost of the pair serving it. Every demand point is served by exactly one open depot (single
/// sourcing).
public struct PlacementProblem: Sendable {
    /// A candidate depot.
    public struct Facility: Sendable, Equatable {
        /// Identifier shown in outputs (a site id, or `"1"`, `"2"`, … for OR-Library files).
        public var id: String
        /// Fixed cost per year when open (≥ 0).
        public var fixedCost: Double
        /// Demand per year it can serve, nil for unlimited.
        public var capacity: Double?
        /// Must be open in every solution.
        public var mustOpen: Bool
        /// Must be closed in every solution.
        public var mustClose: Bool
        /// An existing depot: closing it costs `closingCost`.
        public var existing: Bool
        /// One-off closing cost (per planning period) of an existing depot, ≥ 0.
        public var closingCost: Double
        /// Stock holding cost per year as a function of the demand assigned (nil: none).
        public var stockCost: PiecewiseLinear?

        public init(id: String, fixedCost: Double, capacity: Double? = nil, mustOpen: Bool = false,
                    mustClose: Bool = false, existing: Bool = false, closingCost: Double = 0,
                    stockCost: PiecewiseLinear? = nil) {
            self.id = id
            self.fixedCost = fixedCost
            self.capacity = capacity
            self.mustOpen = mustOpen
            self.mustClose = mustClose
            self.existing = existing
            self.closingCost = closingCost
            self.stockCost = stockCost
        }
    }

    /// A demand point (service point or customer cluster).
    public struct Customer: Sendable, Equatable {
        /// Identifier shown in outputs.
        public var id: String
        /// Demand per year (≥ 0): the weight in capacity, coverage and stock cost.
        public var demand: Double

        public init(id: String, demand: Double) {
            self.id = id
            self.demand = demand
        }
    }

    /// One allowed (depot, demand point) pair.
    public struct Pair: Sendable, Equatable {
        /// Facility index.
        public var facility: Int
        /// Yearly transport cost of serving all of the demand point's demand from this depot.
        public var cost: Double
        /// Travel (response) time in hours.
        public var hours: Double

        public init(facility: Int, cost: Double, hours: Double = 0) {
            self.facility = facility
            self.cost = cost
            self.hours = hours
        }
    }

    /// A limit on the number of open depots.
    public enum OpenCount: Sendable, Equatable, CustomStringConvertible {
        /// At most K depots open.
        case atMost(Int)
        /// Exactly K depots open.
        case exactly(Int)

        /// K.
        public var limit: Int {
            switch self { case .atMost(let k), .exactly(let k): return k }
        }

        public var description: String {
            switch self {
            case .atMost(let k): return "at most \(k) open"
            case .exactly(let k): return "exactly \(k) open"
            }
        }
    }

    /// A response-time coverage target: at least `fraction` of all demand within `hours` of its depot.
    public struct Coverage: Sendable, Equatable, CustomStringConvertible {
        /// Share of total demand that must be covered, 0…1.
        public var fraction: Double
        /// The response time that counts as covered, in hours.
        public var hours: Double

        public init(fraction: Double, hours: Double) {
            self.fraction = fraction
            self.hours = hours
        }

        public var description: String { "≥ \(fraction * 100) % of demand within \(hours) h" }
    }

    /// Candidate depots; their index is the facility index everywhere.
    public let facilities: [Facility]
    /// Demand points; their index is the customer index everywhere.
    public let customers: [Customer]
    /// Pairs of customer j are `pairStart[j] ..< pairStart[j + 1]`, sorted by cost (then facility).
    public let pairStart: [Int]
    /// The depot of each pair.
    public let pairFacility: [Int]
    /// The yearly transport cost of each pair.
    public let pairCost: [Double]
    /// The travel time in hours of each pair.
    public let pairHours: [Double]
    /// The demand point of each pair.
    public let pairCustomer: [Int]

    /// Hard limit: no demand point may be served from further than this, in hours.
    public var maxResponseHours: Double?
    /// Soft-by-share limit: the coverage target.
    public var coverage: Coverage?
    /// Limit on the number of open depots.
    public var openCount: OpenCount?

    /// Builds a problem from per-customer pair lists (`pairs[j]`, any order, one entry per facility
    /// at most). Throws a ``PlacementError`` naming the first bad number or index.
    public init(facilities: [Facility], customers: [Customer], pairs: [[Pair]],
                maxResponseHours: Double? = nil, coverage: Coverage? = nil, openCount: OpenCount? = nil) throws(PlacementError) {
        guard !facilities.isEmpty else { throw .invalidInput(field: "facilities", reason: "there is no candidate depot") }
        guard !customers.isEmpty else { throw .invalidInput(field: "customers", reason: "there is no demand point") }
        guard pairs.count == customers.count else {
            throw .invalidInput(field: "pairs", reason: "\(pairs.count) pair lists for \(customers.count) demand points")
        }
        for (i, f) in facilities.enumerated() {
            let field = "facilities[\(i)] (\(f.id))"
            guard f.fixedCost.isFinite, f.fixedCost >= 0 else { throw .invalidInput(field: "\(field).fixedCost", reason: "must be a finite number ≥ 0, got \(f.fixedCost)") }
            if let c = f.capacity, !(c.isFinite && c >= 0) { throw .invalidInput(field: "\(field).capacity", reason: "must be a finite number ≥ 0, got \(c)") }
            guard f.closingCost.isFinite, f.closingCost >= 0 else { throw .invalidInput(field: "\(field).closingCost", reason: "must be a finite number ≥ 0, got \(f.closingCost)") }
            if f.mustOpen && f.mustClose { throw .invalidInput(field: field, reason: "cannot be both must-open and must-close") }
            if let s = f.stockCost, s.y.contains(where: { $0 < 0 }) {
                throw .invalidInput(field: "\(field).stockCost", reason: "stock cost must be ≥ 0 at every breakpoint")
            }
        }
        var start = [0], fac: [Int] = [], cost: [Double] = [], hours: [Double] = [], owner: [Int] = []
        var seen = [Int](repeating: -1, count: facilities.count)
        for (j, c) in customers.enumerated() {
            guard c.demand.isFinite, c.demand >= 0 else { throw .invalidInput(field: "customers[\(j)] (\(c.id)).demand", reason: "must be a finite number ≥ 0, got \(c.demand)") }
            let sorted = pairs[j].sorted { $0.cost != $1.cost ? $0.cost < $1.cost : $0.facility < $1.facility }
            for p in sorted {
                let field = "pairs[\(j)] (\(c.id))"
                guard facilities.indices.contains(p.facility) else { throw .invalidInput(field: field, reason: "facility index \(p.facility) does not exist") }
                guard p.cost.isFinite, p.cost >= 0 else { throw .invalidInput(field: field, reason: "cost from \(facilities[p.facility].id) must be a finite number ≥ 0, got \(p.cost)") }
                guard p.hours.isFinite, p.hours >= 0 else { throw .invalidInput(field: field, reason: "hours from \(facilities[p.facility].id) must be a finite number ≥ 0, got \(p.hours)") }
                guard seen[p.facility] != j else { throw .invalidInput(field: field, reason: "facility \(facilities[p.facility].id) is listed twice") }
                seen[p.facility] = j
                fac.append(p.facility); cost.append(p.cost); hours.append(p.hours); owner.append(j)
            }
            start.append(fac.count)
        }
        self.facilities = facilities
        self.customers = customers
        self.pairStart = start
        self.pairFacility = fac
        self.pairCost = cost
        self.pairHours = hours
        self.pairCustomer = owner
        self.maxResponseHours = maxResponseHours
        self.coverage = coverage
        self.openCount = openCount
    }

    /// Total demand over all demand points.
    public var totalDemand: Double { customers.reduce(0) { $0 + $1.demand } }

    /// Number of allowed pairs.
    public var pairCount: Int { pairFacility.count }

    /// The pair index of (facility i, customer j), or nil when not allowed.
    public func pair(facility i: Int, customer j: Int) -> Int? {
        guard customers.indices.contains(j) else { return nil }
        return (pairStart[j]..<pairStart[j + 1]).first { pairFacility[$0] == i }
    }

    /// Checks the side constraints' numbers; throws the first problem.
    public func validateConstraints() throws(PlacementError) {
        if let h = maxResponseHours, !(h.isFinite && h > 0) {
            throw .invalidInput(field: "maxResponseHours", reason: "must be a positive number of hours, got \(h)")
        }
        if let c = coverage {
            guard c.fraction.isFinite, c.fraction >= 0, c.fraction <= 1 else { throw .invalidInput(field: "coverage", reason: "fraction must be within [0, 1], got \(c.fraction)") }
            guard c.hours.isFinite, c.hours > 0 else { throw .invalidInput(field: "coverage", reason: "hours must be positive, got \(c.hours)") }
        }
        if let k = openCount {
            guard k.limit >= 1 else { throw .invalidInput(field: "openCount", reason: "must allow at least one open depot, got \(k.limit)") }
            guard k.limit <= facilities.count else {
                if case .exactly = k { throw .invalidInput(field: "openCount", reason: "exactly \(k.limit) open depots requested but there are only \(facilities.count) candidates") }
                return
            }
        }
    }

    /// True when the problem is a plain uncapacitated facility location problem (no capacity below
    /// total demand, no coverage target, no open-count limit, no stock cost): the fast exact path
    /// (bounds, pair pricing) applies.
    public var isUncapacitated: Bool {
        let total = totalDemand
        return coverage == nil && openCount == nil
            && facilities.allSatisfy { f in f.stockCost == nil && (f.capacity.map { $0 >= total } ?? true) }
    }

    /// The cost of a complete solution (`assignment[j]` = facility serving j; `open[i]`), split into
    /// its parts, or nil when the assignment uses a closed facility or a pair that is not allowed.
    public func evaluate(open: [Bool], assignment: [Int]) -> CostBreakdown? {
        guard open.count == facilities.count, assignment.count == customers.count else { return nil }
        var b = CostBreakdown()
        var load = [Double](repeating: 0, count: facilities.count)
        for j in customers.indices {
            let i = assignment[j]
            guard facilities.indices.contains(i), open[i], let p = pair(facility: i, customer: j) else { return nil }
            b.transport += pairCost[p]
            load[i] += customers[j].demand
        }
        for (i, f) in facilities.enumerated() {
            if open[i] {
                b.fixed += f.fixedCost
                if let s = f.stockCost { b.stock += s.value(at: load[i]) }
            } else if f.existing {
                b.closing += f.closingCost
            }
        }
        return b
    }

    /// Whether a complete solution meets every constraint (within a relative 1e-9 tolerance).
    public func isFeasible(open: [Bool], assignment: [Int]) -> Bool {
        guard evaluate(open: open, assignment: assignment) != nil else { return false }
        var load = [Double](repeating: 0, count: facilities.count)
        var covered = 0.0
        for j in customers.indices {
            let i = assignment[j]
            guard let p = pair(facility: i, customer: j) else { return false }
            if let h = maxResponseHours, pairHours[p] > h { return false }
            if let c = coverage, pairHours[p] <= c.hours { covered += customers[j].demand }
            load[i] += customers[j].demand
        }
        let tol = 1e-9 * max(1, totalDemand)
        for (i, f) in facilities.enumerated() {
            if f.mustOpen && !open[i] { return false }
            if f.mustClose && open[i] { return false }
            if let cap = f.capacity, load[i] > cap + tol { return false }
        }
        if let c = coverage, covered < c.fraction * totalDemand - tol { return false }
        let count = open.filter { $0 }.count
        switch openCount {
        case .atMost(let k)?: if count > k { return false }
        case .exactly(let k)?: if count != k { return false }
        case nil: break
        }
        return true
    }
}

/// The objective split into its parts, per year in the problem's currency.
public struct CostBreakdown: Sendable, Equatable, Codable {
    /// Σ fixed costs of the open depots.
    public var fixed = 0.0
    /// Σ transport costs of the assignment.
    public var transport = 0.0
    /// Σ stock costs of the open depots (the piecewise-linear function at their demand).
    public var stock = 0.0
    /// Σ closing costs of the existing depots left closed.
    public var closing = 0.0

    public init(fixed: Double = 0, transport: Double = 0, stock: Double = 0, closing: Double = 0) {
        self.fixed = fixed
        self.transport = transport
        self.stock = stock
        self.closing = closing
    }

    /// The objective.
    public var total: Double { fixed + transport + stock + closing }
}
