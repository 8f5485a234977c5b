import XLATensor

/// A loss scale that finds the largest scale keeping gradients finite
/// (jmp's `DynamicLossScale`): after `period` steps in a row with finite
/// gradients it grows by `factor` (unless that overflows), and after a step
/// with a non-finite gradient it shrinks by `factor`, to no less than
/// `minLossScale`, and the count of finite steps starts again.
///
/// Its tensors (the scale and the step counter) are its leaves; `period`,
/// `factor` and `minLossScale` are part of its structure.
public struct DynamicLossScale: LossScale {
    /// The scale now; a float32 scalar, such as 2¹⁵.
    public let lossScale: Tensor
    /// Finite steps since the scale last changed or a step was not finite;
    /// an int32 scalar.
    public let counter: Tensor
    /// Finite steps after which the scale grows.
    public let period: Int
    /// What the scale is multiplied or divided by.
    public let factor: Int
    /// The smallest scale a non-finite step leaves.
    public let minLossScale: Float

    /// A dynamic loss scale starting at `lossScale` (a float32 scalar) with
    /// jmp's defaults: a period of 2000 steps, a factor of 2, a minimum of 1.
    public init(_ lossScale: Tensor, counter: Tensor = Tensor(Int32(0)), period: Int = 2000, factor: Int = 2,
                minLossScale: Float = 1) {
        self.lossScale = lossScale
        self.counter = counter
        self.period = period
        self.factor = factor
        self.minLossScale = minLossScale
    }

    /// Each tensor of `tree` times the scale.
    public func scale<Tree: TensorTree>(_ tree: Tree) -> Tree { multiplied(tree, by: lossScale) }
    /// Each tensor of `tree` times the inverse of the scale.
    public func unscale<Tree: TensorTree>(_ tree: Tree) -> Tree { multiplied(tree, by: 1 / lossScale) }

    /// The next loss scale: on finite gradients the counter advances and,
    /// at the end of a period, the scale grows by `factor` when the grown
    /// scale is finite; otherwise the scale shrinks by `factor` (not below
    /// `minLossScale`) and the counter restarts. `gradsFinite` must be a
    /// boolean scalar; anything else gives a loss scale whose tensors are
    /// poisoned with an error saying so.
    public func adjust(_ gradsFinite: Tensor) -> DynamicLossScale {
        guard gradsFinite.dtype == .bool, gradsFinite.rank == 0 else {
            return poisoned(self, "DynamicLossScale.adjust expects a boolean scalar (allFinite(grads)), got \(gradsFinite.type)")
        }
        let grown = lossScale * Tensor(Float(factor))
        let growth = select(isFinite(grown).all(), grown, lossScale)
        let atPeriodEnd = counter .== Tensor(Int32(period - 1))
        let shrunk = maximum(Tensor(minLossScale), lossScale / Tensor(Float(factor)))
        let nextScale = select(gradsFinite, select(atPeriodEnd, growth, lossScale), shrunk)
        let nextCounter = ((counter + Tensor(Int32(1))) % Tensor(Int32(period))) * gradsFinite.converted(to: .int32)
        return DynamicLossScale(nextScale, counter: nextCounter, period: period, factor: factor, minLossScale: minLossScale)
    }

    /// Maps the scale, then the counter.
    public func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> DynamicLossScale {
        DynamicLossScale(try transform(lossScale), counter: try transform(counter), period: period, factor: factor,
                         minLossScale: minLossScale)
    }

    /// The type and its static settings, then the two leaves.
    public func appendStructure(to key: inout String) {
        key += "DynamicLossScale(\(period),\(factor),\(minLossScale.bitPattern)){T;T;}"
    }
}
