import Haiku
import Training

/// The `vqvae` model of `hkc bench` and `hkc summary`, as `Scripts/bench-jax
/// vqvae` builds it in Haiku: ``VQVAEModel`` with its defaults on MNIST-sized
/// images `[B, 28, 28, 1]` (a `[B, 7, 7, 16]` latent, 64 codes).
enum VQVAEBenchmarkModel {
    /// The shape of one image.
    static let exampleShape = [28, 28, 1]

    /// The network in training mode, transformed with its codebook as state.
    static var forward: TransformedWithState<Tensor, VQVAEOutput> {
        transformWithState { (images: Tensor) in VQVAEModel()(images, isTraining: true) }
    }
}
