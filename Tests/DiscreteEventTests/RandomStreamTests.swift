import Testing
import DiscreteEvent

@Suite struct RandomStreamTests {
    private func draws(_ stream: RandomStream, _ n: Int = 8) -> [UInt64] {
        var s = stream
        return (0..<n).map { _ in s.next() }
    }

    @Test func purposeNamesHashStablyWithFNV1a() {
        #expect(StreamKey("").purpose == 0xCBF2_9CE4_8422_2325)
        #expect(StreamKey("a").purpose == 0xAF63_DC4C_8601_EC8C)
        #expect(StreamKey("failures", entity: 3) == StreamKey("failures", entity: 3))
        #expect(StreamKey("failures", entity: 3) != StreamKey("lead-times", entity: 3))
    }

    @Test func sameSeedAndKeyGiveTheSameSequenceWhateverTheCreationOrder() {
        let streams = RandomStreams(seed: 42)
        let aFirst = streams.stream("failures", entity: 1)
        let bFirst = streams.stream("failures", entity: 2)
        var other = RandomStreams(seed: 42).stream("lead-times", entity: 9)
        _ = other.next()
        let bSecond = RandomStreams(seed: 42).stream("failures", entity: 2)
        let aSecond = RandomStreams(seed: 42).stream("failures", entity: 1)
        #expect(draws(aFirst) == draws(aSecond))
        #expect(draws(bFirst) == draws(bSecond))
        #expect(draws(aFirst) != draws(bFirst))
        #expect(draws(RandomStreams(seed: 43).stream("failures", entity: 1)) != draws(aFirst))
        #expect(draws(streams.stream(StreamKey(purpose: 7, entity: -1))) == draws(streams.stream(StreamKey(purpose: 7, entity: -1))))
    }

    @Test func sequencesArePinnedAcrossVersions() {
        // Changing the generator or the key derivation changes every simulation result: do it on purpose.
        var s = RandomStream(seed: 0)
        #expect(s.next() == Self.pinnedFirstDraw)
        #expect(RandomStreams(seed: 1).replication(0) != RandomStreams(seed: 1).replication(1))
        #expect(RandomStreams(seed: 1).replication(0) == RandomStreams(seed: 1).replication(0))
    }
    static let pinnedFirstDraw: UInt64 = 11_091_344_671_253_066_420  // xoshiro256** seeded by SplitMix64(0), checked against a Python reference

    @Test func neighbouringStreamsAreUncorrelatedAndUniform() {
        let streams = RandomStreams(seed: 9)
        var a = streams.stream("x", entity: 0), b = streams.stream("x", entity: 1)
        let n = 50_000
        var sa = 0.0, sb = 0.0, sab = 0.0, saa = 0.0, sbb = 0.0, minimum = 1.0, maximum = 0.0
        for _ in 0..<n {
            let x = a.nextOpenDouble(), y = b.nextDouble()
            sa += x; sb += y; sab += x * y; saa += x * x; sbb += y * y
            minimum = min(minimum, x); maximum = max(maximum, x)
        }
        let ma = sa / Double(n), mb = sb / Double(n)
        let correlation = (sab / Double(n) - ma * mb) / ((saa / Double(n) - ma * ma) * (sbb / Double(n) - mb * mb)).squareRoot()
        #expect(abs(ma - 0.5) < 0.006 && abs(mb - 0.5) < 0.006)
        #expect(abs(correlation) < 0.02)
        #expect(minimum > 0 && maximum < 1)
    }

    @Test func normalVariatesHaveUnitMoments() {
        var s = RandomStream(seed: 11)
        var tally = Tally()
        for _ in 0..<100_000 { tally.add(s.nextNormal()) }
        #expect(abs(tally.mean) < 0.015)
        #expect(abs(tally.variance - 1) < 0.02)
    }
}
