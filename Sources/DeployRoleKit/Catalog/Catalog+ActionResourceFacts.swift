/// The catalog tells the evaluator which actions support no resource-level permissions.
extension Catalog: ActionResourceFacts {
    public func isWildcardOnly(_ action: String) -> Bool? {
        self.action(action)?.isWildcardOnly
    }
}
