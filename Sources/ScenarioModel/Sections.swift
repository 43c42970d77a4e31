internal import Foundation

/// Field lists per section (the only keys accepted) and the parsing of each section into drafts.
/// Drafts keep the locations of references so `Validation` can report them precisely.
enum Keys {
    static let root = ["format", "name", "description", "question", "currency", "start_date", "horizon_days", "holding_rate",
                       "default_sla_class", "sites", "lanes", "lane_defaults", "products", "items", "installed_base",
                       "demand_overrides", "calendars", "sla_classes", "policies", "disruptions", "geography", "service_desk"]
    static let site = ["id", "name", "kind", "parent", "lat", "lon", "pool", "capacity", "fixed_cost", "candidate",
                       "must_open", "must_close", "existing", "closing_cost", "engineers", "calendar", "time_zone"]
    static let lane = ["from", "to", "mode", "lead_time", "cost_per_unit", "distance_km"]
    static let laneDefault = ["lead_time", "cost_per_unit"]
    static let product = ["id", "name"]
    static let item = ["id", "name", "unit_cost", "holding_rate", "repairable", "repair_site", "repair_time",
                       "condemnation", "repair_practice", "exchange_wait_hours", "supplier", "supplier_lead_time", "failure_rate", "used_in"]
    static let installedBase = ["site", "product", "units", "sla_class"]
    static let demandOverride = ["site", "item", "rate"]
    static let calendar = ["id", "time_zone", "weekly", "holidays"]
    static let slaClass = ["id", "name", "response_hours", "restore_hours", "clock", "calendar", "penalty", "attainment",
                           "repair_practice", "exchange_wait_hours"]
    static let policies = ["stock_levels", "stock_bounds", "sourcing", "replenishment", "dispatch"]
    static let stockBound = ["site", "item", "min", "max"]
    static let stockLevel = ["site", "item", "level"]
    static let replenishment = ["kind", "period_days"]
    static let disruption = ["kind", "product", "item", "site", "from", "to", "mode", "multiplier", "factor",
                             "start_day", "end_day", "description"]
    static let geography = ["circuity", "road_speed_kmh", "cost_per_unit_km"]
}

struct SiteDraft {
    var record: Record
    var id: Located<String>
    var name: String?
    var kind: SiteKind?
    var parent: Located<String>?
    var coordinate: Coordinate?
    var pool: Located<String>?
    var capacity: Double?
    var fixedCost: Double?
    var candidate: Bool
    var mustOpen: Bool
    var mustClose: Bool
    var existing: Bool
    var closingCost: Double?
    var engineers: Int
    var calendar: Located<String>?
    var timeZone: String?
}

struct LaneDraft {
    var record: Record
    var from: Located<String>
    var to: Located<String>
    var mode: LaneMode
    var leadTime: DistributionSpec?
    var costPerUnit: Double
    var distanceKm: Double?
}

struct ProductDraft {
    var id: Located<String>
    var name: String?
}

struct ItemDraft {
    var record: Record
    var id: Located<String>
    var name: String?
    var unitCost: Double?
    var holdingRate: Double?
    var repairable: Bool
    var repairSite: Located<String>?
    var repairTime: DistributionSpec?
    var condemnation: Double
    var repairPractice: RepairPractice
    var exchangeWaitHours: Double
    var supplier: Located<String>?
    var supplierLeadTime: DistributionSpec?
    var failureRate: Double?
    var usedIn: [(product: Located<String>, quantity: Int)]
}

struct InstalledDraft {
    var record: Record
    var site: Located<String>
    var product: Located<String>
    var units: Int
    var slaClass: Located<String>?
}

struct SiteItemDraft {
    var record: Record
    var site: Located<String>
    var item: Located<String>
    var rate: Double
    var level: Int
}

struct SLADraft {
    var id: Located<String>
    var value: SLAClass
    var calendar: Located<String>?
}

struct DisruptionDraft {
    var record: Record
    var kind: String
    var product: Located<String>?
    var item: Located<String>?
    var site: Located<String>?
    var from: Located<String>?
    var to: Located<String>?
    var mode: LaneMode?
    var multiplier: Double?
    var factor: Double?
    var startDay: Double
    var endDay: Double
}

