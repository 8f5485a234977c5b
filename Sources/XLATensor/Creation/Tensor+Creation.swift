import XLAIR

extension Tensor {
    /// A tensor of `values` in row-major order with the given shape.
    ///
    /// - Parameters:
    ///   - dtype: the element type; by default the one JAX gives such data
    ///     (`Double` → `float32` while x64 is off, `Int` → `int32`).
    /// - Note: a count that does not match the shape gives a poisoned
    ///   tensor, and so does an `Int` or `UInt` value that an integer
    ///   `dtype` cannot hold (JAX's `OverflowError` for a Python `int`:
    ///   `5_000_000_000` does not fit the `int32` an `Int` becomes while
    ///   x64 is off).
    public init<T: TensorScalar>(_ values: [T], shape: [Int], dtype: ElementType? = nil,
                                 file: String = #fileID, line: Int = #line) {
        let dtype = TypePromotion.canonical(dtype ?? T.defaultDType(x64: Configuration.x64), x64: Configuration.x64)
        let type = TensorType(dtype, shape)
        guard type.sizeProblem == nil, values.count == type.elementCount else {
            let reason = "shape \(shape) needs \(type.sizeProblem.map { "a type that XLA accepts (\(type) \($0))" } ?? "\(type.elementCount) elements"), not \(values.count) elements"
            self = .poisoned(.invalidOperation(.invalidOperands(op: "tensor", operandTypes: [], reason: reason,
                                                                location: location(file, line))), type: type)
            return
        }
        if let overflow = IntegerBounds.overflow(values, as: type, explicit: dtype != T.defaultDType(x64: Configuration.x64),
                                                 location: location(file, line)) {
            self = overflow
            return
        }
        self = dtype == T.elementType
            ? .staged(type) { Literal(values, shape: shape) }
            : .staged(type) { values[$0].scalar }
    }

    /// A 1-D tensor of `values`.
    public init<T: TensorScalar>(_ values: [T], dtype: ElementType? = nil, file: String = #fileID, line: Int = #line) {
        self.init(values, shape: [values.count], dtype: dtype, file: file, line: line)
    }

    /// A 2-D tensor from rows of equal length.
    public init<T: TensorScalar>(_ rows: [[T]], dtype: ElementType? = nil, file: String = #fileID, line: Int = #line) {
        let columns = rows.first?.count ?? 0
        let values = rows.allSatisfy({ $0.count == columns }) ? rows.flatMap { $0 } : []
        self.init(values, shape: [rows.count, columns], dtype: dtype, file: file, line: line)
    }

    /// A 0-D tensor (a scalar), strongly typed.
    ///
    /// An `Int` or `UInt` that `dtype` (by default `int32`/`uint32` while
    /// x64 is off) cannot hold gives a poisoned tensor, as JAX's
    /// `OverflowError` for a Python `int`.
    public init<T: TensorScalar>(_ value: T, dtype: ElementType? = nil, file: String = #fileID, line: Int = #line) {
        self.init([value], shape: [], dtype: dtype, file: file, line: line)
    }

    /// A weakly typed scalar: a Swift number mixed with tensors, which takes
    /// the other operand's dtype (`x + 1` keeps `x`'s dtype).
    init<T: TensorScalar>(weak value: T) {
        self = Tensor(value).weak(true)
    }

    /// A tensor of `shape` filled with `value` converted to `dtype`, staged
    /// on the host at `dtype`'s width; poisoned for a type XLA cannot hold
    /// (``TensorType/sizeProblem``) and with
    /// ``XLAError/resourceExhausted(bytes:message:during:)`` when the host
    /// cannot hold it.
    public static func full<T: TensorScalar>(_ shape: [Int], _ value: T, dtype: ElementType? = nil) -> Tensor {
        let dtype = TypePromotion.canonical(dtype ?? T.defaultDType(x64: Configuration.x64), x64: Configuration.x64)
        let type = TensorType(dtype, shape)
        if let problem = type.sizeProblem { return .invalid("full", [], "\(type) \(problem)", location: nil, result: type) }
        return .staged(type) { Literal.splat(value.scalar, as: type) }
    }

    /// A tensor of zeros (`float32` unless `dtype` is given).
    public static func zeros(_ shape: [Int], dtype: ElementType = .float32) -> Tensor { full(shape, 0, dtype: dtype) }

    /// A tensor of ones (`float32` unless `dtype` is given).
    public static func ones(_ shape: [Int], dtype: ElementType = .float32) -> Tensor { full(shape, 1, dtype: dtype) }
}

extension Tensor: ExpressibleByIntegerLiteral {
    /// A weakly typed integer scalar (`int32` unless it meets another dtype).
    public init(integerLiteral value: Int) { self.init(weak: value) }
}

extension Tensor: ExpressibleByFloatLiteral {
    /// A weakly typed float scalar (`float32` unless it meets another dtype).
    public init(floatLiteral value: Double) { self.init(weak: value) }
}

extension Tensor: ExpressibleByBooleanLiteral {
    /// A `bool` scalar.
    public init(booleanLiteral value: Bool) { self.init(value) }
}
