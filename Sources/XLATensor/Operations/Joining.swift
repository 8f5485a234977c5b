import XLAIR

/// The tensors joined along an existing axis (dtypes promoted together).
public func concatenate(_ tensors: [Tensor], axis: Int = 0, file: String = #fileID, line: Int = #line) -> Tensor {
    let place = location(file, line)
    guard let first = tensors.first else {
        return .invalid("concatenate", [], "needs at least one tensor", location: place, result: TensorType(.float32, [0]))
    }
    guard let axis = Tensor.normalize(axis: axis, rank: first.rank), first.rank > 0 else {
        return .invalid("concatenate", tensors, "axis \(axis) is out of range for rank \(first.rank)",
                        location: place, result: first.type)
    }
    let promoted = TypePromotion.resultType(tensors.map(\.promotionType), x64: Configuration.x64)
    var shape = first.shape
    shape[axis] = tensors.map { $0.shape.count == first.rank ? $0.shape[axis] : 0 }.reduce(0, +)
    return Tensor.apply(.concatenate, tensors.map { $0.converted(to: promoted.elementType) },
                        attributes: ["dimension": .int(axis)], location: place,
                        fallback: TensorType(promoted.elementType, shape)).weak(promoted.isWeak)
}

/// The tensors, all of one shape, stacked along a new axis.
public func stack(_ tensors: [Tensor], axis: Int = 0, file: String = #fileID, line: Int = #line) -> Tensor {
    concatenate(tensors.map { $0.expandingDimensions(axis: axis, file: file, line: line) }, axis: axis,
                file: file, line: line)
}

extension Tensor {
    /// Splits into `sections` equal parts along `axis` (NumPy's `split` with
    /// an integer).
    public func split(_ sections: Int, axis: Int = 0, file: String = #fileID, line: Int = #line) -> [Tensor] {
        guard let axisIndex = Tensor.normalize(axis: axis, rank: rank), sections > 0, shape[axisIndex] % sections == 0 else {
            return [.invalid("split", [self], "cannot split axis \(axis) of \(shape) into \(sections) equal parts",
                             location: location(file, line), result: type)]
        }
        let size = shape[axisIndex] / sections
        return split(at: (1..<sections).map { $0 * size }, axis: axis, file: file, line: line)
    }

    /// Splits along `axis` before each of the ascending `indices` (NumPy's
    /// `split` with a list).
    public func split(at indices: [Int], axis: Int = 0, file: String = #fileID, line: Int = #line) -> [Tensor] {
        guard let axisIndex = Tensor.normalize(axis: axis, rank: rank) else {
            return [.invalid("split", [self], "axis \(axis) is out of range for shape \(shape)",
                             location: location(file, line), result: type)]
        }
        let bounds = [0] + indices.map { Swift.min(Swift.max($0, 0), shape[axisIndex]) } + [shape[axisIndex]]
        return zip(bounds, bounds.dropFirst()).map { start, end in
            var starts = Array(repeating: 0, count: rank)
            var limits = shape
            starts[axisIndex] = start
            limits[axisIndex] = Swift.max(start, end)
            return sliced(starts: starts, limits: limits, strides: Array(repeating: 1, count: rank),
                          location: location(file, line))
        }
    }

    /// The static slice `[starts, limits)` with `strides` (all positive).
    func sliced(starts: [Int], limits: [Int], strides: [Int], location: String?) -> Tensor {
        let shape = zip(zip(starts, limits), strides).map { bounds, stride in
            Swift.max(0, (bounds.1 - bounds.0 + stride - 1) / stride)
        }
        if starts.allSatisfy({ $0 == 0 }), limits == self.shape, strides.allSatisfy({ $0 == 1 }) { return self }
        return Tensor.apply(.slice, [self], attributes: ["start_indices": .ints(starts), "limit_indices": .ints(limits),
                                                         "strides": .ints(strides)],
                            location: location, fallback: TensorType(dtype, shape)).weak(isWeak)
    }
}
