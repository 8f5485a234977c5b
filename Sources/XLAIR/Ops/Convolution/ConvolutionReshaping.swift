/// Appends the reshapes that the convolution's gradient and batching rules
/// use to move an axis into or out of another (JAX's `_reshape_axis_into`
/// and `_reshape_axis_out_of`), convolutions themselves and zeros.
struct ConvolutionReshaping {
    let builder: FunctionBuilder
    let location: String?

    /// Appends `op` and returns its single result.
    func apply(_ op: Op, _ operands: Value..., attributes: Attributes) throws -> Value {
        try builder.append(op, operands, attributes: attributes, location: location)[0]
    }

    /// `x` with axis `source` merged into axis `destination` (numbered
    /// without `source`), `source` becoming the major part.
    func axis(_ source: Int, into destination: Int, of x: Value) throws -> Value {
        var shape = x.type.shape
        let size = shape.remove(at: source)
        var permutation = Array(0..<x.type.shape.count)
        permutation.remove(at: source)
        permutation.insert(source, at: destination)
        shape[destination] *= size
        let moved = permutation == Array(0..<permutation.count) ? x
            : try apply(.transpose, x, attributes: ["permutation": .ints(permutation)])
        return try reshape(moved, shape)
    }

    /// `x` with axis `source` split into `[major, size / major]`.
    func axis(_ source: Int, outOf x: Value, major: Int) throws -> Value {
        var shape = x.type.shape
        let size = shape[source]
        shape.replaceSubrange(source...source, with: [major, size / major])
        return try reshape(x, shape)
    }

    /// `x` reshaped to `shape` (itself when it has that shape).
    func reshape(_ x: Value, _ shape: [Int]) throws -> Value {
        x.type.shape == shape ? x : try apply(.reshape, x, attributes: ["shape": .ints(shape)])
    }

    /// Zeros of `type`.
    func zeros(_ type: TensorType) throws -> Value {
        let zero = builder.constant(Literal.splat(.float(0), as: TensorType(type.elementType, [])), location: location)
        return try apply(.broadcastInDim, zero, attributes: ["shape": .ints(type.shape), "broadcast_dimensions": .ints([])])
    }

    /// `convolution(lhs, rhs)` with `configuration`.
    func convolution(_ lhs: Value, _ rhs: Value, _ configuration: ConvolutionConfiguration) throws -> Value {
        try apply(.convolution, lhs, rhs, attributes: configuration.attributes)
    }
}
