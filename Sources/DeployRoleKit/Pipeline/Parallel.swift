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
        guard items.count > 1 else { return try items.map(body) }
        let slots = items.map { _ in Slot<R>() }
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            slots[index].set(Result { try body(items[index]) })
        }
        return try slots.map { try $0.get() }
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
