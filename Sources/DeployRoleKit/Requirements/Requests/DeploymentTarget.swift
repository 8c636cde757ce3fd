/// The concrete names of one deployment of the product stack: what its requests to AWS carry.
public struct DeploymentTarget: Sendable, Hashable {
    public var stackName: String
    public var account: String
    public var region: String
    public var partition: String
    /// Seeds the random parts of names CloudFormation and services generate (deterministic per seed).
    public var seed: UInt64
    /// Values given to the product stack's parameters (`--parameter`); the others take ``parameterValue(_:)``'s
    /// deterministic values.
    public var parameters: [String: String]

    public init(stackName: String, account: String = RoleSettings.defaultAccount, region: String = RoleSettings.defaultRegion,
                partition: String = RoleSettings.defaultPartition, seed: UInt64 = 1, parameters: [String: String] = [:]) {
        self.stackName = stackName
        self.account = account
        self.region = region
        self.partition = partition
        self.seed = seed
        self.parameters = parameters
    }

    /// The value of a product-stack parameter in this deployment: the given one, else a token fixed by the
    /// seed and the name (another deployment names other existing resources). The product's requests and
    /// the role template's parameter of the same name take the same value.
    public func parameterValue(_ name: String) -> String {
        if let given = parameters[name] { return given }
        var random = RandomTokens(seed: seed, salt: "parameter/" + name)
        return "p" + random.token(16, alphabet: "0123456789abcdef")
    }

    /// The value of a pseudo parameter in this deployment (the root stack's name for `AWS::StackName`).
    func value(of pseudo: PseudoParameter) -> String {
        switch pseudo {
        case .stackName: return stackName
        case .accountId: return account
        case .region: return region
        case .partition: return partition
        case .urlSuffix: return partition == "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com"
        case .stackId: return "arn:\(partition):cloudformation:\(region):\(account):stack/\(stackName)/0e4a8f10-0000-4000-8000-000000000000"
        case .notificationARNs: return ""
        }
    }
}

/// Deterministic pseudo-random tokens (SplitMix64), so the same deployment always gets the same names.
struct RandomTokens: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64, salt: String = "") {
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in salt.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 }
        state = seed ^ hash
    }

    mutating func next() -> UInt64 {
        state &+= 0x9e3779b97f4a7c15
        var value = state
        value = (value ^ (value >> 30)) &* 0xbf58476d1ce4e5b9
        value = (value ^ (value >> 27)) &* 0x94d049bb133111eb
        return value ^ (value >> 31)
    }

    /// `count` characters from `alphabet`.
    mutating func token(_ count: Int, alphabet: String = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") -> String {
        let characters = Array(alphabet)
        return String((0..<count).map { _ in characters[Int(next() % UInt64(characters.count))] })
    }
}
