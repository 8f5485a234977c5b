/// A mixed-precision policy (jmp's `Policy`): the dtype parameters are
/// stored in, the dtype a module computes in, and the dtype its outputs
/// leave in. Only floating-point tensors are cast; integers and booleans
/// pass unchanged.
///
/// ```swift
/// let policy = try Policy("params=float32,compute=bfloat16,output=float32")
/// setPolicy(for: MLP.self, policy)
/// ```
public struct Policy: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The dtype parameters are created (and kept) in.
    public var paramDType: ElementType
    /// The dtype inputs and parameters are cast to inside a module's method.
    public var computeDType: ElementType
    /// The dtype a module's outputs are cast to.
    public var outputDType: ElementType

    /// A policy of the three dtypes.
    public init(param: ElementType, compute: ElementType, output: ElementType) {
        paramDType = param
        computeDType = compute
        outputDType = output
    }

    /// The policy `string` names, as `jmp.get_policy` parses it: either one
    /// dtype for all three (`"f32"`, `"bf16"`, `"half"`) or comma-separated
    /// `key=dtype` parts with keys `params`/`p`, `compute`/`c`,
    /// `output`/`o`. Parameters default to float32, compute follows
    /// parameters and output follows compute (`"c=f16"` is
    /// `p=f32,c=f16,o=f16`). Dtypes: `full`, `f32`, `float32`, `bf16`,
    /// `bfloat16`, `f16`, `float16`, `f64`, `float64`, and `half` (float16:
    /// this runtime runs on CPUs and GPUs, where jmp picks float16).
    ///
    /// - Throws: ``HaikuError/invalidArgument(_:location:)`` naming the
    ///   unknown key or dtype, or the part that is not `key=dtype`, with
    ///   jmp's wording.
    public init(_ string: String) throws(HaikuError) {
        guard string.contains("=") else {
            let dtype = try Policy.dtype(named: string)
            self.init(param: dtype, compute: dtype, output: dtype)
            return
        }
        var param = ElementType.float32
        var compute: ElementType?
        var output: ElementType?
        for part in string.split(separator: ",", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "=", omittingEmptySubsequences: false)
            guard pieces.count == 2 else {
                let problem = pieces.count < 2 ? "not enough values to unpack (expected 2, got \(pieces.count))"
                    : "too many values to unpack (expected 2)"
                throw HaikuError.invalidArgument("Policy: '\(part)' in '\(string)' is not key=dtype: \(problem)", location: nil)
            }
            let key = String(pieces[0])
            let dtype = try Policy.dtype(named: String(pieces[1]))
            switch key {
            case "p", "params": param = dtype
            case "c", "compute": compute = dtype
            case "o", "output": output = dtype
            default:
                throw HaikuError.invalidArgument(
                    "Unknown key '\(key)' in '\(string)' should be 'params', 'compute' or 'output'.", location: nil)
            }
        }
        let resolvedCompute = compute ?? param
        self.init(param: param, compute: resolvedCompute, output: output ?? resolvedCompute)
    }

    /// The same policy with outputs in `dtype` (jmp's `with_output_dtype`).
    public func withOutputDType(_ dtype: ElementType) -> Policy {
        Policy(param: paramDType, compute: computeDType, output: dtype)
    }

    /// jmp's short form, `p=f32,c=bf16,o=f32`.
    public var description: String {
        "p=\(Policy.shortName(paramDType)),c=\(Policy.shortName(computeDType)),o=\(Policy.shortName(outputDType))"
    }

    /// The floating-point tensors of `tree` cast to the parameter dtype.
    public func castToParam<Tree: TensorTree>(_ tree: Tree) -> Tree { castFloatingPoint(tree, to: paramDType) }
    /// The floating-point tensors of `tree` cast to the compute dtype.
    public func castToCompute<Tree: TensorTree>(_ tree: Tree) -> Tree { castFloatingPoint(tree, to: computeDType) }
    /// The floating-point tensors of `tree` cast to the output dtype.
    public func castToOutput<Tree: TensorTree>(_ tree: Tree) -> Tree { castFloatingPoint(tree, to: outputDType) }

    /// The dtypes a policy string may name, each with its spellings, the
    /// short one (the one ``description`` writes) first.
    static let dtypeNames: [(ElementType, [String])] = [
        (.bfloat16, ["bf16", "bfloat16"]),
        (.float16, ["f16", "float16"]),
        (.float32, ["full", "f32", "float32"]),
        (.float64, ["f64", "float64"]),
    ]

    /// The dtype a policy string's `name` means.
    static func dtype(named name: String) throws(HaikuError) -> ElementType {
        if name == "half" { return .float16 }
        guard let dtype = dtypeNames.first(where: { $0.1.contains(name) })?.0 else {
            throw HaikuError.invalidArgument(
                "Unknown dtype '\(name)' must be full,half,float16,bfloat16 or a contraction thereof "
                    + "(e.g. 'f' for 'full', 'bf16' for 'bfloat16')", location: nil)
        }
        return dtype
    }

    /// The first spelling of `dtype`, or its plain name for a dtype no
    /// policy string names.
    static func shortName(_ dtype: ElementType) -> String {
        dtypeNames.first { $0.0 == dtype }?.1.first ?? dtype.name
    }
}

/// `tree` with its floating-point tensors converted to `dtype`.
func castFloatingPoint<Tree: TensorTree>(_ tree: Tree, to dtype: ElementType) -> Tree {
    tree.mapTensors { $0.dtype.isFloatingPoint ? $0.converted(to: dtype) : $0 }
}
