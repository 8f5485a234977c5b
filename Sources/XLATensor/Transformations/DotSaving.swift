import XLAIR

/// Matrix products during a `saveDots` rematerialization: recorded in the
/// forward pass, then replayed in the recomputation, where each product's
/// value is the saved one while its gradient still flows to its operands.
final class DotSaving: @unchecked Sendable {
    /// The recorder or replayer of the rematerialized function being traced.
    @TaskLocal static var current: DotSaving?

    private let saved: [Tensor]
    private(set) var recorded: [Tensor] = []
    private var next = 0

    init(replaying saved: [Tensor]) {
        self.saved = saved
    }

    /// The product `dot_general(x, y)`: computed and recorded, or the saved
    /// value with `dot_general`'s gradient rule on `x` and `y`; nil when the
    /// replay has run out of saved products.
    func product(_ x: Tensor, _ y: Tensor, attributes: Attributes, type: TensorType, location: String?) -> Tensor? {
        guard next < saved.count else {
            guard saved.isEmpty else { return nil }
            let product = Tensor.apply(.dotGeneral, [x, y], attributes: attributes, location: location, fallback: type)
            recorded.append(product)
            return product
        }
        defer { next += 1 }
        let value = saved[next]
        guard case let .differentiable(dotRule) = Op.dotGeneral.definition.differentiability else { return nil }
        let op = Op(CustomGradient(name: "saved_dot_\(CustomGradientNames.next())", resultCount: 1, rule: { e in
            let dot = GradientEmitter(builder: e.builder, operands: Array(e.operands.prefix(2)), results: [e.operands[2]],
                                      attributes: attributes, cotangents: e.cotangents, location: e.location,
                                      substitutions: e.substitutions)
            return try dotRule(dot) + [nil]
        }))
        return Tensor.apply(op, [x, y, value], location: location, fallback: value.type)
    }
}
