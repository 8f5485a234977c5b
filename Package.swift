// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "haiku-swift",
    products: [
        .library(name: "XLARuntime", targets: ["XLARuntime"]),
        .library(name: "XLAIR", targets: ["XLAIR"]),
        .library(name: "XLATensor", targets: ["XLATensor"]),
        // `import Haiku` re-exports the tensors, checkpoints and optimizers it is built over.
        .library(name: "Haiku", targets: ["Haiku", "XLATensor", "Checkpoints", "Optimizers"]),
        .library(name: "Checkpoints", targets: ["Checkpoints"]),
        .library(name: "Optimizers", targets: ["Optimizers"]),
        .library(name: "Datasets", targets: ["Datasets"]),
        .library(name: "Distributed", targets: ["Distributed"]),
        .executable(name: "hkc", targets: ["hkc"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // The PJRT C API (header fetched by Scripts/bootstrap) and a dlopen shim.
        .target(name: "CXLA", path: "CXLA", linkerSettings: [.linkedLibrary("dl")]),
        // Element types and tensor types shared by the runtime and the IR.
        .target(name: "XLATypes"),
        // The package's one file helper: whole-file reads, atomic durable writes, directories.
        .target(name: "FileSystem"),
        // Plugins, clients, devices, buffers, compilation, execution, caches.
        .target(name: "XLARuntime", dependencies: ["CXLA", "XLATypes", "FileSystem"]),
        // The HLO-like IR: functions, ops with their rules, passes, StableHLO emission.
        .target(name: "XLAIR", dependencies: ["XLATypes"]),
        // Tensor: the NumPy/JAX-style API, dtype rules, tracing, transformations.
        .target(name: "XLATensor", dependencies: ["XLATypes", "XLAIR", "XLARuntime"]),
        // Checkpoints: safetensors files for params/state/optimizer state, NumPy .npz/.npy.
        .target(name: "Checkpoints", dependencies: ["XLATensor", "CZlib", "FileSystem"]),
        // Optimizers: optax-style gradient transformations, schedules and chains.
        .target(name: "Optimizers", dependencies: ["XLATensor"]),
        // Haiku: modules, transform, parameters/state/random keys, initializers, layers.
        .target(name: "Haiku", dependencies: ["XLATensor", "Checkpoints", "Optimizers"]),
        // zlib (Debian zlib1g-dev): gzipped idx files, deflated npz entries, CRC-32.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Datasets: idx readers, MNIST and Fashion-MNIST (Scripts/fetch-data), seeded prefetching batches.
        .target(name: "Datasets", dependencies: ["XLATypes", "XLATensor", "CZlib"]),
        // Several processes over TCP: a process group, its all-reduce of floats and tensor trees, a launcher.
        .target(name: "Distributed", dependencies: ["XLATensor"]),
        // The training loop hkc train runs: an MLP or CNN classifier, Adam, evaluation, checkpoints.
        .target(name: "Training", dependencies: ["Haiku", "Checkpoints", "Optimizers", "Datasets", "Distributed"]),
        .executableTarget(
            name: "hkc",
            dependencies: [
                "XLAIR",
                "XLARuntime",
                "XLATensor",
                "Checkpoints",
                "Haiku",
                "Training",
                "Datasets",
                "Distributed",
                "FileSystem",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // Calls public entry points with bad input, one probe at a time (run by CrashRegressionTests).
        .executableTarget(name: "hkprobe", dependencies: ["Haiku", "Datasets"]),
        // Examples from Docs/, built with everything else so they keep compiling.
        .executableTarget(name: "RuntimeExample", dependencies: ["XLARuntime"], path: "Docs/Examples/RuntimeExample"),
        .executableTarget(name: "TensorExample", dependencies: ["XLATensor"], path: "Docs/Examples/TensorExample"),
        .executableTarget(name: "HaikuExample", dependencies: ["Haiku", "Training", "Datasets"], path: "Docs/Examples/HaikuExample"),
        // Test support: fixture locations and the derived tolerance for contraction results.
        .target(name: "NumericsSupport", path: "Tests/NumericsSupport"),
        // Test support: running an executable of this build in a child process.
        .target(name: "ProcessSupport", path: "Tests/ProcessSupport"),
        .testTarget(name: "XLATypesTests", dependencies: ["XLATypes"]),
        .testTarget(name: "XLARuntimeTests", dependencies: ["XLARuntime", "FileSystem", "NumericsSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "XLATensorTests", dependencies: ["XLATensor", "XLAIR", "XLARuntime", "NumericsSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "Haiku", "Checkpoints", "Datasets", "Distributed", "NumericsSupport"], exclude: ["Fixtures"]),
        // Runs the built hkc executable (swift build puts it beside the test bundle).
        .testTarget(name: "HKCTests", dependencies: ["ProcessSupport", "Distributed"]),
        // Runs the built hkprobe executable over every probe, restarting it after a crash.
        .testTarget(name: "CrashRegressionTests", dependencies: ["ProcessSupport"]),
        // Also runs the built HaikuExample (the ported guides) and checks what it prints.
        .testTarget(name: "HaikuTests", dependencies: ["Haiku", "XLARuntime", "NumericsSupport", "ProcessSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "OptimizersTests", dependencies: ["Optimizers", "Haiku", "NumericsSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "CheckpointsTests", dependencies: ["Checkpoints", "XLATensor", "FileSystem", "Haiku", "CZlib", "NumericsSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "CZlib"]),
        // Process groups over loopback TCP: joining, all-reduce, missing peers (threads of this process).
        .testTarget(name: "DistributedTests", dependencies: ["Distributed", "XLATensor"]),
        .testTarget(name: "XLAIRTests", dependencies: ["XLAIR", "XLARuntime", "NumericsSupport"], exclude: ["Fixtures"]),
        // Reads Docs/*.md and Sources/: every Swift name and repository path a page mentions exists.
        .testTarget(name: "DocsTests"),
    ]
)
