import XLAIR
import XLARuntime

extension Tensor {
    /// A tensor holding `bytes` as its elements: row-major (C order) and
    /// little-endian, `dtype.byteCount` bytes per element, as NumPy's
    /// `ndarray.tobytes()` and safetensors store them.
    ///
    /// The dtype is kept exactly, even a 64-bit one while 64-bit types are
    /// off (``Configuration/x64``), so a value read from a file round-trips
    /// bit for bit; convert it with `astype` if a narrower type is wanted.
    /// `bool` elements are one byte each, 0 or 1.
    ///
    /// ```swift
    /// let x = Tensor(bytes: [0, 0, 128, 63, 0, 0, 0, 64], dtype: .float32, shape: [2])  // [1, 2]
    /// ```
    ///
    /// - Parameters:
    ///   - bytes: the elements' bytes; their count must be the shape's
    ///     element count times `dtype.byteCount`.
    ///   - dtype: the element type.
    ///   - shape: the dimensions (non-negative); `[]` for a scalar.
    /// - Note: a wrong byte count or a negative dimension gives a poisoned
    ///   tensor (tensor creation never throws); reading it throws.
    public init(bytes: [UInt8], dtype: ElementType, shape: [Int], file: String = #fileID, line: Int = #line) {
        let type = TensorType(dtype, shape)
        guard shape.allSatisfy({ $0 >= 0 }), bytes.count == type.byteCount else {
            let reason = shape.allSatisfy { $0 >= 0 }
                ? "shape \(shape) of \(dtype) needs \(type.byteCount) bytes, not \(bytes.count)"
                : "shape \(shape) has a negative dimension"
            self = .poisoned(.invalidOperation(.invalidOperands(op: "tensor(bytes:)", operandTypes: [], reason: reason,
                                                                location: location(file, line))), type: type)
            return
        }
        self.init(.host(HostValue(Literal(type: type, bytes: bytes))), type: type)
    }

    /// The elements' bytes, row-major (C order) and little-endian,
    /// `dtype.byteCount` per element, waiting for the value if it is still
    /// being computed. The inverse of ``init(bytes:dtype:shape:file:line:)``.
    ///
    /// - Throws: the error of a poisoned tensor;
    ///   ``TensorError/concretization(operation:location:)`` for a traced
    ///   tensor; a ``TensorError/runtime(_:)`` error when the computation or
    ///   the device copy fails, or when the host cannot hold the bytes.
    public func bytes(file: String = #fileID, line: Int = #line) throws -> [UInt8] {
        switch storage {
        case let .host(host):
            return host.literal.bytes
        case let .device(buffer):
            do { return try buffer.toBytes() } catch { throw TensorError(error) }
        case .traced:
            throw TensorError.concretization(operation: "Reading a tensor's bytes", location: location(file, line))
        case let .poisoned(error):
            throw error
        }
    }
}
