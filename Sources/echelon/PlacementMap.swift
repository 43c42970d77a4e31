import Foundation
import Placement
import Scenario

/// SVG pictures of a placement: the network map and the sweep's trade-off curve.
/// (Move to the Reports module when it lands.)
enum PlacementMap {
    static func esc(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
    static func f(_ v: Double) -> String { String(format: "%.1f", v) }

    /// The network from latitude/longitude (equirectangular, longitude scaled by cos(mean latitude)):
    /// open depots as blue squares, closed candidates as hollow squares, service points as circles
    /// with area proportional to demand, assignment lines, uncovered points in red with a ring.
    static func svg(_ report: PlacementReport) -> String {
        let placement = report.placement
        let width = 760.0, height = 820.0, margin = 48.0, top = 70.0
        let sites = placement.scenario.sites
        let coords = (placement.candidateSites + placement.demandSites).compactMap { sites[$0].coordinate }
        let lats = coords.map(\.latitude), lons = coords.map(\.longitude)
        let minLat = (lats.min() ?? 0) - 0.2, maxLat = (lats.max() ?? 1) + 0.2
        let minLon = (lons.min() ?? 0) - 0.2, maxLon = (lons.max() ?? 1) + 0.2
        let k = cos((minLat + maxLat) / 2 * .pi / 180)
        let spanX = max((maxLon - minLon) * k, 1e-6), spanY = max(maxLat - minLat, 1e-6)
        let scale = min((width - 2 * margin) / spanX, (height - top - margin) / spanY)
        func x(_ c: Coordinate) -> Double { margin + (c.longitude - minLon) * k * scale }
        func y(_ c: Coordinate) -> Double { top + (maxLat - c.latitude) * scale }
        let e = report.evaluation
        let maxDemand = max(e?.points.map(\.demand).max() ?? 1, 1e-9)
        let m = report.summary
        var s = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif" font-size="11">
        <title>\(esc(m.scenario)): depot placement</title>
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(f(margin))" y="24" font-size="15" font-weight="bold">\(esc(m.scenario))</text>
        <text x="\(f(margin))" y="42" fill="#555">\(esc(caption(report)))</text>

        """
        if let e {
            for q in e.points {
                guard let a = q.coordinate, let b = sites[placement.candidateSites[q.facility]].coordinate else { continue }
                s += "<line x1=\"\(f(x(a)))\" y1=\"\(f(y(a)))\" x2=\"\(f(x(b)))\" y2=\"\(f(y(b)))\" stroke=\"\(q.covered ? "#9bb7d4" : "#e08080")\" stroke-width=\"1\"/>\n"
            }
            for q in e.points {
                guard let a = q.coordinate else { continue }
                let r = 2.5 + 7 * (q.demand / maxDemand).squareRoot()
                s += "<circle cx=\"\(f(x(a)))\" cy=\"\(f(y(a)))\" r=\"\(f(r))\" fill=\"\(q.covered ? "#4a7fb0" : "#c62828")\" fill-opacity=\"0.75\"><title>\(esc(q.name)): demand \(Int(q.demand.rounded())), \(String(format: "%.1f", q.travelHours)) h from \(esc(q.depot))</title></circle>\n"
                if !q.covered {
                    s += "<circle cx=\"\(f(x(a)))\" cy=\"\(f(y(a)))\" r=\"\(f(r + 3))\" fill=\"none\" stroke=\"#c62828\" stroke-width=\"1.5\"/>\n"
                }
            }
            for i in e.closedCandidates {
                guard let c = sites[placement.candidateSites[i]].coordinate else { continue }
                s += "<rect x=\"\(f(x(c) - 5))\" y=\"\(f(y(c) - 5))\" width=\"10\" height=\"10\" fill=\"white\" stroke=\"#777\" stroke-width=\"1.2\"><title>\(esc(placement.problem.facilities[i].id)) (not opened)</title></rect>\n"
            }
            for d in e.depots {
                guard let c = d.coordinate else { continue }
                s += "<rect x=\"\(f(x(c) - 7))\" y=\"\(f(y(c) - 7))\" width=\"14\" height=\"14\" fill=\"#0d3c78\" stroke=\"white\" stroke-width=\"1.5\"><title>\(esc(d.name)): \(d.points) points, demand \(Int(d.demandServed.rounded()))</title></rect>\n"
                s += "<text x=\"\(f(x(c) + 10))\" y=\"\(f(y(c) - 8))\" font-weight=\"bold\" fill=\"#0d3c78\">\(esc(d.id))</text>\n"
            }
        } else {
            s += "<text x=\"\(f(margin))\" y=\"\(f(top + 20))\">no placement: \(esc(m.status))</text>\n"
        }
        // Legend.
        let lx = width - 220, ly = height - 80
        s += "<rect x=\"\(f(lx - 10))\" y=\"\(f(ly - 18))\" width=\"215\" height=\"82\" fill=\"white\" fill-opacity=\"0.85\" stroke=\"#ccc\"/>\n"
        s += "<rect x=\"\(f(lx - 2))\" y=\"\(f(ly - 9))\" width=\"12\" height=\"12\" fill=\"#0d3c78\"/><text x=\"\(f(lx + 18))\" y=\"\(f(ly + 1))\">open depot</text>\n"
        s += "<rect x=\"\(f(lx - 2))\" y=\"\(f(ly + 9))\" width=\"12\" height=\"12\" fill=\"white\" stroke=\"#777\"/><text x=\"\(f(lx + 18))\" y=\"\(f(ly + 19))\">candidate not opened</text>\n"
        s += "<circle cx=\"\(f(lx + 4))\" cy=\"\(f(ly + 33))\" r=\"5\" fill=\"#4a7fb0\"/><text x=\"\(f(lx + 18))\" y=\"\(f(ly + 37))\">service point (area ∝ demand)</text>\n"
        s += "<circle cx=\"\(f(lx + 4))\" cy=\"\(f(ly + 51))\" r=\"5\" fill=\"#c62828\"/><circle cx=\"\(f(lx + 4))\" cy=\"\(f(ly + 51))\" r=\"8\" fill=\"none\" stroke=\"#c62828\"/><text x=\"\(f(lx + 18))\" y=\"\(f(ly + 55))\">beyond \(esc(String(format: "%g", m.coverage.hours))) h of its depot</text>\n"
        s += "</svg>\n"
        return s
    }

    static func caption(_ report: PlacementReport) -> String {
        let m = report.summary
        guard let z = m.objective else { return "status \(m.status)" }
        var text = "\(m.openDepots.count) depots, \(m.currency) \(SummaryTable.grouped(Int(z.rounded()))) per year (\(m.status))"
        if let c = m.coverage.achieved { text += String(format: ", %.1f %% of demand within %g h", 100 * c, m.coverage.hours) }
        return text
    }

    /// The sweep: cost per year (left axis) and coverage (right axis) against the number of depots.
    static func sweepSVG(_ rows: [PlacementReport.SweepRow], title: String, currency: String, coverageHours: Double) -> String {
        let width = 760.0, height = 440.0, left = 90.0, right = 70.0, top = 56.0, bottom = 60.0
        let plotW = width - left - right, plotH = height - top - bottom
        let solved = rows.filter { $0.objective != nil }
        let kMin = Double(rows.first?.k ?? 1), kMax = Double(max(rows.last?.k ?? 1, (rows.first?.k ?? 1) + 1))
        let largest = max(solved.compactMap(\.objective).max() ?? 1, 1)
        let tick = CurveChart.niceStep(largest / 5)
        let maxCost = tick * (largest / tick).rounded(.up)
        func x(_ k: Int) -> Double { left + (Double(k) - kMin) / (kMax - kMin) * plotW }
        func yc(_ c: Double) -> Double { top + (1 - c / maxCost) * plotH }
        func yf(_ v: Double) -> Double { top + (1 - v) * plotH }
        var s = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif" font-size="12">
        <title>\(esc(title)): cost and coverage against the number of depots</title>
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(f(left))" y="24" font-size="15" font-weight="bold">\(esc(title))</text>
        <text x="\(f(left))" y="42" fill="#555">Optimal cost per year and coverage (demand within \(esc(String(format: "%g", coverageHours))) h) with exactly k depots open</text>

        """
        for t in 0...Int((maxCost / tick).rounded()) {
            let c = Double(t) * tick
            s += "<line x1=\"\(f(left))\" y1=\"\(f(yc(c)))\" x2=\"\(f(left + plotW))\" y2=\"\(f(yc(c)))\" stroke=\"#e3e3e3\"/>\n"
            s += "<text x=\"\(f(left - 8))\" y=\"\(f(yc(c) + 4))\" text-anchor=\"end\">\(esc(SummaryTable.grouped(Int(c.rounded()))))</text>\n"
        }
        for v in stride(from: 0.0, through: 1.0, by: 0.2) {
            s += "<text x=\"\(f(left + plotW + 8))\" y=\"\(f(yf(v) + 4))\" fill=\"#d0661c\">\(Int((v * 100).rounded())) %</text>\n"
        }
        for r in rows {
            s += "<text x=\"\(f(x(r.k)))\" y=\"\(f(top + plotH + 18))\" text-anchor=\"middle\">\(r.k)</text>\n"
        }
        s += "<line x1=\"\(f(left))\" y1=\"\(f(top + plotH))\" x2=\"\(f(left + plotW))\" y2=\"\(f(top + plotH))\" stroke=\"#333\"/>\n"
        s += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotH))\" stroke=\"#333\"/>\n"
        s += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 16))\" text-anchor=\"middle\">open depots k</text>\n"
        s += "<text x=\"18\" y=\"\(f(top + plotH / 2))\" transform=\"rotate(-90 18 \(f(top + plotH / 2)))\" text-anchor=\"middle\">cost per year (\(esc(currency)))</text>\n"
        let costPath = solved.compactMap { r in r.objective.map { "\(f(x(r.k))),\(f(yc($0)))" } }.joined(separator: " ")
        s += "<polyline fill=\"none\" stroke=\"#1f6fb4\" stroke-width=\"2\" points=\"\(costPath)\"/>\n"
        let covPath = solved.compactMap { r in r.coverage.map { "\(f(x(r.k))),\(f(yf($0)))" } }.joined(separator: " ")
        s += "<polyline fill=\"none\" stroke=\"#d0661c\" stroke-width=\"2\" stroke-dasharray=\"5 3\" points=\"\(covPath)\"/>\n"
        for r in solved {
            if let z = r.objective { s += "<circle cx=\"\(f(x(r.k)))\" cy=\"\(f(yc(z)))\" r=\"4\" fill=\"#1f6fb4\"><title>k = \(r.k): \(esc(currency)) \(Int(z.rounded())) (\(r.status))</title></circle>\n" }
            if let c = r.coverage { s += "<circle cx=\"\(f(x(r.k)))\" cy=\"\(f(yf(c)))\" r=\"4\" fill=\"#d0661c\"/>\n" }
        }
        for r in rows where r.objective == nil {
            s += "<text x=\"\(f(x(r.k)))\" y=\"\(f(top + plotH - 8))\" text-anchor=\"middle\" fill=\"#c62828\">\(esc(r.status))</text>\n"
        }
        s += "<line x1=\"\(f(left + 10))\" y1=\"\(f(top + 10))\" x2=\"\(f(left + 32))\" y2=\"\(f(top + 10))\" stroke=\"#1f6fb4\" stroke-width=\"2\"/><text x=\"\(f(left + 38))\" y=\"\(f(top + 14))\">cost per year</text>\n"
        s += "<line x1=\"\(f(left + 10))\" y1=\"\(f(top + 28))\" x2=\"\(f(left + 32))\" y2=\"\(f(top + 28))\" stroke=\"#d0661c\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/><text x=\"\(f(left + 38))\" y=\"\(f(top + 32))\">coverage</text>\n"
        s += "</svg>\n"
        return s
    }
}