struct StockBoundDraft {
    var record: Record
    var site: Located<String>
    var item: Located<String>?
    var min: Int
    var max: Int?
}

struct PoliciesDraft {
    var stockLevels: [SiteItemDraft]?
    var stockBounds: [StockBoundDraft] = []
    var sourcing: [SourcingStep] = PolicySettings.defaultSourcing
    var replenishment: ReplenishmentPolicy = .continuous
    var dispatch: DispatchRule = .nearestAvailable
}

struct ScenarioDraft {
    var root: Record
    var name = ""
    var description: String?
    var question: String?
    var currency = ""
    var startDate: CalendarDate?
    var horizonDays = 365.0
    var holdingRate = 0.25
    var defaultSLAClass: Located<String>?
    var sites: [SiteDraft] = []
    var lanes: [LaneDraft] = []
    var laneDefaults: [LaneMode: LaneDefault] = [:]
    var products: [ProductDraft] = []
    var items: [ItemDraft] = []
    var installedBase: [InstalledDraft] = []
    var demandOverrides: [SiteItemDraft] = []
    var calendars: [(id: Located<String>, value: ServiceCalendar)] = []
    var slaClasses: [SLADraft] = []
    var policies = PoliciesDraft()
    var disruptions: [DisruptionDraft] = []
    var geography = Geography.standard
    var deskRules = DeskRulesDraft()
}

extension ScenarioReader {
    /// Parses the document root into a draft; every local problem (types, ranges, unknown keys) is reported here.
    func parseDocument(_ node: RawNode) -> ScenarioDraft? {
        guard let root = record(node, path: "", keys: Keys.root, what: "a mapping of scenario sections (format, name, sites, …)") else { return nil }
        var draft = ScenarioDraft(root: root)

        if let formatNode = root["format"] {
            if let version = integerValue(formatNode, path: "format", minimum: 0), version != 1 {
                error(formatNode.location, "format", "unsupported format version \(version); this version of Echelon reads format 1")
            }
        } else {
            error(root.location, "format", "missing required field \"format\"; write `format: 1` at the top of the file")
        }
        draft.name = string(root, "name", required: true)?.value ?? ""
        draft.description = root["description"].flatMap { stringValue($0, path: "description")?.value }
        draft.question = root["question"].flatMap { stringValue($0, path: "question")?.value }
        if let currency = string(root, "currency", required: true) {
            if currency.value.count == 3, currency.value.allSatisfy({ $0.isASCII && $0.isUppercase }) {
                draft.currency = currency.value
            } else {
                error(currency.location, "currency", "expected a three-letter ISO 4217 code such as EUR or USD, got '\(currency.value)'")
            }
        }
        draft.startDate = date(root, "start_date")
        draft.horizonDays = number(root, "horizon_days", rule: .positive) ?? 365
        draft.holdingRate = number(root, "holding_rate", rule: .fraction) ?? 0.25
        draft.defaultSLAClass = string(root, "default_sla_class")

        draft.sites = table(root, "sites", columns: Keys.site, required: true).compactMap(parseSite)
        draft.lanes = table(root, "lanes", columns: Keys.lane).compactMap(parseLane)
        draft.laneDefaults = parseLaneDefaults(root)
        draft.products = parseProducts(root)
        draft.items = table(root, "items", columns: Keys.item, required: true).compactMap { parseItem($0, defaultHoldingRate: draft.holdingRate) }
        draft.installedBase = table(root, "installed_base", columns: Keys.installedBase).compactMap(parseInstalled)
        draft.demandOverrides = table(root, "demand_overrides", columns: Keys.demandOverride).compactMap { row in
            parseSiteItem(row, valueKey: "rate")
        }
        draft.calendars = parseCalendars(root)
        draft.slaClasses = parseSLAClasses(root)
        draft.policies = parsePolicies(root)
        draft.disruptions = parseDisruptions(root)
        draft.deskRules = parseDeskRules(root)
        if let geographyNode = root["geography"], let geography = record(geographyNode, path: "geography", keys: Keys.geography) {
            draft.geography = Geography(
                circuity: number(geography, "circuity", rule: .atLeast(1)) ?? Geography.standard.circuity,
                roadSpeedKmh: number(geography, "road_speed_kmh", rule: .positive) ?? Geography.standard.roadSpeedKmh,
                costPerUnitKm: number(geography, "cost_per_unit_km", rule: .nonNegative) ?? Geography.standard.costPerUnitKm)
        }
        return draft
    }

