import XLAIR

extension Tensor {
    /// Evenly spaced values in `[start, stop)` (`jnp.arange`): `int32` when
    /// all arguments are integers, else `float32` (64-bit types with x64 on).
    ///
    /// `arange`, `linspace` and `eye` compute their values on the host and
    /// stage them at the element's own width; one the host cannot hold is a
    /// tensor poisoned with ``XLAError/resourceExhausted(bytes:message:during:)``.
    public static func arange(_ start: Double, _ stop: Double, step: Double = 1, dtype: ElementType? = nil,
                              file: String = #fileID, line: Int = #line) -> Tensor {
        let isIntegral = [start, stop, step].allSatisfy { $0.rounded() == $0 }
        let dtype = TypePromotion.canonical(dtype ?? (isIntegral ? .int64 : .float64), x64: Configuration.x64)
        guard step != 0, step.isFinite, start.isFinite, stop.isFinite else {
            return .invalid("arange", [], "step must be finite and nonzero (start \(start), stop \(stop), step \(step))",
                            location: location(file, line), result: TensorType(dtype, [0]))
        }
        let span = ((stop - start) / step).rounded(.up)
        guard span < Double(Int.max) else {
            return .invalid("arange", [], "\(span) elements (start \(start), stop \(stop), step \(step)) are more than a shape holds",
                            location: location(file, line), result: TensorType(dtype, [0]))
        }
        let count = Swift.max(0, Int(span))
        return .staged(TensorType(dtype, [count])) { .float(start + Double($0) * step) }
    }

    /// `0, 1, ..., stop - 1` as `int32` (`jnp.arange(stop)`).
    public static func arange(_ stop: Int, dtype: ElementType? = nil) -> Tensor {
        arange(0, Double(stop), dtype: dtype)
    }

    /// `count` evenly spaced values from `start` to `stop` (`jnp.linspace`),
    /// `stop` included unless `endpoint` is false; `float32` by default.
    public static func linspace(_ start: Double, _ stop: Double, count: Int = 50, endpoint: Bool = true,
                                dtype: ElementType? = nil, file: String = #fileID, line: Int = #line) -> Tensor {
        let dtype = TypePromotion.canonical(dtype ?? .float64, x64: Configuration.x64)
        guard count >= 0 else {
            return .invalid("linspace", [], "count must be non-negative, not \(count)", location: location(file, line),
                            result: TensorType(dtype, [0]))
        }
        let divisions = Double(endpoint ? count - 1 : count)
        let step = divisions > 0 ? (stop - start) / divisions : 0
        let last = endpoint && count > 1 ? count - 1 : nil
        return .staged(TensorType(dtype, [count])) { .float($0 == last ? stop : start + Double($0) * step) }
    }

    /// A matrix with ones on diagonal `k` (0 the main one, positive above)
    /// and zeros elsewhere (`jnp.eye`); poisoned for a negative size (JAX's
    /// "negative dimensions are not allowed") or one XLA cannot hold.
    public static func eye(_ rows: Int, _ columns: Int? = nil, k: Int = 0, dtype: ElementType = .float32) -> Tensor {
        let dtype = TypePromotion.canonical(dtype, x64: Configuration.x64)
        let columns = columns ?? rows
        let type = TensorType(dtype, [rows, columns])
        if let problem = type.sizeProblem { return .invalid("eye", [], "\(type) \(problem)", location: nil, result: type) }
        return .staged(type) { .float($0 % columns - $0 / columns == k ? 1 : 0) }
    }
}
