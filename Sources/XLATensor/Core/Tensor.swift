import XLAIR
import XLARuntime

/// An n-dimensional array of numbers, like a JAX array.
///
/// Outside any transformation a tensor is a concrete value (on the host
/// until first used, then in a device buffer) and operations on it run at
/// once, each as a small compiled XLA program cached by op and shapes.
/// Inside `jit`, `grad`, `vmap`, control flow or Haiku's `transform`, operations
/// are recorded into the IR instead.
///
/// Operations never throw. A mistake (mismatched shapes, a wrong dtype)
/// gives a *poisoned* tensor that remembers the error; reading a value
/// (``scalars(as:)``) or ending a trace throws it.
public struct Tensor: @unchecked Sendable {
    enum Storage {
        /// Known on the host; uploaded when first needed on a device.
        case host(HostValue)
        /// In a device buffer.
        case device(Buffer)
        /// A value in the IR function that `trace` is building.
        case traced(Value, TracingContext)
        /// The result of a failed operation.
        case poisoned(TensorError)
    }

    let storage: Storage
    /// The element type and shape.
    public let type: TensorType
    /// Whether the tensor is weakly typed (it came from a Swift literal or
    /// scalar), so that it takes the other operand's dtype in arithmetic.
    public let isWeak: Bool

    init(_ storage: Storage, type: TensorType, weak: Bool = false) {
        self.storage = storage
        self.type = type
        self.isWeak = weak && type.elementType != .bool
    }

    /// The element type.
    public var dtype: ElementType { type.elementType }
    /// The dimensions.
    public var shape: [Int] { type.shape }
    /// The number of dimensions.
    public var rank: Int { type.shape.count }
    /// The number of elements.
    public var size: Int { type.elementCount }

    /// The type for promotion rules.
    var promotionType: PromotionType { PromotionType(dtype, weak: isWeak) }

    /// The same value, strongly or weakly typed.
    func weak(_ isWeak: Bool) -> Tensor { Tensor(storage, type: type, weak: isWeak) }

    /// A poisoned tensor of a best-effort type.
    static func poisoned(_ error: TensorError, type: TensorType) -> Tensor {
        Tensor(.poisoned(error), type: type)
    }

    /// A tensor standing for an operation that failed with `error`, for
    /// libraries built on tensors: the current trace (if any) records the
    /// error, and reading the tensor throws it. `type` is a best guess, so
    /// code after the mistake keeps running.
    public init(failure error: TensorError, type: TensorType) {
        TracingContext.current?.fail(error)
        self.init(.poisoned(error), type: type)
    }

    /// The error this tensor carries, if it is poisoned.
    var error: TensorError? {
        if case let .poisoned(error) = storage { return error }
        return nil
    }
}
