/// Cross-checks a parsed draft (references, the echelon tree, the sourcing network) and builds the model.
/// Every problem is reported through the reader; the model is returned only when there are none.
struct Validation {
    let reader: ScenarioReader
    let draft: ScenarioDraft
    let file: String

    /// How the first occurrence of a duplicate is pointed at.
    func firstDefined(_ first: SourceLocation, from second: SourceLocation) -> String {
        guard let line = first.line else { return "first defined in \(first.file)" }
        return first.file == second.file ? "first defined on line \(line)" : "first defined at \(first.file):\(line)"
    }

    /// Builds an id → index map, reporting duplicates at the second occurrence.
    func index(_ ids: [Located<String>], noun: String) -> [String: Int] {
        var map: [String: Int] = [:]
        for (position, id) in ids.enumerated() {
            if let first = map[id.value] {
                reader.error(id.location, id.path, "duplicate \(noun) id \"\(id.value)\" (\(firstDefined(ids[first].location, from: id.location)))")
            } else {
                map[id.value] = position
            }
        }
        return map
    }

    /// Resolves a reference, reporting an unknown id with a "did you mean" hint.
    func resolve(_ reference: Located<String>, in map: [String: Int], noun: String) -> Int? {
        if let index = map[reference.value] { return index }
        let hint = Suggestion.didYouMean(reference.value, among: map.keys.sorted())
        reader.error(reference.location, reference.path, "unknown \(noun) \"\(reference.value)\"\(hint)")
        return nil
    }

    func run() -> Scenario? {
        let maps = Maps(sites: index(draft.sites.map(\.id), noun: "site"), calendars: index(draft.calendars.map(\.id), noun: "calendar"),
                        slaClasses: index(draft.slaClasses.map(\.id), noun: "SLA class"),
                        products: index(draft.products.map(\.id), noun: "product"), items: index(draft.items.map(\.id), noun: "item"))
        let tree = siteTree(maps)
        checkCalendarsAndClasses(maps)
        let items = items(maps)
        let model = ModelIndex(draft: draft, maps: maps, items: items)
        let lanes = lanes(maps, model)
        var (installed, demand) = installedBaseAndDemand(maps, model, items)
        let overrides = demandOverrides(maps, model, demand: &demand)
        let (stockMatrix, stockEntries) = stockLevels(maps, model, items)
        let disruptions = disruptions(maps, lanes)
        let bounds = stockBounds(maps, model)

        // MARK: Lanes the sourcing path needs
        checkNetwork(parentIndex: tree.parentIndex, treeBroken: tree.treeBroken, hasLane: lanes.hasLane,
                     items: items, demand: demand, modelSites: model.sites)

        guard reader.diagnostics.isEmpty else { return nil }
        return build(maps, tree, model, items: items, lanes: lanes, installed: installed, demand: demand, overrides: overrides,
                     stock: (stockMatrix, stockEntries), disruptions: disruptions, bounds: bounds)
    }

    /// The id → position maps of the tables (duplicates reported once, the first occurrence kept).
    struct Maps {
        let sites: [String: Int], calendars: [String: Int], slaClasses: [String: Int], products: [String: Int], items: [String: Int]
    }

    /// Whether the draft at `position` is the first occurrence of its id: drafts whose id is a
    /// duplicate are left out of the model.
    static func isCanonical(_ map: [String: Int], _ id: String, _ position: Int) -> Bool { map[id] == position }

    /// The echelon tree: each site's parent (table positions), whether its chain is broken, its level.
    struct SiteTree {
        var parentIndex: [Int?], treeBroken: [Bool], echelon: [Int?]
    }

    /// Model indices: the first occurrence of each id, in table order.
    struct ModelIndex {
        let sites: [Int]
        let siteIndex: [String: Int], itemIndex: [String: Int], productIndex: [String: Int]
        let products: [Product]

