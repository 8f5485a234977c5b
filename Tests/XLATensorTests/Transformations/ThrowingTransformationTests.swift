import Testing
import XLATensor

/// The error the closures below throw: a user's own type, which must come
/// out of every transformation as it is (typed), not as a crash or a
/// poisoned result.
struct Refusal: Error, Equatable {
    let place: String
}

/// `(x · x · x).sum()`, or `Refusal(place)` when `refusing`.
func cubeSum(_ x: Tensor, refusing: Bool = false, place: String = "cube") throws(Refusal) -> Tensor {
    if refusing { throw Refusal(place: place) }
    return (x * x * x).sum()
}

/// Transformations of closures that throw: `try` inside the closure, the
/// same results as the non-throwing spelling, and the closure's own error
/// out of the transformation, eagerly, inside `jit` and nested.
@Suite struct ThrowingTransformationTests {
    let x = Tensor([1.0, 2, -3])

    @Test func gradAndValueAndGradOfAThrowingClosureEqualThePlainOnes() throws {
        let plain = { (x: Tensor) in (x * x * x).sum() }
        let typed: (Tensor) throws(Refusal) -> Tensor = grad { (x: Tensor) throws(Refusal) in try cubeSum(x) }
        #expect(try typed(x).scalars(as: Float.self) == grad(plain)(x).scalars(as: Float.self))
        let (value, gradient) = try valueAndGrad { (x: Tensor) in try cubeSum(x) }(x)
        let (plainValue, plainGradient) = valueAndGrad(plain)(x)
        #expect(try value.item(as: Float.self) == plainValue.item(as: Float.self))
        #expect(try gradient.scalars(as: Float.self) == plainGradient.scalars(as: Float.self))
    }

