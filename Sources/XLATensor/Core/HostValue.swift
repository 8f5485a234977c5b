import Synchronization
import XLAIR
import XLARuntime

/// A tensor value known on the host (from Swift data or a literal), copied
/// to the device the first time an operation needs it there.
final class HostValue: Sendable {
    let literal: Literal
    private let uploaded = Mutex<Buffer?>(nil)

    init(_ literal: Literal) {
        self.literal = literal
    }

    /// The value as a buffer on `device` (the client's default device when
    /// nil), uploaded once per device.
    func buffer(on client: Client, device: Device? = nil) throws -> Buffer {
        let device = device ?? client.defaultDevice
        return try uploaded.withLock { cached in
            // A donated upload was consumed by a program; the host value itself stays usable.
            if let cached, cached.client === client, cached.device == device, !cached.isDonated { return cached }
            let buffer = try literal.bytes.withUnsafeBytes { bytes in
                try client.buffer(bytes: bytes, type: literal.type, on: device)
            }
            cached = buffer
            return buffer
        }
    }
}