        init(draft: ScenarioDraft, maps: Maps, items: [Item]) {
            let all = draft.sites
            sites = all.indices.filter { Validation.isCanonical(maps.sites, all[$0].id.value, $0) }
            var siteIndex: [String: Int] = [:]
            for (modelIndex, position) in sites.enumerated() { siteIndex[all[position].id.value] = modelIndex }
            self.siteIndex = siteIndex
            var itemIndex: [String: Int] = [:]
            for item in items { itemIndex[item.id] = item.index }
            self.itemIndex = itemIndex
            products = draft.products.indices.filter { Validation.isCanonical(maps.products, draft.products[$0].id.value, $0) }
                .enumerated().map { modelIndex, position in
                    Product(index: modelIndex, id: draft.products[position].id.value,
                            name: draft.products[position].name ?? draft.products[position].id.value)
                }
            var productIndex: [String: Int] = [:]
            for product in products { productIndex[product.id] = product.index }
            self.productIndex = productIndex
        }
    }

    /// The explicit lanes, their lookup by model indices, and which (from, to, mode) exist.
    struct Lanes {
        var list: [Lane] = []
        var lookup: [LaneKey: Int] = [:]
        var first: [LaneKey: SourceLocation] = [:]
        let defaults: Set<LaneMode>

        /// Whether a lane (table positions) is explicit or covered by `lane_defaults`.
        func hasLane(_ from: Int, _ to: Int, _ mode: LaneMode) -> Bool {
            first[LaneKey(from: from, to: to, mode: mode)] != nil || defaults.contains(mode)
        }
    }

    // MARK: Sites and the echelon tree
    private func siteTree(_ maps: Maps) -> SiteTree {
        let sites = draft.sites, siteMap = maps.sites, calendarMap = maps.calendars
        var parentIndex = [Int?](repeating: nil, count: sites.count)
        var treeBroken = [Bool](repeating: false, count: sites.count)
        if !sites.isEmpty, !sites.contains(where: { $0.kind == .centralWarehouse }), sites.allSatisfy({ $0.kind != nil }) {
            reader.error(draft.root.keyLocations["sites"] ?? draft.root.location, "sites", "the network has no central_warehouse; at least one is needed as the root of the echelon tree")
        }
        for (position, site) in sites.enumerated() {
            if let calendar = site.calendar { _ = resolve(calendar, in: calendarMap, noun: "calendar") }
            guard let kind = site.kind else { treeBroken[position] = true; continue }
            if let pool = site.pool, !kind.holdsStock {
                reader.error(pool.location, pool.path, "a \(kind.rawValue) holds no stock, so it cannot be in a pool")
            }
            switch (kind, site.parent) {
            case (.centralWarehouse, .some(let parent)), (.supplier, .some(let parent)):
                reader.error(parent.location, parent.path, kind == .centralWarehouse
                    ? "a central_warehouse is a root of the echelon tree and has no parent; remove parent or make the site a regional_depot"
                    : "a supplier is outside the echelon tree and has no parent; remove parent")
            case (.regionalDepot, nil), (.servicePoint, nil):
                reader.missing(site.record, "parent", " (a \(kind.rawValue) hangs under a central_warehouse or regional_depot)")
                treeBroken[position] = true
            case (_, .some(let parent)):
                guard let target = resolve(parent, in: siteMap, noun: "site") else { treeBroken[position] = true; continue }
                if target == position {
                    reader.error(parent.location, parent.path, "a site cannot be its own parent")
                    treeBroken[position] = true
                } else if let parentKind = sites[target].kind, !parentKind.canBeParent {
                    reader.error(parent.location, parent.path, "parent \"\(parent.value)\" is a \(parentKind.rawValue); a parent must be a central_warehouse or regional_depot")
                    treeBroken[position] = true
                } else if sites[target].kind == nil {
                    treeBroken[position] = true
                } else {
                    parentIndex[position] = target
                }
            default:
                break
            }
        }
        // Cycles: follow parents; a walk that meets itself is a cycle, reported once at its first site in table order.
        var state = [Int](repeating: 0, count: sites.count) // 0 new, 1 on the current walk, 2 finished
        for start in sites.indices where state[start] == 0 {
            var walk: [Int] = []
            var current: Int? = start
            while let node = current, state[node] == 0 {
                state[node] = 1
                walk.append(node)
                current = parentIndex[node]
            }
            if let node = current, state[node] == 1, let cycleStart = walk.firstIndex(of: node) {
                let cycle = Array(walk[cycleStart...])
                let first = cycle.min() ?? node
                let rotation = cycle.firstIndex(of: first) ?? 0
                let ordered = Array(cycle[rotation...] + cycle[..<rotation])
                let names = (ordered + [first]).map { sites[$0].id.value }.joined(separator: " → ")
                let location = sites[first].parent?.location ?? sites[first].record.location
                reader.error(location, sites[first].record.path("parent"),
                             "the echelon tree has a cycle: \(names); every chain of parents must end at a central_warehouse")
                for member in cycle { treeBroken[member] = true }
            }
            for node in walk { state[node] = 2 }
        }
        var echelon = [Int?](repeating: nil, count: sites.count)
        func depth(_ node: Int, _ guardCount: Int) -> Int? {
            if let known = echelon[node] { return known }
            guard guardCount <= sites.count, !treeBroken[node] else { return nil }
            if sites[node].kind == .centralWarehouse { echelon[node] = 0; return 0 }
            guard let parent = parentIndex[node], let parentDepth = depth(parent, guardCount + 1) else { return nil }
            echelon[node] = parentDepth + 1
            return parentDepth + 1
        }
        for node in sites.indices { _ = depth(node, 0) }

        return SiteTree(parentIndex: parentIndex, treeBroken: treeBroken, echelon: echelon)
    }

