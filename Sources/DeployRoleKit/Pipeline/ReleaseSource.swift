/// A release to analyse: its template, how it is read, and how its requirements are derived.
public struct ReleaseSource: Sendable {
    public var templatePath: String
    public var input: StackInput
    public var options: DerivationOptions

    public init(templatePath: String, input: StackInput = StackInput(), options: DerivationOptions = DerivationOptions()) {
        self.templatePath = templatePath
        self.input = input
        self.options = options
    }
}
