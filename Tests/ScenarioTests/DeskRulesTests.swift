import Foundation
import ScenarioModel
import Testing

/// The `service_desk` section: fault trees, warranty, approvals and the tariff table.
@Suite("Scenario service_desk section")
struct DeskRulesTests {
    /// The minimal scenario with a `service_desk` section appended from line 26.
    static func with(_ section: String) -> String { minimalScenario + "\n" + section }

    static let valid = """
    service_desk:
      approval_threshold: 800
      handling_costs: {on_site_repair: 100, replacement: 1500}
      warranty: [{product: P, months: 24}]
      fault_codes:
        - {product: P, code: MECH, description: Mechanics}
        - {product: P, code: MECH-A, parent: MECH, item: A, handling: on_site_repair}
        - {product: P, code: SW, handling: remote_fix}
      tariffs:
        - {job: on_site_repair, max_km: 30, warranty: any, fee: 90}
        - {job: on_site_repair, max_km: 30, warranty: out_of_warranty, fee: 130}
        - {job: on_site_repair, max_km: 80, warranty: any, fee: 120}
        - {job: on_site_repair, warranty: any, fee: 160}
    """

    @Test func readsTheSection() throws {
        let s = try ScenarioLoader.load(yaml: Self.with(Self.valid), file: "t.yaml", baseDirectory: nil)
        let r = s.deskRules
        #expect(r.approvalThreshold == 800 && r.warningShare == 0.8 && r.callbackHours == 24)
        #expect(r.handlingCosts == [.onSiteRepair: 100, .replacement: 1500])
        #expect(r.warrantyMonths == [24])
        #expect(r.faultCodes.map(\.code) == ["MECH", "MECH-A", "SW"])
        #expect(r.faultCode("MECH-A", product: 0)?.item == 0 && r.faultCode("MECH-A", product: 0)?.parent == "MECH")
        #expect(r.faultCode("SW", product: 0)?.handling == .remoteFix && r.faultCode("SW", product: 0)?.item == nil)
    }

    /// Tariff lookup: the narrowest band holding the distance, an exact entitlement before `any`.
    @Test func tariffLookup() throws {
        let r = try ScenarioLoader.load(yaml: Self.with(Self.valid), file: "t.yaml", baseDirectory: nil).deskRules
        #expect(r.fee(job: .onSiteRepair, km: 12, entitlement: .warranty)?.fee == 90)
        #expect(r.fee(job: .onSiteRepair, km: 12, entitlement: .outOfWarranty)?.fee == 130)
        #expect(r.fee(job: .onSiteRepair, km: 30, entitlement: .contract)?.fee == 90)
        #expect(r.fee(job: .onSiteRepair, km: 30.5, entitlement: .outOfWarranty)?.fee == 120)
        #expect(r.fee(job: .onSiteRepair, km: 500, entitlement: .warranty)?.fee == 160)
        #expect(r.fee(job: .replacement, km: 5, entitlement: .warranty) == nil)
    }

    /// Mistakes name the line, the field and the reason. Line 26 is `service_desk:`. Field
    /// mistakes are reported first; references are checked once the fields read cleanly.
    @Test func fieldMistakesAreLocated() {
        let section = """
        service_desk:
          warning_share: 1.5
          fault_codes:
            - {product: P, code: Z, handling: fix_it}
          tariffs:
            - {job: on_site_repair, warranty: sometimes, fee: 10}
            - {job: on_site_repair, fee: -5}
        """
        #expect(lines(diagnostics(Self.with(section))) == [
            "27: service_desk.warning_share: must be a fraction between 0 and 1, got 1.5",
            "29: service_desk.fault_codes[0].handling: unknown value \"fix_it\"; expected one of remote_fix, on_site_repair, unit_swap, depot_repair, replacement, scrap",
            "31: service_desk.tariffs[0].warranty: expected warranty, contract, out_of_warranty or any, got \"sometimes\"",
            "32: service_desk.tariffs[1].fee: must be at least 0, got -5",
        ])
    }

    @Test func referenceMistakesAreLocated() {
        let section = """
        service_desk:
          warranty: [{product: Q, months: 12}]
          fault_codes:
            - {product: P, code: MECH}
            - {product: P, code: MECH, description: again}
            - {product: P, code: X1, parent: MECHH}
            - {product: P, code: Y1, parent: Y2}
            - {product: P, code: Y2, parent: Y1}
            - {product: P, code: Z, item: NOPE}
        """
        let reported = lines(diagnostics(Self.with(section)))
        #expect(reported.contains { $0.hasPrefix("27: service_desk.warranty[0].product: unknown product \"Q\"") })
        #expect(reported.contains("30: service_desk.fault_codes[1].code: duplicate fault code \"MECH\" for product P (first defined on line 29)"))
        #expect(reported.contains { $0.hasPrefix("31: service_desk.fault_codes[2].parent: unknown parent fault code \"MECHH\"") && $0.contains("did you mean") })
        #expect(reported.contains("32: service_desk.fault_codes[3].parent: fault code \"Y1\" is its own ancestor (a cycle in the fault tree)"))
        #expect(reported.contains { $0.hasPrefix("34: service_desk.fault_codes[5].item: unknown item \"NOPE\"") })
    }

    /// The quickstart scenario carries a full section: every fault code with a part names a real item.
    @Test func quickstartHasFaultTrees() throws {
        let s = try ScenarioLoader.load(path: TestPaths.packageRoot + "/scenarios/quickstart.yaml")
        #expect(s.deskRules.faultCodes.count == 25)
        #expect(s.deskRules.warrantyMonths == [24, 12])
        #expect(s.deskRules.approvalThreshold == 1500)
        for f in s.deskRules.faultCodes { if let i = f.item { #expect(s.items.indices.contains(i)) } }
    }
}
