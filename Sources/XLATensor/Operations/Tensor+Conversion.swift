import XLAIR

extension Tensor {
    /// The tensor converted to `dtype` as XLA's `convert` (and JAX's
    /// `astype`) does: floats round to nearest, integers wrap, floats become
    /// integers truncated toward zero and saturated (NaN gives 0), nonzero
    /// becomes `true`. The result is strongly typed, as `astype`'s is; the
    /// same tensor if it already has `dtype`.
    public func converted(to dtype: ElementType) -> Tensor {
        let dtype = TypePromotion.canonical(dtype, x64: Configuration.x64)
        if dtype == self.dtype { return self }
        let type = TensorType(dtype, shape)
        // Host values convert on the host (no device round trip for literals),
        // except floats to bool: XLA flushes subnormals to zero first.
        if case let .host(host) = storage, !(self.dtype.isFloatingPoint && dtype == .bool) {
            return .staged(type) { host.literal.scalar(at: $0) }
        }
        return Tensor.apply(.convert, [self], attributes: ["element_type": .elementType(dtype)], fallback: type)
    }

    /// The tensor broadcast to `shape` (NumPy rules: trailing dimensions
    /// align, size-1 dimensions stretch).
    public func broadcast(to shape: [Int], file: String = #fileID, line: Int = #line) -> Tensor {
        if shape == self.shape { return self }
        let offset = shape.count - rank
        let compatible = offset >= 0 && self.shape.enumerated().allSatisfy { $0.element == 1 || $0.element == shape[offset + $0.offset] }
        guard compatible else {
            return .poisoned(.invalidOperation(.invalidOperands(
                op: "broadcast_to", operandTypes: [type], reason: "shape \(self.shape) cannot be broadcast to \(shape)",
                location: location(file, line))), type: TensorType(dtype, shape))
        }
        return Tensor.apply(.broadcastInDim, [self],
                            attributes: ["shape": .ints(shape), "broadcast_dimensions": .ints(Array(offset..<shape.count))],
                            location: location(file, line), fallback: TensorType(dtype, shape)).weak(isWeak)
    }
}

/// The NumPy broadcast of two shapes, or nil when they are incompatible.
func broadcastShapes(_ a: [Int], _ b: [Int]) -> [Int]? {
    let rank = max(a.count, b.count)
    let a = Array(repeating: 1, count: rank - a.count) + a
    let b = Array(repeating: 1, count: rank - b.count) + b
    var result: [Int] = []
    for (x, y) in zip(a, b) {
        guard x == y || x == 1 || y == 1 else { return nil }
        result.append(x == 1 ? y : x)
    }
    return result
}
