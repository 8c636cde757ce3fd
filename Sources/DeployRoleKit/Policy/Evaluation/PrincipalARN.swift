/// The parts of a principal ARN that authorization depends on.
///
/// Understands IAM users (`arn:aws:iam::111122223333:user/path/name`), roles
/// (`arn:aws:iam::111122223333:role/path/name`), assumed-role sessions
/// (`arn:aws:sts::111122223333:assumed-role/name/session`) and account roots.
struct PrincipalARN: Hashable, Sendable {
    enum Kind: Hashable, Sendable {
        case user(name: String)
        case role(name: String)
        case assumedRole(roleName: String, sessionName: String)
        case root
        case other
    }

    let arn: String
    let partition: String
    let accountId: String
    let kind: Kind

    init?(_ arn: String) {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn" else { return nil }
        self.arn = arn
        partition = String(parts[1])
        accountId = String(parts[4])
        let path = parts[5].split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        switch (parts[2], path.first) {
        case ("iam", "user") where path.count >= 2: kind = .user(name: path[path.count - 1])
        case ("iam", "role") where path.count >= 2: kind = .role(name: path[path.count - 1])
        case ("iam", "root") where path.count == 1: kind = .root
        case ("sts", "assumed-role") where path.count == 3:
            kind = .assumedRole(roleName: path[1], sessionName: path[2])
        default: kind = .other
        }
    }
}
