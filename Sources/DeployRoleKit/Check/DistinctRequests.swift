/// Requests with the first occurrence of each distinct one found: requirements of several phases and
/// resources often send the same request, which is then evaluated once per role however often it is sent
/// (and found once for several roles).
struct DistinctRequests: Sendable {
    let requests: [ConcreteRequest]
    /// For each request, the position of its first occurrence in ``requests``.
    let first: [Int]
    /// The positions of the first occurrences, in order.
    let distinct: [Int]

    init(_ requests: [ConcreteRequest]) {
        var positions: [EvaluationRequest: Int] = [:]
        positions.reserveCapacity(requests.count)
        var first: [Int] = []
        first.reserveCapacity(requests.count)
        var distinct: [Int] = []
        for (index, request) in requests.enumerated() {
            if let earlier = positions[request.request] {
                first.append(earlier)
            } else {
                positions[request.request] = index
                first.append(index)
                distinct.append(index)
            }
        }
        self.requests = requests
        self.first = first
        self.distinct = distinct
    }
}