    // MARK: Calendars and SLA classes
    private func checkCalendarsAndClasses(_ maps: Maps) {
        let calendarMap = maps.calendars, slaMap = maps.slaClasses
        for sla in draft.slaClasses {
            if let calendar = sla.calendar { _ = resolve(calendar, in: calendarMap, noun: "calendar") }
        }
        if let defaultSLA = draft.defaultSLAClass { _ = resolve(defaultSLA, in: slaMap, noun: "SLA class") }
    }

    // MARK: Items
    private func items(_ maps: Maps) -> [Item] {
        let sites = draft.sites, siteMap = maps.sites, productMap = maps.products, itemMap = maps.items
        var items: [Item] = []
        for (position, item) in draft.items.enumerated() {
            var repairSiteIndex: Int?
            if let repairSite = item.repairSite, let target = resolve(repairSite, in: siteMap, noun: "site") {
                if let kind = sites[target].kind, ![.repairShop, .regionalDepot, .centralWarehouse].contains(kind) {
                    reader.error(repairSite.location, repairSite.path, "\"\(repairSite.value)\" is a \(kind.rawValue); repairs happen at a repair_shop, regional_depot or central_warehouse")
                } else {
                    repairSiteIndex = target
                }
            }
            var supplierIndex: Int?
            if let supplier = item.supplier, let target = resolve(supplier, in: siteMap, noun: "site") {
                if let kind = sites[target].kind, kind != .supplier {
                    reader.error(supplier.location, supplier.path, "\"\(supplier.value)\" is a \(kind.rawValue), not a supplier")
                } else {
                    supplierIndex = target
                }
            }
            var uses: [ItemUse] = []
            for use in item.usedIn {
                if let product = resolve(use.product, in: productMap, noun: "product") {
                    uses.append(ItemUse(product: use.product.value, productIndex: product, quantity: use.quantity))
                }
            }
            guard Self.isCanonical(itemMap, item.id.value, position) else { continue }
            items.append(Item(index: items.count, id: item.id.value, name: item.name ?? item.id.value,
                              unitCost: item.unitCost ?? 0, holdingRate: item.holdingRate ?? draft.holdingRate,
                              repairable: item.repairable, repairSite: item.repairSite?.value, repairSiteIndex: repairSiteIndex,
                              repairTime: item.repairTime, condemnation: item.condemnation, repairPractice: item.repairPractice,
                              exchangeWaitHours: item.exchangeWaitHours,
                              supplier: item.supplier?.value, supplierIndex: supplierIndex,
                              supplierLeadTime: item.supplierLeadTime, failureRate: item.failureRate ?? 0, usedIn: uses))
        }
        return items
    }

    func requireKind(_ reference: Located<String>, _ position: Int, _ allowed: [SiteKind], _ role: String) -> Bool {
        guard let kind = draft.sites[position].kind else { return false }
        guard allowed.contains(kind) else {
            reader.error(reference.location, reference.path, "\"\(reference.value)\" is a \(kind.rawValue); \(role)")
            return false
        }
        return true
    }

