import Foundation
import Reports
import Testing

/// The HTML report, built from small output folders written in the test.
@Suite("HTML report")
struct ReportTests {
    /// The `data-*` attributes of the cards with `data-<key>="<value>"`.
    static func cards(_ html: String, _ key: String, _ value: String) -> [[String: String]] {
        var found: [[String: String]] = []
        for part in html.components(separatedBy: "<div class=\"card").dropFirst() {
            guard let end = part.firstIndex(of: ">") else { continue }
            var attributes: [String: String] = [:]
            let tag = String(part[..<end])
            let pattern = /data-([a-z_]+)="([^"]*)"/
            for m in tag.matches(of: pattern) { attributes[String(m.1)] = String(m.2) }
            if attributes[key] == value { found.append(attributes) }
        }
        return found
    }

    @Test func everySectionInReportOrderTitledByItsFolder() throws {
        let folder = try Fixture.demo()
        let report = try HTMLReport(directory: folder.path)
        #expect(report.sets.map(\.kind) == [.optimize, .place, .simulate, .compare])
        let name = folder.url.lastPathComponent
        #expect(report.sets.map(\.title) == [name, "\(name)/place", "\(name)/simulation", "\(name)/compare"])
        let html = report.html
        let headings = ["<h2>Question</h2>", "<h2>Inputs in brief</h2>", "<h2>Stock plan — \(name)</h2>",
                        "<h2>Depot placement — \(name)/place</h2>", "<h2>Simulation — \(name)/simulation</h2>",
                        "<h2>Comparison — \(name)/compare</h2>"]
        var last = html.startIndex
        for h in headings {
            let range = try #require(html.range(of: h), "missing \(h)")
            #expect(range.lowerBound > last, "\(h) out of order")
            last = range.lowerBound
        }
        for h in ["Key figures", "Charts", "Stock plan", "Depots", "KPIs", "Paired differences"] {
            #expect(html.contains("<h3>\(h)</h3>"), "missing \(h)")
        }
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"))
        // The question opens the page; the inputs table and the commands come from scenario.json.
        #expect(html.contains("<p class=\"question\">Which parts should we stock where for a 95 % fill rate?</p>"))
        #expect(html.contains("1,200 installed units"))
        #expect(html.contains("own → parent → emergency"))
        #expect(html.contains("<code>echelon simulate scenarios/fixture.yaml --out demo/simulation</code>"))
        // Charts: curve, map, sweep, service levels, class timeline, timeline, comparison.
        #expect(html.components(separatedBy: "<svg").count - 1 == 7)
    }

    @Test func simulationCardsShowTheIntervalsOfKpisJSON() throws {
        let folder = try Fixture.demo()
        let html = try HTMLReport(directory: folder.path).html
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(folder.read("simulation/kpis.json").utf8)) as? [String: Any])
        let kpis = try #require(doc["kpis"] as? [[String: Any]])
        for name in ["fill_rate", "sla_restore_premium", "ttr_mean", "penalty_cost_per_year"] {
            let k = try #require(kpis.first { $0["name"] as? String == name })
            let mean = try #require(k["mean"] as? Double), hw = try #require(k["half_width"] as? Double)
            let card = try #require(Self.cards(html, "kpi", name).first, "no card for \(name)")
            #expect(Double(card["mean"] ?? "") == mean)
            #expect(Double(card["low"] ?? "") == mean - hw)
            #expect(Double(card["high"] ?? "") == mean + hw)
        }
        // And in words: 62.5 % with 95 % CI 60.9 % – 64.1 %.
        #expect(html.contains("<div class=\"value\">62.5 %</div><div class=\"ci\">95 % CI 60.9 % – 64.1 %</div>"))
        #expect(html.contains("EUR 128,138"))
    }

    @Test func optimizePlaceAndCompareFiguresMatchTheirFiles() throws {
        let folder = try Fixture.demo()
        let html = try HTMLReport(directory: folder.path).html
        #expect(Self.cards(html, "figure", "investment").first?["value"] == "3500.5")
        #expect(html.contains("<div class=\"value\">EUR 3,500</div>") || html.contains("<div class=\"value\">EUR 3,501</div>"))
        #expect(Self.cards(html, "figure", "fill_rate").first?["value"] == "0.9512")
        #expect(Self.cards(html, "figure", "objective").first?["value"] == "1000.0")
        #expect(Self.cards(html, "figure", "coverage").first?["value"] == "0.97")
        let significant = try #require(Self.cards(html, "kpi", "fill_rate").first { $0["plan"] == "b.csv" })
        #expect(significant["difference"] == "0.05" && significant["significant"] == "true")
        #expect(Double(significant["low"] ?? "") == 0.05 - 0.01)
        let not = try #require(Self.cards(html, "kpi", "ttr_mean").first { $0["plan"] == "b.csv" })
        #expect(not["significant"] == "false")
        #expect(html.contains("+5.00 pp ± 1.00 pp *"))
        // The plan: per echelon and per item; a quoted item name with a comma read whole.
        #expect(html.contains("<td>BOARD, rev. 2</td>"))
        #expect(html.contains("<td class=\"num\">EUR 3,501</td>"))
    }

    @Test func selfContainedWithoutScriptsOrExternalAssets() throws {
        let folder = try Fixture.demo()
        let html = try HTMLReport(directory: folder.path).html
        #expect(!html.contains("<script"))
        #expect(!html.contains("<link"))
        #expect(!html.contains("@import"))
        #expect(!html.contains("url("))
        for m in html.matches(of: /(?:src|href)\s*=\s*"([^"]*)"/) {
            #expect(String(m.1).hasPrefix("#"), "external reference \(m.1)")
        }
        // The only URL is SVG's namespace name, which is never fetched.
        let urls = html.matches(of: /https?:\/\/[^"\s<]*/).map { String($0.0) }
        #expect(Set(urls) == ["http://www.w3.org/2000/svg"])
        #expect(html.contains("@media print"))
    }

    @Test func textFromFilesIsEscaped() throws {
        let folder = try Fixture.demo()
        let html = try HTMLReport(directory: folder.path, title: "Report <b>&</b>").html
        #expect(!html.contains(Fixture.evilSite))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("<title>Report &lt;b&gt;&amp;&lt;/b&gt;</title>"))
        #expect(!html.contains("<b>&</b>"))
    }

    @Test func aFolderWithNothingRecognisable() throws {
        let folder = try OutputFolder()
        try folder.write("notes.txt", "hello")
        try folder.write("sub/readme.md", "nothing")
        let error = try #require(throws: ReportError.self) { try HTMLReport(directory: folder.path) }
        #expect(error.kind == .nothingToReport)
        #expect(error.path == folder.path)
        #expect(error.description.contains("kpis.json (simulate)") && error.description.contains("stock-plan.csv + summary.json (optimize)"))
        let missing = try #require(throws: ReportError.self) { try HTMLReport(directory: folder.path + "/nope") }
        #expect(missing.kind == .unreadable && missing.description.hasSuffix("nope: no such folder"))
    }

    @Test func aBadCSVLineIsNamed() throws {
        let folder = try Fixture.demo()
        try folder.write("stock-plan.csv", "site,item,stock\nCW,PUMP,5\nSP-1,PUMP\n")
        let error = try #require(throws: ReportError.self) { try HTMLReport(directory: folder.path) }
        #expect(error.kind == .malformed && error.line == 3 && error.path.hasSuffix("/stock-plan.csv"))
        #expect(error.description.hasSuffix("stock-plan.csv:3: expected 3 fields (site,item,stock), found 2"))
        try folder.write("stock-plan.csv", "site,item,stock\nCW,PUMP,5\n\"SP-1\nsecond line\",PUMP,many\n")
        let number = try #require(throws: ReportError.self) { try HTMLReport(directory: folder.path) }
        #expect(number.line == 3 && number.message == "column stock: \"many\" is not a whole number")
        try folder.write("stock-plan.csv", Fixture.stockPlan)
        try folder.write("simulation/weeks.csv", "replication,week\n1,0\n")
        let header = try #require(throws: ReportError.self) { try HTMLReport(directory: folder.path) }
        #expect(header.line == 1 && header.message.contains("no column \"start_day\""))
    }

    @Test func malformedJSONNamesTheFileAndField() throws {
        let folder = try Fixture.demo()
        try folder.write("simulation/kpis.json", "{ \"kpis\": [ { \"name\": \"fill_rate\" } ] }")
        let error = try #require(throws: ReportError.self) { try HTMLReport(directory: folder.path) }
        #expect(error.kind == .malformed && error.path.hasSuffix("simulation/kpis.json"))
        #expect(error.message == "kpis[0].unit: missing")
        try folder.write("simulation/kpis.json", "{ not json")
        let syntax = try #require(throws: ReportError.self) { try HTMLReport(directory: folder.path) }
        #expect(syntax.kind == .malformed && syntax.message.hasPrefix("not valid JSON"))
    }

    /// A large plan is capped inline, so the report does not grow with it: doubling the plan
    /// changes only the figures, not the page's size.
    @Test func largePlansAreCappedInline() throws {
        func report(rows: Int) throws -> String {
            let folder = try OutputFolder()
            try folder.write("summary.json", Fixture.optimizeSummary)
            var plan = "site,item,stock\n"
            for k in 0..<rows { plan += "SP-\(k / 100),ITEM-\(k % 100),\(1 + k % 3)\n" }
            try folder.write("stock-plan.csv", plan)
            return try HTMLReport(directory: folder.path).html
        }
        let html = try report(rows: 12_000)
        let doubled = try report(rows: 24_000)
        // The same page with other numbers: "12,000" becomes "24,000", per-item units double.
        let growth = doubled.utf8.count - html.utf8.count
        #expect(growth >= 0 && growth < 100, "24,000 rows: \(doubled.utf8.count) bytes, 12,000 rows: \(html.utf8.count) bytes")
        #expect(doubled.components(separatedBy: "<td>SP-").count - 1 == HTMLReport.inlineRowLimit)
        #expect(doubled.contains("23,500 more rows omitted here; stock-plan.csv has all 24,000."))
        #expect(html.contains("Full plan: 12,000 rows"))
        #expect(html.contains("11,500 more rows omitted here; stock-plan.csv has all 12,000."))
        #expect(html.components(separatedBy: "<td>SP-").count - 1 == HTMLReport.inlineRowLimit)
        #expect(html.contains("Top 15 of 100 items by units"))
        // Without scenario.json the report still opens with the scenario's name.
        #expect(html.contains("<p class=\"question\">Fixture network</p>"))
    }

    @Test func weeksAreAveragedOverReplicationsWeightedByTickets() throws {
        let folder = try Fixture.demo()
        let html = try HTMLReport(directory: folder.path).html
        // Week 0: premium (1.0·5 + 0.6·5)/10 = 0.8; week 1: 0.25 (replication 2 resolved none).
        #expect(html.contains("SLA attainment per class and week"))
        #expect(html.contains("mean of 2 replications"))
        let chart = try #require(html.components(separatedBy: "SLA attainment per class and week</title>").last)
        // Two class lines and two ticket lines.
        #expect(chart.components(separatedBy: "<path d=\"M").count - 1 >= 4)
    }
}
