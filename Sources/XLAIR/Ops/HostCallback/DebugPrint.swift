/// `debug_print(values...)`: prints its operands on the host while the
/// program runs (JAX's `jax.debug.print`), through the
/// `hk_host_callback` custom call with the `debug_print` callback.
///
/// `format` is the text with `{0}`, `{1}`... standing for the operands
/// (`{{` and `}}` for braces). With `batch_dims` = k (from `vmap`), every
/// operand has the same k leading batch dimensions and the callback prints
/// once per example, the innermost `vmap`'s index varying slowest, as JAX
/// does. The result is an `i32` scalar order value: ``EffectOrdering``
/// feeds it to the next print (setting `ordered`, which marks the last
/// operand as that value) so XLA runs prints in program order.
public struct DebugPrint: ConfiguredOp {
    /// `debug_print`.
    public let name = "debug_print"

    /// The attributes: the format, the batch dimensions and whether the
    /// last operand is the order value.
    public struct Configuration: OpConfiguration {
        /// The text with `{0}`, `{1}`... for the operands.
        public var format: String
        /// How many leading batch dimensions every operand has.
        public var batchDims: Int
        /// Whether the last operand is the previous print's order value.
        public var ordered: Bool

        /// Reads `format`, `batch_dims` (0) and `ordered` (false).
        public init(_ attributes: AttributeReader) throws {
            format = try attributes.string("format")
            batchDims = try attributes.int("batch_dims", default: 0) ?? 0
            ordered = try attributes.bool("ordered", default: false) ?? false
        }
    }

    /// `format`; optionally `batch_dims` and `ordered`.
    public var attributeSchema: [AttributeSpec] {
        [AttributeSpec("format", .string), AttributeSpec("batch_dims", .int, required: false),
         AttributeSpec("ordered", .bool, required: false)]
    }

    /// Prints must run, once each, in order.
    public var isEffectful: Bool { true }

    /// The order value's type.
    public static let orderType = TensorType(.int32, [])

    /// One `i32` scalar, after checking the batch dimensions.
    public func inferResultTypes(_ context: InferenceContext) throws -> [TensorType] {
        var values = context.operandTypes
        let configuration = try configuration(of: context)
        if configuration.ordered {
            guard values.last == Self.orderType else { throw context.invalid("an ordered print ends with an i32 order value") }
            values.removeLast()
        }
        let batchDims = configuration.batchDims
        guard batchDims >= 0 else { throw context.invalidAttribute("batch_dims", "it cannot be negative") }
        if batchDims > 0 {
            guard let first = values.first, values.allSatisfy({ $0.shape.count >= batchDims }),
                  values.allSatisfy({ $0.shape.prefix(batchDims) == first.shape.prefix(batchDims) }) else {
                throw context.invalid("every operand needs the same \(batchDims) leading batch dimensions")
            }
        }
        return [Self.orderType]
    }

    /// `stablehlo.custom_call @hk_host_callback` (typed FFI, side effect,
    /// row-major layouts) with the callback's name and format in its
    /// dictionary `backend_config`.
    public func emit(_ instruction: Instruction, into writer: inout StableHLOWriter) throws {
        let configuration = try configuration(of: instruction)
        let valueCount = instruction.operands.count - (configuration.ordered ? 1 : 0)
        let config = [
            "batch_dims = \(configuration.batchDims) : i64",
            "callback = \"debug_print\"",
            "format = " + Self.mlirString(configuration.format),
            "values = \(valueCount) : i64",
        ]
        let layouts = instruction.operands.map { Self.rowMajorLayout(rank: $0.type.shape.count) }
        writer.operation("stablehlo.custom_call", instruction, properties: [
            "api_version = 4 : i32",
            "backend_config = {" + config.joined(separator: ", ") + "}",
            "call_target_name = \"hk_host_callback\"",
            "has_side_effect = true",
            "operand_layouts = [" + layouts.joined(separator: ", ") + "]",
            "result_layouts = [" + Self.rowMajorLayout(rank: 0) + "]",
        ])
    }

    /// A quoted MLIR string: printable ASCII kept, `"`, `\` and every other
    /// byte written as `\XX`.
    static func mlirString(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF")
        var result = "\""
        for byte in text.utf8 {
            if byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") {
                result.append(Character(Unicode.Scalar(byte)))
            } else {
                result += "\\" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0xF)])
            }
        }
        return result + "\""
    }

    /// The minor-to-major layout of a row-major array of `rank` dimensions.
    static func rowMajorLayout(rank: Int) -> String {
        rank == 0 ? "dense<> : tensor<0xindex>"
            : "dense<[" + (0..<rank).reversed().map(String.init).joined(separator: ", ") + "]> : tensor<\(rank)xindex>"
    }
}

extension DebugPrint {
    /// Printing has no derivative: nothing flows back, and the backward
    /// pass prints nothing (JAX's transpose of a debug callback).
    public var differentiability: Differentiability { .zeroGradient }

    /// Every operand gets the new batch dimension first (an unbatched one
    /// is broadcast, as JAX passes it to every example) and `batch_dims`
    /// grows by one; the order value stays unbatched.
    public var batching: Batching {
        .rule { e in
            let operands = try e.operands.indices.map { try e.leading($0) }
            var attributes = e.attributes
            attributes["batch_dims"] = .int(try configuration(e.attributes, at: e.location).batchDims + 1)
            return try e.append(.debugPrint, operands, attributes: attributes).map { ($0, nil) }
        }
    }
}

extension Op {
    /// A print at run time; see ``DebugPrint``.
    public static let debugPrint = Op(DebugPrint())
}
