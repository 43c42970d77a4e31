@testable import Simulation
import Testing

/// The TTR histogram's percentiles: an upper bound within one bin, exact on the grid.
@Suite("TTR histogram")
struct HistogramTests {
    /// Deterministic waits (a lateral 0.25 day, a transport 1 day, a 30-day lead time) come back
    /// exactly, also with the rounding noise of `close − open` at large simulated times.
    @Test func gridValuesAreExact() {
        for x in [0.25, 1.0, 10.0, 30.0, 1000.0] {
            var h = Histogram()
            let open = 3987.123456789
            h.add((open + x) - open)
            #expect(h.quantile(0.95) == x, "\(x) → \(h.quantile(0.95))")
        }
    }

    /// Off the grid: the smallest bin edge at or above the sample value (numpy inverted_cdf on the binned sample).
    @Test func quantilesAreUpperBinEdges() {
        var h = Histogram()
        for _ in 0..<90 { h.add(0) }
        for _ in 0..<5 { h.add(0.5001) }
        for _ in 0..<5 { h.add(12.34) }
        #expect(h.quantile(0.9) == 0)
        #expect(abs(h.quantile(0.95) - 721.0 / 1440) < 1e-12)
        #expect(h.quantile(0.95) >= 0.5001 && h.quantile(0.95) - 0.5001 < 1.0 / 1440)
        #expect(abs(h.quantile(0.96) - 12.4) < 1e-9)
        #expect(h.count == 100 && abs(h.mean - (5 * 0.5001 + 5 * 12.34) / 100) < 1e-12)
    }
}
