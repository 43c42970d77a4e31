import Foundation
import Testing
import ScenarioModel

/// One test per validation class, on the small scenario from `TestSupport.swift` (line numbers refer to it).
@Suite struct ValidationTests {
    func edited(_ replacements: [(String, String)]) -> String {
        var text = minimalScenario
        for (old, new) in replacements {
            precondition(text.contains(old), "fixture text not found: \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        return text
    }

    @Test func minimalScenarioLoadsWithDemandMatrix() throws {
        let scenario = try ScenarioLoader.load(yaml: minimalScenario, file: "t.yaml", baseDirectory: nil)
        #expect(scenario.sites.map(\.echelon) == [0, 1, 2, 2, nil])
        #expect(scenario.rootIndices == [0])
        #expect(scenario.sites[1].childIndices == [2, 3])
        // A: 0.5/yr × 2 per printer; B: 0.1/yr × 1 per printer. SP1 has 10 printers, SP2 has 30.
        #expect(scenario.demandPerYear == [[0, 0], [0, 0], [10, 1], [30, 3], [0, 0]])
        #expect(scenario.totalDemandPerYear == 44)
        #expect(scenario.demandPerYear(item: 0) == 40)
        #expect(scenario.horizonDays == 365)
        #expect(scenario.items[0].holdingRate == 0.25)
        #expect(scenario.policies.sourcing == [.own, .lateral, .parent, .emergency])
        #expect(scenario.policies.replenishment == .continuous)
        #expect(scenario.policies.stockLevels == nil)
        #expect(scenario.geography == Geography(circuity: 1.3, roadSpeedKmh: 70))
    }

    @Test func laneResolutionPrefersExplicitThenDefaults() throws {
        let scenario = try ScenarioLoader.load(yaml: minimalScenario, file: "t.yaml", baseDirectory: nil)
        let explicit = try #require(scenario.lane(from: "CW", to: "RD", mode: .replenishment))
        #expect(explicit.leadTime == .deterministic(value: 2))
        #expect(explicit.costPerUnit == 5)
        #expect(!explicit.isDefault)
        let lateral = try #require(scenario.lane(from: "SP1", to: "SP2", mode: .lateral))
        #expect(lateral.isDefault)
        #expect(lateral.costPerUnit == 20)
        #expect(lateral.leadTime == .deterministic(value: 0.5))
        let expectedKm = Scenario.greatCircleKm(Coordinate(latitude: 52.0, longitude: 10.0), Coordinate(latitude: 52.5, longitude: 10.5)) * 1.3
        #expect(abs((lateral.distanceKm ?? 0) - expectedKm) < 1e-9)
        #expect(scenario.lane(from: "CW", to: "SP1", mode: .replenishment) == nil)
        #expect(scenario.lane(from: "CW", to: "NOPE", mode: .emergency) == nil)
    }

    @Test func yamlSyntaxErrorBecomesADiagnostic() {
        let reported = diagnostics("format: 1\nname: x\nsites:\n  - {id: CW, kind: central_warehouse\n  - {id: B}\n")
        #expect(reported?.count == 1)
        #expect(reported?.first?.file == "t.yaml")
        #expect(reported?.first?.line == 5)
        #expect(reported?.first?.message.hasPrefix("YAML syntax error:") == true)
    }

    @Test func duplicateYAMLKeysAndEmptyFiles() {
        #expect(lines(diagnostics("format: 1\nname: a\nname: b\n")) == ["2: : duplicate key \"name\" in one mapping; each key may appear once"])
        #expect(lines(diagnostics("# nothing\n")) == ["-: : the file is empty; a scenario needs at least format, name, currency, sites and items"])
        #expect(lines(diagnostics("- a\n- b\n")) == ["1: : expected a mapping of scenario sections (format, name, sites, …), got a list"])
    }

    @Test func missingFile() {
        do {
            _ = try ScenarioLoader.load(path: "/nonexistent/x.yaml")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "/nonexistent/x.yaml: cannot read file: no such file")
        }
    }

    @Test func formatVersionAndTopLevelTypes() {
        let reported = diagnostics(edited([("format: 1", "format: 2"), ("currency: EUR", "currency: euro\nhorizon_days: soon\nhorizon_dayz: 3")]))
        #expect(lines(reported) == [
            "1: format: unsupported format version 2; this version of Echelon reads format 1",
            "3: currency: expected a three-letter ISO 4217 code such as EUR or USD, got 'euro'",
            "4: horizon_days: expected a number, got 'soon'",
            "5: horizon_dayz: unknown field \"horizon_dayz\" (did you mean \"horizon_days\"?); allowed: format, name, description, question, currency, start_date, horizon_days, holding_rate, default_sla_class, sites, lanes, lane_defaults, products, items, installed_base, demand_overrides, calendars, sla_classes, policies, disruptions, geography, service_desk",
        ])
        #expect(lines(diagnostics(edited([("format: 1\n", "")]))) == ["1: format: missing required field \"format\"; write `format: 1` at the top of the file"])
    }

    @Test func unknownEnumValueWithHint() {
        let reported = diagnostics(edited([("{id: SP1, kind: service_point", "{id: SP1, kind: service_piont")]))
        #expect(lines(reported) == ["7: sites[2].kind: unknown value \"service_piont\" (did you mean \"service_point\"?); expected one of central_warehouse, regional_depot, service_point, repair_shop, supplier"])
    }

    @Test func parentRules() {
        #expect(lines(diagnostics(edited([("{id: SP2, kind: service_point, parent: RD", "{id: SP2, kind: service_point, parent: SP1")]))) == [
            "8: sites[3].parent: parent \"SP1\" is a service_point; a parent must be a central_warehouse or regional_depot",
        ])
        #expect(lines(diagnostics(edited([("{id: CW, kind: central_warehouse,", "{id: CW, kind: central_warehouse, parent: RD,")]))) == [
            "5: sites[0].parent: a central_warehouse is a root of the echelon tree and has no parent; remove parent or make the site a regional_depot",
        ])
        #expect(lines(diagnostics(edited([("{id: RD, kind: regional_depot, parent: CW,", "{id: RD, kind: regional_depot,")]))) == [
            "6: sites[1].parent: missing required field \"parent\" (a regional_depot hangs under a central_warehouse or regional_depot)",
        ])
        #expect(lines(diagnostics(edited([("{id: RD, kind: regional_depot, parent: CW,", "{id: RD, kind: regional_depot, parent: RD,")]))) == [
            "6: sites[1].parent: a site cannot be its own parent",
        ])
        #expect(lines(diagnostics(edited([("{id: CW, kind: central_warehouse,", "{id: CW, kind: regional_depot, parent: RD,")]))) == [
            "4: sites: the network has no central_warehouse; at least one is needed as the root of the echelon tree",
            "5: sites[0].parent: the echelon tree has a cycle: CW → RD → CW; every chain of parents must end at a central_warehouse",
        ])
    }

    @Test func siteFieldRanges() {
        let reported = diagnostics(edited([("{id: SP1, kind: service_point, parent: RD, lat: 52.0, lon: 10.0, pool: p}",
                                            "{id: SP1, kind: service_point, parent: RD, lat: 95, pool: p, engineers: -1, candidate: maybe, time_zone: Mars/Olympus}")]))
        #expect(lines(reported) == [
            "7: sites[2].lat: must be between -90 and 90, got 95",
            "7: sites[2].lon: missing required field \"lon\" (every service_point needs coordinates in decimal degrees)",
            "7: sites[2].candidate: expected true or false, got 'maybe'",
            "7: sites[2].engineers: must be at least 0, got -1",
            "7: sites[2].time_zone: unknown time zone \"Mars/Olympus\"; use an IANA name such as Europe/Berlin",
        ])
        #expect(lines(diagnostics(edited([("pool: p}\n  - {id: SP2", "pool: p, candidate: true}\n  - {id: SP2")]))) == [
            "7: sites[2].candidate: only depots (regional_depot, central_warehouse) can be placement candidates, not a service_point",
        ])
    }

    @Test func typeErrorsNaNAndMissingFields() {
        let reported = diagnostics(edited([("{id: A, unit_cost: 100, failure_rate: 0.5,", "{id: A, unit_cost: abc,"),
                                           ("repair_time: 7, failure_rate: 0.1", "repair_time: 7, failure_rate: .nan")]))
        #expect(lines(reported) == [
            "21: items[0].unit_cost: expected a number, got 'abc'",
            "21: items[0].failure_rate: missing required field \"failure_rate\"",
            "22: items[1].failure_rate: expected a finite number, got '.nan'",
        ])
    }

    @Test func duplicateIdsAndLanes() {
        let reported = diagnostics(edited([
            ("  - {from: RD, to: SP2, mode: replenishment, lead_time: 1, cost_per_unit: 3}\n",
             "  - {from: RD, to: SP2, mode: replenishment, lead_time: 1, cost_per_unit: 3}\n  - {from: CW, to: RD, mode: replenishment, lead_time: 3}\n  - {from: RD, to: RD, mode: lateral, lead_time: 3}\n"),
            ("  - {id: P, name: Printer}\n", "  - {id: P, name: Printer}\n  - {id: P}\n"),
        ]))
        #expect(lines(reported) == [
            "14: lanes[3]: duplicate replenishment lane CW → RD (first defined on line 11)",
            "15: lanes[4].to: a lane must connect two different sites",
            "22: products[1].id: duplicate product id \"P\" (first defined on line 21)",
        ])
    }

    @Test func lateralLanesWithinPools() throws {
        #expect(lines(diagnostics(edited([("  lateral: {lead_time: 0.5, cost_per_unit: 20}\n", "")]))) == [
            "7: sites[2].pool: no lateral lane from SP1 to SP2 in pool p; add it to lanes or set lane_defaults.lateral",
            "8: sites[3].pool: no lateral lane from SP2 to SP1 in pool p; add it to lanes or set lane_defaults.lateral",
        ])
        // Without lateral sourcing no lateral lanes are needed.
        let relaxed = edited([("  lateral: {lead_time: 0.5, cost_per_unit: 20}\n", "")]) + "\npolicies: {sourcing: [own, parent, emergency]}\n"
        #expect(try ScenarioLoader.load(yaml: relaxed, file: "t.yaml", baseDirectory: nil).policies.sourcing == [.own, .parent, .emergency])
    }

    @Test func manyMissingLateralLanesAreSummarised() {
        let yaml = """
        format: 1
        name: Pool
        currency: EUR
        sites:
          - {id: CW, kind: central_warehouse, lat: 50, lon: 8}
          - {id: S1, kind: service_point, parent: CW, lat: 50, lon: 9, pool: north}
          - {id: S2, kind: service_point, parent: CW, lat: 50, lon: 10, pool: north}
          - {id: S3, kind: service_point, parent: CW, lat: 50, lon: 11, pool: north}
          - {id: S4, kind: service_point, parent: CW, lat: 50, lon: 12, pool: north}
        lanes:
          - {from: S1, to: S2, mode: lateral, lead_time: 1}
        lane_defaults:
          replenishment: {lead_time: 1}
          emergency: {lead_time: 1}
        items:
          - {id: A, unit_cost: 1, failure_rate: 1, supplier_lead_time: 1}
        """
        #expect(lines(diagnostics(yaml)) == [
            "6: sites[1].pool: pool north: 11 lateral lanes missing, e.g. S1 → S3; add lanes or lane_defaults.lateral",
        ])
    }

    @Test func emergencyAndReturnLanes() {
        #expect(lines(diagnostics(edited([("  emergency: {lead_time: 0.25, cost_per_unit: 100}\n", "")]))) == [
            "7: sites[2]: sourcing includes emergency, but no emergency lane reaches SP1 from a central warehouse; add one to lanes or set lane_defaults.emergency",
            "8: sites[3]: sourcing includes emergency, but no emergency lane reaches SP2 from a central warehouse; add one to lanes or set lane_defaults.emergency",
        ])
        let noReturn = edited([("  return: {lead_time: 3, cost_per_unit: 10}\n", ""),
                               ("  - {from: RD, to: SP2, mode: replenishment, lead_time: 1, cost_per_unit: 3}\n",
                                "  - {from: RD, to: SP2, mode: replenishment, lead_time: 1, cost_per_unit: 3}\n  - {from: SP2, to: RS, mode: return, lead_time: \"gamma(mean=2, cv=0.5)\"}\n")])
        #expect(lines(diagnostics(noReturn)) == [
            "7: sites[2]: no return lane from SP1 to repair site RS for repairable B; add it to lanes or set lane_defaults.return",
        ])
    }

    @Test func itemRules() {
        #expect(lines(diagnostics(edited([("repairable: true, repair_site: RS, repair_time: 7,", "repairable: true,")]))) == [
            "22: items[1].repair_site: missing required field \"repair_site\" (a repairable item needs the site that repairs it)",
            "22: items[1].repair_time: missing required field \"repair_time\" (a repairable item needs its repair time in days)",
        ])
        #expect(lines(diagnostics(edited([("failure_rate: 0.5, supplier_lead_time: 10,", "failure_rate: 0.5, condemnation: 1.5,"),
                                          ("repair_time: 7,", "repair_time: 7, condemnation: 0.2,")]))) == [
            "21: items[0].condemnation: must be a fraction between 0 and 1, got 1.5",
            "21: items[0].condemnation: only repairable items have condemnation; set repairable: true or remove it",
            "21: items[0].supplier_lead_time: missing required field \"supplier_lead_time\" (a consumable item is bought new, so its supplier lead time in days is needed)",
            "22: items[1].supplier_lead_time: missing required field \"supplier_lead_time\" (condemned units of a repairable item are bought new)",
        ])
        #expect(lines(diagnostics(edited([("repair_site: RS", "repair_site: SP1"), ("used_in: {P: 2}", "used_in: {Q: 2, P: 0}")]))) == [
            "21: items[0].used_in.P: must be at least 1, got 0",
            "21: items[0].used_in.Q: unknown product \"Q\" (did you mean \"P\"?)",
            "22: items[1].repair_site: \"SP1\" is a service_point; repairs happen at a repair_shop, regional_depot or central_warehouse",
        ])
        #expect(lines(diagnostics(edited([("{id: A, unit_cost: 100,", "{id: A, unit_cost: 100, repair_time: 3, supplier: RS,")]))) == [
            "21: items[0].repair_time: only repairable items have repair_time; set repairable: true or remove it",
            "21: items[0].supplier: \"RS\" is a repair_shop, not a supplier",
        ])
        // The repair practice: repairables only, one of the two names; repair and return by default.
        #expect(lines(diagnostics(edited([("{id: A, unit_cost: 100,", "{id: A, unit_cost: 100, repair_practice: advance_exchange,"),
                                          ("repair_time: 7,", "repair_time: 7, repair_practice: swap,")]))) == [
            "21: items[0].repair_practice: only repairable items have repair_practice; set repairable: true or remove it",
            "22: items[1].repair_practice: unknown value \"swap\"; expected one of advance_exchange, repair_and_return",
        ])
        let practices = try? ScenarioLoader.load(yaml: edited([("repair_time: 7,", "repair_time: 7, repair_practice: advance_exchange,")]),
                                                 file: "t.yaml", baseDirectory: nil)
        #expect(practices?.items.map(\.repairPractice) == [.repairAndReturn, .advanceExchange])
        #expect(lines(diagnostics(edited([("{id: A, unit_cost: 100,", "{id: A, unit_cost: 100, exchange_wait_hours: 4,"),
                                          ("repair_time: 7,", "repair_time: 7, repair_practice: advance_exchange, exchange_wait_hours: -1,")]))) == [
            "21: items[0].exchange_wait_hours: only repairable items have exchange_wait_hours; set repairable: true or remove it",
            "22: items[1].exchange_wait_hours: must be at least 0, got -1",
            "22: items[1].exchange_wait_hours: advance exchange always waits for the spare; exchange_wait_hours belongs to repair_practice: repair_and_return",
        ])
        let defaults = try? ScenarioLoader.load(yaml: minimalScenario, file: "t.yaml", baseDirectory: nil)
        #expect(defaults?.items.map(\.repairPractice) == [.repairAndReturn, .repairAndReturn])
    }

    @Test func installedBaseAndOverrides() throws {
        #expect(lines(diagnostics(edited([("{site: SP1, product: P, units: 10}", "{site: RD, product: Printer, units: 2.5}")]))) == [
            "24: installed_base[0].units: expected a whole number, got '2.5'",
        ])
        #expect(lines(diagnostics(edited([("{site: SP1, product: P, units: 10}", "{site: RD, product: P, units: 2}"),
                                          ("{site: SP2, product: P, units: 30}", "{site: SP2, product: Printer, units: 30, sla_class: gold}")]))) == [
            "24: installed_base[0].site: \"RD\" is a regional_depot; installed base is served by a service_point",
            "25: installed_base[1].product: unknown product \"Printer\"",
            "25: installed_base[1].sla_class: unknown SLA class \"gold\"",
        ])
        let overridden = minimalScenario + "\ndemand_overrides:\n  - {site: SP1, item: A, rate: 4.5}\n"
        let scenario = try ScenarioLoader.load(yaml: overridden, file: "t.yaml", baseDirectory: nil)
        #expect(scenario.demandPerYear[2] == [4.5, 1])
        #expect(scenario.totalDemandPerYear == 38.5)
        #expect(lines(diagnostics(minimalScenario + "\ndemand_overrides:\n  - {site: SP1, item: A, rate: 4.5}\n  - {site: SP1, item: A, rate: -1}\n  - {site: SP1, item: A, rate: 2}\n")) == [
            "28: demand_overrides[1].rate: must be at least 0, got -1",
            "29: demand_overrides[2]: duplicate demand override for site \"SP1\" and item \"A\" (first defined on line 27)",
        ])
    }

    @Test func calendarsAndSLAClasses() {
        let yaml = minimalScenario + """

        calendars:
          - id: office
            time_zone: Europe/Berln
            weekly: {mon: "8:00-18:00", tue: "18:00-08:00", wed: "08:00-12:00, 13:00-17:00", thu: "08:00-24:00", fri: [1], sunday: "08:00-12:00"}
            holidays: [2026-02-30, 2026-12-25]
        sla_classes:
          - {id: gold, response_hours: 8, restore_hours: 4, clock: business}
          - {id: silver, response_hours: 8, restore_hours: 24, clock: business, calendar: offise, penalty: -5}
        default_sla_class: bronze
        """
        #expect(lines(diagnostics(yaml)) == [
            "28: calendars[0].time_zone: unknown time zone \"Europe/Berln\"; use an IANA name such as Europe/Berlin",
            "29: calendars[0].weekly.sunday: unknown field \"sunday\"; allowed: mon, tue, wed, thu, fri, sat, sun",
            "29: calendars[0].weekly.mon: expected opening hours like \"08:00-18:00\", got \"8:00-18:00\"",
            "29: calendars[0].weekly.tue: opening time must be before closing time in \"18:00-08:00\"",
            "29: calendars[0].weekly.fri: expected opening hours like \"08:00-18:00\" or null, got a list",
            "30: calendars[0].holidays[0]: expected a real date YYYY-MM-DD, got '2026-02-30'",
            "32: sla_classes[0].restore_hours: restore time (4 h) must not be shorter than response time (8 h)",
            "33: sla_classes[1].penalty: must be at least 0, got -5",
            "33: sla_classes[1].calendar: unknown calendar \"offise\" (did you mean \"office\"?)",
            "34: default_sla_class: unknown SLA class \"bronze\"",
        ])
        let fine = minimalScenario + "\nsla_classes:\n  - {id: gold, response_hours: 4, restore_hours: 8, penalty: 120.5, attainment: 0.95}\n"
        let loaded = try? ScenarioLoader.load(yaml: fine, file: "t.yaml", baseDirectory: nil)
        #expect(loaded?.slaClasses.first?.penaltyPerBreach == 120.5)
        #expect(loaded?.slaClasses.first?.attainment == 0.95)
        // An attainment is a share strictly between 0 and 1: 1 (every order, always) is no target
        // a stock plan can be built for, 0 no target at all.
        let shares = minimalScenario + """

        sla_classes:
          - {id: gold, response_hours: 4, restore_hours: 8, attainment: 1}
          - {id: silver, response_hours: 4, restore_hours: 8, attainment: 0}
          - {id: bronze, response_hours: 4, restore_hours: 8, attainment: 95}
        """
        #expect(lines(diagnostics(shares)) == [
            "27: sla_classes[0].attainment: attainment must be a share strictly between 0 and 1 (e.g. 0.95), got 1",
            "28: sla_classes[1].attainment: attainment must be a share strictly between 0 and 1 (e.g. 0.95), got 0",
            "29: sla_classes[2].attainment: attainment must be a share strictly between 0 and 1 (e.g. 0.95), got 95",
        ])
    }

    /// An SLA class may set the repair practice of its tickets' repairable parts over the item's;
    /// its exchange wait belongs to repair and return, stated on the class.
    @Test func slaClassRepairPractice() throws {
        let yaml = minimalScenario + """

        sla_classes:
          - {id: gold, response_hours: 4, restore_hours: 8, repair_practice: advance_exchange}
          - {id: silver, response_hours: 4, restore_hours: 24, repair_practice: repair_and_return, exchange_wait_hours: 12}
          - {id: bronze, response_hours: 4, restore_hours: 48}
        """
        let s = try ScenarioLoader.load(yaml: yaml, file: "t.yaml", baseDirectory: nil)
        #expect(s.slaClasses.map(\.repairPractice) == [.advanceExchange, .repairAndReturn, nil])
        #expect(s.slaClasses.map(\.exchangeWaitHours) == [nil, 12, nil])
        let repairable = try #require(s.items.firstIndex { $0.repairable })
        #expect(s.repairPractice(item: repairable, slaClass: 0) == (.advanceExchange, 0))
        #expect(s.repairPractice(item: repairable, slaClass: 1) == (.repairAndReturn, 12))
        #expect(s.repairPractice(item: repairable, slaClass: 2) == (s.items[repairable].repairPractice, s.items[repairable].exchangeWaitHours))
        let bad = minimalScenario + """

        sla_classes:
          - {id: gold, response_hours: 4, restore_hours: 8, repair_practice: advance_exchange, exchange_wait_hours: 4}
          - {id: silver, response_hours: 4, restore_hours: 24, exchange_wait_hours: 4}
          - {id: bronze, response_hours: 4, restore_hours: 48, repair_practice: swap}
        """
        #expect(lines(diagnostics(bad)) == [
            "27: sla_classes[0].exchange_wait_hours: advance exchange always waits for the spare; exchange_wait_hours belongs to repair_practice: repair_and_return",
            "28: sla_classes[1].exchange_wait_hours: exchange_wait_hours on an SLA class needs repair_practice: repair_and_return on the class",
            "29: sla_classes[2].repair_practice: unknown value \"swap\"; expected one of advance_exchange, repair_and_return",
        ])
    }

    @Test func calendarModel() throws {
        let yaml = minimalScenario + """

        calendars:
          - id: office
            time_zone: Europe/Berlin
            weekly: {mon: "08:00-12:00, 13:00-17:00", fri: "08:00-24:00", sat: closed, sun: null}
            holidays: [2026-12-25, 2026-01-01]
        sla_classes:
          - {id: std, name: Standard, response_hours: 8, restore_hours: 24, clock: business, calendar: office}
        default_sla_class: std
        """
        let scenario = try ScenarioLoader.load(yaml: yaml, file: "t.yaml", baseDirectory: nil)
        let calendar = try #require(scenario.calendars.first)
        #expect(calendar.hours(on: .mon) == [TimeWindow(startMinute: 480, endMinute: 720), TimeWindow(startMinute: 780, endMinute: 1020)])
        #expect(calendar.hours(on: .tue).isEmpty)
        #expect(calendar.hours(on: .fri) == [TimeWindow(startMinute: 480, endMinute: 1440)])
        #expect(calendar.hoursPerWeek == 24)
        #expect(calendar.holidays.map(\.description) == ["2026-01-01", "2026-12-25"])
        #expect(scenario.slaClasses == [SLAClass(id: "std", name: "Standard", responseHours: 8, restoreHours: 24, clock: .business, calendar: "office")])
        #expect(scenario.installedBase.map(\.slaClass) == ["std", "std"])
    }

    @Test func policies() {
        let yaml = edited([("  - {id: RS, kind: repair_shop, lat: 51.5, lon: 9.5}\n",
                            "  - {id: RS, kind: repair_shop, lat: 51.5, lon: 9.5}\n  - {id: SUP, kind: supplier}\n")]) + """

        policies:
          sourcing: [own, parent, own, teleport]
          replenishment: {kind: periodic}
          dispatch: nearest
          stock_levels:
            - {site: SUP, item: A, level: 3}
            - {site: SP1, item: A, level: -2}
            - {site: SP1, item: B, level: 1}
            - {site: SP1, item: B, level: 2}
        """
        #expect(lines(diagnostics(yaml)) == [
            "28: policies.sourcing[2]: \"own\" is listed twice; each sourcing step may appear once",
            "28: policies.sourcing[3]: unknown value \"teleport\"; expected one of own, lateral, parent, emergency",
            "29: policies.replenishment.period_days: missing required field \"period_days\" (days between reviews)",
            "30: policies.dispatch: unknown value \"nearest\"; expected one of nearest_available, home_service_point",
            "32: policies.stock_levels[0].site: \"SUP\" is a supplier; only warehouses, depots and service points hold stock",
            "33: policies.stock_levels[1].level: must be at least 0, got -2",
            "35: policies.stock_levels[3]: duplicate stock level for site \"SP1\" and item \"B\" (first defined on line 34)",
        ])
    }

    @Test func stockLevelsAreDense() throws {
        let yaml = minimalScenario + "\npolicies:\n  replenishment: {kind: periodic, period_days: 7}\n  dispatch: home_service_point\n  stock_levels:\n    - {site: SP2, item: B, level: 2}\n    - {site: CW, item: A, level: 5}\n"
        let scenario = try ScenarioLoader.load(yaml: yaml, file: "t.yaml", baseDirectory: nil)
        #expect(scenario.policies.stockLevels == [[5, 0], [0, 0], [0, 0], [0, 2], [0, 0]])
        #expect(scenario.policies.stockLevelEntries.map(\.level) == [2, 5])
        #expect(scenario.policies.replenishment == .periodic(periodDays: 7))
        #expect(scenario.policies.dispatch == .homeServicePoint)
    }

    @Test func disruptions() throws {
        let yaml = minimalScenario + """

        horizon_days: 100
        disruptions:
          - {kind: failure_surge, product: P, multiplier: 0, start_day: 10, end_day: 5}
          - {kind: site_outage, site: SP9, start_day: 50, end_day: 120}
          - {kind: lane_slowdown, from: CW, to: SP1, mode: replenishment, factor: 0.5, site: CW, start_day: 1, end_day: 2}
          - {kind: flood, start_day: 1, end_day: 2}
          - {kind: failure_surge, item: A, product: P, multiplier: 2, start_day: 1, end_day: 2}
        """
        #expect(lines(diagnostics(yaml)) == [
            "28: disruptions[0].multiplier: must be greater than 0, got 0",
            "28: disruptions[0].end_day: the window must end after it starts (start_day 10, end_day 5)",
            "29: disruptions[1].end_day: ends on day 120, after the 100-day horizon",
            "29: disruptions[1].site: unknown site \"SP9\" (did you mean \"SP1\"?)",
            "30: disruptions[2].site: does not apply to a lane_slowdown disruption (it takes factor, from, mode, to)",
            "30: disruptions[2].factor: must be at least 1, got 0.5",
            "31: disruptions[3].kind: unknown value \"flood\"; expected one of failure_surge, site_outage, lane_slowdown",
            "32: disruptions[4].product: a failure_surge names exactly one of product or item",
        ])
        let good = minimalScenario + "\ndisruptions:\n  - {kind: lane_slowdown, from: CW, to: RD, factor: 2, start_day: 1, end_day: 30}\n  - {kind: lane_slowdown, from: CW, to: SP1, mode: replenishment, factor: 2, start_day: 1, end_day: 30}\n"
        #expect(lines(diagnostics(good)) == ["28: disruptions[1]: there is no replenishment lane from CW to SP1 to slow down"])
        let scenario = try ScenarioLoader.load(yaml: minimalScenario + "\ndisruptions:\n  - {kind: site_outage, site: RD, start_day: 1, end_day: 30}\n",
                                               file: "t.yaml", baseDirectory: nil)
        #expect(scenario.disruptions == [Disruption(kind: .siteOutage(site: "RD"), startDay: 1, endDay: 30)])
    }

    @Test func distributionMappingForm() throws {
        let yaml = edited([("lead_time: 2, cost_per_unit: 5", "lead_time: {dist: triangular, min: 1, mode: 2, max: 4}, cost_per_unit: 5"),
                           ("repair_time: 7", "repair_time: {dist: empirical, values: [5, 7, 9]}")])
        let scenario = try ScenarioLoader.load(yaml: yaml, file: "t.yaml", baseDirectory: nil)
        #expect(scenario.lanes[0].leadTime == .triangular(min: 1, mode: 2, max: 4))
        #expect(scenario.items[1].repairTime == .empirical(values: [5, 7, 9]))
        #expect(lines(diagnostics(edited([("lead_time: 2, cost_per_unit: 5", "lead_time: {dist: gamma, mean: 2}, cost_per_unit: 5"),
                                          ("repair_time: 7", "repair_time: {mean: 7}")]))) == [
            "11: lanes[0].lead_time: invalid distribution: gamma needs mean and cv; missing cv, e.g. gamma(mean=2, cv=0.3)",
            "22: items[1].repair_time: a distribution mapping needs \"dist\", e.g. {dist: gamma, mean: 2, cv: 0.3}",
        ])
    }

    @Test func csvReferencesAndHeaders() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("scenario-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try "site,product,unit,sla_class\nSP1,P,10,\n".write(toFile: directory + "/base.csv", atomically: true, encoding: .utf8)
        try "site,item,level\nSP1,A,\"2\n".write(toFile: directory + "/stock.csv", atomically: true, encoding: .utf8)
        let yaml = edited([("installed_base:\n  - {site: SP1, product: P, units: 10}\n  - {site: SP2, product: P, units: 30}", "installed_base: {csv: base.csv}\ndemand_overrides: {csv: missing.csv}\npolicies: {stock_levels: {csv: stock.csv}}")])
        let reported = diagnostics(yaml, file: "t.yaml", baseDirectory: directory)
        #expect(reported?.map(\.description) == [
            "\(directory)/base.csv:1: installed_base.unit: unknown column \"unit\" (did you mean \"units\"?); allowed: site, product, units, sla_class",
            "\(directory)/base.csv:2: installed_base[0].units: missing required field \"units\"",
            "\(directory)/stock.csv:2: policies.stock_levels: CSV syntax error: unterminated quoted cell (the closing quote is missing)",
            "t.yaml:24: demand_overrides.csv: cannot read file \"\(directory)/missing.csv\": no such file",
        ])
    }
}

