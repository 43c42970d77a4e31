import Foundation
import Outputs
import Reports
import Testing

@Suite("formatting and charts")
struct FormatTests {
    @Test func numbersForPeople() {
        #expect(Format.grouped(1_234_567) == "1,234,567")
        #expect(Format.grouped(-1000) == "-1,000")
        #expect(Format.number(12_345.678, digits: 2) == "12,345.68")
        #expect(Format.number(-0.004, digits: 2) == "0.00")
        #expect(Format.number(.nan) == "–")
        #expect(Format.percent(0.6249) == "62.5 %")
        #expect(Format.money(51_920.4, currency: "EUR") == "EUR 51,920")
        #expect(Format.money(5, currency: nil) == "5")
        #expect(Format.significant(0.4381) == "0.438")
        #expect(Format.significant(2580.25) == "2,580")
        #expect(Format.whole(.infinity) == "–")
        #expect(Format.escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
    }

    @Test func commandLinesAreQuotedForTheShell() {
        #expect(ScenarioRecord.commandLine(["optimize", "s.yaml", "--out", "my dir", "--title", "it's"])
                == "echelon optimize s.yaml --out 'my dir' --title 'it'\\''s'")
    }

    @Test func comparisonBarsHaveWhiskersOnlyWithAnInterval() {
        let bars = [
            ComparisonBar(kpi: "fill rate", unit: "fraction", variant: "b", difference: 0.05, halfWidth: 0.01, significant: true),
            ComparisonBar(kpi: "penalty", unit: "currency", variant: "b", difference: -1200, halfWidth: 0, significant: false),
        ]
        let svg = ComparisonChart.svg(bars, baseline: "a", currency: "EUR", title: "t")
        #expect(svg.components(separatedBy: "stroke=\"#222\"").count - 1 == 1)
        #expect(svg.contains("+5.00 pp ± 1.00 pp *"))
        #expect(svg.contains("-EUR 1,200 ± EUR 0"))
        #expect(svg.contains("fill=\"#1f4e8c\"") && svg.contains("fill=\"#9aa5b1\""))
    }

    @Test func classTimelineDrawsALinePerClassAndSkipsEmptyWeeks() {
        let svg = ClassTimelineChart.svg(startDays: [0, 7, 14],
                                         classes: [ClassSeries(name: "gold", attainment: [0.9, nil, 0.5], tickets: [3, 0, 2]),
                                                   ClassSeries(name: "<b>", attainment: [1, 1, 1], tickets: [1, 1, 1])],
                                         warmupDays: 7, title: "t")
        #expect(svg.contains("&lt;b&gt;") && !svg.contains("<b>"))
        // gold's attainment line has two points (the empty week is skipped).
        #expect(svg.contains("stroke=\"#1f6fb4\" stroke-width=\"1.6\""))
        let gold = svg.components(separatedBy: "\n").first { $0.contains("stroke=\"#1f6fb4\" stroke-width=\"1.6\"") } ?? ""
        #expect(gold.components(separatedBy: " L").count == 2)
    }
}
