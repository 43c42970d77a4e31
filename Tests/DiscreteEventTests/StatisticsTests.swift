import Testing
import DiscreteEvent

@Suite struct StatisticsTests {
    @Test func tallyMatchesTwoPassFormulasAndMerges() {
        let values = [3.0, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]
        let tally = Tally(values)
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)
        #expect(tally.count == 11 && tally.min == 1 && tally.max == 9)
        #expect(abs(tally.mean - mean) < 1e-12 && abs(tally.variance - variance) < 1e-12)
        var left = Tally(values[..<4]), right = Tally(values[4...])
        left.merge(right)
        #expect(abs(left.mean - mean) < 1e-12 && abs(left.variance - variance) < 1e-12 && left.count == 11)
        right.reset()
        #expect(right.count == 0 && right.variance == 0)
        #expect(Tally([7]).variance == 0)
    }

    @Test func timeWeightedIntegratesAPiecewiseConstantLevel() {
        var level = TimeWeighted(level: 2, at: 0)
        level.record(5, at: 1)      // 2 on [0, 1)
        level.add(-1, at: 3)        // 5 on [1, 3), then 4
        #expect(level.integral(upTo: 4) == 2 + 10 + 4)
        #expect(level.mean(at: 4) == 4)
        #expect(level.min == 2 && level.max == 5)
        level.reset(at: 4)          // warm-up ends: the level (4) is kept, the window restarts
        level.record(0, at: 6)      // 4 on [4, 6)
        #expect(level.mean(at: 8) == 2)
        #expect(level.startTime == 4 && level.min == 0 && level.max == 4)
        #expect(TimeWeighted(level: 3, at: 1).mean(at: 1) == 3)
    }

    @Test func tQuantilesMatchPublishedTables() throws {
        let table: [(p: Double, nu: Double, t: Double)] = [
            (0.975, 1, 12.706), (0.975, 2, 4.303), (0.975, 4, 2.776), (0.975, 9, 2.262), (0.975, 30, 2.042),
            (0.975, 120, 1.980), (0.995, 4, 4.604), (0.995, 9, 3.250), (0.95, 10, 1.812), (0.9, 5, 1.476),
            (0.975, 1e7, 1.960),
        ]
        for row in table {
            let t = try StudentT.quantile(row.p, degreesOfFreedom: row.nu)
            #expect(abs(t - row.t) < 0.0006, "t(\(row.p), \(row.nu)) = \(t), table \(row.t)")
            #expect(abs(StudentT.cdf(t, degreesOfFreedom: row.nu) - row.p) < 1e-12)
            #expect(abs(try StudentT.quantile(1 - row.p, degreesOfFreedom: row.nu) + t) < 1e-12)
        }
        #expect(abs(try StudentT.quantile(0.975, degreesOfFreedom: 1) - 12.706_204_736) < 1e-8)
        #expect(try StudentT.quantile(0.5, degreesOfFreedom: 3) == 0)
        #expect(abs(StudentT.cdf(1, degreesOfFreedom: 1) - 0.75) < 1e-14)  // Cauchy
        #expect(throws: StatisticsError.invalidProbability(1)) { try StudentT.quantile(1, degreesOfFreedom: 3) }
        #expect(throws: StatisticsError.invalidDegreesOfFreedom(0)) { try StudentT.quantile(0.9, degreesOfFreedom: 0) }
    }

    @Test func confidenceIntervalOfAKnownSample() throws {
        let ci = try ConfidenceInterval([1, 2, 3, 4, 5], level: 0.95)
        #expect(ci.mean == 3 && ci.count == 5 && ci.degreesOfFreedom == 4)
        #expect(abs(ci.halfWidth - 2.776_445_105 * (2.5 / 5).squareRoot()) < 1e-8)
        #expect(ci.contains(1.1) && !ci.contains(0.9))
        #expect(throws: StatisticsError.tooFewObservations(count: 1, required: 2)) { try ConfidenceInterval([1]) }
        #expect(throws: StatisticsError.invalidLevel(1)) { try ConfidenceInterval([1, 2], level: 1) }
        #expect(throws: StatisticsError.nonFiniteObservation(index: 1)) { try ConfidenceInterval([1, .nan, 3]) }
        #expect(throws: StatisticsError.lengthMismatch(2, 3)) { try PairedDifference([1, 2], [1, 2, 3]) }
    }

    @Test func pairedAndWelchDifferences() throws {
        let a = [10.0, 12, 11, 14, 13], b = [9.0, 11.5, 10, 13.2, 12.1]
        let paired = try PairedDifference(a, b)
        #expect(abs(paired.mean - 0.84) < 1e-12)
        #expect(paired.isSignificant)
        let welch = try ConfidenceInterval.welchDifference(a, b)
        #expect(abs(welch.mean - 0.84) < 1e-12)
        #expect(welch.contains(0))  // the shared run-to-run noise hides the difference unless paired
        #expect(welch.degreesOfFreedom > 7 && welch.degreesOfFreedom <= 8)
    }
}
