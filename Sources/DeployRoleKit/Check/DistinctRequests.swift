/// Requests with the first occurrence of each distinct one found: requirements of several phases and
/// resources often send the same request, which is then evaluated once per role however often it is sent
/// (and found once for several roles, or for several lists of requests put end to end).
struct DistinctRequests: Sendable {
    /// The lists, end to end: a position counts through the first list, then the next.
    private let lists: [[ConcreteRequest]]
    /// Where each list starts among the positions.
    private let starts: [Int]
    let occurrences: FirstOccurrences

    init(_ requests: [ConcreteRequest]) { self.init(endToEnd: [requests]) }

    /// The lists put end to end, read where they are (none is copied).
    init(endToEnd lists: [[ConcreteRequest]]) {
        let starts = Array(lists.reduce(into: [0]) { starts, list in starts.append(starts[starts.count - 1] + list.count) }.dropLast())
        self.lists = lists
        self.starts = starts
        occurrences = FirstOccurrences(count: lists.reduce(0) { $0 + $1.count },
                                       hashValue: { Self.hashValue(of: Self.request($0, of: lists, starts: starts)) },
                                       same: { Self.request($0, of: lists, starts: starts) == Self.request($1, of: lists, starts: starts) })
    }

    /// A request's action and resource hashed, not its context: equal requests agree on them, and hashing
    /// a context (a dictionary, each element hashed on its own) would cost more than comparing the few
    /// requests that differ only there.
    private static func hashValue(of request: EvaluationRequest) -> Int {
        var hasher = Hasher()
        hasher.combine(request.action)
        hasher.combine(request.resource)
        return hasher.finalize()
    }

    /// Every position, through all the lists.
    var indices: Range<Int> { 0..<occurrences.slot.count }

    subscript(position: Int) -> ConcreteRequest {
        let list = Self.list(holding: position, starts: starts)
        return lists[list][position - starts[list]]
    }

    private static func list(holding position: Int, starts: [Int]) -> Int {
        var list = starts.count - 1
        while starts[list] > position { list -= 1 }
        return list
    }

    private static func request(_ position: Int, of lists: [[ConcreteRequest]], starts: [Int]) -> EvaluationRequest {
        let list = list(holding: position, starts: starts)
        return lists[list][position - starts[list]].request
    }

    /// Whether the role `evaluator` evaluates allows each distinct request, by its index in
    /// ``FirstOccurrences/distinct``, each evaluated once, on the machine's cores (each core's share with its
    /// own memo). With `range`, only the distinct requests of its positions are judged; the others are nil.
    func allowed(by evaluator: PolicyEvaluator, in range: Range<Int>? = nil) -> [Bool?] {
        let judged: [Int]  // indices in `distinct`
        if let range {
            var used = [Bool](repeating: false, count: occurrences.distinct.count)
            for position in range { used[occurrences.slot[position]] = true }
            judged = used.indices.filter { used[$0] }
        } else {
            judged = Array(occurrences.distinct.indices)
        }
        let answers = Parallel.map(Parallel.chunks(of: judged, minimumChunk: 500)) { share in
            let memo = PolicyEvaluator.Memo()
            return share.map { evaluator.evaluate(Self.request(occurrences.distinct[$0], of: lists, starts: starts), memo: memo).isAllowed }
        }.flatMap { $0 }
        var allowed = [Bool?](repeating: nil, count: occurrences.distinct.count)
        for (slot, answer) in zip(judged, answers) { allowed[slot] = answer }
        return allowed
    }
}
