import NumericsSupport
import Testing

/// The shared tolerance for contraction results (Tests/NumericsSupport):
/// its bound, what it accepts and rejects, and its exact mode.
@Suite struct ContractionToleranceTests {
    /// A tolerance compared against a reference from another machine.
    static let acrossMachines = ContractionTolerance(length: 4, referenceIsFromThisMachine: false)

    @Test func boundIsTwiceGammaOfTheMagnitude() {
        // 2γ₄ = 2 · 4u / (1 − 4u), u = 2⁻²⁴; about 4 float32 epsilons.
        let bound = Self.acrossMachines.bound(magnitude: 3)
        #expect(Swift.abs(bound - 3 * 4 * Float.ulpOfOne) <= 1e-12)
        #expect(Self.acrossMachines.bound(magnitude: -3) == bound)
    }

    @Test func acceptsWithinAndRejectsOutsideTheBound() {
        let expected: [Float] = [1, -2, 0.5]
        let magnitudes: [Float] = [4, 4, 4]
        let bound = Self.acrossMachines.bound(magnitude: 4)
        let within = [expected[0] + bound * 0.9, expected[1] - bound * 0.5, expected[2]]
        let outside = [expected[0], expected[1] - bound * 1.5, expected[2] + bound * 10]
        #expect(Self.acrossMachines.compare(within, expected, magnitudes: magnitudes).isClose)
        let closeness = Self.acrossMachines.compare(outside, expected, magnitudes: magnitudes)
        #expect(!closeness.isClose)
        #expect(closeness.description.hasPrefix("2 of 3 elements not within"), "\(closeness)")
        #expect(closeness.description.contains("worst: element 2"), "\(closeness)")
    }

    @Test func oneMagnitudeServesEveryElement() {
        let bound = Self.acrossMachines.bound(magnitude: 8)
        #expect(Self.acrossMachines.compare([1 + bound / 2, 2], [1, 2], magnitudes: [8]).isClose)
        #expect(!Self.acrossMachines.compare([1, 2 + 2 * bound], [1, 2], magnitudes: [8]).isClose)
    }

    @Test func nonFiniteValuesAreCloseOnlyToThemselves() {
        let tolerance = Self.acrossMachines
        #expect(tolerance.compare([.nan, .infinity], [.nan, .infinity], magnitudes: [1]).isClose)
        #expect(!tolerance.compare([.nan], [1], magnitudes: [.infinity]).isClose)
        #expect(!tolerance.compare([.infinity], [-.infinity], magnitudes: [.infinity]).isClose)
    }

    @Test func countsMustAgree() {
        #expect(!Self.acrossMachines.compare([1, 2], [1], magnitudes: [1]).isClose)
        #expect(!Self.acrossMachines.compare([1, 2], [1, 2], magnitudes: [1, 1, 1]).isClose)
    }

    @Test func sameMachineAndSameOrderIsBitForBit() {
        let exact = ContractionTolerance(length: 4, referenceIsFromThisMachine: true)
        #expect(exact.isExact)
        #expect(exact.bound(magnitude: 4) == 0)
        #expect(exact.compare([1, -0.0], [1, -0.0], magnitudes: [4]).isClose)
        let oneULP = exact.compare([Float(1).nextUp], [1], magnitudes: [4])
        #expect(!oneULP.isClose)
        #expect(oneULP.description.contains("bit for bit"), "\(oneULP)")
        #expect(!exact.compare([0], [-0.0], magnitudes: [4]).isClose)
    }

    @Test func anotherOrderKeepsTheBoundOnTheSameMachine() {
        let reordered = ContractionTolerance(length: 4, orderMatchesReference: false, referenceIsFromThisMachine: true)
        #expect(!reordered.isExact)
        #expect(reordered.compare([Float(1).nextUp], [1], magnitudes: [4]).isClose)
    }
}
