#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The few libm functions the module needs, behind one import.
enum Math {
    @inline(__always) static func log(_ x: Double) -> Double { libmLog(x) }
    @inline(__always) static func exp(_ x: Double) -> Double { libmExp(x) }
    @inline(__always) static func pow(_ x: Double, _ y: Double) -> Double { libmPow(x, y) }
    @inline(__always) static func log1p(_ x: Double) -> Double { libmLog1p(x) }
    /// Γ(x).
    @inline(__always) static func gamma(_ x: Double) -> Double { libmTgamma(x) }
    /// ln Γ(x) for x > 0.
    @inline(__always) static func logGamma(_ x: Double) -> Double { libmLgamma(x) }
}

@inline(__always) private func libmLog(_ x: Double) -> Double { log(x) }
@inline(__always) private func libmExp(_ x: Double) -> Double { exp(x) }
@inline(__always) private func libmPow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
@inline(__always) private func libmLog1p(_ x: Double) -> Double { log1p(x) }
@inline(__always) private func libmTgamma(_ x: Double) -> Double { tgamma(x) }
@inline(__always) private func libmLgamma(_ x: Double) -> Double { lgamma(x) }

/// The number of online processors (at least 1).
func sysconfActiveProcessors() -> Int { Swift.max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