    private func parseSite(_ row: Record) -> SiteDraft? {
        let id = string(row, "id", required: true)
        let kind = choice(row, "kind", required: true, as: SiteKind.self)
        let latitude = number(row, "lat", rule: .range(-90, 90))
        let longitude = number(row, "lon", rule: .range(-180, 180))
        var coordinate: Coordinate?
        if let latitude, let longitude {
            coordinate = Coordinate(latitude: latitude, longitude: longitude)
        } else if let kind, kind != .supplier {
            for key in ["lat", "lon"] where !row.has(key) {
                missing(row, key, " (every \(kind.rawValue) needs coordinates in decimal degrees)")
            }
        } else if row.has("lat") != row.has("lon") {
            missing(row, row.has("lat") ? "lon" : "lat", " (give both lat and lon, or neither)")
        }
        let candidate = bool(row, "candidate") ?? false
        if candidate, let kind, kind != .regionalDepot, kind != .centralWarehouse {
            error(row.location("candidate"), row.path("candidate"), "only depots (regional_depot, central_warehouse) can be placement candidates, not a \(kind.rawValue)")
        }
        let mustOpen = bool(row, "must_open") ?? false
        let mustClose = bool(row, "must_close") ?? false
        let existing = bool(row, "existing") ?? false
        let closingCost = number(row, "closing_cost", rule: .nonNegative)
        for (key, value) in [("must_open", mustOpen), ("must_close", mustClose), ("existing", existing)] where value && !candidate {
            error(row.location(key), row.path(key), "only placement candidates (candidate: true) can be \(key == "existing" ? "existing depots" : key)")
        }
        if mustOpen && mustClose {
            error(row.location("must_close"), row.path("must_close"), "a candidate cannot be both must_open and must_close")
        }
        if closingCost != nil && !existing {
            error(row.location("closing_cost"), row.path("closing_cost"), "closing_cost applies to existing depots only; add existing: true or remove it")
        }
        let draft = SiteDraft(
            record: row, id: id ?? Located(value: "", location: row.location, path: row.path("id")),
            name: string(row, "name")?.value, kind: kind, parent: string(row, "parent"), coordinate: coordinate,
            pool: string(row, "pool"), capacity: number(row, "capacity", rule: .nonNegative),
            fixedCost: number(row, "fixed_cost", rule: .nonNegative), candidate: candidate,
            mustOpen: mustOpen, mustClose: mustClose, existing: existing, closingCost: closingCost,
            engineers: integer(row, "engineers") ?? 0, calendar: string(row, "calendar"),
            timeZone: timeZone(row, "time_zone"))
        return id == nil ? nil : draft
    }

    private func parseLane(_ row: Record) -> LaneDraft? {
        let from = string(row, "from", required: true)
        let to = string(row, "to", required: true)
        let mode = choice(row, "mode", required: true, as: LaneMode.self)
        let leadTime = distribution(row, "lead_time", required: true)
        let cost = number(row, "cost_per_unit", rule: .nonNegative)
        let distance = number(row, "distance_km", rule: .nonNegative)
        guard let from, let to, let mode else { return nil }
        return LaneDraft(record: row, from: from, to: to, mode: mode, leadTime: leadTime, costPerUnit: cost ?? 0, distanceKm: distance)
    }

