import CXLA

/// A device of a ``Client``: one CPU "device" or one GPU.
public struct Device: Hashable, Sendable, CustomStringConvertible {
    /// The device's global id.
    public let id: Int
    /// The device kind reported by the plugin (`cpu`, `NVIDIA H100 80GB HBM3`, ...).
    public let kind: String
    /// The platform name (`cpu`, `cuda`).
    public let platform: String
    /// Its position among the client's addressable devices.
    public let index: Int
    /// The client the device belongs to.
    let clientID: ObjectIdentifier
    nonisolated(unsafe) let handle: OpaquePointer

    /// `platform:id (kind)`.
    public var description: String { "\(platform):\(id) (\(kind))" }

    /// Devices are equal when they are the same device of the same client.
    public static func == (lhs: Device, rhs: Device) -> Bool {
        lhs.clientID == rhs.clientID && lhs.handle == rhs.handle
    }

    /// Hashes the client and the device.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(clientID)
        hasher.combine(handle)
    }
}