@Suite struct YAMLFeatureTests {
    @Test func anchorsAliasesAndMergeKeys() throws {
        let yaml = """
        format: 1
        name: Anchors
        currency: EUR
        sites:
          - {id: CW, kind: central_warehouse, lat: 50, lon: 8}
          - &sp {id: SP1, kind: service_point, parent: CW, lat: 51, lon: 9, engineers: 2}
          - {<<: *sp, id: SP2, lat: 52}
        lane_defaults:
          replenishment: &fast {lead_time: 1, cost_per_unit: 5}
          emergency: *fast
        items:
          - {id: A, unit_cost: 10, failure_rate: 1, supplier_lead_time: 3}
        """
        let scenario = try ScenarioLoader.load(yaml: yaml, file: "t.yaml", baseDirectory: nil)
        #expect(scenario.sites[2].id == "SP2")
        #expect(scenario.sites[2].engineers == 2)
        #expect(scenario.sites[2].coordinate == Coordinate(latitude: 52, longitude: 9))
        #expect(scenario.laneDefaults[.emergency] == LaneDefault(leadTime: .deterministic(value: 1), costPerUnit: 5))
    }

    @Test func byteOrderMarkInYAMLIsIgnored() throws {
        let scenario = try ScenarioLoader.load(yaml: "\u{FEFF}" + minimalScenario, file: "t.yaml", baseDirectory: nil)
        #expect(scenario.name == "Minimal")
    }
}