    private func parseLaneDefaults(_ root: Record) -> [LaneMode: LaneDefault] {
        guard let node = root["lane_defaults"],
              let defaults = record(node, path: "lane_defaults", keys: LaneMode.allCases.map(\.rawValue),
                                    what: "a mapping from lane mode to {lead_time, cost_per_unit}") else { return [:] }
        var result: [LaneMode: LaneDefault] = [:]
        for mode in LaneMode.allCases {
            guard let value = defaults[mode.rawValue],
                  let entry = record(value, path: "lane_defaults.\(mode.rawValue)", keys: Keys.laneDefault) else { continue }
            let leadTime = distribution(entry, "lead_time", required: true)
            let cost = number(entry, "cost_per_unit", rule: .nonNegative)
            if let leadTime { result[mode] = LaneDefault(leadTime: leadTime, costPerUnit: cost ?? 0) }
        }
        return result
    }

    private func parseProducts(_ root: Record) -> [ProductDraft] {
        guard let nodes = list(root, "products") else { return [] }
        return nodes.enumerated().compactMap { index, node in
            guard let row = record(node, path: "products[\(index)]", keys: Keys.product),
                  let id = string(row, "id", required: true) else { return nil }
            return ProductDraft(id: id, name: string(row, "name")?.value)
        }
    }

    private func parseItem(_ row: Record, defaultHoldingRate: Double) -> ItemDraft? {
        guard let id = string(row, "id", required: true) else {
            // Still check the other fields, so one pass reports everything.
            _ = number(row, "unit_cost", required: true, rule: .positive)
            _ = number(row, "failure_rate", required: true, rule: .nonNegative)
            return nil
        }
        let repairable = bool(row, "repairable") ?? false
        var draft = ItemDraft(
            record: row, id: id, name: string(row, "name")?.value,
            unitCost: number(row, "unit_cost", required: true, rule: .positive),
            holdingRate: number(row, "holding_rate", rule: .fraction) ?? defaultHoldingRate,
            repairable: repairable, repairSite: string(row, "repair_site"),
            repairTime: distribution(row, "repair_time"),
            condemnation: number(row, "condemnation", rule: .fraction) ?? 0,
            repairPractice: choice(row, "repair_practice", as: RepairPractice.self) ?? .repairAndReturn,
            exchangeWaitHours: number(row, "exchange_wait_hours", rule: .nonNegative) ?? 0,
            supplier: string(row, "supplier"), supplierLeadTime: distribution(row, "supplier_lead_time"),
            failureRate: number(row, "failure_rate", required: true, rule: .nonNegative), usedIn: [])
        if repairable {
            if !row.has("repair_site") { missing(row, "repair_site", " (a repairable item needs the site that repairs it)") }
            if !row.has("repair_time") { missing(row, "repair_time", " (a repairable item needs its repair time in days)") }
            if draft.condemnation > 0 && !row.has("supplier_lead_time") {
                missing(row, "supplier_lead_time", " (condemned units of a repairable item are bought new)")
            }
            if draft.repairPractice == .advanceExchange && row.has("exchange_wait_hours") {
                error(row.location("exchange_wait_hours"), row.path("exchange_wait_hours"),
                      "advance exchange always waits for the spare; exchange_wait_hours belongs to repair_practice: repair_and_return")
            }
        } else {
            for key in ["repair_site", "repair_time", "condemnation", "repair_practice", "exchange_wait_hours"] where row.has(key) {
                error(row.location(key), row.path(key), "only repairable items have \(key); set repairable: true or remove it")
            }
            if !row.has("supplier_lead_time") {
                missing(row, "supplier_lead_time", " (a consumable item is bought new, so its supplier lead time in days is needed)")
            }
        }
        if let node = row["used_in"] { draft.usedIn = parseUsedIn(node, path: row.path("used_in")) }
        return draft
    }

