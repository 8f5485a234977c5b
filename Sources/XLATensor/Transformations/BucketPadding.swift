import XLAIR

extension Tensor {
    /// This tensor with its length along `axis` changed to `length` on the
    /// host: zeros appended (padding) or trailing positions dropped
    /// (cutting back), so that neither compiles a program per length. The
    /// weak flag is kept; a failure gives a poisoned tensor.
    func resizedOnHost(axis: Int, to length: Int) -> Tensor {
        guard let axis = Tensor.normalize(axis: axis, rank: rank) else {
            return .poisoned(.invalidTransformation(reason: "jit's bucketing resizes axis \(axis) of shape \(shape)",
                                                    location: nil), type: type)
        }
        let current = shape[axis]
        if current == length { return self }
        var newShape = shape
        newShape[axis] = length
        let newType = TensorType(dtype, newShape)
        let bytes: [UInt8]
        do { bytes = try self.bytes() } catch {
            return .poisoned(error as? TensorError ?? .invalidTransformation(reason: "\(error)", location: nil), type: newType)
        }
        // Each outer index holds a contiguous run of `current` rows of `rowBytes`.
        let rowBytes = shape[(axis + 1)...].reduce(dtype.byteCount, *)
        let outer = shape[..<axis].reduce(1, *)
        let kept = Swift.min(current, length) * rowBytes
        var resized = [UInt8](repeating: 0, count: outer * length * rowBytes)
        for index in 0..<outer where kept > 0 {
            let (from, to) = (index * current * rowBytes, index * length * rowBytes)
            resized.replaceSubrange(to..<(to + kept), with: bytes[from..<(from + kept)])
        }
        return Tensor(.host(HostValue(Literal(type: newType, bytes: resized))), type: newType, weak: isWeak)
    }
}
