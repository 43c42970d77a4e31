import Foundation
import HTTPTypes
public import ScenarioModel
public import ServiceDesk

/// The live desk behind the API: one workflow over one SQLite record, commands applied one at a
/// time (an actor), each in its own transaction, on an injected clock.
public actor DeskService {
    let scenario: Scenario
    let store: SQLiteStore
    var flow: ServiceWorkflow<SQLiteStore>
    /// Desk time now (days since the scenario's start date, midnight UTC).
    let clock: @Sendable () -> Double

    /// Opens a desk database and rebuilds its live desk (``ServiceWorkflow/restore(scenario:store:)``).
    /// `clock` gives desk time; by default the wall clock.
    public init(scenario: Scenario, database path: String, clock: (@Sendable () -> Double)? = nil) throws {
        self.scenario = scenario
        store = try SQLiteStore.open(path: path)
        flow = try ServiceWorkflow.restore(scenario: scenario, store: store)
        flow.defersCommit = true
        let origin = scenario.startDate.map { BusinessCalendar.origin(of: $0) } ?? 0
        self.clock = clock ?? { (Date().timeIntervalSince1970 - origin) / 86_400 }
    }

    /// Creates a new desk database for a scenario under its stock levels, then opens it.
    public static func create(scenario: Scenario, database path: String, clock: (@Sendable () -> Double)? = nil) throws -> DeskService {
        let plan = scenario.policies.stockLevels ?? StockPlan(zerosFor: scenario)
        let created = try SQLiteStore.create(path: path, catalog: DeskCatalog(scenario: scenario, plan: plan))
        try created.close()
        return try DeskService(scenario: scenario, database: path, clock: clock)
    }

    /// Now in desk time, never before the desk's last command.
    func now() -> Double { max(clock(), flow.desk.now) }

    // MARK: - Users

    func user(tokenHash: String) throws -> DeskUser? { try store.user(tokenHash: tokenHash) }

    /// Adds a user and a new token for it; returns the token (shown once; only its hash is kept).
    public func addUser(name: String, role: DeskRole, site: String? = nil, customer: String? = nil) throws -> (DeskUser, String) {
        var siteIndex: Int?
        if let site {
            guard let s = scenario.siteIndex[site] else { throw APIError(.unprocessableContent, "unprocessable", "no site \(site)", field: "site") }
            siteIndex = s
        }
        var customerID: Int?
        if let customer {
            guard let c = flow.customers.first(where: { $0.code == customer }) else {
                throw APIError(.unprocessableContent, "unprocessable", "no customer \(customer)", field: "customer")
            }
            customerID = c.id
        }
        let user = try store.addUser(name: name, role: role, site: siteIndex, customer: customerID)
        let token = Tokens.generate()
        try store.addToken(hash: Tokens.hash(token), user: user.id)
        return (user, token)
    }

    // MARK: - Commands (each one transaction, with its idempotency record)

    /// Runs a workflow command for `user` and returns the JSON response; with an idempotency key,
    /// a repeated request gets the stored response and runs nothing.
    func run(user: DeskUser, key: String?, request: String, status: Int = 200,
             _ body: (inout ServiceWorkflow<SQLiteStore>, Double) throws -> any Encodable & Sendable) throws -> (Int, String) {
        if let key {
            if let stored = try store.storedResponse(user: user.id, key: key) {
                guard stored.request == request else {
                    throw APIError(.unprocessableContent, "idempotency_key_reused",
                                   "this Idempotency-Key was used for another request (\(stored.request))", field: "Idempotency-Key")
                }
                return (stored.status, stored.body)
            }
        }
        if let failure = store.failure { throw APIError.storeFailed(failure) }
        store.actor = user.name
        defer { store.actor = nil }
        let t = now()
        let result: any Encodable & Sendable
        do {
            result = try body(&flow, t)
        } catch let error as WorkflowError {
            store.discardUncommitted()
            throw Self.apiError(error)
        } catch {
            store.discardUncommitted()
            throw error
        }
        let json = JSONResponse.encode(result)
        if let key { store.recordResponse(user: user.id, key: key, response: StoredResponse(request: request, status: status, body: json)) }
        store.commit()
        if let failure = store.failure { throw APIError.storeFailed(failure) }
        return (status, json)
    }

    static func apiError(_ e: WorkflowError) -> APIError {
        switch e {
        case .unknownAsset, .unknownCustomer, .unknownReturn: APIError(.notFound, "not_found", e.description)
        case .desk(.unknownOrder), .desk(.unknownVisit), .desk(.unknownShipment): APIError(.notFound, "not_found", e.description)
        case .unknownFaultCode: APIError(.unprocessableContent, "unknown_fault_code", e.description, field: "fault_code")
        case .serialMismatch: APIError(.unprocessableContent, "serial_mismatch", e.description, field: "serial")
        case .duplicateSerial: APIError.conflict(e.description, field: "serial")
        case .wrongStage, .desk(.invalidTransition), .desk(.notAllowed): APIError.conflict(e.description)
        case .desk(.timeWentBack): APIError.conflict(e.description)
        case .desk(.invalidSite), .desk(.invalidItem), .invalid: APIError(.unprocessableContent, "unprocessable", e.description)
        }
    }

    // MARK: - Scoping: one rule per role

    /// The orders `user` may see: admin, planner and dispatcher all; a service point and its
    /// technicians their site's; a customer its own assets'.
    nonisolated static func scope(_ user: DeskUser) -> OrderScope {
        switch user.role {
        case .admin, .planner, .dispatcher: .all
        case .servicePoint, .technician: .site(user.site ?? -1)
        case .customer: .customer(user.customer ?? -1)
        }
    }

    func orders(user: DeskUser, filter: OrderFilter, limit: Int, offset: Int) throws -> (orders: [OrderView], total: Int) {
        try store.orders(scope: Self.scope(user), filter: filter, limit: limit, offset: offset)
    }

    func order(_ id: Int, user: DeskUser) throws -> OrderView? {
        try store.order(id, scope: Self.scope(user))
    }

    func stock(user: DeskUser, site: String?) throws -> [StockCellView] {
        var index: Int?
        if let site {
            guard let s = scenario.siteIndex[site] else { throw APIError(.notFound, "not_found", "no site \(site)", field: "site") }
            index = s
        }
        switch user.role {
        case .servicePoint, .technician:
            if let index, index != user.site { throw APIError.forbidden("a service point sees its own stock only") }
            index = user.site
        case .customer:
            throw APIError.forbidden("customers do not see stock")
        default:
            break
        }
        return try store.stock(site: index)
    }

    func list(_ list: DeskList, user: DeskUser, filters: [String: String], limit: Int, offset: Int) throws -> RowPage {
        try store.list(list, scope: Self.scope(user), filters: filters, limit: limit, offset: offset)
    }

    func users() throws -> [DeskUser] { try store.users() }

    func kpis(from: Double?, to: Double?) throws -> DeskKPIs {
        let t = now()
        let a = from ?? 0, b = to ?? (t + 1e-9)
        guard abs(a) <= 1e6, abs(b) <= 1e6 else { throw APIError.badRequest("from and to must lie within ±1,000,000 desk days", field: abs(a) > 1e6 ? "from" : "to") }
        guard b > a else { throw APIError(.unprocessableContent, "empty_window", "to (\(b)) must be after from (\(a))", field: "to") }
        return try store.kpis(from: a, to: b)
    }

    func assetIndex(serial: String) -> Int? { flow.assets.firstIndex { $0.serial == serial } }
    func asset(_ i: Int) -> Asset? { flow.assets.indices.contains(i) ? flow.assets[i] : nil }
    func visitOrder(_ visit: Int) -> Int? { flow.desk.order(ofVisit: visit) }
    func returnOrder(_ rma: Int) -> Int? { flow.returns[rma]?.order }
    func commandCount() -> Int { flow.commandCount }

    /// Records every SLA threshold due by now (each at its own instant) and returns the next one.
    @discardableResult
    public func tick() throws -> Double? {
        let t = now()
        if flow.nextDeadline().map({ $0 <= t }) ?? false {
            do { try flow.tick(at: t) } catch {
                store.discardUncommitted()
                throw Self.apiError(error)
            }
            store.commit()
        }
        return flow.nextDeadline()
    }

    /// The live desk's SLA clock: wakes at each next threshold (at least once a minute) and
    /// records warnings and breaches at their instants, until cancelled.
    public func runTicks() async {
        while !Task.isCancelled {
            let next = (try? tick()) ?? nil
            let wait = next.map { max(0.05, min(60, ($0 - now()) * 86_400)) } ?? 60
            try? await Task.sleep(for: .seconds(wait))
        }
    }

    /// The dashboard page at desk time now.
    func dashboardPage() throws -> String {
        let t = now()
        let data = try store.dashboard(now: t)
        let kpis = try store.kpis(from: 0, to: t + 1e-9)
        let warnings = flow.breachWarnings(at: t, within: 1).map { w in
            Dashboard.Warning(order: w.order, site: flow.cases[w.order].map { scenario.sites[$0.site].id } ?? "?", watch: w.watch,
                              hoursLeft: (w.breachAt - t) * 24)
        }
        return Dashboard.render(title: scenario.name, now: t, data: data, kpis: kpis, warnings: warnings)
    }
    func health() -> (orders: Int, now: Double, failure: String?) { (flow.desk.openOrders, now(), store.failure?.message) }
}