    // MARK: Lanes
    private func lanes(_ maps: Maps, _ model: ModelIndex) -> Lanes {
        let siteMap = maps.sites, modelSiteIndex = model.siteIndex
        var result = Lanes(defaults: Set(draft.laneDefaults.keys))
        for lane in draft.lanes {
            let from = resolve(lane.from, in: siteMap, noun: "site")
            let to = resolve(lane.to, in: siteMap, noun: "site")
            guard let from, let to else { continue }
            if from == to {
                reader.error(lane.to.location, lane.to.path, "a lane must connect two different sites")
                continue
            }
            let key = LaneKey(from: from, to: to, mode: lane.mode)
            if let first = result.first[key] {
                reader.error(lane.record.location, lane.record.path,
                             "duplicate \(lane.mode.rawValue) lane \(lane.from.value) → \(lane.to.value) (\(firstDefined(first, from: lane.record.location)))")
                continue
            }
            result.first[key] = lane.record.location
            // A lane whose lead time was invalid still counts as present (its own error is reported).
            guard let leadTime = lane.leadTime, let modelFrom = modelSiteIndex[lane.from.value], let modelTo = modelSiteIndex[lane.to.value] else { continue }
            result.lookup[LaneKey(from: modelFrom, to: modelTo, mode: lane.mode)] = result.list.count
            result.list.append(Lane(from: lane.from.value, to: lane.to.value, fromIndex: modelFrom, toIndex: modelTo,
                              mode: lane.mode, leadTime: leadTime, costPerUnit: lane.costPerUnit,
                              distanceKm: lane.distanceKm, isDefault: false))
        }
        return result
    }

