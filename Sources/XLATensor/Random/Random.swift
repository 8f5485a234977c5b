import XLAIR

/// The poisoned result of a call rejected before sampling.
struct InvalidSample: Error {
    /// The poisoned tensor to return.
    let tensor: Tensor
}

/// Checks and constants shared by the samplers.
enum Random {
    /// A poisoned result of `dtype` and `shape` when `key` is not a single
    /// key, or `shape` has a negative size or gives a type XLA cannot hold
    /// (``TensorType/sizeProblem``); nil when both are fine.
    static func check(_ function: String, _ key: PRNGKey, _ shape: [Int], result dtype: ElementType,
                      location: String?) -> Tensor? {
        let type = TensorType(dtype, shape.map { Swift.max($0, 0) })
        if case let .failure(error) = key.halves(for: function, location: location) { return .poisoned(error, type: type) }
        if shape.contains(where: { $0 < 0 }) {
            return Tensor.invalid(function, [key.data], "the shape \(shape) has a negative size", location: location, result: type)
        }
        guard let problem = type.sizeProblem else { return nil }
        return Tensor.invalid(function, [key.data], "the result \(type) \(problem)", location: location, result: type)
    }

    /// The requested float dtype (float32, or float64 with x64, by default)
    /// made canonical, or a poisoned result naming `function` when it is
    /// not a float type.
    static func floatType(_ dtype: ElementType?, for function: String, _ key: PRNGKey, _ shape: [Int],
                          location: String?) -> Result<ElementType, InvalidSample> {
        let dtype = TypePromotion.canonical(dtype ?? .float64, x64: Configuration.x64)
        guard dtype.isFloatingPoint else {
            return .failure(InvalidSample(tensor: Tensor.invalid(
                function, [key.data], "the dtype must be a float type, got \(dtype)", location: location,
                result: TensorType(.float32, shape.map { Swift.max($0, 0) }))))
        }
        return .success(dtype)
    }

    /// The unsigned integer type of `bits` bits.
    static func unsignedType(bits: Int) -> ElementType {
        switch bits {
        case 8: .uint8
        case 16: .uint16
        case 64: .uint64
        default: .uint32
        }
    }

    /// The number of explicitly stored mantissa bits of a float type.
    static func mantissaBits(_ dtype: ElementType) -> Int {
        switch dtype {
        case .float16: 10
        case .bfloat16: 7
        case .float64: 52
        default: 23
        }
    }

    /// The smallest positive normal number of a float type (`finfo.tiny`).
    static func tiny(_ dtype: ElementType) -> Double {
        switch dtype {
        case .float16: 0x1p-14
        case .float64: 0x1p-1022
        default: 0x1p-126
        }
    }

    /// The distance from 1 to the next smaller number (`finfo.epsneg`).
    static func epsneg(_ dtype: ElementType) -> Double {
        Double(sign: .plus, exponent: -(mantissaBits(dtype) + 1), significand: 1)
    }

    /// A strongly typed scalar of `dtype`, rounded once from `value`.
    static func constant(_ value: Double, _ dtype: ElementType) -> Tensor { Tensor(value, dtype: dtype) }
}

extension Random {
    /// `0..<count` as `dtype`, built in-graph.
    static func range(_ count: Int, _ dtype: ElementType) -> Tensor {
        Tensor.apply(.iota, [], attributes: ["shape": .ints([count]), "dimension": .int(0), "element_type": .elementType(dtype)],
                     fallback: TensorType(dtype, [count]))
    }
}
