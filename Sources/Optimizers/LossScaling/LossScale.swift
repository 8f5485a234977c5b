import XLATensor

/// A loss scale (jmp's `LossScale`) for training in float16: the loss is
/// multiplied by the scale before differentiation, so that small gradients
/// do not flush to zero, and the gradients are divided by it afterwards.
/// A loss scale is a ``TensorTree``, so it passes in and out of a jitted
/// training step:
///
/// ```swift
/// let optimizer = sgd(learningRate: 0.1)
/// let step = jit { (params: Params, scale: DynamicLossScale, batch: Tensor) in
///     let grads = scale.unscale(grad { (p: Params) in scale.scale(loss(p, batch)) }(params))
///     let finite = allFinite(grads)
///     let (updates, _) = optimizer.update(grads, state: optimizer.initialize(params), params: params)
///     return TupleTree(selectTree(finite, applyUpdates(params, updates), params), scale.adjust(finite))
/// }
/// ```
public protocol LossScale: TensorTree, Sendable {
    /// The tensors of `tree` times the loss scale.
    func scale<Tree: TensorTree>(_ tree: Tree) -> Tree
    /// The tensors of `tree` divided by the loss scale (times its inverse).
    func unscale<Tree: TensorTree>(_ tree: Tree) -> Tree
    /// The loss scale for the next step, given whether this step's
    /// gradients were all finite (a boolean scalar, ``allFinite(_:)``).
    func adjust(_ gradsFinite: Tensor) -> Self
}

/// No loss scaling (jmp's `NoOpLossScale`): scaling and unscaling return the
/// tree itself, and the scale (1) never changes.
public struct NoOpLossScale: LossScale {
    /// The no-op loss scale.
    public init() {}
    /// The scale, 1.
    public var lossScale: Tensor { Tensor(Float(1)) }
    /// `tree` itself.
    public func scale<Tree: TensorTree>(_ tree: Tree) -> Tree { tree }
    /// `tree` itself.
    public func unscale<Tree: TensorTree>(_ tree: Tree) -> Tree { tree }
    /// Itself.
    public func adjust(_ gradsFinite: Tensor) -> NoOpLossScale { self }
    /// No leaves.
    public func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> NoOpLossScale { self }
    /// The type's name.
    public func appendStructure(to key: inout String) { key += "NoOpLossScale;" }
}

/// A fixed loss scale (jmp's `StaticLossScale`).
public struct StaticLossScale: LossScale {
    /// The scale the loss is multiplied by; a scalar (float32 as jmp's).
    public let lossScale: Tensor

    /// A loss scale of `lossScale`.
    public init(_ lossScale: Tensor) { self.lossScale = lossScale }
    /// Each tensor of `tree` times the scale.
    public func scale<Tree: TensorTree>(_ tree: Tree) -> Tree { multiplied(tree, by: lossScale) }
    /// Each tensor of `tree` times the inverse of the scale.
    public func unscale<Tree: TensorTree>(_ tree: Tree) -> Tree { multiplied(tree, by: 1 / lossScale) }
    /// Itself: the scale is fixed.
    public func adjust(_ gradsFinite: Tensor) -> StaticLossScale { self }
    /// The scale, its one leaf (jmp keeps it out of the tree, as a constant
    /// of the program; as a leaf, a jitted step takes a new scale without
    /// compiling again).
    public func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> StaticLossScale {
        StaticLossScale(try transform(lossScale))
    }
    /// The type's name and its leaf.
    public func appendStructure(to key: inout String) { key += "StaticLossScale{T;}" }
}

/// Each tensor of `tree` times `factor` (with JAX's type promotion: a
/// float16 tensor times a float32 scale is float32).
func multiplied<Tree: TensorTree>(_ tree: Tree, by factor: Tensor) -> Tree {
    tree.mapTensors { $0 * factor }
}
