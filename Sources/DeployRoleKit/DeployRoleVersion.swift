/// The version of deployrole, printed by `deployrole --version` and written into every generated role's
/// `Metadata`.
public enum DeployRoleVersion {
    public static let current = "0.3.0"
}
