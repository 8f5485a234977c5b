import XLAIR

extension Tensor {
    /// The same elements in a new shape; one dimension may be `-1`, inferred
    /// from the others.
    public func reshaped(_ shape: [Int], file: String = #fileID, line: Int = #line) -> Tensor {
        let known = CheckedSize.product(shape.filter { $0 != -1 }).value
        let inferred = shape.filter { $0 == -1 }.count
        var target = shape
        if inferred == 1, let known, known > 0, size % known == 0, let index = shape.firstIndex(of: -1) {
            target[index] = size / known
        }
        guard inferred <= 1, target.allSatisfy({ $0 >= 0 }), CheckedSize.product(target).value == size else {
            return .invalid("reshape", [self], "cannot reshape \(self.shape) (\(size) elements) to \(shape)",
                            location: location(file, line), result: TensorType(dtype, target.map { Swift.max($0, 0) }))
        }
        if target == self.shape { return self }
        return Tensor.apply(.reshape, [self], attributes: ["shape": .ints(target)], location: location(file, line),
                            fallback: TensorType(dtype, target)).weak(isWeak)
    }

    /// The dimensions permuted: result dimension `i` is dimension
    /// `permutation[i]`; reversed when `permutation` is nil (NumPy's `.T`).
    public func transposed(_ permutation: [Int]? = nil, file: String = #fileID, line: Int = #line) -> Tensor {
        let permutation = (permutation ?? Array((0..<rank).reversed())).map { $0 < 0 ? $0 + rank : $0 }
        guard permutation.sorted() == Array(0..<rank) else {
            return .invalid("transpose", [self], "\(permutation) is not a permutation of the \(rank) axes",
                            location: location(file, line), result: type)
        }
        if permutation == Array(0..<rank) { return self }
        let shape = permutation.map { self.shape[$0] }
        return Tensor.apply(.transpose, [self], attributes: ["permutation": .ints(permutation)],
                            location: location(file, line), fallback: TensorType(dtype, shape)).weak(isWeak)
    }

    /// Without the given size-1 axes (all size-1 axes when nil).
    public func squeezed(axes: [Int]? = nil, file: String = #fileID, line: Int = #line) -> Tensor {
        let axes = axes ?? shape.indices.filter { shape[$0] == 1 }
        guard let normalized = Tensor.normalize(axes: axes, rank: rank), normalized.allSatisfy({ shape[$0] == 1 }) else {
            return .invalid("squeeze", [self], "axes \(axes) are not distinct size-1 axes of \(shape)",
                            location: location(file, line), result: type)
        }
        return reshaped(shape.indices.filter { !normalized.contains($0) }.map { shape[$0] }, file: file, line: line)
    }

    /// With a new size-1 axis at `axis` (`-1` appends one).
    public func expandingDimensions(axis: Int, file: String = #fileID, line: Int = #line) -> Tensor {
        guard let axis = Tensor.normalize(axis: axis, rank: rank + 1) else {
            return .invalid("expand_dims", [self], "axis \(axis) is out of range for rank \(rank + 1)",
                            location: location(file, line), result: type)
        }
        var shape = self.shape
        shape.insert(1, at: axis)
        return reshaped(shape, file: file, line: line)
    }

    /// The elements reversed along `axes`.
    public func reversed(axes: [Int], file: String = #fileID, line: Int = #line) -> Tensor {
        guard let axes = Tensor.normalize(axes: axes, rank: rank) else {
            return .invalid("reverse", [self], "axes \(axes) are out of range for shape \(shape)",
                            location: location(file, line), result: type)
        }
        return Tensor.apply(.reverse, [self], attributes: ["dimensions": .ints(axes)], location: location(file, line),
                            fallback: type).weak(isWeak)
    }
}
