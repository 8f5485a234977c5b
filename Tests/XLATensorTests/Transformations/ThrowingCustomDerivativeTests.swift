import Testing
import XLATensor

/// `customVJP`, `customJVP` and `remat` of closures that throw: `try`
/// inside, the same results as the non-throwing spelling, and the closure's
/// own error (``Refusal``) out of the call or out of the differentiation
/// that runs the derivative, typed.
@Suite struct ThrowingCustomDerivativeTests {
    let x = Tensor([1.0, 2, -3])

    /// `x³` with the derivative declared as `10·x²·t` (not `3·x²·t`), so
    /// that a result shows which rule ran; `refusing` makes `forward` or
    /// `backward` throw.
    final class Refusing: @unchecked Sendable {
        var forward = false
        var backward = false

        func cube(_ x: Tensor) throws(Refusal) -> Tensor {
            if forward { throw Refusal(place: "forward") }
            return x * x * x
        }

        func declaredDerivative(_ x: Tensor, _ cotangent: Tensor) throws(Refusal) -> Tensor {
            if backward { throw Refusal(place: "backward") }
            return cotangent * x * x * 10
        }
    }

    @Test func customVJPOfThrowingClosuresEqualsThePlainOne() throws {
        let refusing = Refusing()
        let typed = customVJP(forward: { (x: Tensor) throws(Refusal) in (try refusing.cube(x), x) },
                              backward: { (x: Tensor, cotangent: Tensor) throws(Refusal) in
                                  try refusing.declaredDerivative(x, cotangent)
                              })
        let plain = customVJP(forward: { (x: Tensor) in (x * x * x, x) }, backward: { x, cotangent in cotangent * x * x * 10 })
        let gradient = try grad { (x: Tensor) in try typed(x).sum() }(x)
        #expect(try gradient.scalars(as: Float.self) == grad { (x: Tensor) in plain(x).sum() }(x).scalars(as: Float.self))
        #expect(try gradient.scalars(as: Float.self) == [10, 40, 90])
        #expect(try typed(x).scalars(as: Float.self) == [1, 8, -27])
    }

    @Test func customVJPsForwardErrorComesOutOfTheCall() {
        let refusing = Refusing()
        refusing.forward = true
        let typed = customVJP(forward: { (x: Tensor) throws(Refusal) in (try refusing.cube(x), x) },
                              backward: { (x: Tensor, c: Tensor) throws(Refusal) in try refusing.declaredDerivative(x, c) })
        #expect(throws: Refusal(place: "forward")) { _ = try typed(x) }
        #expect(throws: Refusal(place: "forward")) { _ = try jit { (x: Tensor) in try typed(x) }(x) }
        #expect(throws: Refusal(place: "forward")) { _ = try grad { (x: Tensor) in try typed(x).sum() }(x) }
    }

    @Test func customVJPsBackwardErrorComesOutOfTheDifferentiation() {
        let refusing = Refusing()
        refusing.backward = true
        let typed = customVJP(forward: { (x: Tensor) throws(Refusal) in (try refusing.cube(x), x) },
                              backward: { (x: Tensor, c: Tensor) throws(Refusal) in try refusing.declaredDerivative(x, c) })
        // The forward pass alone does not run `backward`.
        #expect(throws: Never.self) { _ = try typed(x) }
        #expect(throws: Refusal(place: "backward")) { _ = try grad { (x: Tensor) in try typed(x).sum() }(x) }
        #expect(throws: Refusal(place: "backward")) {
            _ = try jit { (x: Tensor) in try grad { (x: Tensor) in try typed(x).sum() }(x) }(x)
        }
        #expect(throws: Refusal(place: "backward")) { _ = try vjp(typed, x).pullback(Tensor.ones([3])) }
        #expect(throws: Refusal(place: "backward")) { _ = try jvp(typed, x, Tensor.ones([3])) }
    }

    @Test func aBackwardErrorTheGradCannotThrowPoisonsItsResult() throws {
        let refusing = Refusing()
        refusing.backward = true
        let typed = customVJP(forward: { (x: Tensor) throws(Refusal) in (try refusing.cube(x), x) },
                              backward: { (x: Tensor, c: Tensor) throws(Refusal) in try refusing.declaredDerivative(x, c) })
        // The closure catches the forward's errors itself, so grad cannot throw: the
        // backward's error is reported when the gradient is read, naming it.
        let gradient = grad { (x: Tensor) in ((try? typed(x)) ?? x).sum() }(x)
        do {
            _ = try gradient.scalars(as: Float.self)
            Issue.record("a gradient whose custom derivative threw was read")
        } catch {
            #expect("\(error)".contains("backward threw"), "\(error)")
        }
    }

    @Test func customJVPOfThrowingClosures() throws {
        let refusing = Refusing()
        let typed = customJVP({ (x: Tensor) throws(Refusal) in try refusing.cube(x) },
                              derivative: { (x: Tensor, t: Tensor) throws(Refusal) in try refusing.declaredDerivative(x, t) })
        let plain = customJVP({ (x: Tensor) in x * x * x }, derivative: { x, t in t * x * x * 10 })
        let gradient = try grad { (x: Tensor) in try typed(x).sum() }(x)
        #expect(try gradient.scalars(as: Float.self) == grad { (x: Tensor) in plain(x).sum() }(x).scalars(as: Float.self))
        #expect(try gradient.scalars(as: Float.self) == [10, 40, 90])
        refusing.backward = true
        #expect(throws: Refusal(place: "backward")) { _ = try grad { (x: Tensor) in try typed(x).sum() }(x) }
        refusing.forward = true
        #expect(throws: Refusal(place: "forward")) { _ = try typed(x) }
    }

    @Test(arguments: [RematPolicy.saveNothing, .saveDots, .saveEverything])
    func rematOfAThrowingClosure(policy: RematPolicy) throws {
        let w = Tensor([[0.5, -1, 2], [0.25, 2, 1], [1, 0, -1]])
        let block = { (refusing: Bool) in
            remat({ (h: Tensor) throws(Refusal) in
                tanh(matmul(h, w)) * (try cubeSum(h, refusing: refusing, place: "remat"))
            }, policy: policy)
        }
        let typed = try grad { (h: Tensor) in try block(false)(h.reshaped([1, 3])).sum() }(x)
        let plain = grad { (h: Tensor) in
            remat({ (h: Tensor) in tanh(matmul(h, w)) * (h * h * h).sum() }, policy: policy)(h.reshaped([1, 3])).sum()
        }(x)
        #expect(try typed.scalars(as: Float.self) == plain.scalars(as: Float.self))
        #expect(throws: Refusal(place: "remat")) { _ = try block(true)(x.reshaped([1, 3])) }
        #expect(throws: Refusal(place: "remat")) {
            _ = try jit { (h: Tensor) in try grad { (h: Tensor) in try block(true)(h.reshaped([1, 3])).sum() }(h) }(x)
        }
    }
}
