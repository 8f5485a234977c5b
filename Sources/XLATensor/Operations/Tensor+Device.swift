import XLARuntime

extension Tensor {
    /// The device holding the value; nil for a value still on the host (it
    /// goes to the default device when first used) and for traced values.
    public var device: Device? {
        if case let .device(buffer) = storage { return buffer.device }
        return nil
    }

    /// The tensor on `device` (an asynchronous copy when it is elsewhere).
    /// Poisoned if the device belongs to another client than the default one.
    public func toDevice(_ device: Device) -> Tensor {
        do {
            switch storage {
            case let .host(host):
                let client = try EagerExecutor.shared.client()
                let buffer = try host.literal.bytes.withUnsafeBytes { try client.buffer(bytes: $0, type: type, on: device) }
                return Tensor(.device(buffer), type: type, weak: isWeak)
            case let .device(buffer):
                return Tensor(.device(try buffer.copy(to: device)), type: type, weak: isWeak)
            case .traced, .poisoned:
                return self
            }
        } catch {
            return .poisoned(TensorError(error), type: type)
        }
    }
}
