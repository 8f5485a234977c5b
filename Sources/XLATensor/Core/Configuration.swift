import Synchronization

/// Scoped switches that change how tensors behave, like JAX's config flags.
///
/// Each has a process-wide default and can be overridden for a block of
/// code (task-locally, so parallel tests do not race):
///
/// ```swift
/// Configuration.withX64 {
///     let x = Tensor([1.0, 2.0])   // float64
/// }
/// ```
public enum Configuration {
    private static let defaults = Mutex(Defaults())

    private struct Defaults {
        var x64 = false
        var threefryPartitionable = false
    }

    @TaskLocal private static var x64Override: Bool?
    @TaskLocal private static var threefryPartitionableOverride: Bool?

    /// Whether 64-bit types are enabled (JAX's `jax_enable_x64`). Off by
    /// default: `Double` data and float literals make `float32`, `Int` makes
    /// `int32`.
    public static var x64: Bool {
        x64Override ?? defaults.withLock { $0.x64 }
    }

    /// Sets the process-wide default of ``x64``.
    public static func setDefaultX64(_ enabled: Bool) {
        defaults.withLock { $0.x64 = enabled }
    }

    /// Runs `body` with ``x64`` set to `enabled`.
    public static func withX64<Result>(_ enabled: Bool = true, _ body: () throws -> Result) rethrows -> Result {
        try $x64Override.withValue(enabled, operation: body)
    }

    /// Whether random keys are split and random bits drawn the way JAX does
    /// with `jax_threefry_partitionable=True` (JAX's default since 0.5).
    /// Off by default here, so that the numbers printed in Haiku's
    /// documentation, made with the older scheme, are reproduced. Both
    /// schemes give the same keys from a seed and from ``foldIn(_:_:)``;
    /// they differ in ``split(_:_:)`` and ``randomBits(_:bitWidth:shape:)``
    /// (hence every sampler).
    public static var threefryPartitionable: Bool {
        threefryPartitionableOverride ?? defaults.withLock { $0.threefryPartitionable }
    }

    /// Sets the process-wide default of ``threefryPartitionable``.
    public static func setDefaultThreefryPartitionable(_ enabled: Bool) {
        defaults.withLock { $0.threefryPartitionable = enabled }
    }

    /// Runs `body` with ``threefryPartitionable`` set to `enabled`.
    ///
    /// ```swift
    /// let keys = Configuration.withThreefryPartitionable { split(PRNGKey(0), 3) }
    /// ```
    public static func withThreefryPartitionable<Result>(_ enabled: Bool = true,
                                                         _ body: () throws -> Result) rethrows -> Result {
        try $threefryPartitionableOverride.withValue(enabled, operation: body)
    }
}
