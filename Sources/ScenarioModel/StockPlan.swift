/// Base-stock levels of a network: one whole number ≥ 0 per (site, item), dense, in the scenario's
/// site and item order; 0 where nothing is held. Every engine takes and returns plans in this form,
/// and `StockPlanFile` reads and writes it as `site,item,stock`.
///
/// `plan[site][item]` reads and writes a level; `plan[site]` is the site's row (one level per item).
public struct StockPlan: Hashable, Sendable {
    /// The levels, `[site][item]`. (The plan is this one reference and nothing more: it sits in
    /// the desk's network, which the hot path copies, so it is no bigger than the bare matrix.)
    public private(set) var levels: [[Int]]
    /// Items per site row (0 for a plan without sites).
    public var itemCount: Int { levels.first?.count ?? 0 }

    /// A plan of zeros for `sites` × `items`.
    public init(sites: Int, items: Int) {
        levels = [[Int]](repeating: [Int](repeating: 0, count: items), count: sites)
    }

    /// A plan of zeros shaped for `scenario`.
    public init(zerosFor scenario: Scenario) {
        self.init(sites: scenario.sites.count, items: scenario.items.count)
    }

    /// A plan from rows of equal length (`[site][item]`); nil when the rows differ in length or a
    /// level is negative.
    public init?(levels: [[Int]]) {
        let items = levels.first?.count ?? 0
        guard levels.allSatisfy({ $0.count == items && $0.allSatisfy { $0 >= 0 } }) else { return nil }
        self.levels = levels
    }

    /// Sites (rows).
    public var siteCount: Int { levels.count }

    /// The row of `site`: one level per item.
    public subscript(site: Int) -> [Int] {
        get { levels[site] }
        _modify { yield &levels[site] }
    }

    /// Whether the plan has `scenario`'s shape (one row per site, one level per item).
    public func fits(_ scenario: Scenario) -> Bool {
        siteCount == scenario.sites.count && (siteCount == 0 || itemCount == scenario.items.count)
    }

    /// Units held at `site` over all items.
    public func units(atSite site: Int) -> Int { levels[site].reduce(0, +) }

    /// Units of `item` over all sites.
    public func units(ofItem item: Int) -> Int { levels.reduce(0) { $0 + $1[item] } }

    /// Units over the whole network.
    public var totalUnits: Int { levels.reduce(0) { $0 + $1.reduce(0, +) } }

    /// The plan's investment: every unit at its item's unit cost (the plan indexed like `scenario`).
    public func value(in scenario: Scenario) -> Double {
        levels.reduce(0.0) { sum, row in
            zip(row, scenario.items).reduce(sum) { $0 + Double($1.0) * $1.1.unitCost }
        }
    }
}

extension StockPlan: ExpressibleByArrayLiteral {
    /// A plan written in code, one row per site: `[[2, 0], [1, 0]]`. Rows must have equal lengths
    /// and levels be ≥ 0 (a literal is the programmer's input, checked as a precondition).
    public init(arrayLiteral rows: [Int]...) {
        guard let plan = StockPlan(levels: rows) else {
            preconditionFailure("a stock plan literal needs rows of equal length and levels ≥ 0")
        }
        self = plan
    }
}
