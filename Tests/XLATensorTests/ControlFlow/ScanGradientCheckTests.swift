import Testing
import XLATensor

extension GradientCheckTests {
    /// A scan whose body stacks several outputs and reads captured tensors:
    /// the reverse loop reads the outputs' cotangents a row a step instead
    /// of carrying them, which must not change the gradient, forward or
    /// reversed.
    @Test func scanWithStackedOutputsAndCaptures() throws {
        let inputs = [Input(shape: [3]), Input(shape: [5, 3]), Input(shape: [3, 3], range: -1...1), Input(shape: [3])]
        for reverse in [false, true] {
            try check("scan (reverse: \(reverse))", inputs) { x in
                let (carry, ys) = scan(x[0], x[1], reverse: reverse) { h, input in
                    let next = tanh(matmul(h, x[2]) + input)
                    return (next, [next * x[3], sin(next)])
                }
                return concatenate([carry.reshaped([1, 3]), ys[0], ys[1] * ys[1]])
            }
        }
    }

    /// A batched recurrence with a weight matrix and a bias: their
    /// cotangents are one product and one sum over every step after the
    /// reverse loop instead of a product and a sum a step, which must not
    /// change the gradient, forward or reversed.
    @Test func scanWithABatchedMatrixProductAndBias() throws {
        let inputs = [Input(shape: [2, 3]), Input(shape: [5, 2, 3]), Input(shape: [3, 3], range: -1...1), Input(shape: [3])]
        for reverse in [false, true] {
            try check("scan with a weight and bias (reverse: \(reverse))", inputs) { x in
                let (carry, ys) = scan(x[0], x[1], reverse: reverse) { h, input in
                    let next = tanh(matmul(h, x[2]) + x[3] + input)
                    return (next, next * next)
                }
                return concatenate([carry.reshaped([1, 6]), ys.reshaped([5, 6])])
            }
        }
    }
}
