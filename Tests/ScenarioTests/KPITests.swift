import ScenarioModel
import Testing

/// The KPI vocabulary: every key's file name reads back as the same key, with its unit, and the
/// report's labels are the ones it has always shown.
@Suite struct KPITests {
    static let keys: [KPI] = [
        .fillRate, .fillRateEchelon(0), .fillRateEchelon(12), .lateralFraction, .emergencyFraction, .backorderFraction,
        .averageBackorders, .ticketsPerYear, .ttrMean, .ttrP50, .ttrP90, .ttrP95, .responseMean, .responseP90,
        .slaRestore(slaClass: "premium"), .slaResponse(slaClass: "gold_plus"), .averageOnHand, .stockValue,
        .holdingCostPerYear, .stockAge, .engineerUtilisation, .firstTimeFixRate, .repairLoopDays, .transportCostPerYear,
        .transportCostPerYearOfKind("lateral"), .penaltyCostPerYear, .shipmentsPerYear(kind: "emergency"),
    ]

    @Test func everyNameReadsBackAsItsKey() {
        for key in Self.keys { #expect(KPI(name: key.name) == key, "\(key.name)") }
        #expect(Set(Self.keys.map(\.name)).count == Self.keys.count)
    }

    @Test func namesUnitsAndLabels() {
        #expect(KPI.lateralFraction.name == "lateral_fraction" && KPI.lateralFraction.unit == .fraction)
        #expect(KPI.transportCostPerYearOfKind("lateral").name == "transport_cost_lateral_per_year")
        #expect(KPI.transportCostPerYearOfKind("lateral").unit == .currency)
        #expect(KPI.shipmentsPerYear(kind: "emergency").unit == .shipments)
        #expect(KPI.ticketsPerYear.unit == .orders && KPI.stockAge.unit == .days && KPI.averageBackorders.unit == .units)
        #expect(KPI.slaRestore(slaClass: "gold_plus").displayName == "SLA restore attainment: gold plus")
        #expect(KPI.fillRateEchelon(1).displayName == "Fill rate, echelon 1")
        #expect(KPI.shipmentsPerYear(kind: "lateral").displayName == "Shipments: lateral per year")
        #expect(KPI.displayName(of: "lateral_fraction") == "Lateral share")
        #expect(KPI.displayName(of: "made_up_kpi") == "made up kpi")
    }

    @Test func unknownAndMalformedNamesAreNil() {
        for name in ["", "lateral_share", "fill_rate_echelon_", "fill_rate_echelon_x", "fill_rate_echelon_-1", "sla_restore_",
                     "shipments__per_year", "transport_cost__per_year"] {
            #expect(KPI(name: name) == nil, "\(name)")
        }
    }

    @Test func serviceSharesAreTheFractionsButUtilisation() {
        let shares = Self.keys.filter(\.isServiceShare)
        #expect(shares.allSatisfy { $0.unit == .fraction })
        #expect(!shares.contains(.engineerUtilisation))
        #expect(Self.keys.filter { $0.unit == .fraction }.count == shares.count + 1)
    }
}
