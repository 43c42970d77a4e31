import Foundation
@testable import ServiceAPI
@testable import ServiceDesk
import Testing

/// The KPIs answer with every figure defined: each key is in the OpenAPI schema and the schema
/// has no property the answer cannot carry (a renamed KPI shows here at once).
@Suite struct KPISchemaTests {
    @Test func everyKPIKeyIsDocumentedAndEveryPropertyIsAnswered() throws {
        var k = DeskKPIs(from: 0, to: 30)
        k.demands = 10; k.metFromStock = 7; k.lateral = 2; k.emergency = 1
        k.restored = 4; k.tatSumDays = 2; k.tatDays = [0.2, 0.4, 0.6, 0.8]
        k.repairLoops = 1; k.repairLoopSumDays = 5; k.withVisit = 3; k.firstTimeFixed = 2
        k.issued = 6; k.averageOnHand = 12; k.surveys = 2; k.scoreSum = 9
        k.returnsAuthorised = 2; k.returnsReceived = 1; k.returnLagSumDays = 3
        let data = Data(JSONResponse.encode(KPIView(k)).utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let schema = try #require(OpenAPI.schemas["KPIs"] as? [String: Any])
        let properties = Set(try #require(schema["properties"] as? [String: Any]).keys)
        #expect(Set(object.keys) == properties, "answer \(Set(object.keys).symmetricDifference(properties).sorted())")
        #expect(object["lateral_fraction"] as? Double == 0.2 && object["emergency_fraction"] as? Double == 0.1)
        #expect(Set(schema["required"] as? [String] ?? []).isSubset(of: Set(object.keys)))
    }
}
