import Testing
import XLARuntime

/// Reading `@main`'s signature from StableHLO text.
@Suite struct SignatureTests {
    @Test func readsJAXStyleSignatures() throws {
        let text = """
        module @jit_f attributes {mhlo.num_partitions = 1 : i32} {
          func.func public @main(%arg0: tensor<2x3xf32> {jax.buffer_donor = true}, %arg1: tensor<i32>, %arg2: tensor<4xbf16> {tf.aliasing_output = 0 : i32}) -> (tensor<2x3xf32> {jax.result_info = "result[0]"}, tensor<i1>) {
            return %arg0, %arg1 : tensor<2x3xf32>, tensor<i1>
          }
        }
        """
        let signature = try ProgramSignature(parsing: text)
        #expect(signature.parameters == [TensorType(.float32, [2, 3]), TensorType(.int32, []), TensorType(.bfloat16, [4])])
        #expect(signature.results == [TensorType(.float32, [2, 3]), TensorType(.bool, [])])
        #expect(signature.donatedParameters == [0, 2])
    }

    @Test func readsASingleUnparenthesizedResultAndNoParameters() throws {
        let signature = try ProgramSignature(parsing: "func.func @main() -> tensor<3xui8> {\n}")
        #expect(signature.parameters.isEmpty)
        #expect(signature.results == [TensorType(.uint8, [3])])
    }

    @Test func rejectsDynamicShapes() {
        let error = #expect(throws: XLAError.self) {
            try ProgramSignature(parsing: "func.func public @main(%a: tensor<?xf32>) -> tensor<?xf32> {}")
        }
        #expect(error?.description.contains("tensor<?xf32>") == true)
    }

    @Test func serializesMinimalCompileOptions() throws {
        // CompileOptionsProto { executable_build_options { num_replicas: 1, num_partitions: 1 } }
        #expect(CompileOptions().deviceCount == 1)
        #expect(CompileOptions(replicas: 4).deviceCount == 4)
    }
}
