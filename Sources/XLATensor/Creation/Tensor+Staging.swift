import XLAIR
import XLARuntime

extension Tensor {
    /// A host tensor of `type` whose literal `literal` builds, once the host
    /// is known to have room for its ``TensorType/byteCount`` bytes: the
    /// literal is the only host copy, at the element's own width.
    ///
    /// - Returns: the tensor, or one poisoned with
    ///   ``XLAError/resourceExhausted(bytes:message:during:)`` (and recorded
    ///   in the current trace) when the host cannot hold the bytes.
    static func staged(_ type: TensorType, _ literal: () -> Literal) -> Tensor {
        do {
            try HostMemory.check(type.byteCount, during: "creating \(type) on the host")
        } catch {
            return Tensor(failure: .runtime(error), type: type)
        }
        return Tensor(.host(HostValue(literal())), type: type)
    }

    /// A host tensor of `type` whose element at each row-major index is
    /// `element(index)` converted to the element type, staged as
    /// ``staged(_:_:)`` does.
    static func staged(_ type: TensorType, element: (Int) -> Scalar) -> Tensor {
        staged(type) { Literal(type: type) { element($0).bits(as: type.elementType) } }
    }
}
