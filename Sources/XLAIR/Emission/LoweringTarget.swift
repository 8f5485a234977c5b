/// The platform a program is lowered for, which decides the lowering
/// choices measured on one platform only.
///
/// Some ops are not written as the StableHLO op of the same name on XLA CPU,
/// because XLA CPU runs that op much slower than an equivalent: a
/// convolution with a small spatial size becomes tap slices and one dot,
/// only its live outputs are computed, and the input gradient of a small
/// layer reverses the cotangent instead of the kernel (Docs/Convolution.md,
/// "Lowering"). Those choices were measured on XLA CPU only, so every other
/// platform gets the standard forms, as JAX emits them.
///
/// `jit` lowers for the platform of the client it compiles on and sets
/// ``current`` while it traces (the gradient's choice is made then); set
/// ``current`` around a `jit` call yourself to lower for another platform,
/// for example to print or test the program a GPU would get on a machine
/// without one:
///
/// ```swift
/// let text = try LoweringTarget.$current.withValue(.standard) {
///     try jit { (x: Tensor, w: Tensor) in convGeneralDilated(x, w, windowStrides: [1, 1], padding: .same) }
///         .lower(Tensor.zeros([1, 3, 2, 2]), Tensor.zeros([4, 3, 3, 3])).stableHLO()
/// }
/// ```
public enum LoweringTarget: String, Sendable, Hashable, CaseIterable {
    /// XLA CPU: the forms measured faster there (tap forms, live outputs,
    /// the mirrored input gradient).
    case xlaCPU = "cpu"
    /// Any other platform (CUDA, ROCm, TPU): every convolution is one
    /// `stablehlo.convolution`, and gradients take JAX's form.
    case standard

    /// The target for a client of the PJRT platform `platform` (its
    /// `PJRT_Client_PlatformName`, such as `cpu` or `cuda`).
    public init(platform: String) {
        self = platform.lowercased() == "cpu" ? .xlaCPU : .standard
    }

    /// The target code traced in this task is lowered for: set by `jit` while
    /// it traces, or by you to choose one. Nil outside both, where traced code
    /// takes ``xlaCPU``'s choices (``resolved``).
    @TaskLocal public static var current: LoweringTarget?

    /// ``current``, or ``xlaCPU`` when nothing chose one.
    public static var resolved: LoweringTarget { current ?? .xlaCPU }
}
