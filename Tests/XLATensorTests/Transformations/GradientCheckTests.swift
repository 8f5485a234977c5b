import Foundation
import Testing
import XLATensor

/// Every differentiable op of the tensor API: `grad` against central finite
/// differences in float64 on seeded random inputs away from kinks, plus
/// exact checks of JAX's conventions where a derivative is not defined by
/// the math (kinks, ties, zero-gradient ops, integer inputs).
///
/// A function `f` of several tensors is checked through the scalar
/// `sum(f(x) · w)` with a fixed random `w`, so every output element gets a
/// different cotangent. Central differences with step `1e-6·max(1, |x|)`
/// are accurate to about `1e-9` of the gradient's scale in float64, so a
/// component passes when `|analytic - numeric| <= 1e-6 · max(|numeric|,
/// largest |numeric| of that input)`: relative to the component, or to the
/// gradient's scale for components near zero, where the difference
/// quotient's own rounding dominates.
///
/// Against JAX 0.11.2 (Tests/XLATensorTests/Fixtures/grads.json from
/// Scripts/fixtures/grads.py, float32, eagerly and under `jit`): a value
/// passes when `|actual - expected| <= 1e-6 · |expected| + 1e-6 · s`, `s`
/// the largest finite `|expected|` of that tensor; NaN matches NaN and
/// infinities match exactly. The `1e-6 · s` term covers components that are
/// sums with cancellation (bias gradients over a batch, softmax cotangents,
/// standardize's one-pass variance), whose rounding error is that of the
/// tensor's scale, not of the small result.
@Suite struct GradientCheckTests {
    /// SplitMix64, so inputs are the same on every run.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// An input: its shape and the range its values are drawn from, with
    /// `avoiding` points (kinks) kept at least `margin` away.
    struct Input {
        var shape: [Int]
        var range: ClosedRange<Double> = -2...2
        var avoiding: [Double] = []
        var margin = 0.05
    }

    /// Float64 values for `input`, drawn from `generator`.
    static func values(_ input: Input, _ generator: inout Generator) -> [Double] {
        (0..<input.shape.reduce(1, *)).map { _ in
            while true {
                let value = Double.random(in: input.range, using: &generator)
                if input.avoiding.allSatisfy({ Swift.abs(value - $0) >= input.margin }) { return value }
            }
        }
    }

