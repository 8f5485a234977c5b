import Foundation
import NumericsSupport
import Testing
import XLAIR

/// The gather and scatter ops: parsed from text, verified, printed back
/// identically, lowered to StableHLO and run on both CPU plugins, they agree
/// with lax.gather / lax.scatter_* (JAX 0.11.2, promise_in_bounds) from
/// `Scripts/fixtures/indexing.py`; bad dimension numbers are clear errors.
@Suite struct GatherScatterIRTests {
    static let cases: [OpCase] = {
        struct File: Decodable { let jax: String, cases: [OpCase] }
        let url = FixtureFiles.url("gather_scatter.json")
        do {
            let file = try JSONDecoder().decode(File.self, from: Data(contentsOf: url))
            precondition(file.jax == "0.11.2", "gather_scatter.json is from jax \(file.jax)")
            return file.cases
        } catch {
            fatalError("Fixtures/gather_scatter.json does not decode: \(error)")
        }
    }()

    @Test(arguments: cases)
    func matchesJAXOnBothPlugins(_ opCase: OpCase) throws {
        let program = try Program(parsing: opCase.programText)
        try program.verify()
        #expect(try Program(parsing: program.irText).irText == program.irText)
        for plugin in cpuPlugins {
            let outputs = try run(program, opCase.inputs.map(\.literal), plugin: plugin)
            for (output, expected) in zip(outputs, opCase.outputs.map(\.literal)) {
                if let mismatch = FixtureTests.firstMismatch(output, expected, rtol: nil, atol: nil) {
                    Issue.record("\(plugin): \(mismatch)")
                }
            }
        }
    }

    @Test func casesCoverBatchingDimsAndEveryCombiner() {
        let programs = Self.cases.map(\.program)
        #expect(programs.contains { $0.contains("operand_batching_dims") })
        #expect(programs.contains { $0.contains("input_batching_dims") })
        for kind in ScatterKind.allCases {
            #expect(programs.contains { $0.contains("kind = \"\(kind.rawValue)\"") }, "\(kind)")
        }
    }

    /// The message of the error appending `op` throws, or "no error".
    static func error(_ op: Op, _ operands: [TensorType], _ attributes: Attributes) -> String {
        let builder = FunctionBuilder()
        let values = operands.map { builder.parameter($0) }
        do {
            _ = try builder.append(op, values, attributes: attributes, location: "model.swift:7")
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func badGathersAreErrorsNamingTheAttribute() {
        let operand = TensorType(.float32, [5, 3])
        let indices = TensorType(.int32, [4, 1])
        let rows = GatherDimensions(offsetDims: [1], collapsedSliceDims: [0], startIndexMap: [0], indexVectorDim: 1,
                                    sliceSizes: [1, 3])
        #expect(Self.error(.gather, [operand, indices], rows.attributes) == "no error")
        var bad = rows
        bad.sliceSizes = [1]
        var tooBig = rows
        tooBig.sliceSizes = [1, 4]
        var wide = rows
        wide.sliceSizes = [2, 3]
        var offsets = rows
        offsets.offsetDims = [0, 1]
        var map = rows
        map.startIndexMap = [0, 1]
        var vector = rows
        vector.indexVectorDim = 3
        var batching = rows
        batching.operandBatchingDims = [1]
        batching.startIndicesBatchingDims = [0]
        batching.collapsedSliceDims = [0]
        batching.sliceSizes = [1, 1]
        batching.offsetDims = []
        let cases: [(TensorType, GatherDimensions, [String])] = [
            (TensorType(.float32, [4, 1]), rows, ["gather at model.swift:7", "indices must be integers"]),
            (indices, bad, ["slice_sizes", "1 entries for rank 2"]),
            (indices, tooBig, ["slice_sizes", "does not fit"]),
            (indices, wide, ["slice size must be 1"]),
            (indices, offsets, ["offset_dims", "2 entries for 1 kept"]),
            (indices, map, ["start_index_map", "index vectors of size 1"]),
            (indices, vector, ["index_vector_dim", "out of range"]),
            (indices, batching, ["operand batching dimension 1 has size 3", "dimension 0 has size 4"]),
        ]
        for (indexType, dims, parts) in cases {
            let message = Self.error(.gather, [operand, indexType], dims.attributes)
            for part in parts {
                #expect(message.contains(part), "expected \"\(part)\" in: \(message)")
            }
        }
    }

    @Test func badScattersAreErrorsNamingTheProblem() {
        let operand = TensorType(.float32, [5, 3])
        let indices = TensorType(.int32, [4, 1])
        let dims = ScatterDimensions(updateWindowDims: [1], insertedWindowDims: [0], scatterDimsToOperandDims: [0],
                                     indexVectorDim: 1, kind: .add)
        #expect(Self.error(.scatter, [operand, indices, TensorType(.float32, [4, 3])], dims.attributes) == "no error")
        var unknown = dims.attributes
        unknown["kind"] = .string("sub")
        let cases: [([TensorType], Attributes, [String])] = [
            ([operand, indices, TensorType(.int32, [4, 3])], dims.attributes, ["element type"]),
            ([operand, indices, TensorType(.float32, [3, 3])], dims.attributes, ["[3]", "batch dimensions [4]"]),
            ([operand, indices, TensorType(.float32, [4, 4])], dims.attributes, ["larger than operand dimension 1"]),
            ([operand, indices, TensorType(.float32, [4])], dims.attributes, ["1 scatter dimensions and 1 window"]),
            ([TensorType(.bool, [5, 3]), indices, TensorType(.bool, [4, 3])], dims.attributes, ["add needs numeric"]),
            ([operand, indices, TensorType(.float32, [4, 3])], unknown, ["kind", "'sub' is not one of"]),
        ]
        for (types, attributes, parts) in cases {
            let message = Self.error(.scatter, types, attributes)
            for part in parts {
                #expect(message.contains(part), "expected \"\(part)\" in: \(message)")
            }
        }
    }
}