    // MARK: Installed base and demand
    private func installedBaseAndDemand(_ maps: Maps, _ model: ModelIndex, _ items: [Item]) -> ([InstalledBaseEntry], [[Double]]) {
        let sites = draft.sites, siteMap = maps.sites, productMap = maps.products, slaMap = maps.slaClasses
        let modelSites = model.sites, modelProducts = model.products
        let modelSiteIndex = model.siteIndex, modelProductIndex = model.productIndex
        var installed: [InstalledBaseEntry] = []
        var installedFirst: [String: SourceLocation] = [:]
        var unitsPerSiteProduct: [[Int]] = Array(repeating: Array(repeating: 0, count: modelProducts.count), count: modelSites.count)
        for entry in draft.installedBase {
            let site = resolve(entry.site, in: siteMap, noun: "site")
            let product = resolve(entry.product, in: productMap, noun: "product")
            var slaClass = draft.defaultSLAClass?.value
            if let sla = entry.slaClass {
                slaClass = sla.value
                if let slaPosition = resolve(sla, in: slaMap, noun: "SLA class"), let site,
                   draft.slaClasses[slaPosition].value.clock == .business,
                   draft.slaClasses[slaPosition].calendar == nil, sites[site].calendar == nil {
                    reader.error(sla.location, sla.path, "SLA class \"\(sla.value)\" runs on business hours but neither it nor site \"\(entry.site.value)\" has a calendar")
                }
            }
            guard let site, product != nil else { continue }
            guard requireKind(entry.site, site, [.servicePoint], "installed base is served by a service_point") else { continue }
            let key = "\(entry.site.value)\u{1}\(entry.product.value)\u{1}\(slaClass ?? "")"
            if let first = installedFirst[key] {
                reader.error(entry.record.location, entry.record.path,
                             "duplicate installed base for site \"\(entry.site.value)\" and product \"\(entry.product.value)\"\(slaClass.map { " in SLA class \"\($0)\"" } ?? "") (\(firstDefined(first, from: entry.record.location)))")
                continue
            }
            installedFirst[key] = entry.record.location
            guard let modelSite = modelSiteIndex[entry.site.value], let modelProduct = modelProductIndex[entry.product.value] else { continue }
            unitsPerSiteProduct[modelSite][modelProduct] += entry.units
            installed.append(InstalledBaseEntry(site: entry.site.value, siteIndex: modelSite, product: entry.product.value,
                                                productIndex: modelProduct, units: entry.units, slaClass: slaClass))
        }
        var demand: [[Double]] = Array(repeating: Array(repeating: 0, count: items.count), count: modelSites.count)
        for site in 0..<modelSites.count {
            for item in items {
                demand[site][item.index] = item.usedIn.reduce(0) { sum, use in
                    sum + Double(unitsPerSiteProduct[site][use.productIndex] * use.quantity) * item.failureRate
                }
            }
        }
        return (installed, demand)
    }

    /// Resolves a (site, item) table row to model indices: known references, an allowed site
    /// kind, and no second row for the same pair ("duplicate <noun> for site … and item …").
    func resolveSiteItem(_ entry: SiteItemDraft, _ maps: Maps, _ model: ModelIndex, kinds: [SiteKind], role: String, noun: String,
                         seen: inout [String: SourceLocation]) -> (site: Int, item: Int)? {
        let siteMap = maps.sites, itemMap = maps.items, modelSiteIndex = model.siteIndex, modelItemIndex = model.itemIndex
        let site = resolve(entry.site, in: siteMap, noun: "site")
        let item = resolve(entry.item, in: itemMap, noun: "item")
        guard let site, item != nil, requireKind(entry.site, site, kinds, role) else { return nil }
        let key = "\(entry.site.value)\u{1}\(entry.item.value)"
        if let first = seen[key] {
            reader.error(entry.record.location, entry.record.path,
                         "duplicate \(noun) for site \"\(entry.site.value)\" and item \"\(entry.item.value)\" (\(firstDefined(first, from: entry.record.location)))")
            return nil
        }
        seen[key] = entry.record.location
        guard let modelSite = modelSiteIndex[entry.site.value], let modelItem = modelItemIndex[entry.item.value] else { return nil }
        return (modelSite, modelItem)
    }

    /// Demand overrides replace the installed base's rate of their (service point, item).
    private func demandOverrides(_ maps: Maps, _ model: ModelIndex, demand: inout [[Double]]) -> [DemandOverride] {
        var overrides: [DemandOverride] = []
        var overrideFirst: [String: SourceLocation] = [:]
        for entry in draft.demandOverrides {
            guard let (modelSite, modelItem) = resolveSiteItem(entry, maps, model, kinds: [.servicePoint], role: "demand occurs at a service_point",
                                                               noun: "demand override", seen: &overrideFirst) else { continue }
            demand[modelSite][modelItem] = entry.rate
            overrides.append(DemandOverride(site: entry.site.value, siteIndex: modelSite, item: entry.item.value,
                                            itemIndex: modelItem, rate: entry.rate))
        }
        return overrides
    }

    // MARK: Policies
    private func stockLevels(_ maps: Maps, _ model: ModelIndex, _ items: [Item]) -> (StockPlan?, [StockLevelEntry]) {
        let modelSites = model.sites
        var stockMatrix: StockPlan?
        var stockEntries: [StockLevelEntry] = []
        if let levels = draft.policies.stockLevels {
            var matrix = StockPlan(sites: modelSites.count, items: items.count)
            var first: [String: SourceLocation] = [:]
            for entry in levels {
                guard let (modelSite, modelItem) = resolveSiteItem(
                    entry, maps, model, kinds: [.centralWarehouse, .regionalDepot, .servicePoint],
                    role: "only warehouses, depots and service points hold stock", noun: "stock level", seen: &first) else { continue }
                matrix[modelSite][modelItem] = entry.level
                stockEntries.append(StockLevelEntry(site: entry.site.value, siteIndex: modelSite, item: entry.item.value,
                                                    itemIndex: modelItem, level: entry.level))
            }
            stockMatrix = matrix
        }
        return (stockMatrix, stockEntries)
    }

    // MARK: Disruptions
    private func disruptions(_ maps: Maps, _ lanes: Lanes) -> [Disruption] {
        let siteMap = maps.sites, productMap = maps.products, itemMap = maps.items
        let hasLane = lanes.hasLane
        var disruptions: [Disruption] = []
        for entry in draft.disruptions {
            if entry.endDay > draft.horizonDays {
                reader.error(entry.record.location("end_day"), entry.record.path("end_day"),
                             "ends on day \(format(entry.endDay)), after the \(format(draft.horizonDays))-day horizon")
            }
            var kind: DisruptionKind?
            switch entry.kind {
            case "failure_surge":
                if let product = entry.product, resolve(product, in: productMap, noun: "product") != nil, let multiplier = entry.multiplier {
                    kind = .failureSurge(target: .product(product.value), multiplier: multiplier)
                } else if let item = entry.item, resolve(item, in: itemMap, noun: "item") != nil, let multiplier = entry.multiplier {
                    kind = .failureSurge(target: .item(item.value), multiplier: multiplier)
                }
            case "site_outage":
                if let site = entry.site, resolve(site, in: siteMap, noun: "site") != nil { kind = .siteOutage(site: site.value) }
            case "lane_slowdown":
                if let from = entry.from, let to = entry.to {
                    let fromIndex = resolve(from, in: siteMap, noun: "site")
                    let toIndex = resolve(to, in: siteMap, noun: "site")
                    if let fromIndex, let toIndex, let factor = entry.factor {
                        let modes = entry.mode.map { [$0] } ?? LaneMode.allCases
                        if modes.contains(where: { hasLane(fromIndex, toIndex, $0) }) {
                            kind = .laneSlowdown(from: from.value, to: to.value, mode: entry.mode, factor: factor)
                        } else {
                            reader.error(to.location, entry.record.path,
                                         "there is no \(entry.mode.map { "\($0.rawValue) " } ?? "")lane from \(from.value) to \(to.value) to slow down")
                        }
                    }
                }
            default:
                break
            }
            if let kind { disruptions.append(Disruption(kind: kind, startDay: entry.startDay, endDay: entry.endDay)) }
        }
        return disruptions
    }

    /// Stock bounds: known site (that holds stock) and item, one bound per (site, item or all).
    private func stockBounds(_ maps: Maps, _ model: ModelIndex) -> [StockBound] {
        let siteMap = maps.sites, itemMap = maps.items, modelSiteIndex = model.siteIndex, modelItemIndex = model.itemIndex
        var bounds: [StockBound] = []
        var boundFirst: [String: SourceLocation] = [:]
        for entry in draft.policies.stockBounds {
            guard let site = resolve(entry.site, in: siteMap, noun: "site") else { continue }
            var itemPosition: Int?
            if let item = entry.item {
                guard let i = resolve(item, in: itemMap, noun: "item") else { continue }
                itemPosition = i
            }
            guard requireKind(entry.site, site, [.centralWarehouse, .regionalDepot, .servicePoint],
                              "only warehouses, depots and service points hold stock") else { continue }
            let key = "\(entry.site.value)\u{1}\(entry.item?.value ?? "*")"
            if let first = boundFirst[key] {
                reader.error(entry.record.location, entry.record.path,
                             "duplicate stock bound for site \"\(entry.site.value)\"\(entry.item.map { " and item \"\($0.value)\"" } ?? " (all items)") (\(firstDefined(first, from: entry.record.location)))")
                continue
            }
            boundFirst[key] = entry.record.location
            guard let modelSite = modelSiteIndex[entry.site.value] else { continue }
            let modelItem = entry.item.flatMap { modelItemIndex[$0.value] }
            if itemPosition != nil && modelItem == nil { continue }
            bounds.append(StockBound(siteIndex: modelSite, itemIndex: modelItem, min: entry.min, max: entry.max))
        }
        return bounds
    }

    // MARK: Build the model
    private func build(_ maps: Maps, _ tree: SiteTree, _ model: ModelIndex, items: [Item], lanes: Lanes,
                       installed: [InstalledBaseEntry], demand: [[Double]], overrides: [DemandOverride],
                       stock: (StockPlan?, [StockLevelEntry]), disruptions: [Disruption], bounds: [StockBound]) -> Scenario {
        let sites = draft.sites, modelSites = model.sites, parentIndex = tree.parentIndex, echelon = tree.echelon
        let calendarMap = maps.calendars, slaMap = maps.slaClasses
        let modelSiteIndex = model.siteIndex, modelItemIndex = model.itemIndex
        let modelProducts = model.products, modelProductIndex = model.productIndex
        let (stockMatrix, stockEntries) = stock
        let laneLookup = lanes.lookup
        let oldToNew = Dictionary(uniqueKeysWithValues: modelSites.enumerated().map { ($1, $0) })
        var modelSiteList: [Site] = modelSites.enumerated().map { modelIndex, position in
            let site = sites[position]
            return Site(index: modelIndex, id: site.id.value, name: site.name ?? site.id.value, kind: site.kind ?? .servicePoint,
                        parentID: site.parent?.value, parentIndex: parentIndex[position].flatMap { oldToNew[$0] },
                        childIndices: [], echelon: echelon[position], coordinate: site.coordinate, pool: site.pool?.value,
                        capacity: site.capacity, fixedCost: site.fixedCost, candidate: site.candidate,
                        engineers: site.engineers, calendar: site.calendar?.value, timeZone: site.timeZone,
                        mustOpen: site.mustOpen, mustClose: site.mustClose, existing: site.existing,
                        closingCost: site.closingCost)
        }
        for site in modelSiteList {
            if let parent = site.parentIndex { modelSiteList[parent].childIndices.append(site.index) }
        }
        var pools: [String: [Int]] = [:]
        for site in modelSiteList { if let pool = site.pool { pools[pool, default: []].append(site.index) } }
        let calendars = draft.calendars.indices.filter { Self.isCanonical(calendarMap, draft.calendars[$0].id.value, $0) }.map { draft.calendars[$0].value }
        let slaClasses = draft.slaClasses.indices.filter { Self.isCanonical(slaMap, draft.slaClasses[$0].id.value, $0) }.map { draft.slaClasses[$0].value }
        let policies = PolicySettings(stockLevels: stockMatrix, stockLevelEntries: stockEntries, sourcing: draft.policies.sourcing,
                                replenishment: draft.policies.replenishment, dispatch: draft.policies.dispatch,
                                stockBounds: bounds, itemCount: items.count)
        let rules = deskRules(productMap: modelProductIndex, itemMap: modelItemIndex, productCount: modelProducts.count)
        return Scenario(
            formatVersion: 1, name: draft.name, description: draft.description, question: draft.question, currency: draft.currency,
            startDate: draft.startDate, horizonDays: draft.horizonDays, holdingRate: draft.holdingRate,
            defaultSLAClass: draft.defaultSLAClass?.value, sites: modelSiteList, siteIndex: modelSiteIndex,
            rootIndices: modelSiteList.filter { $0.kind == .centralWarehouse }.map(\.index), pools: pools,
            products: modelProducts, productIndex: modelProductIndex, items: items, itemIndex: modelItemIndex,
            lanes: lanes.list, laneDefaults: draft.laneDefaults, installedBase: installed, demandOverrides: overrides,
            demandPerYear: demand, totalDemandPerYear: demand.joined().reduce(0, +), calendars: calendars,
            slaClasses: slaClasses, policies: policies, disruptions: disruptions, geography: draft.geography,
            deskRules: rules, sourceFile: file, laneLookup: laneLookup)
    }

    /// Replenishment lanes along the tree, lateral lanes within pools, emergency lanes to service points
    /// and return lanes to repair sites: each needed lane must be explicit or covered by `lane_defaults`.
    private func checkNetwork(parentIndex: [Int?], treeBroken: [Bool], hasLane: (Int, Int, LaneMode) -> Bool,
                              items: [Item], demand: [[Double]], modelSites: [Int]) {
        let sites = draft.sites
        let sourcing = draft.policies.sourcing
        // Only sites that are the first occurrence of their id take part.
        let active = Set(modelSites)

        for position in sites.indices where active.contains(position) {
            guard let parent = parentIndex[position], !treeBroken[position],
                  sites[position].kind == .regionalDepot || sites[position].kind == .servicePoint else { continue }
            if !hasLane(parent, position, .replenishment) {
                let location = sites[position].parent?.location ?? sites[position].record.location
                reader.error(location, sites[position].record.path("parent"),
                             "no replenishment lane from \(sites[parent].id.value) to \(sites[position].id.value); add it to lanes or set lane_defaults.replenishment")
            }
        }

        if sourcing.contains(.lateral) {
            var pools: [String: [Int]] = [:]
            var order: [String] = []
            for position in sites.indices where active.contains(position) {
                guard let pool = sites[position].pool?.value, sites[position].kind?.holdsStock == true else { continue }
                if pools[pool] == nil { order.append(pool) }
                pools[pool, default: []].append(position)
            }
            for pool in order {
                let members = pools[pool] ?? []
                var missing: [(Int, Int)] = []
                for from in members {
                    for to in members where from != to && !hasLane(from, to, .lateral) { missing.append((from, to)) }
                }
                guard let (firstFrom, firstTo) = missing.first else { continue }
                if missing.count <= 3 {
                    for (from, to) in missing {
                        let location = sites[from].pool?.location ?? sites[from].record.location
                        reader.error(location, sites[from].record.path("pool"),
                                     "no lateral lane from \(sites[from].id.value) to \(sites[to].id.value) in pool \(pool); add it to lanes or set lane_defaults.lateral")
                    }
                } else {
                    let location = sites[firstFrom].pool?.location ?? sites[firstFrom].record.location
                    reader.error(location, sites[firstFrom].record.path("pool"),
                                 "pool \(pool): \(missing.count) lateral lanes missing, e.g. \(sites[firstFrom].id.value) → \(sites[firstTo].id.value); add lanes or lane_defaults.lateral")
                }
            }
        }

        if sourcing.contains(.emergency) {
            let centrals = sites.indices.filter { active.contains($0) && sites[$0].kind == .centralWarehouse }
            let lacking = sites.indices.filter { position in
                active.contains(position) && sites[position].kind == .servicePoint
                    && !centrals.contains(where: { hasLane($0, position, .emergency) })
            }
            if !centrals.isEmpty, !lacking.isEmpty {
                if lacking.count <= 3 {
                    for position in lacking {
                        reader.error(sites[position].record.location, sites[position].record.path,
                                     "sourcing includes emergency, but no emergency lane reaches \(sites[position].id.value) from a central warehouse; add one to lanes or set lane_defaults.emergency")
                    }
                } else {
                    let first = lacking[0]
                    reader.error(sites[first].record.location, "sites",
                                 "sourcing includes emergency, but \(lacking.count) service points have no emergency lane from a central warehouse, e.g. \(sites[first].id.value); add lanes or lane_defaults.emergency")
                }
            }
        }

        // Return lanes: every service point with demand for a repairable → that item's repair site.
        let modelToPosition = modelSites
        var missingReturns: [Int: [(from: Int, items: [String])]] = [:]
        var repairOrder: [Int] = []
        for item in items where item.repairable {
            guard let repairID = item.repairSite, let repair = sites.firstIndex(where: { $0.id.value == repairID }) else { continue }
            for (modelIndex, position) in modelToPosition.enumerated() where sites[position].kind == .servicePoint {
                guard demand[modelIndex][item.index] > 0, position != repair, !hasLane(position, repair, .return) else { continue }
                if missingReturns[repair] == nil { repairOrder.append(repair) }
                if let existing = missingReturns[repair]?.firstIndex(where: { $0.from == position }) {
                    missingReturns[repair]?[existing].items.append(item.id)
                } else {
                    missingReturns[repair, default: []].append((position, [item.id]))
                }
            }
        }
        for repair in repairOrder {
            let missing = missingReturns[repair] ?? []
            let repairSite = sites[repair]
            if missing.count <= 3 {
                for entry in missing {
                    let names = entry.items.count <= 3 ? entry.items.joined(separator: ", ")
                        : entry.items.prefix(3).joined(separator: ", ") + " and \(entry.items.count - 3) more"
                    reader.error(sites[entry.from].record.location, sites[entry.from].record.path,
                                 "no return lane from \(sites[entry.from].id.value) to repair site \(repairSite.id.value) for repairable \(names); add it to lanes or set lane_defaults.return")
                }
            } else if let first = missing.first {
                reader.error(repairSite.record.location, repairSite.record.path,
                             "repair site \(repairSite.id.value): \(missing.count) service points with demand for its repairables have no return lane, e.g. \(sites[first.from].id.value) → \(repairSite.id.value); add lanes or lane_defaults.return")
            }
        }
    }
}