    /// Checks `grad` of `sum(f(x) · w)` against central differences, eagerly
    /// and under `jit`, at seeded random inputs of the given shapes.
    func check(_ name: String, _ inputs: [Input], seed: UInt64 = 1, rtol: Double = 1e-6,
                      sourceLocation: SourceLocation = #_sourceLocation,
                      _ f: @escaping ([Tensor]) -> Tensor) throws {
        try Configuration.withX64 {
            var generator = Generator(state: seed)
            let points = inputs.map { Self.values($0, &generator) }
            let tensors = zip(points, inputs).map { Tensor($0, shape: $1.shape, dtype: .float64) }
            let output = f(tensors)
            #expect(output.dtype == .float64, "\(name): output dtype \(output.dtype)", sourceLocation: sourceLocation)
            let weights = Tensor(Self.values(Input(shape: output.shape), &generator), shape: output.shape, dtype: .float64)
            let loss = { (x: [Tensor]) in (f(x) * weights).sum() }
            let eager = grad(loss)(tensors)
            let jitted = try jit { (x: [Tensor]) in grad(loss)(x) }(tensors)
            let compiledLoss = jit { (x: [Tensor]) in loss(x) }
            for (index, input) in inputs.enumerated() {
                var numeric: [Double] = []
                for element in points[index].indices {
                    let step = 1e-6 * Swift.max(1, Swift.abs(points[index][element]))
                    func shifted(_ delta: Double) throws -> Double {
                        var moved = tensors
                        var values = points[index]
                        values[element] += delta
                        moved[index] = Tensor(values, shape: input.shape, dtype: .float64)
                        return try compiledLoss(moved).item(as: Double.self)
                    }
                    numeric.append((try shifted(step) - (try shifted(-step))) / (2 * step))
                }
                let scale = numeric.map(Swift.abs).max() ?? 0
                for (mode, gradient) in [("eager", eager), ("jit", jitted)] {
                    #expect(gradient[index].dtype == .float64 && gradient[index].shape == input.shape,
                            "\(name) (\(mode)): gradient \(index) is \(gradient[index].type)", sourceLocation: sourceLocation)
                    let analytic = try gradient[index].scalars(as: Double.self)
                    for (element, (a, n)) in zip(analytic, numeric).enumerated() {
                        #expect(Swift.abs(a - n) <= rtol * Swift.max(Swift.abs(n), scale),
                                "\(name) (\(mode)): d/dx\(index)[\(element)] = \(a), finite differences \(n)",
                                sourceLocation: sourceLocation)
                    }
                }
            }
        }
    }

    /// One-input form of ``check(_:_:seed:rtol:sourceLocation:_:)``.
    func check(_ name: String, _ input: Input, seed: UInt64 = 1, rtol: Double = 1e-6,
                      sourceLocation: SourceLocation = #_sourceLocation,
                      _ f: @escaping (Tensor) -> Tensor) throws {
        try check(name, [input], seed: seed, rtol: rtol, sourceLocation: sourceLocation) { f($0[0]) }
    }

    /// The gradient of `sum(f(x))` at float32 `x`, eagerly.
    func pullback(_ f: @escaping (Tensor) -> Tensor, at x: [Double]) throws -> [Float] {
        try grad { (x: Tensor) in f(x).sum() }(Tensor(x)).scalars(as: Float.self)
    }

    // MARK: Elementwise

    @Test func unaryMath() throws {
        let away = Input(shape: [2, 3])
        try check("neg", away) { -$0 }
        try check("abs", Input(shape: [2, 3], avoiding: [0])) { abs($0) }
        try check("exp", away) { exp($0) }
        try check("expm1", away) { expm1($0) }
        try check("log", Input(shape: [2, 3], range: 0.2...3)) { log($0) }
        try check("log1p", Input(shape: [2, 3], range: -0.8...3)) { log1p($0) }
        try check("sqrt", Input(shape: [2, 3], range: 0.2...3)) { sqrt($0) }
        try check("rsqrt", Input(shape: [2, 3], range: 0.2...3)) { rsqrt($0) }
        try check("cbrt", Input(shape: [2, 3], avoiding: [0], margin: 0.2)) { cbrt($0) }
        try check("tanh", away) { tanh($0) }
        try check("logistic", away) { logistic($0) }
        try check("sin", away) { sin($0) }
        try check("cos", away) { cos($0) }
        try check("tan", Input(shape: [2, 3], range: -1.2...1.2)) { tan($0) }
        try check("erf", away) { erf($0) }
        try check("erfc", away) { erfc($0) }
        try check("erfInv", Input(shape: [2, 3], range: -0.9...0.9)) { erfInv($0) }
        try check("x * x * x", away) { $0 * $0 * $0 }
    }

    @Test func binaryMathWithBroadcasting() throws {
        let (a, b) = (Input(shape: [2, 3]), Input(shape: [3], avoiding: [0], margin: 0.3))
        try check("add", [a, b]) { $0[0] + $0[1] }
        try check("sub", [a, b]) { $0[0] - $0[1] }
        try check("mul", [a, Input(shape: [2, 1])]) { $0[0] * $0[1] }
        try check("div", [a, b]) { $0[0] / $0[1] }
        try check("div scalar", [b, Input(shape: [])]) { $0[1] / $0[0] }
        try check("weak literals", a) { $0 * 3 - 2 / ($0 * $0 + 1) }
        try check("pow", [Input(shape: [2, 3], range: 0.3...2), Input(shape: [2, 3])]) { pow($0[0], $0[1]) }
        try check("pow integer exponent", Input(shape: [4])) { pow($0, 3) }
        try check("atan2", [a, Input(shape: [2, 3])]) { atan2($0[0], $0[1]) }
        try check("maximum", [a, Input(shape: [3, 1, 1]), Input(shape: [1, 3])], seed: 2) {
            maximum(maximum($0[0], $0[1]), $0[2])
        }
        try check("minimum", [a, Input(shape: [3])], seed: 3) { minimum($0[0], $0[1]) }
        // Keep x / y away from integers, where the remainders jump.
        let dividend = Input(shape: [2, 3], range: -5...5)
        let divisor = Input(shape: [2, 3], range: 0.7...1.3)
        try check("truncatingRemainder", [dividend, divisor], seed: 4) { truncatingRemainder($0[0], $0[1]) }
        try check("%", [dividend, divisor], seed: 4) { $0[0] % $0[1] }
        try check("% negative divisor", [dividend, divisor], seed: 4) { $0[0] % -$0[1] }
    }

    @Test func remaindersAreAwayFromTheirJumps() throws {
        // The finite differences above are only valid if no x / y is near an integer.
        try Configuration.withX64 {
            var generator = Generator(state: 4)
            let x = GradientCheckTests.values(Input(shape: [2, 3], range: -5...5), &generator)
            let y = GradientCheckTests.values(Input(shape: [2, 3], range: 0.7...1.3), &generator)
            for (a, b) in zip(x, y) {
                let q = a / b
                #expect(Swift.abs(q - q.rounded()) > 1e-3, "\(a) / \(b)")
            }
        }
    }

    @Test func selectClipAndConvert() throws {
        try check("select", [Input(shape: [2, 3]), Input(shape: [3])], seed: 5) { x in
            select(x[0] .> 0, x[0] * x[1], sin(x[1]))
        }
        try check("clipped", Input(shape: [3, 4], range: -3...3, avoiding: [-1, 1])) { x in
            x.clipped(min: Tensor(-1.0), max: Tensor(1.0)) * x
        }
        // Conversion between float types: the cotangent is converted back.
        try Configuration.withX64 { () throws in
            let x = Tensor([0.5, -1.25, 2], dtype: .float64)
            let g = grad { (x: Tensor) in (sin(x.converted(to: .float32)) * Tensor([1.0, 2, 3], dtype: .float32)).sum() }(x)
            #expect(g.dtype == .float64)
            let expected = zip([0.5, -1.25, 2], [1.0, 2, 3]).map { Double(Float(cos(Float($0)) * Float($1))) }
            #expect(try g.scalars(as: Double.self) == expected)
            let h = grad { (x: Tensor) in (x.converted(to: .float64) * x.converted(to: .float64)).sum() }(Tensor([1.5, -2], dtype: .bfloat16))
            #expect(h.dtype == .bfloat16)
            #expect(try h.converted(to: .float32).scalars(as: Float.self) == [3, -4])
        }
    }

    // MARK: Shapes and indexing

    @Test func shapeOps() throws {
        let x = Input(shape: [2, 3, 4])
        try check("reshape", x) { sin($0.reshaped([4, -1])) }
        try check("transpose", x) { sin($0.transposed([2, 0, 1])) }
        try check("transpose default", x) { sin($0.transposed()) }
        try check("squeeze and expand", Input(shape: [3, 1])) { $0.squeezed().expandingDimensions(axis: 0) * 2 }
        try check("reverse", x) { sin($0.reversed(axes: [0, 2])) }
        try check("broadcast", Input(shape: [3, 1])) { sin($0.broadcast(to: [2, 3, 4])) }
        try check("concatenate", [x, Input(shape: [2, 1, 4])]) { concatenate([sin($0[0]), $0[1], $0[0] * $0[0]], axis: 1) }
        try check("concatenate promotes", Input(shape: [2])) { concatenate([$0, Tensor([1, 2])]) }
        try check("stack", [Input(shape: [3]), Input(shape: [3])]) { stack([$0[0], sin($0[1]), $0[0]], axis: 1) }
        try check("split", Input(shape: [6, 2])) { x in
            let parts = x.split(3)
            return parts[0] * parts[2] + sin(parts[1])
        }
        try check("split at", Input(shape: [2, 7])) { x in
            let parts = x.split(at: [2, 5], axis: 1)
            return concatenate([parts[2] * 3, sin(parts[0])], axis: 1)
        }
    }

    @Test func indexing() throws {
        let x = Input(shape: [5, 6])
        try check("x[1]", x) { sin($0[1]) }
        try check("x[-1, 2..<5]", x) { sin($0[-1, .range(2..<5)]) }
        try check("x[::2, 1::3]", x) { sin($0[.every(2), .from(1, step: 3)]) }
        try check("x[::-1]", x) { sin($0[.every(-1)]) }
        try check("x[4:0:-2, ::-3]", x) { sin($0[.slice(start: 4, stop: 0, step: -2), .every(-3)]) }
        try check("x[.newAxis, ..., 3]", x) { sin($0[.newAxis, .ellipsis, 3]) }
        try check("overlapping slices", x) { $0[.range(0..<3)] * $0[.range(2..<5)] }
    }

    // MARK: Reductions

    @Test func reductions() throws {
        let x = Input(shape: [3, 4, 2])
        try check("sum", x) { ($0 * $0).sum() }
        try check("sum axes", x) { sin($0).sum(axes: [0, 2]) }
        try check("sum keepDims", x) { $0.sum(axes: [1], keepDims: true) * $0 }
        try check("mean", x) { $0.mean(axes: [-1]) * $0.mean() }
        try check("mean keepDims", x) { $0 - $0.mean(axes: [0, 1], keepDims: true) }
        try check("max", x) { $0.max(axes: [1]) }
        try check("max keepDims", x) { $0.max(axes: [0, 2], keepDims: true) * $0 }
        try check("max all", x) { $0.max() }
        try check("min", x) { $0.min(axes: [2]) }
        try check("min keepDims", x) { $0.min(axes: [1], keepDims: true) + $0 }
        try check("product", Input(shape: [3, 4], range: 0.5...1.5)) { $0.product(axes: [1]) }
        try check("product keepDims", Input(shape: [2, 3, 2], avoiding: [0], margin: 0.2)) { $0.product(axes: [0, 2], keepDims: true) * $0 }
        try check("product all", Input(shape: [5], avoiding: [0], margin: 0.2)) { $0.product() }
        try check("product of a zero", Input(shape: [2, 3])) { x in
            (x * Tensor([1.0, 0, 1], dtype: .float64)).product(axes: [1]).expandingDimensions(axis: 1) + (x * x).product(axes: [0])
        }
    }

    // MARK: Matrix products

    @Test func matmulInEveryShape() throws {
        try check("vector · vector", [Input(shape: [4]), Input(shape: [4])]) { matmul($0[0], $0[1]) }
        try check("matrix · vector", [Input(shape: [3, 4]), Input(shape: [4])]) { matmul($0[0], $0[1]) }
        try check("vector · matrix", [Input(shape: [4]), Input(shape: [4, 5])]) { matmul($0[0], $0[1]) }
        try check("matrix · matrix", [Input(shape: [3, 4]), Input(shape: [4, 5])]) { matmul($0[0], $0[1]) }
        try check("batched", [Input(shape: [2, 3, 4]), Input(shape: [2, 4, 5])]) { matmul($0[0], $0[1]) }
        try check("broadcast batch", [Input(shape: [2, 1, 3, 4]), Input(shape: [5, 4, 2])]) { matmul($0[0], $0[1]) }
        try check("matrix · batch", [Input(shape: [3, 4]), Input(shape: [2, 4, 5])]) { matmul($0[0], $0[1]) }
        try check("batch · vector", [Input(shape: [2, 3, 4]), Input(shape: [4])]) { matmul($0[0], $0[1]) }
        try check("vector · batch", [Input(shape: [4]), Input(shape: [2, 4, 3])]) { matmul($0[0], $0[1]) }
        try check("transposed operands", [Input(shape: [4, 3]), Input(shape: [5, 4])]) {
            matmul($0[0].transposed(), $0[1].transposed())
        }
        try check("same operand twice", Input(shape: [3, 3])) { matmul($0, $0) }
    }

    // MARK: jax.nn

    @Test func nnFunctions() throws {
        let x = Input(shape: [2, 5], range: -4...4, avoiding: [0])
        try check("relu", x) { relu($0) }
        try check("relu6", Input(shape: [2, 5], range: -3...9, avoiding: [0, 6])) { relu6($0) }
        try check("gelu", x) { gelu($0) }
        try check("gelu exact", x) { gelu($0, approximate: false) }
        try check("sigmoid", x) { sigmoid($0) }
        try check("silu", x) { silu($0) }
        try check("swish", x) { swish($0) }
        try check("softplus", x) { softplus($0) }
        try check("logSigmoid", x) { logSigmoid($0) }
        try check("elu", x) { elu($0) }
        try check("elu alpha", x) { elu($0, alpha: 0.3) }
        try check("leakyRelu", x) { leakyRelu($0) }
        try check("leakyRelu slope", x) { leakyRelu($0, negativeSlope: 0.2) }
        try check("softmax", x) { softmax($0) }
        try check("softmax axis 0", x) { softmax($0, axis: 0) }
        try check("softmax all axes", x) { softmax($0, axes: nil) }
        try check("logSoftmax", x) { logSoftmax($0) }
        try check("logSoftmax axes", Input(shape: [2, 3, 2])) { logSoftmax($0, axes: [0, 2]) }
        try check("logsumexp", x) { logsumexp($0, axis: 1) }
        try check("logsumexp keepDims", x) { logsumexp($0, axes: [0], keepDims: true) * $0 }
        try check("logsumexp all", x) { logsumexp($0) }
        try check("standardize", Input(shape: [3, 4])) { standardize($0) }
        try check("standardize stable", Input(shape: [3, 4])) { standardize($0, axes: [0], algorithm: .stable) }
        try check("standardize given mean", [Input(shape: [3, 4]), Input(shape: [3, 1]), Input(shape: [1, 4], range: 0.5...2)]) {
            standardize($0[0], mean: $0[1], variance: $0[2])
        }
    }

    // MARK: Second order (the rules' own gradients)

    @Test func gradientsOfGradients() throws {
        try check("through slice and pad", Input(shape: [7])) { x in
            grad { (x: Tensor) in (x[.every(2)] * x[.every(2)] * x[.every(2)]).sum() }(x) * x
        }
        try check("through broadcast and reduce", Input(shape: [3, 4])) { x in
            grad { (x: Tensor) in (sin(x) * x.sum(axes: [0], keepDims: true)).sum() }(x)
        }
        try check("through matmul", [Input(shape: [2, 3]), Input(shape: [3, 4])]) { p in
            grad { (a: Tensor) in tanh(matmul(a, p[1])).sum() }(p[0])
        }
        try check("through max", Input(shape: [3, 4])) { x in
            grad { (x: Tensor) in (x.max(axes: [1]) * x.max(axes: [1])).sum() }(x) * x
        }
        try check("through product with a zero", Input(shape: [2, 4], avoiding: [0], margin: 0.2)) { x in
            grad { (x: Tensor) in (x * Tensor([1.0, 0, 1, 1], dtype: .float64)).product(axes: [1]).sum() }(x)
        }
        try check("through softmax", Input(shape: [2, 4])) { x in
            grad { (x: Tensor) in (softmax(x) * Tensor([1.0, -2, 3, 0.5], dtype: .float64)).sum() }(x)
        }
    }

    // MARK: Conventions where the derivative is not defined by the math

    @Test func zeroGradientOps() throws {
        let x = [-1.7, -0.5, 0.5, 2.5, 3]
        for (name, f) in [("sign", sign), ("floor", floor), ("ceil", ceil), ("round", round)] as [(String, (Tensor) -> Tensor)] {
            #expect(try pullback(f, at: x) == [0, 0, 0, 0, 0], "\(name)")
        }
        #expect(try pullback({ $0.argmax(axis: 0).converted(to: .float32) + $0 }, at: x) == [1, 1, 1, 1, 1])
        #expect(try pullback({ oneHot($0.converted(to: .int32), count: 3).sum(axes: [1]) * $0 }, at: x)
                    == [0, 1, 1, 1, 0])
        #expect(try pullback({ select($0 .> 0, $0, 0) + isFinite($0).converted(to: .float32) }, at: x)
                    == [0, 0, 1, 1, 1])
    }

    @Test func kinksFollowJAX() throws {
        // JAX: abs'(0) = 1 (select(x >= 0, g, -g)); max/min ties split evenly.
        #expect(try pullback({ abs($0) }, at: [-2, 0, 3]) == [-1, 1, 1])
        let ties = try grad { (p: [Tensor]) in maximum(p[0], p[1]).sum() + minimum(p[0], p[1]).sum() * 3 }(
            [Tensor([1.0, 2, 3]), Tensor([1.0, 5, 0])])
        #expect(try ties[0].scalars(as: Float.self) == [2, 3, 1])
        #expect(try ties[1].scalars(as: Float.self) == [2, 1, 3])
        #expect(try pullback({ $0.max() }, at: [1, 3, 3, 2]) == [0, 0.5, 0.5, 0])
        #expect(try pullback({ $0.min(axes: [0]) }, at: [1, 1, 1, 2]) == [1.0 / 3, 1.0 / 3, 1.0 / 3, 0])
        // jnp.clip(x, -1, 1) at the bounds: max/min ties.
        #expect(try pullback({ $0.clipped(min: Tensor(-1.0), max: Tensor(1.0)) }, at: [-2, -1, 0, 1, 2])
                    == [0, 0.5, 1, 0.5, 0])
        // prod: the product of the others, zeros included.
        #expect(try pullback({ $0.product() }, at: [2, 0, 3]) == [0, 6, 0])
        #expect(try pullback({ $0.product() }, at: [0, 4, 0]) == [0, 0, 0])
        #expect(try pullback({ $0.reshaped([2, 2]).product(axes: [1]) }, at: [0, 5, -2, 3]) == [5, 0, 3, -2])
        // pow: d/da at b = 0 is 0; d/db at a = 0 reads log(0) as 0.
        let power = try grad { (p: [Tensor]) in pow(p[0], p[1]).sum() }([Tensor([0.0, 0, 2]), Tensor([0.0, 2, 0])])
        #expect(try power[0].scalars(as: Float.self) == [0, 0, 0])
        #expect(try power[1].scalars(as: Float.self) == [0, 0, Float(log(2.0))])
    }

    @Test func allowedIntegerInputsGetZeroCotangents() throws {
        let g = grad({ (p: [String: Tensor]) in
            (p["x"]! * p["n"]!.converted(to: .float32) + p["n"]!.converted(to: .float32) * 2).sum()
                + (p["n"]! * p["n"]!).sum().converted(to: .float32)
        }, allowInt: true)(["x": Tensor([1.5, 2]), "n": Tensor([3, 4])])
        #expect(g["n"]!.dtype == .int32)
        #expect(try g["n"]!.scalars(as: Int32.self) == [0, 0])
        #expect(try g["x"]!.scalars(as: Float.self) == [3, 4])
        let bools = grad({ (p: [Tensor]) in select(p[1], p[0], -p[0]).sum() }, allowInt: true)([Tensor([1.0, 2]), Tensor([true, false])])
        #expect(bools[1].dtype == .bool)
        #expect(try bools[0].scalars(as: Float.self) == [1, -1])
    }

    // MARK: Against JAX (Scripts/fixtures/grads.py)

    /// A tensor of the fixture.
    struct FixtureTensor: Decodable {
        let shape: [Int]
        let values: [Double]

        var tensor: Tensor { Tensor(values, shape: shape, dtype: .float32) }
    }

    /// `jax.value_and_grad` of a softmax-cross-entropy MLP loss.
    struct MLPFixture: Decodable {
        let classes: Int
        let params: [String: FixtureTensor]
        let x: FixtureTensor
        let labels: [Int]
        let loss: Double
        let grads: [String: FixtureTensor]
    }

    /// A `jax.nn` function's value and pullback of `cotangent` at `input`.
    struct NNCase: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let function: String
        let params: [String: NNTests.Parameter]
        let shape: [Int]
        let input: [Double]
        let cotangent: [Double]
        let output: [Double]
        let gradient: [Double]

        var testDescription: String { name }

        /// The Swift function, as ``NNTests`` maps the same names and parameters.
        var swiftFunction: (Tensor) -> Tensor {
            NNTests.function(of: NNTests.Case(
                name: name, function: function, params: params, dtype: "float32", shape: shape, input: input,
                output_dtype: "float32", output_shape: [], output: output, eager_output: nil))
        }
    }

    struct Fixture: Decodable {
        let jax: String
        let mlp: MLPFixture
        let nn: [NNCase]
    }

    static let fixture: Fixture = loadFixture("grads", nonFiniteStrings: true)

    /// Compares float32 `actual` with JAX's `expected`: NaN matches NaN,
    /// infinities match exactly, finite values within
    /// `1e-6 · |expected| + atol`.
    static func expectClose(_ actual: Tensor, _ expected: [Double], atol: Double, _ what: String,
                            sourceLocation: SourceLocation = #_sourceLocation) throws {
        let values = try actual.scalars(as: Float.self).map(Double.init)
        try #require(values.count == expected.count, "\(what): \(values.count) values", sourceLocation: sourceLocation)
        for (index, (a, e)) in zip(values, expected).enumerated() {
            let matches = e.isNaN ? a.isNaN : e.isInfinite ? a == e : Swift.abs(a - e) <= 1e-6 * Swift.abs(e) + atol
            #expect(matches, "\(what)[\(index)]: \(a), JAX \(e)", sourceLocation: sourceLocation)
        }
    }

    @Test func mlpLossGradientMatchesJAX() throws {
        let mlp = GradientCheckTests.fixture.mlp
        let x = mlp.x.tensor
        let labels = Tensor(mlp.labels.map(Int32.init))
        let loss = { (p: [String: Tensor]) -> Tensor in
            let h1 = tanh(matmul(x, p["w1"]!) + p["b1"]!)
            let h2 = relu(matmul(h1, p["w2"]!) + p["b2"]!)
            let logits = matmul(h2, p["w3"]!) + p["b3"]!
            let logProbabilities = logits - logsumexp(logits, axis: -1, keepDims: true)
            return -(oneHot(labels, count: mlp.classes) * logProbabilities).sum(axes: [-1]).mean()
        }
        let params = mlp.params.mapValues(\.tensor)
        let eager = valueAndGrad(loss)(params)
        let compiled = try jit { (p: [String: Tensor]) -> [String: Tensor] in
            let (value, gradient) = valueAndGrad(loss)(p)
            return gradient.merging(["loss": value]) { $1 }
        }(params)
        for (mode, value, gradient) in [("eager", eager.value, eager.gradient), ("jit", compiled["loss"]!, compiled)] {
            try GradientCheckTests.expectClose(value, [mlp.loss], atol: 0, "loss (\(mode))")
            for (name, expected) in mlp.grads {
                let scale = expected.values.map(Swift.abs).max() ?? 0
                #expect(gradient[name]!.shape == expected.shape)
                try GradientCheckTests.expectClose(gradient[name]!, expected.values, atol: 1e-6 * scale, "\(name) (\(mode))")
            }
        }
    }

    @Test(arguments: GradientCheckTests.fixture.nn)
    func nnGradientMatchesJAX(_ testCase: NNCase) throws {
        let f = testCase.swiftFunction
        let x = Tensor(testCase.input, shape: testCase.shape, dtype: .float32)
        let (output, pullback) = vjp(f, x)
        let cotangent = Tensor(testCase.cotangent, shape: output.shape, dtype: .float32)
        let compiled = jit { (x: Tensor, c: Tensor) in vjp(f, x).pullback(c) }
        let scale = { (values: [Double]) in 1e-6 * (values.filter(\.isFinite).map(Swift.abs).max() ?? 0) }
        let atol = scale(testCase.gradient)
        try GradientCheckTests.expectClose(output, testCase.output, atol: scale(testCase.output), "\(testCase.name) value")
        try GradientCheckTests.expectClose(pullback(cotangent), testCase.gradient, atol: atol, "\(testCase.name) gradient (eager)")
        try GradientCheckTests.expectClose(try compiled(x, cotangent), testCase.gradient, atol: atol,
                                           "\(testCase.name) gradient (jit)")
    }
}
