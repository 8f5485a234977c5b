import Haiku

/// The first module of Haiku's Basics colab: `x · w + b`
/// with `w` from `TruncatedNormal(1/√j)` and `b` ones. Shared by the
/// Basics tests; its class name gives the default name `my_linear1`.
final class MyLinear1: Module {
    let outputSize: Int

    init(outputSize: Int, name: ModuleName = nil) {
        self.outputSize = outputSize
        super.init(name: name)
    }

    func callAsFunction(_ x: Tensor) -> Tensor {
        method(x) { x in
            let j = x.shape.last!, k = outputSize
            let w = parameter("w", shape: [j, k], dtype: x.dtype, init: TruncatedNormal(stddev: 1 / Double(j).squareRoot()))
            let b = parameter("b", shape: [k], dtype: x.dtype, init: .ones)
            return matmul(x, w) + b
        }
    }
}
