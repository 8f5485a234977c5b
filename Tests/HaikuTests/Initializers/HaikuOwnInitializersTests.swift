@testable import Haiku
import Testing

/// Cases from dm-haiku 0.0.17's `initializers_test.py`, translated to
/// Swift; each test names the Haiku test it follows and expects what that
/// test expects. Haiku's `transform_and_run` becomes ``run(_:)``.
@Suite struct HaikuOwnInitializersTests {
    /// The value `body` returns inside a transformed function applied with
    /// key 42, as `test_utils.transform_and_run` runs a test body.
    static func run(_ body: @escaping () -> Tensor) throws -> Tensor {
        try transform(body).apply([:], rng: PRNGKey(42))
    }

    /// `test_initializers`: every initializer (Haiku's float64 `scale`
    /// variants are the same `Double` here) gives a `[20, 42]` float32 value
    /// that can be read.
    @Test(arguments: [
        Constant(42.0), RandomNormal(), RandomNormal(stddev: 2), RandomUniform(), RandomUniform(maxval: 3),
        VarianceScaling(), VarianceScaling(scale: 2), VarianceScaling(scale: 2, mode: .fanIn),
        VarianceScaling(scale: 2, mode: .fanIn, fanInAxes: [0]), VarianceScaling(scale: 2, mode: .fanOut),
        VarianceScaling(scale: 2, mode: .fanAvg), VarianceScaling(scale: 2, distribution: .truncatedNormal),
        VarianceScaling(scale: 2, distribution: .normal), VarianceScaling(scale: 2, distribution: .uniform),
        UniformScaling(), UniformScaling(scale: 2), TruncatedNormal(), Orthogonal(), Identity(), Identity(gain: 2),
        Constant.zeros, Constant.ones,
    ] as [any Initializer & Sendable])
    func initializers(initializer: any Initializer & Sendable) throws {
        let value = try Self.run { initializer([20, 42], dtype: .float32) }
        #expect(value.shape == [20, 42])
        #expect(value.dtype == .float32)
        #expect(try value.scalars(as: Float.self).count == 20 * 42)
    }

    /// `test_invalid_variance_scale`: a negative scale is an error when the
    /// initializer runs (Swift builds initializers with a non-throwing
    /// `init`); an unknown mode or distribution cannot be written, and
    /// parsing Haiku's strings rejects it.
    @Test func invalidVarianceScale() {
        #expect(throws: HaikuError.invalidArgument("VarianceScaling needs a scale of 0 or more, not -1.0", location: nil)) {
            try Self.run { VarianceScaling(scale: -1)([2, 3], dtype: .float32) }
        }
        #expect(VarianceScaling.Mode(rawValue: "foo") == nil)
        #expect(VarianceScaling.Distribution(rawValue: "bar") == nil)
    }

    /// `test_compute_fans`.
    @Test func computeFans() {
        let fans = { (shape: [Int], axes: [Int]?) in Fans(shape, fanInAxes: axes).map { [$0.fanIn, $0.fanOut] } }
        #expect(fans([], nil) == [1, 1])
        #expect(fans([2], nil) == [2, 2])
        #expect(fans([3, 4], nil) == [3, 4])
        #expect(fans([1, 2, 3, 4], nil) == [6, 8])
        #expect(fans([3, 5, 9], [0]) == [3, 45])
        #expect(fans([3, 5, 7, 4], [0, 1]) == [15, 28])
    }

    /// `test_orthogonal_invalid_shape` and `test_identity_invalid_shape`.
    @Test func rankOneShapesAreRejected() {
        #expect(throws: HaikuError.invalidArgument("Orthogonal needs a shape of rank 2 or more, not [20]", location: nil)) {
            try Self.run { Orthogonal()([20], dtype: .float32) }
        }
        #expect(throws: HaikuError.invalidArgument("Identity needs a shape of rank 2 or more, not [20]", location: nil)) {
            try Self.run { Identity()([20], dtype: .float32) }
        }
    }

    /// `test_orthogonal_orthogonal`.
    @Test func orthogonalShapeAndDType() throws {
        let value = try Self.run { Orthogonal()([42, 20], dtype: .float32) }
        #expect(value.shape == [42, 20] && value.dtype == .float32)
    }

    /// `test_identity_identity`: a `[62, 42]` matrix times the `[42, 20]`
    /// identity is its first 20 columns (exactly: each sum has one term).
    @Test func identityIdentity() throws {
        let identity = try Self.run { Identity()([42, 20], dtype: .float32) }
        #expect(identity.shape == [42, 20] && identity.dtype == .float32)
        let matrix = normal(PRNGKey(42), [62, 42], dtype: .float32)
        let product = try matmul(matrix, identity).scalars(as: Float.self)
        let expected = try matrix[TensorIndex.all, TensorIndex.slice(start: 0, stop: 20, step: 1)].scalars(as: Float.self)
        #expect(product == expected)
    }

    /// `testRange`: the mean is `gain / shape[-1]` and the largest value is
    /// `gain`, for four shapes, two gains and two dtypes.
    @Test(arguments: [[4, 5], [3, 3], [3, 4, 5], [6, 2, 3, 3]], [(3.0, ElementType.float32), (1, .float32), (3, .int32), (1, .int32)])
    func identityRange(shape: [Int], gainAndDType: (Double, ElementType)) throws {
        let (gain, dtype) = gainAndDType
        let value = Identity(gain: gain)(shape, dtype: dtype)
        #expect(value.shape == shape && value.dtype == dtype)
        let scalars = try value.converted(to: .float32).scalars(as: Float.self).map(Double.init)
        let mean = scalars.reduce(0, +) / Double(scalars.count)
        #expect(abs(mean - gain / Double(shape.last!)) < 1e-4)
        #expect(scalars.max() == gain)
    }

    /// `test_constant_with_list`: a list constant, as int32 or float32,
    /// filling its own shape or broadcast to `[1, 1, count]`.
    @Test(arguments: [[1], [1, 2, 3], [1, 2, 3, 4]], [ElementType.int32, .float32])
    func constantWithList(values: [Int32], dtype: ElementType) throws {
        for shape in [[1, 1, values.count], [values.count]] {
            let value = Constant(Tensor(values))(shape, dtype: dtype)
            #expect(value.shape == shape && value.dtype == dtype)
            #expect(try value.converted(to: .int32).scalars(as: Int32.self) == values)
        }
    }
}
