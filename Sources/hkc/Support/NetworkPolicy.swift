import ArgumentParser
import Haiku

/// `--policy` of `hkc train` and `hkc bench`: a jmp policy string
/// (`p=f32,c=bf16,o=f32`) set, as `hk.mixed_precision.set_policy`, on the
/// outermost module class of the network, with batch norm kept in float32
/// (parameters and computation; its output in the compute dtype), the
/// recipe of Haiku's ImageNet example.
struct NetworkPolicy {
    /// The network's policy.
    let policy: Policy

    /// The policy `text` names.
    ///
    /// - Throws: a `ValidationError` with jmp's message for a string it
    ///   does not parse.
    init(_ text: String) throws {
        do { policy = try Policy(text) } catch { throw ValidationError("--policy: \(error)") }
    }

    /// Batch norm's policy under ``policy``: float32 parameters and
    /// computation, output in the network's compute dtype.
    var batchNormPolicy: Policy { Policy(param: .float32, compute: .float32, output: policy.computeDType) }

    /// Sets ``policy`` on `network` (the class of the network's outermost
    /// module) and, when the network has batch norm, ``batchNormPolicy`` on
    /// `BatchNorm`, for the rest of the process.
    func apply(to network: Module.Type, batchNorm: Bool) {
        setPolicy(for: network, policy)
        if batchNorm { setPolicy(for: BatchNorm.self, batchNormPolicy) }
    }
}

extension BenchmarkModel {
    /// The class of the network's outermost module, which `--policy` goes
    /// on, and whether the network has batch norm; nil for the models
    /// `--policy` does not take (lstm, transformer, vqvae).
    var policyTarget: (network: Module.Type, batchNorm: Bool)? {
        switch self {
        case .mlp: (MLP.self, false)
        case .cnn: (Sequential.self, false)
        case .mobilenet: (MobileNetV1.self, true)
        case .resnet18: (ResNet18.self, true)
        case .resnet50: (ResNet50.self, true)
        case .lstm, .transformer, .vqvae: nil
        }
    }
}

extension TrainModel {
    /// As ``BenchmarkModel/policyTarget``: for mlp, cnn and resnet18.
    var policyTarget: (network: Module.Type, batchNorm: Bool)? {
        BenchmarkModel(rawValue: rawValue)?.policyTarget
    }
}
