import Foundation
public import ScenarioModel

/// What the placement map shows, as plain values (from a `PlacementEvaluation` in the CLI, from
/// `depots.csv` and `assignment.csv` in a report).
public struct PlacementMapData: Sendable, Equatable {
    /// An open depot.
    public struct Depot: Sendable, Equatable {
        public var id: String
        public var name: String
        public var coordinate: Coordinate?
        /// Service points it feeds, and their demand.
        public var points: Int
        public var demandServed: Double

        /// Creates a depot.
        public init(id: String, name: String, coordinate: Coordinate?, points: Int, demandServed: Double) {
            self.id = id
            self.name = name
            self.coordinate = coordinate
            self.points = points
            self.demandServed = demandServed
        }
    }

    /// A service point and the depot that feeds it.
    public struct Point: Sendable, Equatable {
        public var name: String
        public var coordinate: Coordinate?
        public var demand: Double
        /// The feeding depot's id and location.
        public var depot: String
        public var depotCoordinate: Coordinate?
        public var travelHours: Double
        /// Within the coverage time of its depot.
        public var covered: Bool

        /// Creates a point.
        public init(name: String, coordinate: Coordinate?, demand: Double, depot: String, depotCoordinate: Coordinate?,
                    travelHours: Double, covered: Bool) {
            self.name = name
            self.coordinate = coordinate
            self.demand = demand
            self.depot = depot
            self.depotCoordinate = depotCoordinate
            self.travelHours = travelHours
            self.covered = covered
        }
    }

    /// A candidate depot left closed.
    public struct Candidate: Sendable, Equatable {
        public var id: String
        public var coordinate: Coordinate?

        /// Creates a candidate.
        public init(id: String, coordinate: Coordinate?) {
            self.id = id
            self.coordinate = coordinate
        }
    }

    /// The scenario's name, the heading.
    public var title: String
    /// The line under it (e.g. from `PlacementMap.caption`).
    public var caption: String
    /// Every coordinate the map must show (candidates and service points): its bounds.
    public var extent: [Coordinate]
    /// Nil when there is no placement (then `status` is shown).
    public var depots: [Depot]?
    public var points: [Point]
    public var closedCandidates: [Candidate]
    /// The solver status, shown when there is no placement.
    public var status: String
    /// The coverage time in hours (legend).
    public var coverageHours: Double

    /// Creates the map's data.
    public init(title: String, caption: String, extent: [Coordinate], depots: [Depot]?, points: [Point],
                closedCandidates: [Candidate], status: String, coverageHours: Double) {
        self.title = title
        self.caption = caption
        self.extent = extent
        self.depots = depots
        self.points = points
        self.closedCandidates = closedCandidates
        self.status = status
        self.coverageHours = coverageHours
    }
}

/// One row of a placement sweep: the optimum with exactly `k` depots open.
public struct SweepPoint: Sendable, Equatable {
    public var k: Int
    /// Why the solve stopped (optimal, time_limit, infeasible, …).
    public var status: String
    /// Cost per year, nil without a solution.
    public var objective: Double?
    /// Share of demand within the coverage time.
    public var coverage: Double?

    /// Creates a row.
    public init(k: Int, status: String, objective: Double?, coverage: Double?) {
        self.k = k
        self.status = status
        self.objective = objective
        self.coverage = coverage
    }
}

