import Glibc

/// An IPv4 address and TCP port, written `127.0.0.1:29500`: where process 0
/// of a ``ProcessGroup`` listens.
public struct Address: Equatable, Sendable, CustomStringConvertible {
    /// The dotted IPv4 address (names are not resolved).
    public let host: String
    /// The TCP port.
    public let port: UInt16

    /// The address `host:port`.
    ///
    /// - Throws: ``DistributedError/invalidGroup(_:)`` when `host` is not a dotted IPv4 address.
    public init(host: String, port: UInt16) throws {
        var parsed = in_addr()
        guard inet_pton(AF_INET, host, &parsed) == 1 else {
            throw DistributedError.invalidGroup("\(host) is not a dotted IPv4 address such as 127.0.0.1")
        }
        self.host = host
        self.port = port
    }

    /// The address written `host:port`, or nil when `text` is not one.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let port = UInt16(parts[1]), port > 0,
              let address = try? Address(host: String(parts[0]), port: port) else { return nil }
        self = address
    }

    /// `host:port`.
    public var description: String { "\(host):\(port)" }

    /// The address as the socket calls take it.
    var socketAddress: sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        _ = inet_pton(AF_INET, host, &address.sin_addr)
        return address
    }

    /// A TCP port on `host` that nothing listens on now (the system picks
    /// it; another program may take it before it is used).
    ///
    /// - Throws: ``DistributedError.system(call:reason:)``.
    public static func freePort(host: String = "127.0.0.1") throws -> Address {
        let listener = try Listener(at: Address(host: host, port: 0))
        return try Address(host: host, port: listener.port)
    }
}
