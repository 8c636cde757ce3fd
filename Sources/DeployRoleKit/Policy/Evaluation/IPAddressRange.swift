/// An IPv4 or IPv6 CIDR block (`203.0.113.0/24`, `2001:db8::/32`), or a single address without a prefix.
struct IPAddressRange: Hashable, Sendable {
    /// 4 bytes for IPv4, 16 for IPv6.
    let networkBytes: [UInt8]
    let prefixLength: Int

    init?(cidr text: String) {
        let pieces = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let bytes = IPAddressRange.addressBytes(String(pieces[0])) else { return nil }
        let maximum = bytes.count * 8
        if pieces.count == 2 {
            guard let length = Int(pieces[1]), (0...maximum).contains(length) else { return nil }
            prefixLength = length
        } else {
            prefixLength = maximum
        }
        networkBytes = bytes
    }

    /// Whether `address` (an IP address, optionally written with a prefix) lies in this range.
    func contains(_ address: String) -> Bool {
        guard let requested = IPAddressRange(cidr: address),
              requested.networkBytes.count == networkBytes.count,
              requested.prefixLength >= prefixLength else { return false }
        var remaining = prefixLength
        for (network, candidate) in zip(networkBytes, requested.networkBytes) where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if network & mask != candidate & mask { return false }
            remaining -= bits
        }
        return true
    }

    static func addressBytes(_ text: String) -> [UInt8]? {
        text.contains(":") ? ipv6Bytes(text) : ipv4Bytes(Substring(text))
    }

    private static func ipv4Bytes(_ text: Substring) -> [UInt8]? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for octet in octets {
            guard (1...3).contains(octet.count), octet.allSatisfy(\.isASCIIDigit), let value = UInt8(octet) else { return nil }
            bytes.append(value)
        }
        return bytes
    }

    private static func ipv6Bytes(_ text: String) -> [UInt8]? {
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt8]? {
            guard !part.isEmpty else { return [] }
            var bytes: [UInt8] = []
            let fields = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, field) in fields.enumerated() {
                if index == fields.count - 1, field.contains(".") {
                    guard let ipv4 = ipv4Bytes(field) else { return nil }
                    bytes += ipv4
                } else {
                    guard (1...4).contains(field.count), let value = UInt16(field, radix: 16) else { return nil }
                    bytes += [UInt8(value >> 8), UInt8(value & 0xFF)]
                }
            }
            return bytes
        }
        guard let head = groups(halves[0]) else { return nil }
        if halves.count == 1 { return head.count == 16 ? head : nil }
        guard let tail = groups(halves[1]), head.count + tail.count < 16 else { return nil }
        return head + [UInt8](repeating: 0, count: 16 - head.count - tail.count) + tail
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