    /// `used_in`: a mapping product → quantity, or (CSV) the text `"P1:1;P2:2"`.
    private func parseUsedIn(_ node: RawNode, path: String) -> [(product: Located<String>, quantity: Int)] {
        var result: [(product: Located<String>, quantity: Int)] = []
        switch node.value {
        case .mapping(let pairs):
            for pair in pairs {
                let product = Located(value: pair.key, location: pair.keyLocation, path: "\(path).\(pair.key)")
                if let quantity = integerValue(pair.value, path: "\(path).\(pair.key)", minimum: 1) {
                    result.append((product, quantity))
                }
            }
        case .scalar(let text):
            for part in text.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
                let pieces = part.split(separator: ":", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pieces.count == 2, !pieces[0].isEmpty, let quantity = Int(pieces[1]) else {
                    error(node.location, path, "expected \"PRODUCT:QUANTITY\" entries separated by \";\" (e.g. \"WM-8:1;DW-3:2\"), got \"\(part)\"")
                    continue
                }
                guard quantity >= 1 else {
                    error(node.location, "\(path).\(pieces[0])", "must be at least 1, got \(quantity)")
                    continue
                }
                if result.contains(where: { $0.product.value == pieces[0] }) {
                    error(node.location, path, "product \"\(pieces[0])\" is listed twice")
                    continue
                }
                result.append((Located(value: pieces[0], location: node.location, path: "\(path).\(pieces[0])"), quantity))
            }
        default:
            error(node.location, path, "expected a mapping of product id to quantity, got \(node.shortDescription)")
        }
        return result
    }

    private func parseInstalled(_ row: Record) -> InstalledDraft? {
        let site = string(row, "site", required: true)
        let product = string(row, "product", required: true)
        let units = integer(row, "units", required: true)
        let slaClass = string(row, "sla_class")
        guard let site, let product, let units else { return nil }
        return InstalledDraft(record: row, site: site, product: product, units: units, slaClass: slaClass)
    }

    /// Rows keyed by (site, item): demand overrides (`rate`) and stock levels (`level`).
    func parseSiteItem(_ row: Record, valueKey: String) -> SiteItemDraft? {
        let site = string(row, "site", required: true)
        let item = string(row, "item", required: true)
        var rate = 0.0, level = 0
        var ok = true
        if valueKey == "rate" {
            if let value = number(row, "rate", required: true, rule: .nonNegative) { rate = value } else { ok = false }
        } else {
            if let value = integer(row, "level", required: true) { level = value } else { ok = false }
        }
        guard let site, let item, ok else { return nil }
        return SiteItemDraft(record: row, site: site, item: item, rate: rate, level: level)
    }

    private func parseCalendars(_ root: Record) -> [(id: Located<String>, value: ServiceCalendar)] {
        guard let nodes = list(root, "calendars") else { return [] }
        var result: [(id: Located<String>, value: ServiceCalendar)] = []
        for (index, node) in nodes.enumerated() {
            guard let row = record(node, path: "calendars[\(index)]", keys: Keys.calendar) else { continue }
            let id = string(row, "id", required: true)
            let zone = timeZone(row, "time_zone", required: true)
            var weekly = [[TimeWindow]](repeating: [], count: 7)
            if let weekNode = row["weekly"],
               let week = record(weekNode, path: row.path("weekly"), keys: Weekday.allCases.map(\.rawValue)) {
                for (dayIndex, day) in Weekday.allCases.enumerated() {
                    guard let dayNode = week[day.rawValue] else { continue }
                    let path = week.path(day.rawValue)
                    guard let text = dayNode.scalar else {
                        error(dayNode.location, path, "expected opening hours like \"08:00-18:00\" or null, got \(dayNode.shortDescription)")
                        continue
                    }
                    if text.lowercased() == "closed" { continue }
                    var windows: [TimeWindow] = []
                    for part in text.split(separator: ",") {
                        switch TimeWindow.parse(String(part)) {
                        case .success(let window):
                            if let last = windows.last, window.startMinute < last.endMinute {
                                error(dayNode.location, path, "opening windows must be in order and must not overlap, got \"\(text)\"")
                            } else {
                                windows.append(window)
                            }
                        case .failure(let failure):
                            error(dayNode.location, path, failure.message)
                        }
                    }
                    weekly[dayIndex] = windows
                }
            } else if !row.has("weekly") {
                missing(row, "weekly", " (opening hours per weekday, e.g. mon: \"08:00-18:00\")")
            }
            var holidays: [CalendarDate] = []
            if let nodes = list(row, "holidays") {
                for (holidayIndex, holidayNode) in nodes.enumerated() {
                    if let date = dateValue(holidayNode, path: row.path("holidays") + "[\(holidayIndex)]") { holidays.append(date) }
                }
            }
            if let id {
                result.append((id, ServiceCalendar(id: id.value, timeZone: zone ?? "", weekly: weekly,
                                                   holidays: Array(Set(holidays)).sorted())))
            }
        }
        return result
    }

