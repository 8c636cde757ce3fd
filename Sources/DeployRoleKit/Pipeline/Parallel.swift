import Foundation

/// Runs independent pieces of a command's work on the machine's cores (`diff` renders and checks two
/// releases' roles): each closure runs once, and an error thrown by the first is rethrown before the
/// second's.
public enum Parallel {
    public static func run<A: Sendable, B: Sendable>(_ a: @Sendable () throws -> A,
                                                     _ b: @Sendable () throws -> B) throws -> (A, B) {
        let first = Slot<A>(), second = Slot<B>()
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            if index == 0 { first.set(Result { try a() }) } else { second.set(Result { try b() }) }
        }
        return (try first.get(), try second.get())
    }

    public static func run<A: Sendable, B: Sendable, C: Sendable>(_ a: @Sendable () throws -> A, _ b: @Sendable () throws -> B,
                                                                  _ c: @Sendable () throws -> C) throws -> (A, B, C) {
        let first = Slot<A>(), second = Slot<B>(), third = Slot<C>()
        DispatchQueue.concurrentPerform(iterations: 3) { index in
            switch index {
            case 0: first.set(Result { try a() })
            case 1: second.set(Result { try b() })
            default: third.set(Result { try c() })
            }
        }
        return (try first.get(), try second.get(), try third.get())
    }

    /// `body` on every item, the items spread over the machine's cores; the results in the items' order.
    /// The error of the first item that fails (in that order) is rethrown.
    public static func map<T: Sendable, R: Sendable>(_ items: [T], _ body: @Sendable (T) throws -> R) throws -> [R] {
        try map(items) { item in Result { try body(item) } }.map { try $0.get() }
    }

    /// `body` on every item, the items spread over the machine's cores; the results in the items' order.
    public static func map<T: Sendable, R: Sendable>(_ items: [T], _ body: @Sendable (T) -> R) -> [R] {
        guard items.count > 1 else { return items.map(body) }
        let results = Results<R>(count: items.count)
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            results.set(index, body(items[index]))
        }
        return results.all
    }

    /// `body` on every item, in as many contiguous chunks as the machine has cores (each of at least
    /// `minimumChunk` items, so that small inputs stay on one thread); the results in the items' order.
    public static func map<T: Sendable, R: Sendable>(_ items: [T], minimumChunk: Int, _ body: @Sendable (T) -> R) -> [R] {
        map(chunks(of: items, minimumChunk: minimumChunk)) { chunk in chunk.map(body) }.flatMap { $0 }
    }

    /// `items` cut into as many contiguous chunks as the machine has cores, each of at least `minimumChunk`
    /// items (one chunk when there are fewer); in order, none empty unless `items` is.
    public static func chunks<T>(of items: [T], minimumChunk: Int) -> [ArraySlice<T>] {
        let count = min(ProcessInfo.processInfo.activeProcessorCount, max(1, items.count / max(1, minimumChunk)))
        return (0..<count).map { chunk in items[(items.count * chunk / count)..<(items.count * (chunk + 1) / count)] }
    }

    /// The results of ``map(_:_:)``, each written once from a worker thread.
    private final class Results<R: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [R?]

        init(count: Int) { values = Array(repeating: nil, count: count) }

        func set(_ index: Int, _ value: R) {
            lock.lock()
            values[index] = value
            lock.unlock()
        }

        /// `concurrentPerform` returns once every iteration ran, so every value is there.
        var all: [R] {
            lock.lock()
            defer { lock.unlock() }
            return values.compactMap { $0 }
        }
    }

    /// One closure's result, written from a worker thread.
    private final class Slot<T: Sendable>: @unchecked Sendable {
        private let lock = NSLock()
        private var result: Result<T, any Error>?

        func set(_ value: Result<T, any Error>) {
            lock.lock()
            result = value
            lock.unlock()
        }

        /// `concurrentPerform` returns once every iteration ran, so the result is there.
        func get() throws -> T {
            lock.lock()
            defer { lock.unlock() }
            guard let result else { throw DeployRoleError(.io, "internal: a parallel task did not run") }
            return try result.get()
        }
    }
}
