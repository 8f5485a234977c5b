import Distributed
import Haiku

/// A training step split at its gradient: the loss and the parameters'
/// gradient on a batch, then the update that applies a gradient. Run
/// together they are one ``TrainingUpdate``; across processes the gradients
/// are averaged in between (``CrossProcessStep``).
struct GradientUpdate<State: TensorTree> {
    /// The loss (`value`) and its gradient with respect to the state's
    /// parameters on images and labels, the loss's data term averaged over
    /// the devices by the function given (the identity on one device).
    let gradient: (State, Tensor, Tensor, @escaping (Tensor) -> Tensor) throws -> (value: Tensor, gradient: Params)
    /// The state after applying a gradient.
    let apply: (State, Params) throws -> State

    /// The whole step: the gradient, then its update.
    var combined: TrainingUpdate<State> {
        { [gradient, apply] state, images, labels, average in
            let (loss, gradient) = try gradient(state, images, labels, average)
            return (try apply(state, gradient), loss)
        }
    }
}

/// What the gradient program of a ``CrossProcessStep`` returns.
struct LossAndGradient: TensorTree {
    var gradient: Flattened<Params>
    var loss: Tensor

    func mapTensors(_ transform: (Tensor) throws -> Tensor) rethrows -> LossAndGradient {
        LossAndGradient(gradient: try gradient.mapTensors(transform), loss: try transform(loss))
    }
}

/// A training step run data-parallel over the processes of a
/// ``ProcessGroup``: each process takes its share of the batch's rows
/// (process r the r-th of `size` equal parts), computes the loss and the
/// gradient in one compiled program, the processes average both with the
/// group's all-reduce (the same bits everywhere), and each applies the mean
/// gradient with a second program, so every process makes the update one
/// process would make on the whole batch, up to rounding.
final class CrossProcessStep<State: TensorTree> {
    private let group: ProcessGroup
    private let gradient: JITFunction<Flattened<State>, Tensor, Tensor, LossAndGradient>
    private let update: JITFunction<Flattened<State>, Flattened<Params>, Flattened<State>>

    /// The step of `update` over `group`'s processes.
    init(group: ProcessGroup, update: GradientUpdate<State>) {
        self.group = group
        gradient = jit { (state: Flattened<State>, images: Tensor, labels: Tensor) -> LossAndGradient in
            let (loss, gradient) = try update.gradient(state.tree, images, labels) { $0 }
            return LossAndGradient(gradient: Flattened(gradient), loss: loss)
        }
        self.update = jit(donating: [0]) { (state: Flattened<State>, gradient: Flattened<Params>) -> Flattened<State> in
            Flattened(try update.apply(state.tree, gradient.tree))
        }
    }

    /// One step on the whole batch (every process passes the same one),
    /// from `state` (consumed): the next state and the loss averaged over
    /// the processes, before the update.
    ///
    /// - Throws: ``TrainingError/invalidConfiguration(_:)`` when the batch
    ///   does not split evenly over the processes; a ``DistributedError``
    ///   when the all-reduce fails; the programs' errors.
    func callAsFunction(_ state: Flattened<State>, _ images: Tensor, _ labels: Tensor) throws -> (state: Flattened<State>, loss: Tensor) {
        let rows = images.shape.first ?? 0
        guard rows % group.size == 0, labels.shape.first == rows else {
            throw TrainingError.invalidConfiguration(
                "a batch of \(rows) images and \(labels.shape.first ?? 0) labels does not split evenly over \(group.size) processes")
        }
        let share = rows / group.size, mine = group.rank * share ..< (group.rank + 1) * share
        let averaged = try group.allReduce(try gradient(state, images[mine], labels[mine]), .mean)
        return (try update(state, averaged.gradient), averaged.loss)
    }
}
