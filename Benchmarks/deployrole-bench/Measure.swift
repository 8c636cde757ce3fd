import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Monotonic wall-clock time in nanoseconds.
@inline(__always)
func nowNanos() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// Runs `body` once and returns its wall time in milliseconds.
@discardableResult
func timeMs(_ body: () throws -> Void) rethrows -> Double {
    let start = nowNanos()
    try body()
    return Double(nowNanos() - start) / 1_000_000
}

/// Runs `body` once, returning its result and its wall time in milliseconds.
func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = nowNanos()
    let value = try body()
    return (value, Double(nowNanos() - start) / 1_000_000)
}

/// Median, min and max of a set of samples (milliseconds).
struct Samples {
    var values: [Double]

    init(_ values: [Double]) { self.values = values.sorted() }

    var median: Double {
        guard !values.isEmpty else { return .nan }
        let mid = values.count / 2
        return values.count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2
    }
    var min: Double { values.first ?? .nan }
    var max: Double { values.last ?? .nan }
}

/// Runs `body` `iterations` times and collects each wall time in milliseconds.
func sample(_ iterations: Int, _ body: () throws -> Void) rethrows -> Samples {
    var out: [Double] = []
    out.reserveCapacity(iterations)
    for _ in 0..<iterations { out.append(try timeMs(body)) }
    return Samples(out)
}

/// The process's peak resident set size so far, in MiB (getrusage(RUSAGE_SELF).ru_maxrss).
func peakRSSMiB() -> Double {
    var usage = rusage()
    #if os(Linux)
    let who = __rusage_who_t(RUSAGE_SELF.rawValue)
    #else
    let who = RUSAGE_SELF
    #endif
    guard getrusage(who, &usage) == 0 else { return .nan }
    #if os(Linux)
    return Double(usage.ru_maxrss) / 1024 // kilobytes on Linux
    #else
    return Double(usage.ru_maxrss) / (1024 * 1024) // bytes on Darwin
    #endif
}

/// Keeps a value alive and opaque to the optimizer.
@inline(never)
func blackHole<T>(_ value: T) { withExtendedLifetime(value) {} }
