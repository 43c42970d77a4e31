import Dispatch

/// Independent replications of a stochastic experiment, run in parallel.
public enum Replications {
    /// Runs `body(r, streams)` for r = 0..<count, where `streams` is `RandomStreams(seed:).replication(r)`,
    /// on up to `threads` threads (default: all active processors), and returns the results by index.
    ///
    /// Each replication sees only its own streams and writes only its own slot, so the results are
    /// bitwise identical whatever the number of threads. If replications throw, the error of the
    /// lowest-numbered failing replication is rethrown (after all have finished). `count ≤ 0` runs nothing.
    public static func run<Result: Sendable, Failure: Error>(
        count: Int, seed: UInt64, threads: Int? = nil,
        _ body: @Sendable (_ replication: Int, _ streams: RandomStreams) throws(Failure) -> Result
    ) throws(Failure) -> [Result] {
        guard count > 0 else { return [] }
        let family = RandomStreams(seed: seed)
        let available = threads ?? activeProcessorCount()
        let workers = Swift.max(1, Swift.min(available, count))
        var outcomes = [Swift.Result<Result, Failure>?](repeating: nil, count: count)
        outcomes.withUnsafeMutableBufferPointer { buffer in
            let slots = DisjointSlots(buffer: buffer)
            @Sendable func work(_ worker: Int) {
                var r = worker
                while r < count {
                    do throws(Failure) {
                        slots.buffer[r] = .success(try body(r, family.replication(r)))
                    } catch {
                        slots.buffer[r] = .failure(error)
                    }
                    r += workers
                }
            }
            if workers == 1 {
                work(0)
            } else {
                DispatchQueue.concurrentPerform(iterations: workers, execute: work)
            }
        }
        var results: [Result] = []
        results.reserveCapacity(count)
        for outcome in outcomes {
            switch outcome {
            case .success(let value)?: results.append(value)
            case .failure(let error)?: throw error
            case nil: continue  // unreachable: every index is visited exactly once
            }
        }
        return results
    }

    private static func activeProcessorCount() -> Int {
        #if canImport(Glibc) || canImport(Musl) || canImport(Darwin)
        return Swift.max(1, sysconfActiveProcessors())
        #else
        return 1
        #endif
    }
}

/// Result slots written concurrently, each by exactly one worker (index r by worker r mod workers),
/// and read only after `concurrentPerform` has returned, which orders the writes before the reads.
private struct DisjointSlots<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>
}
