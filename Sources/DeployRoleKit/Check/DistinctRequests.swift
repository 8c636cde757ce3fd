/// Requests with the first occurrence of each distinct one found: requirements of several phases and
/// resources often send the same request, which is then evaluated once per role however often it is sent
/// (and found once for several roles, or for several lists of requests put end to end).
struct DistinctRequests: Sendable {
    let requests: [ConcreteRequest]
    let occurrences: FirstOccurrences

    init(_ requests: [ConcreteRequest]) {
        self.requests = requests
        occurrences = FirstOccurrences(requests.map(\.request))
    }

    /// Whether `role` allows each distinct request, in the order of ``FirstOccurrences/distinct``, each
    /// evaluated once, on the machine's cores. With `end`, only the requests before it are judged (the
    /// distinct ones among them come first, so the answers are a prefix).
    func allowed(by role: RoleDefinition, catalog: Catalog, before end: Int? = nil) -> [Bool] {
        let evaluator = role.evaluator(facts: catalog)
        let judged = end.map { end in occurrences.distinct.prefix { $0 < end } } ?? occurrences.distinct[...]
        return Parallel.map(Array(judged), minimumChunk: 500) { evaluator.evaluate(requests[$0].request).isAllowed }
    }
}