    private func parseSLAClasses(_ root: Record) -> [SLADraft] {
        guard let nodes = list(root, "sla_classes") else { return [] }
        var result: [SLADraft] = []
        for (index, node) in nodes.enumerated() {
            guard let row = record(node, path: "sla_classes[\(index)]", keys: Keys.slaClass) else { continue }
            let id = string(row, "id", required: true)
            let response = number(row, "response_hours", required: true, rule: .positive)
            let restore = number(row, "restore_hours", required: true, rule: .positive)
            let clock = choice(row, "clock", as: SLAClock.self) ?? .continuous
            let calendar = string(row, "calendar")
            let penalty = number(row, "penalty", rule: .nonNegative) ?? 0
            let attainment = number(row, "attainment", rule: .any)
            if let a = attainment, !(a > 0 && a < 1) {
                error(row.location("attainment"), row.path("attainment"),
                      "attainment must be a share strictly between 0 and 1 (e.g. 0.95), got \(format(a))")
            }
            if let response, let restore, restore < response {
                error(row.location("restore_hours"), row.path("restore_hours"),
                      "restore time (\(format(restore)) h) must not be shorter than response time (\(format(response)) h)")
            }
            let practice = choice(row, "repair_practice", as: RepairPractice.self)
            let wait = number(row, "exchange_wait_hours", rule: .nonNegative)
            if row.has("exchange_wait_hours") && (practice == .advanceExchange || !row.has("repair_practice")) {
                error(row.location("exchange_wait_hours"), row.path("exchange_wait_hours"),
                      practice == .advanceExchange
                          ? "advance exchange always waits for the spare; exchange_wait_hours belongs to repair_practice: repair_and_return"
                          : "exchange_wait_hours on an SLA class needs repair_practice: repair_and_return on the class")
            }
            guard let id, let response, let restore else { continue }
            result.append(SLADraft(id: id, value: SLAClass(id: id.value, name: string(row, "name")?.value ?? id.value,
                                                           responseHours: response, restoreHours: restore, clock: clock,
                                                           calendar: calendar?.value, penaltyPerBreach: penalty,
                                                           attainment: attainment.flatMap { $0 > 0 && $0 < 1 ? $0 : nil },
                                                           repairPractice: practice, exchangeWaitHours: practice == .repairAndReturn ? wait : nil),
                                   calendar: calendar))
        }
        return result
    }

    private func parsePolicies(_ root: Record) -> PoliciesDraft {
        var draft = PoliciesDraft()
        guard let node = root["policies"], let policies = record(node, path: "policies", keys: Keys.policies) else { return draft }
        if policies.has("stock_levels") {
            draft.stockLevels = table(policies, "stock_levels", columns: Keys.stockLevel).compactMap { parseSiteItem($0, valueKey: "level") }
        }
        if policies.has("stock_bounds") {
            draft.stockBounds = table(policies, "stock_bounds", columns: Keys.stockBound).compactMap { row -> StockBoundDraft? in
                let site = string(row, "site", required: true)
                let item = string(row, "item")
                let low = integer(row, "min") ?? 0
                let high = integer(row, "max")
                if !row.has("min") && !row.has("max") {
                    error(row.location("site"), row.path("site"), "a stock bound needs min, max or both")
                }
                if let high, high < low {
                    error(row.location("max"), row.path("max"), "max (\(high)) is below min (\(low))")
                    return nil
                }
                guard let site else { return nil }
                return StockBoundDraft(record: row, site: site, item: item, min: low, max: high)
            }
        }
        if let steps = list(policies, "sourcing") {
            var sourcing: [SourcingStep] = []
            for (index, stepNode) in steps.enumerated() {
                let path = policies.path("sourcing") + "[\(index)]"
                guard let step = choiceValue(stepNode, path: path, as: SourcingStep.self) else { continue }
                if sourcing.contains(step) {
                    error(stepNode.location, path, "\"\(step.rawValue)\" is listed twice; each sourcing step may appear once")
                } else {
                    sourcing.append(step)
                }
            }
            if steps.isEmpty {
                error(policies.location("sourcing"), policies.path("sourcing"), "must list at least one of own, lateral, parent, emergency")
            }
            draft.sourcing = sourcing
        }
        if let replenishmentNode = policies["replenishment"] {
            let path = policies.path("replenishment")
            if replenishmentNode.scalar != nil {
                if let kind = choiceValue(replenishmentNode, path: path + ".kind", as: ReplenishmentKind.self) {
                    if kind == .periodic {
                        error(replenishmentNode.location, path, "periodic replenishment needs a period: write {kind: periodic, period_days: 7}")
                    }
                }
            } else if let replenishment = record(replenishmentNode, path: path, keys: Keys.replenishment) {
                let kind = choice(replenishment, "kind", required: true, as: ReplenishmentKind.self)
                let period = number(replenishment, "period_days", rule: .positive)
                switch kind {
                case .periodic:
                    if let period { draft.replenishment = .periodic(periodDays: period) } else if !replenishment.has("period_days") {
                        missing(replenishment, "period_days", " (days between reviews)")
                    }
                case .continuous:
                    if replenishment.has("period_days") {
                        error(replenishment.location("period_days"), replenishment.path("period_days"),
                              "continuous replenishment has no review period; remove period_days or use kind: periodic")
                    }
                case nil: break
                }
            }
        }
        if let dispatch = choice(policies, "dispatch", as: DispatchRule.self) { draft.dispatch = dispatch }
        return draft
    }

