import Testing
import XLATensor

/// `valueAndGrad` and `grad` shaped like JAX's `has_aux=True` and
/// `argnums=(0, 1, ...)`: the results equal those of the spellings they
/// replace (a scalar-only closure, arguments packed into one tree by hand).
@Suite struct GradAuxiliaryAndArgumentsTests {
    let w = Tensor([[0.5, -1], [2, 0.25]])
    let b = Tensor([0.1, -0.2])
    let x = Tensor([[1.0, 2], [3, 4], [-1, 0.5]])

    func loss(_ w: Tensor, _ b: Tensor) -> Tensor {
        let y = tanh(matmul(x, w) + b)
        return (y * y).mean()
    }

    @Test func valueAndGradWithAuxiliaryIsShapedLikeJAX() throws {
        let ((value, auxiliary), gradient) = valueAndGrad { (w: Tensor) in (loss(w, b), [w.sum(), w.max()]) }(w)
        let (plainValue, plainGradient) = valueAndGrad { (w: Tensor) in loss(w, b) }(w)
        #expect(try value.item(as: Float.self) == plainValue.item(as: Float.self))
        #expect(try gradient.scalars(as: Float.self) == plainGradient.scalars(as: Float.self))
        #expect(try auxiliary.map { try $0.item(as: Float.self) } == [1.75, 2])
    }

    @Test func gradWithAuxiliaryReturnsTheGradientThenTheAuxiliary() throws {
        let (gradient, auxiliary) = grad { (w: Tensor) in (loss(w, b), w * 3) }(w)
        #expect(try gradient.scalars(as: Float.self) == grad { (w: Tensor) in loss(w, b) }(w).scalars(as: Float.self))
        #expect(try auxiliary.scalars(as: Float.self) == (w * 3).scalars(as: Float.self))
    }

    @Test func gradWithRespectToSeveralArgumentsEqualsPackingThemByHand() throws {
        let (dW, db) = grad { (w: Tensor, b: Tensor) in loss(w, b) }(w, b)
        let packed = grad { (p: [Tensor]) in loss(p[0], p[1]) }([w, b])
        #expect(try dW.scalars(as: Float.self) == packed[0].scalars(as: Float.self))
        #expect(try db.scalars(as: Float.self) == packed[1].scalars(as: Float.self))
        let (value, (dW2, db2)) = valueAndGrad { (w: Tensor, b: Tensor) in loss(w, b) }(w, b)
        let packedValue = valueAndGrad { (p: [Tensor]) in loss(p[0], p[1]) }([w, b]).value
        #expect(try value.item(as: Float.self) == packedValue.item(as: Float.self))
        #expect(try dW2.scalars(as: Float.self) == packed[0].scalars(as: Float.self))
        #expect(try db2.scalars(as: Float.self) == packed[1].scalars(as: Float.self))
    }

    @Test func threeArgumentsOfDifferentTreeTypesInsideJit() throws {
        let step = jit { (w: Tensor, biases: [String: Tensor], scale: [Tensor]) -> [Tensor] in
            let (dW, dBiases, dScale) = grad { (w: Tensor, biases: [String: Tensor], scale: [Tensor]) in
                loss(w, biases["b"]!) * scale[0]
            }(w, biases, scale)
            return [dW, dBiases["b"]!, dScale[0]]
        }
        let gradients = try step(w, ["b": b], [Tensor(Float(2))])
        let packed = grad { (p: [Tensor]) in loss(p[0], p[1]) * p[2] }([w, b, Tensor(Float(2))])
        for (gradient, expected) in zip(gradients, packed) {
            #expect(try gradient.scalars(as: Float.self) == expected.scalars(as: Float.self))
        }
    }

    @Test func throwingClosuresOfTheNewSpellings() throws {
        struct Refusal: Error, Equatable {}
        let (dW, db) = try grad { (w: Tensor, b: Tensor) throws(Refusal) in loss(w, b) }(w, b)
        let packed = grad { (p: [Tensor]) in loss(p[0], p[1]) }([w, b])
        #expect(try dW.scalars(as: Float.self) == packed[0].scalars(as: Float.self))
        #expect(try db.scalars(as: Float.self) == packed[1].scalars(as: Float.self))
        #expect(throws: Refusal()) {
            _ = try valueAndGrad { (w: Tensor, b: Tensor) throws(Refusal) -> Tensor in throw Refusal() }(w, b)
        }
        #expect(throws: Refusal()) {
            _ = try valueAndGrad { (w: Tensor) throws(Refusal) -> (Tensor, Tensor) in throw Refusal() }(w)
        }
        #expect(throws: Refusal()) {
            _ = try grad { (w: Tensor) throws(Refusal) -> (Tensor, Tensor) in throw Refusal() }(w)
        }
    }
}
