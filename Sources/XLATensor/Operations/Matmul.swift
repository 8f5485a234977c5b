import XLAIR

/// The matrix product with NumPy's rules: 1-D operands are vectors, 2-D are
/// matrices, and leading dimensions of higher-rank operands are batch
/// dimensions that broadcast.
public func matmul(_ lhs: Tensor, _ rhs: Tensor, file: String = #fileID, line: Int = #line) -> Tensor {
    let place = location(file, line)
    let promoted = TypePromotion.resultType(lhs.promotionType, rhs.promotionType, x64: Configuration.x64)
    guard lhs.rank > 0, rhs.rank > 0 else {
        return .invalid("matmul", [lhs, rhs], "operands must have at least one dimension", location: place,
                        result: TensorType(promoted.elementType, []))
    }
    // Vectors become matrices, then lose the added dimension at the end.
    let a = lhs.rank == 1 ? lhs.reshaped([1, lhs.shape[0]]) : lhs
    let b = rhs.rank == 1 ? rhs.reshaped([rhs.shape[0], 1]) : rhs
    let (m, k) = (a.shape[a.rank - 2], a.shape[a.rank - 1])
    let (k2, n) = (b.shape[b.rank - 2], b.shape[b.rank - 1])
    guard k == k2, let batch = broadcastShapes(Array(a.shape.dropLast(2)), Array(b.shape.dropLast(2))) else {
        return .invalid("matmul", [lhs, rhs], "shapes \(lhs.shape) and \(rhs.shape) are not aligned for a matrix product",
                        location: place, result: TensorType(promoted.elementType, lhs.shape))
    }
    let x: Tensor, y: Tensor, attributes: Attributes
    // A matrix on the right: the left's leading axes are flattened into one,
    // so that the product and both of its gradients are 2-D dots (the
    // weight's gradient of a [B, T, K] input would otherwise contract two
    // axes, which XLA CPU runs through transposing copies off its fast dot
    // kernels), and the matrix is never copied per batch. (An empty left
    // operand keeps its axes: their product could overflow.)
    let flattens = b.rank == 2 && a.rank > 2 && !a.shape.contains(0)
    if b.rank == 2 {
        x = (flattens ? a.reshaped([a.shape.dropLast().reduce(1, *), k]) : a).converted(to: promoted.elementType)
        y = b.converted(to: promoted.elementType)
        attributes = ["lhs_contracting_dimensions": .ints([x.rank - 1]), "rhs_contracting_dimensions": .ints([0])]
    } else {
        let batchDims = Array(0..<batch.count)
        x = a.converted(to: promoted.elementType).broadcast(to: batch + [m, k])
        y = b.converted(to: promoted.elementType).broadcast(to: batch + [k, n])
        attributes = [
            "lhs_batching_dimensions": .ints(batchDims), "rhs_batching_dimensions": .ints(batchDims),
            "lhs_contracting_dimensions": .ints([batch.count + 1]), "rhs_contracting_dimensions": .ints([batch.count]),
        ]
    }
    let type = TensorType(promoted.elementType, flattens ? [x.shape[0], n] : batch + [m, n])
    var product = DotSaving.current?.product(x, y, attributes: attributes, type: type, location: place)
        ?? Tensor.apply(.dotGeneral, [x, y], attributes: attributes, location: place, fallback: type)
    if flattens { product = product.reshaped(batch + [m, n]) }
    product = product.weak(promoted.isWeak)
    if rhs.rank == 1 { product = product.squeezed(axes: [-1]) }
    if lhs.rank == 1 { product = product.squeezed(axes: [rhs.rank == 1 ? -1 : -2]) }
    return product
}
