import Testing
@testable import XLATensor

/// `grad` with respect to an integer or boolean input is an error naming
/// the leaf, as JAX's `TypeError` ("grad requires real- or complex-valued
/// inputs") (issue 17, item 7); `allowInt: true` (JAX's `allow_int=True`)
/// gives such leaves zero gradients, and `vjp` accepts them.
@Suite struct GradIntegerInputTests {
    /// The error reading `tensor` throws.
    func readError(_ tensor: Tensor, sourceLocation: SourceLocation = #_sourceLocation) -> TensorError? {
        #expect(throws: TensorError.self, sourceLocation: sourceLocation) { try tensor.blockUntilReady() }
    }

    @Test(arguments: [ElementType.int32, .uint8, .bool])
    func gradOfANonFloatInputIsAnErrorNamingIt(_ dtype: ElementType) {
        let x = Tensor.ones([2], dtype: dtype)
        let gradient = grad { (x: Tensor) in x.converted(to: .float32).sum() }(x); let line = #line
        let error = readError(gradient)
        #expect(error == .invalidTransformation(
            reason: "grad needs floating-point inputs, but leaf 0 of the differentiated argument is \(TensorType(dtype, [2])); " +
                "pass allowInt: true to get zero gradients for integer and boolean leaves, or use vjp",
            location: "XLATensorTests/GradIntegerInputTests.swift:\(line)"))
    }

    @Test func anIntegerLeafOfATreeIsNamedByPosition() {
        // jax.grad over {'a': float, 'n': int} raises too.
        let point = ["a": Tensor([1.0, 2]), "n": Tensor([3, 4] as [Int32])]
        let gradient = grad { (p: [String: Tensor]) in p["a"]!.sum() }(point)
        let error = readError(gradient["a"]!)
        #expect(error?.description.contains("leaf 1 of the differentiated argument is \(TensorType(.int32, [2]))") == true,
                "\(String(describing: error))")
        #expect(readError(gradient["n"]!) == error)
    }

    @Test func valueAndGradAndTheAuxiliaryFormCheckToo() {
        let x = Tensor([1, 2] as [Int32])
        let (value, gradient) = valueAndGrad { (x: Tensor) in x.converted(to: .float32).sum() }(x)
        #expect(readError(value) != nil)
        #expect(readError(gradient) != nil)
        let withAux = valueAndGrad { (x: Tensor) in (x.converted(to: .float32).sum(), x) }(x)
        #expect(readError(withAux.gradient)?.description.contains("allowInt") == true)
    }

    @Test func insideJitTheTraceFails() {
        let f = jit { (x: Tensor) in grad { (x: Tensor) in x.converted(to: .float32).sum() }(x) }
        let error = #expect(throws: TensorError.self) { _ = try f(Tensor([1, 2] as [Int32])) }
        #expect(error?.description.contains("grad needs floating-point inputs") == true)
    }

    @Test func allowIntGivesZerosOfTheLeafDType() throws {
        let point = [Tensor([1.5, 2]), Tensor([3, 4] as [Int32])]
        let gradient = grad({ (p: [Tensor]) in (p[0] * p[1].converted(to: .float32)).sum() }, allowInt: true)(point)
        #expect(try gradient[0].scalars(as: Float.self) == [3, 4])
        #expect(gradient[1].dtype == .int32)
        #expect(try gradient[1].scalars(as: Int32.self) == [0, 0])
        let ((_, auxiliary), withAux) = valueAndGrad({ (p: [Tensor]) in (p[0].sum(), p[1]) }, allowInt: true)(point)
        #expect(try auxiliary.scalars(as: Int32.self) == [3, 4])
        #expect(try withAux[1].scalars(as: Int32.self) == [0, 0])
    }

    @Test func vjpAcceptsIntegerInputs() throws {
        let (output, pullback) = vjp({ (x: Tensor) in x * 2 }, Tensor([1, 2] as [Int32]))
        #expect(try output.scalars(as: Int32.self) == [2, 4])
        #expect(try pullback(Tensor([1, 1] as [Int32])).scalars(as: Int32.self) == [0, 0])
    }
}
