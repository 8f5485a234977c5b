import Checkpoints
import Haiku

/// Checks that `tensors`, read from a checkpoint, have the names, shapes and
/// dtypes of `model`'s (its `what`: parameters or state) and are finite.
///
/// - Throws: ``TrainingError/mismatchedCheckpoint(_:)`` when they differ,
///   ``TrainingError/nonFiniteCheckpoint(_:)`` naming a floating-point
///   tensor that holds a NaN or an infinity (training would only spread it).
func checkMatching(_ tensors: Params, _ model: Params, what: String) throws {
    guard tensors.mapValues({ $0.mapValues(\.type) }) == model.mapValues({ $0.mapValues(\.type) }) else {
        throw TrainingError.mismatchedCheckpoint("its \(what) differ from the model's")
    }
    for (module, entries) in tensors.sorted(by: { $0.key < $1.key }) {
        for (name, tensor) in entries.sorted(by: { $0.key < $1.key }) where tensor.dtype.isFloatingPoint {
            guard try isFinite(tensor).all().item(as: Bool.self) else {
                throw TrainingError.nonFiniteCheckpoint("\(module)/\(name)")
            }
        }
    }
}
