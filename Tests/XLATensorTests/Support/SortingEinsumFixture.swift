import Foundation
import Testing
import XLATensor

/// The bit patterns of a tensor's elements (float32, int32 or uint32).
func bitPatterns(_ tensor: Tensor) throws -> [UInt64] {
    switch tensor.dtype {
    case .float32: try tensor.scalars(as: Float.self).map { UInt64($0.bitPattern) }
    case .int32: try tensor.scalars(as: Int32.self).map { UInt64(UInt32(bitPattern: $0)) }
    case .uint32: try tensor.scalars(as: UInt32.self).map { UInt64($0) }
    default: throw FixtureDTypeError(dtype: "\(tensor.dtype)")
    }
}

/// Expects `actual` to equal JAX's array bit for bit.
func expectBits(_ actual: Tensor, _ expected: BitArray, _ what: String) throws {
    #expect(actual.dtype == expected.elementType, "\(what): dtype \(actual.dtype), JAX \(expected.dtype)")
    #expect(actual.shape == expected.shape, "\(what): shape \(actual.shape), JAX \(expected.shape)")
    let (bits, jax) = (try bitPatterns(actual), try expected.tensor())
    #expect(bits == expected.bits, "\(what): \(actual) differs from JAX's \(jax)")
}

/// `function` applied eagerly and under `jit`, labelled.
func eagerAndJIT(_ inputs: [Tensor], _ function: @escaping ([Tensor]) -> [Tensor]) throws -> [(how: String, outputs: [Tensor])] {
    [("eager", function(inputs)), ("jit", try jit { (x: [Tensor]) in function(x) }(inputs))]
}

/// `function` over the leading axis of `input`, one slice at a time, stacked.
func loop(_ function: (Tensor) -> Tensor, _ input: Tensor) -> Tensor {
    stack((0..<input.shape[0]).map { function(input[TensorIndex.at($0)]) })
}

/// The JAX results of `Scripts/fixtures/sorting_einsum.py`.
struct SortingEinsumFixture: Decodable, Sendable {
    struct SortCase: Decodable, Sendable {
        let name: String
        let input: BitArray
        let axis: Int
        let outputs: [String: BitArray]
    }

    struct LaxSortCase: Decodable, Sendable {
        let operands: [BitArray]
        let axis: Int
        let numKeys: Int
        let outputs: [BitArray]
    }

    struct TopKCase: Decodable, Sendable {
        let input: BitArray
        let k: Int
        let axis: Int
        let values: BitArray
        let indices: BitArray
    }

    struct EinsumCase: Decodable, Sendable {
        let subscripts: String
        let operands: [BitArray]
        let output: BitArray
    }

    struct DivisionCase: Decodable, Sendable {
        let name: String
        let x, y, floorDivide, remainder, divmodQuotient, divmodRemainder: BitArray
    }

    struct GradientCase: Decodable, Sendable {
        let name: String
        let parameters: [String: FixtureParameter]
        let primals, cotangents, gradients: [BitArray]
    }

    let sort: [SortCase]
    let laxSort: [LaxSortCase]
    let topK: [TopKCase]
    let einsum: [EinsumCase]
    let division: [DivisionCase]
    let gradients: [GradientCase]

    static let shared: SortingEinsumFixture = loadFixture("sorting_einsum")

    /// The gradient cases of one function.
    static func gradients(_ name: String) -> [GradientCase] { shared.gradients.filter { $0.name == name } }
}

/// Expects reading `tensor` to fail with an error whose description
/// mentions every one of `fragments`.
func expectError(_ tensor: Tensor, _ fragments: String...) {
    do {
        _ = try bitPatterns(tensor)
        Issue.record("expected an error mentioning \(fragments)")
    } catch {
        let description = "\(error)"
        for fragment in fragments { #expect(description.contains(fragment), "\(description)") }
    }
}

/// Central finite differences of a scalar function of `x` (float32
/// inputs, evaluated in float64 on the host side by the caller's function).
func finiteDifferences(_ function: (Tensor) -> Tensor, at x: [Float], shape: [Int], step: Float = 1e-2) throws -> [Float] {
    try x.indices.map { index in
        var (up, down) = (x, x)
        up[index] += step
        down[index] -= step
        let difference = try function(Tensor(up, shape: shape)).scalars(as: Float.self)[0]
            - function(Tensor(down, shape: shape)).scalars(as: Float.self)[0]
        return difference / (2 * step)
    }
}