    private func parseDisruptions(_ root: Record) -> [DisruptionDraft] {
        guard let nodes = list(root, "disruptions") else { return [] }
        var result: [DisruptionDraft] = []
        let applicable: [String: Set<String>] = [
            "failure_surge": ["product", "item", "multiplier"],
            "site_outage": ["site"],
            "lane_slowdown": ["from", "to", "mode", "factor"],
        ]
        let common: Set<String> = ["kind", "start_day", "end_day", "description"]
        for (index, node) in nodes.enumerated() {
            guard let row = record(node, path: "disruptions[\(index)]", keys: Keys.disruption) else { continue }
            let kind = choice(row, "kind", required: true, as: DisruptionKindName.self)
            let start = number(row, "start_day", required: true, rule: .nonNegative)
            let end = number(row, "end_day", required: true, rule: .positive)
            if let kind, let allowed = applicable[kind.rawValue] {
                for key in row.fields.keys.sorted() where !allowed.contains(key) && !common.contains(key) {
                    error(row.location(key), row.path(key), "does not apply to a \(kind.rawValue) disruption (it takes \(allowed.sorted().joined(separator: ", ")))")
                }
            }
            var draft = DisruptionDraft(record: row, kind: kind?.rawValue ?? "", startDay: start ?? 0, endDay: end ?? 0)
            switch kind {
            case .failureSurge:
                draft.product = row.has("product") ? string(row, "product") : nil
                draft.item = row.has("item") ? string(row, "item") : nil
                if row.has("product") == row.has("item") {
                    error(row.location, row.path("product"), "a failure_surge names exactly one of product or item")
                }
                draft.multiplier = number(row, "multiplier", required: true, rule: .positive)
            case .siteOutage:
                draft.site = string(row, "site", required: true)
            case .laneSlowdown:
                draft.from = string(row, "from", required: true)
                draft.to = string(row, "to", required: true)
                draft.mode = choice(row, "mode", as: LaneMode.self)
                draft.factor = number(row, "factor", required: true, rule: .atLeast(1))
            case nil:
                break
            }
            if let start, let end, start >= end {
                error(row.location("end_day"), row.path("end_day"), "the window must end after it starts (start_day \(format(start)), end_day \(format(end)))")
            }
            result.append(draft)
        }
        return result
    }
}

enum ReplenishmentKind: String, CaseIterable {
    case continuous, periodic
}

enum DisruptionKindName: String, CaseIterable {
    case failureSurge = "failure_surge"
    case siteOutage = "site_outage"
    case laneSlowdown = "lane_slowdown"
}
