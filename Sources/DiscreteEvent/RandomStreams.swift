/// Names one random stream: a purpose (failures, lead times, …) and an entity (site, lane, …).
///
/// A string purpose is hashed with 64-bit FNV-1a over its UTF-8 bytes, a stable hash (unlike Swift's
/// per-process randomised `Hasher`), so keys and their streams are the same in every run.
public struct StreamKey: Hashable, Sendable {
    /// The purpose as a stable 64-bit code.
    public let purpose: UInt64
    /// The entity index within the purpose.
    public let entity: Int

    /// A key with a numeric purpose code.
    public init(purpose: UInt64, entity: Int = 0) {
        self.purpose = purpose
        self.entity = entity
    }

    /// A key with a named purpose, e.g. `StreamKey("failures", entity: site)`.
    public init(_ purpose: String, entity: Int = 0) {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in purpose.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        self.init(purpose: hash, entity: entity)
    }
}

/// The seed of a family of independent random streams, one per `StreamKey`.
///
/// `stream(key)` depends only on (seed, key), never on which other streams were created or in which
/// order, so two policies simulated on the same seed draw the same failures from the same streams
/// (common random numbers). Replication r of an experiment uses `replication(r)`.
public struct RandomStreams: Hashable, Sendable {
    /// The seed all streams derive from.
    public let seed: UInt64

    /// The family of streams of `seed`.
    public init(seed: UInt64) { self.seed = seed }

    /// The stream for `key`.
    public func stream(_ key: StreamKey) -> RandomStream {
        var mix = SplitMix64(state: seed)
        var h = mix.next()
        h = SplitMix64.mix(h ^ key.purpose)
        h = SplitMix64.mix(h ^ UInt64(bitPattern: Int64(key.entity)) ^ 0x6A09_E667_F3BC_C908)
        return RandomStream(seed: h)
    }

    /// The stream for a named purpose and entity.
    public func stream(_ purpose: String, entity: Int = 0) -> RandomStream {
        stream(StreamKey(purpose, entity: entity))
    }

    /// The family of streams of replication `index`: distinct for every index, determined by (seed, index).
    public func replication(_ index: Int) -> RandomStreams {
        let h = SplitMix64.mix(SplitMix64.mix(seed ^ 0xBB67_AE85_84CA_A73B) ^ UInt64(bitPattern: Int64(index)))
        return RandomStreams(seed: h)
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014), used only to expand seeds.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One random stream: xoshiro256** (Blackman & Vigna 2018), a value type, seeded through SplitMix64.
public struct RandomStream: RandomNumberGenerator, Hashable, Sendable, BitwiseCopyable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// A stream whose 256-bit state is expanded from `seed` by SplitMix64 (never all zero).
    public init(seed: UInt64) {
        var mix = SplitMix64(state: seed)
        s0 = mix.next()
        s1 = mix.next()
        s2 = mix.next()
        s3 = mix.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// A uniform number in [0, 1) with 53 random bits.
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform number in the open interval (0, 1): safe for logarithms and inverse CDFs.
    public mutating func nextOpenDouble() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1p-53
    }

    /// A standard normal variate (Marsaglia's polar method; the second variate is discarded so that a
    /// stream's state never depends on what was drawn before in a hidden cache).
    public mutating func nextNormal() -> Double {
        while true {
            let u = 2 * nextDouble() - 1
            let v = 2 * nextDouble() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                return u * (-2 * Math.log(s) / s).squareRoot()
            }
        }
    }

    /// An exponential variate with the given mean.
    public mutating func nextExponential(mean: Double) -> Double {
        -mean * Math.log(nextOpenDouble())
    }
}