    @Test func theClosuresErrorComesOutOfGradTyped() {
        let refusing = grad { (x: Tensor) throws(Refusal) in try cubeSum(x, refusing: true, place: "grad") }
        do {
            _ = try refusing(x)
            Issue.record("grad returned although its closure threw")
        } catch {
            #expect(error == Refusal(place: "grad"))  // `error` is a Refusal: the thrown type is kept.
        }
        #expect(throws: Refusal(place: "value")) {
            _ = try valueAndGrad { (x: Tensor) in try cubeSum(x, refusing: true, place: "value") }(x)
        }
    }

    @Test func theClosuresErrorComesOutOfJitAroundGrad() {
        let step = jit { (x: Tensor) in try grad { (x: Tensor) in try cubeSum(x, refusing: true, place: "jit") }(x) }
        #expect(throws: Refusal(place: "jit")) { _ = try step(x) }
    }

    @Test func gradUnderVMapUnderJitThrowsTheInnerError() {
        let perExample = jit { (xs: Tensor) in
            try vmap(grad { (x: Tensor) throws(Refusal) in try cubeSum(x, refusing: true, place: "nested") })(xs)
        }
        #expect(throws: Refusal(place: "nested")) { _ = try perExample(Tensor([[1.0, 2], [3, 4]])) }
    }

    @Test func aCaughtErrorLeavesTheEnclosingTraceUsable() throws {
        let step = jit { (x: Tensor) -> Tensor in
            let fallback: Tensor
            do {
                fallback = try grad { (x: Tensor) in try cubeSum(x, refusing: true) }(x)
            } catch {
                fallback = x * 2
            }
            return fallback + grad { (x: Tensor) in (x * x).sum() }(x)
        }
        #expect(try step(x).scalars(as: Float.self) == [4, 8, -12])
    }

    @Test func theSameThrowingGradWorksAfterItThrew() throws {
        var refusing = true
        let g = grad { (x: Tensor) in try cubeSum(x, refusing: refusing) }
        #expect(throws: Refusal.self) { _ = try g(x) }
        refusing = false
        #expect(try g(x).scalars(as: Float.self) == [3, 12, 27])
    }

    @Test func internalErrorsStillPoisonTheResult() throws {
        // Not a scalar: the transformation's own error, reported when read, as before.
        let g = try grad { (x: Tensor) throws(Refusal) in try cubeSum(x) * x }(x)
        #expect(throws: TensorError.self) { _ = try g.scalars(as: Float.self) }
    }

    @Test func vjpAndJvpOfThrowingClosures() throws {
        let (output, pullback) = try vjp({ (x: Tensor) throws(Refusal) in try cubeSum(x) }, x)
        let plain = vjp({ (x: Tensor) in (x * x * x).sum() }, x)
        #expect(try output.item(as: Float.self) == plain.output.item(as: Float.self))
        #expect(try pullback(Tensor(2.0)).scalars(as: Float.self) == plain.pullback(Tensor(2.0)).scalars(as: Float.self))
        #expect(throws: Refusal(place: "vjp")) {
            _ = try vjp({ (x: Tensor) throws(Refusal) in try cubeSum(x, refusing: true, place: "vjp") }, x)
        }
        var refusing = false
        let late = try vjp({ (x: Tensor) throws(Refusal) in try cubeSum(x, refusing: refusing, place: "pullback") }, x)
        refusing = true
        #expect(throws: Refusal(place: "pullback")) { _ = try late.pullback(Tensor(1.0)) }

        let tangent = Tensor([1.0, 0, 0])
        let forward = try jvp({ (x: Tensor) throws(Refusal) in try cubeSum(x) }, x, tangent)
        #expect(try forward.tangent.item(as: Float.self) == jvp({ (x: Tensor) in (x * x * x).sum() }, x, tangent).tangent.item(as: Float.self))
        #expect(throws: Refusal(place: "jvp")) {
            _ = try jvp({ (x: Tensor) throws(Refusal) in try cubeSum(x, refusing: true, place: "jvp") }, x, tangent)
        }
    }

    @Test func vmapOfAThrowingClosure() throws {
        let xs = Tensor([[1.0, 2], [3, 4]])
        let mapped = try vmap { (row: Tensor) throws(Refusal) in try cubeSum(row) }(xs)
        #expect(try mapped.scalars(as: Float.self) == vmap { (row: Tensor) in (row * row * row).sum() }(xs).scalars(as: Float.self))
        #expect(throws: Refusal(place: "vmap")) {
            _ = try vmap({ (row: Tensor) throws(Refusal) in try cubeSum(row, refusing: true, place: "vmap") }, inAxes: [0])(xs)
        }
    }

    @Test func scanOfAThrowingBody() throws {
        let xs = Tensor([1.0, 2, 3])
        let (total, partials) = try scan(Tensor(0.0), xs) { (carry: Tensor, x: Tensor) throws(Refusal) in
            let next = carry + (try cubeSum(x))
            return (next, next)
        }
        let plain = scan(Tensor(0.0), xs) { (carry: Tensor, x: Tensor) in (carry + x * x * x, carry + x * x * x) }
        #expect(try total.item(as: Float.self) == plain.carry.item(as: Float.self))
        #expect(try partials.scalars(as: Float.self) == plain.ys.scalars(as: Float.self))
        #expect(throws: Refusal(place: "scan")) {
            _ = try scan(Tensor(0.0), xs) { (carry: Tensor, x: Tensor) throws(Refusal) in
                (carry + (try cubeSum(x, refusing: true, place: "scan")), x)
            }
        }
        let inJit = jit { (xs: Tensor) in
            try scan(Tensor(0.0), xs) { (carry: Tensor, x: Tensor) in (try cubeSum(x, refusing: true, place: "jit scan"), x) }.ys
        }
        #expect(throws: Refusal(place: "jit scan")) { _ = try inJit(xs) }
    }

    @Test func gradThroughAScanWhoseBodyThrows() {
        let loss = { (x: Tensor) throws(Refusal) -> Tensor in
            try scan(Tensor(0.0), x) { (carry: Tensor, x: Tensor) throws(Refusal) in
                (carry + (try cubeSum(x, refusing: true, place: "grad scan")), x)
            }.carry
        }
        #expect(throws: Refusal(place: "grad scan")) { _ = try jit { (x: Tensor) in try grad(loss)(x) }(x) }
    }

    @Test func condAndSwitchOfThrowingBranches() throws {
        let chosen = try cond(Tensor(true), { () throws(Refusal) in try cubeSum(x) }, { () throws(Refusal) in x.sum() })
        #expect(try chosen.item(as: Float.self) == cond(Tensor(true), { (x * x * x).sum() }, { x.sum() }).item(as: Float.self))
        #expect(throws: Refusal(place: "cond")) {
            _ = try cond(Tensor(false), { () throws(Refusal) in x.sum() },
                         { () throws(Refusal) in try cubeSum(x, refusing: true, place: "cond") })
        }
        // switchBranch's throwing form is untyped (arrays of typed-throws closures miscompile in Swift 6.3).
        #expect(throws: Refusal(place: "switch")) {
            _ = try switchBranch(Tensor(Int32(0)), [{ x.sum() }, { try cubeSum(x, refusing: true, place: "switch") }])
        }
        let switched = try switchBranch(Tensor(Int32(1)), [{ x.sum() }, { try cubeSum(x) }])
        #expect(try switched.item(as: Float.self) == switchBranch(Tensor(Int32(1)), [{ x.sum() }, { (x * x * x).sum() }]).item(as: Float.self))
        let inJit = jit { (p: Tensor) in try cond(p, { try cubeSum(x, refusing: true, place: "jit cond") }, { x.sum() }) }
        #expect(throws: Refusal(place: "jit cond")) { _ = try inJit(Tensor(true)) }
    }

    @Test func loopsWithThrowingBodies() throws {
        let doubled = try whileLoop(Tensor(1.0), condition: { (s: Tensor) throws(Refusal) in s .< 100 },
                                    body: { (s: Tensor) throws(Refusal) in s * 2 })
        #expect(try doubled.item(as: Float.self) == 128)
        #expect(throws: Refusal(place: "while condition")) {
            _ = try whileLoop(Tensor(1.0), condition: { (s: Tensor) throws(Refusal) in
                if s.rank == 0 { throw Refusal(place: "while condition") }
                return s .< 100
            }, body: { (s: Tensor) throws(Refusal) in s * 2 })
        }
        let summed = try forLoop(0, 4, Tensor(0.0)) { (i: Tensor, s: Tensor) throws(Refusal) in s + i.converted(to: .float32) }
        #expect(try summed.item(as: Float.self) == 6)
        #expect(throws: Refusal(place: "for")) {
            _ = try forLoop(0, 4, Tensor(0.0)) { (_: Tensor, s: Tensor) throws(Refusal) in
                try cubeSum(s, refusing: true, place: "for")
            }
        }
    }
}
