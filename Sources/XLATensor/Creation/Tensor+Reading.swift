import XLAIR
import XLARuntime

extension Tensor {
    /// The elements in row-major order, waiting for the value if it is
    /// still being computed.
    ///
    /// - Throws: the error of a poisoned tensor; ``TensorError/concretization(operation:location:)``
    ///   for a traced tensor; ``XLAError/elementTypeMismatch(buffer:requested:)``
    ///   (wrapped) when `T` does not store this dtype.
    public func scalars<T: HostElement>(as _: T.Type = T.self, file: String = #fileID, line: Int = #line) throws -> [T] {
        guard T.elementType == dtype else {
            throw TensorError.runtime(.elementTypeMismatch(buffer: dtype, requested: T.elementType))
        }
        switch storage {
        case let .host(host):
            return host.literal.bytes.withUnsafeBytes { Array($0.bindMemory(to: T.self)) }
        case let .device(buffer):
            do { return try buffer.toArray(as: T.self) } catch { throw TensorError(error) }
        case .traced:
            throw TensorError.concretization(operation: "Reading a tensor's values", location: location(file, line))
        case let .poisoned(error):
            throw error
        }
    }

    /// The single element of a tensor with one element.
    public func item<T: HostElement>(as _: T.Type = T.self, file: String = #fileID, line: Int = #line) throws -> T {
        let values = try scalars(as: T.self, file: file, line: line)
        guard values.count == 1 else {
            throw TensorError.invalidOperation(.invalidOperands(
                op: "item", operandTypes: [type], reason: "only a tensor with one element has an item",
                location: location(file, line)))
        }
        return values[0]
    }

    /// Waits until the value has been computed; throws the error of a
    /// poisoned tensor or of the computation.
    public func blockUntilReady() throws {
        switch storage {
        case .host: return
        case let .device(buffer): do { try buffer.blockUntilReady() } catch { throw TensorError(error) }
        case .traced: throw TensorError.concretization(operation: "blockUntilReady", location: nil)
        case let .poisoned(error): throw error
        }
    }
}
