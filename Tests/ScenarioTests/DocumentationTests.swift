import Foundation
import Testing
import ScenarioModel

/// The example in docs/scenario-format.md must load and match the figures the text states.
@Suite struct DocumentationTests {
    @Test func formatReferenceExampleLoads() throws {
        let doc = try String(contentsOfFile: "\(TestPaths.packageRoot)/docs/scenario-format.md", encoding: .utf8)
        let section = try #require(doc.components(separatedBy: "## A complete small example").last)
        let block = try #require(section.components(separatedBy: "```yaml\n").dropFirst().first?.components(separatedBy: "```").first)
        let scenario = try ScenarioLoader.load(yaml: block, file: "doc.yaml", baseDirectory: nil)
        // PUMP 0.08 × 400 = 32 and 0.08 × 250 = 20; BOARD 0.03 × 400 = 12 and 0.03 × 250 = 7.5.
        let sp1 = try #require(scenario.siteIndex["SP1"]), sp2 = try #require(scenario.siteIndex["SP2"])
        #expect(abs(scenario.demandPerYear[sp1][0] - 32) < 1e-9 && abs(scenario.demandPerYear[sp2][0] - 20) < 1e-9)
        #expect(abs(scenario.demandPerYear[sp1][1] - 12) < 1e-9 && abs(scenario.demandPerYear[sp2][1] - 7.5) < 1e-9)
        #expect(abs(scenario.totalDemandPerYear - 71.5) < 1e-9)
        #expect(scenario.horizonDays == 180)
        #expect(scenario.policies.stockLevels?[1] == [0, 2])
    }

    @Test func syntaxErrorMessageMatchesTheDocs() {
        let reported = diagnostics("format: 1\nname: x\nsites:\n  - {id: CW, kind: central_warehouse\n  - {id: B}\n", file: "x.yaml")
        #expect(reported?.map(\.description) == ["x.yaml:5: YAML syntax error: did not find expected ',' or '}' (while parsing a flow mapping, starting on line 4)"])
    }
}
