/// Requests with the first occurrence of each distinct one found: requirements of several phases and
/// resources often send the same request, which is then evaluated once per role however often it is sent
/// (and found once for several roles).
struct DistinctRequests: Sendable {
    let requests: [ConcreteRequest]
    let occurrences: FirstOccurrences

    init(_ requests: [ConcreteRequest]) {
        self.requests = requests
        occurrences = FirstOccurrences(requests.map(\.request))
    }
}
