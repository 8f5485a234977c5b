import XLAIR

extension Tensor {
    /// A poisoned result for a call the tensor layer rejects before any op
    /// is built (bad axes, incompatible shapes); the current trace, if any,
    /// remembers the error.
    static func invalid(_ op: String, _ operands: [Tensor], _ reason: String, location: String?,
                        result: TensorType) -> Tensor {
        if let error = operands.lazy.compactMap(\.error).first { return .poisoned(error, type: result) }
        let error = TensorError.invalidOperation(.invalidOperands(op: op, operandTypes: operands.map(\.type),
                                                                  reason: reason, location: location))
        TracingContext.current?.fail(error)
        return .poisoned(error, type: result)
    }

    /// `axis` made non-negative for a tensor of `rank` dimensions, or nil
    /// when it is out of range (NumPy accepts `-rank..<rank`).
    static func normalize(axis: Int, rank: Int) -> Int? {
        let axis = axis < 0 ? axis + rank : axis
        return (0..<rank).contains(axis) ? axis : nil
    }

    /// Normalized, sorted, distinct axes; nil when one is out of range or repeated.
    static func normalize(axes: [Int], rank: Int) -> [Int]? {
        let normalized = axes.compactMap { normalize(axis: $0, rank: rank) }
        guard normalized.count == axes.count, Set(normalized).count == normalized.count else { return nil }
        return normalized.sorted()
    }
}

/// `file:line` of a call in the user's code; nil for a call made inside this
/// library (its `#fileID` starts with `XLATensor/`), so that errors name the
/// nearest user location instead: the trace's call site.
func location(_ file: String, _ line: Int) -> String? {
    file.hasPrefix("XLATensor/") ? nil : "\(file):\(line)"
}