/// SVG pictures of a placement: the network map and the sweep's trade-off curve.
public enum PlacementMap {
    /// The network from latitude/longitude (equirectangular, longitude scaled by cos(mean latitude)):
    /// open depots as blue squares, closed candidates as hollow squares, service points as circles
    /// with area proportional to demand, assignment lines, uncovered points in red with a ring.
    public static func svg(_ map: PlacementMapData) -> String {
        let esc = SVGText.esc, f = SVGText.f
        let width = 760.0, height = 820.0, margin = 48.0, top = 70.0
        let coords = map.extent.filter { $0.latitude.isFinite && $0.longitude.isFinite }
        let lats = coords.map(\.latitude), lons = coords.map(\.longitude)
        let minLat = (lats.min() ?? 0) - 0.2, maxLat = (lats.max() ?? 1) + 0.2
        let minLon = (lons.min() ?? 0) - 0.2, maxLon = (lons.max() ?? 1) + 0.2
        let k = cos((minLat + maxLat) / 2 * .pi / 180)
        let spanX = max((maxLon - minLon) * k, 1e-6), spanY = max(maxLat - minLat, 1e-6)
        let scale = min((width - 2 * margin) / spanX, (height - top - margin) / spanY)
        func x(_ c: Coordinate) -> Double { margin + (c.longitude - minLon) * k * scale }
        func y(_ c: Coordinate) -> Double { top + (maxLat - c.latitude) * scale }
        let maxDemand = max(map.points.map(\.demand).filter(\.isFinite).max() ?? 1, 1e-9)
        var s = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif" font-size="11">
        <title>\(esc(map.title)): depot placement</title>
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(f(margin))" y="24" font-size="15" font-weight="bold">\(esc(map.title))</text>
        <text x="\(f(margin))" y="42" fill="#555">\(esc(map.caption))</text>

        """
        if let depots = map.depots {
            for q in map.points {
                guard let a = q.coordinate, let b = q.depotCoordinate else { continue }
                s += "<line x1=\"\(f(x(a)))\" y1=\"\(f(y(a)))\" x2=\"\(f(x(b)))\" y2=\"\(f(y(b)))\" stroke=\"\(q.covered ? "#9bb7d4" : "#e08080")\" stroke-width=\"1\"/>\n"
            }
            for q in map.points {
                guard let a = q.coordinate else { continue }
                let r = 2.5 + 7 * (max(0, q.demand) / maxDemand).squareRoot()
                s += "<circle cx=\"\(f(x(a)))\" cy=\"\(f(y(a)))\" r=\"\(f(r))\" fill=\"\(q.covered ? "#4a7fb0" : "#c62828")\" fill-opacity=\"0.75\"><title>\(esc(q.name)): demand \(Format.whole(q.demand).replacingOccurrences(of: ",", with: "")), \(String(format: "%.1f", q.travelHours)) h from \(esc(q.depot))</title></circle>\n"
                if !q.covered {
                    s += "<circle cx=\"\(f(x(a)))\" cy=\"\(f(y(a)))\" r=\"\(f(r + 3))\" fill=\"none\" stroke=\"#c62828\" stroke-width=\"1.5\"/>\n"
                }
            }
            for c in map.closedCandidates {
                guard let p = c.coordinate else { continue }
                s += "<rect x=\"\(f(x(p) - 5))\" y=\"\(f(y(p) - 5))\" width=\"10\" height=\"10\" fill=\"white\" stroke=\"#777\" stroke-width=\"1.2\"><title>\(esc(c.id)) (not opened)</title></rect>\n"
            }
            for d in depots {
                guard let c = d.coordinate else { continue }
                s += "<rect x=\"\(f(x(c) - 7))\" y=\"\(f(y(c) - 7))\" width=\"14\" height=\"14\" fill=\"#0d3c78\" stroke=\"white\" stroke-width=\"1.5\"><title>\(esc(d.name)): \(d.points) points, demand \(Format.whole(d.demandServed).replacingOccurrences(of: ",", with: ""))</title></rect>\n"
                s += "<text x=\"\(f(x(c) + 10))\" y=\"\(f(y(c) - 8))\" font-weight=\"bold\" fill=\"#0d3c78\">\(esc(d.id))</text>\n"
            }
        } else {
            s += "<text x=\"\(f(margin))\" y=\"\(f(top + 20))\">no placement: \(esc(map.status))</text>\n"
        }
        // Legend.
        let lx = width - 220, ly = height - 80
        s += "<rect x=\"\(f(lx - 10))\" y=\"\(f(ly - 18))\" width=\"215\" height=\"82\" fill=\"white\" fill-opacity=\"0.85\" stroke=\"#ccc\"/>\n"
        s += "<rect x=\"\(f(lx - 2))\" y=\"\(f(ly - 9))\" width=\"12\" height=\"12\" fill=\"#0d3c78\"/><text x=\"\(f(lx + 18))\" y=\"\(f(ly + 1))\">open depot</text>\n"
        s += "<rect x=\"\(f(lx - 2))\" y=\"\(f(ly + 9))\" width=\"12\" height=\"12\" fill=\"white\" stroke=\"#777\"/><text x=\"\(f(lx + 18))\" y=\"\(f(ly + 19))\">candidate not opened</text>\n"
        s += "<circle cx=\"\(f(lx + 4))\" cy=\"\(f(ly + 33))\" r=\"5\" fill=\"#4a7fb0\"/><text x=\"\(f(lx + 18))\" y=\"\(f(ly + 37))\">service point (area ∝ demand)</text>\n"
        s += "<circle cx=\"\(f(lx + 4))\" cy=\"\(f(ly + 51))\" r=\"5\" fill=\"#c62828\"/><circle cx=\"\(f(lx + 4))\" cy=\"\(f(ly + 51))\" r=\"8\" fill=\"none\" stroke=\"#c62828\"/><text x=\"\(f(lx + 18))\" y=\"\(f(ly + 55))\">beyond \(esc(String(format: "%g", map.coverageHours))) h of its depot</text>\n"
        s += "</svg>\n"
        return s
    }

    /// The map's caption: depots, cost per year and status, coverage achieved.
    public static func caption(openDepots: Int, currency: String, objective: Double?, status: String,
                               coverageAchieved: Double?, coverageHours: Double) -> String {
        guard let z = objective else { return "status \(status)" }
        var text = "\(openDepots) depots, \(currency) \(Format.whole(z)) per year (\(status))"
        if let c = coverageAchieved { text += String(format: ", %.1f %% of demand within %g h", 100 * c, coverageHours) }
        return text
    }

    /// The sweep: cost per year (left axis) and coverage (right axis) against the number of depots.
    public static func sweepSVG(_ rows: [SweepPoint], title: String, currency: String, coverageHours: Double) -> String {
        let esc = SVGText.esc, f = SVGText.f
        let width = 760.0, height = 440.0, left = 90.0, right = 70.0, top = 56.0, bottom = 60.0
        let plotW = width - left - right, plotH = height - top - bottom
        let solved = rows.filter { $0.objective.map(\.isFinite) == true }
        let kMin = Double(rows.first?.k ?? 1), kMax = Double(max(rows.last?.k ?? 1, (rows.first?.k ?? 1) + 1))
        let largest = max(solved.compactMap(\.objective).max() ?? 1, 1)
        let tick = Format.niceStep(largest / 5)
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
        for t in 0...max(0, Int((maxCost / tick).rounded())) {
            let c = Double(t) * tick
            s += "<line x1=\"\(f(left))\" y1=\"\(f(yc(c)))\" x2=\"\(f(left + plotW))\" y2=\"\(f(yc(c)))\" stroke=\"#e3e3e3\"/>\n"
            s += "<text x=\"\(f(left - 8))\" y=\"\(f(yc(c) + 4))\" text-anchor=\"end\">\(esc(Format.whole(c)))</text>\n"
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
            if let z = r.objective { s += "<circle cx=\"\(f(x(r.k)))\" cy=\"\(f(yc(z)))\" r=\"4\" fill=\"#1f6fb4\"><title>k = \(r.k): \(esc(currency)) \(Format.whole(z).replacingOccurrences(of: ",", with: "")) (\(esc(r.status)))</title></circle>\n" }
            if let c = r.coverage { s += "<circle cx=\"\(f(x(r.k)))\" cy=\"\(f(yf(c)))\" r=\"4\" fill=\"#d0661c\"/>\n" }
        }
        for r in rows where r.objective.map(\.isFinite) != true {
            s += "<text x=\"\(f(x(r.k)))\" y=\"\(f(top + plotH - 8))\" text-anchor=\"middle\" fill=\"#c62828\">\(esc(r.status))</text>\n"
        }
        s += "<line x1=\"\(f(left + 10))\" y1=\"\(f(top + 10))\" x2=\"\(f(left + 32))\" y2=\"\(f(top + 10))\" stroke=\"#1f6fb4\" stroke-width=\"2\"/><text x=\"\(f(left + 38))\" y=\"\(f(top + 14))\">cost per year</text>\n"
        s += "<line x1=\"\(f(left + 10))\" y1=\"\(f(top + 28))\" x2=\"\(f(left + 32))\" y2=\"\(f(top + 28))\" stroke=\"#d0661c\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/><text x=\"\(f(left + 38))\" y=\"\(f(top + 32))\">coverage</text>\n"
        s += "</svg>\n"
        return s
    }
}
