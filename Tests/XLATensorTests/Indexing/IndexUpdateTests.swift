import Testing
import XLATensor

/// `x.at[...].set/add/multiply/min/max` agree with JAX 0.11.2 (modes,
/// duplicates, out-of-bounds positions, broadcasting, dtype casts), eagerly
/// and under jit.
@Suite struct IndexUpdateTests {
    typealias Fixture = IndexingFixture

    static func update(_ test: Fixture.UpdateCase, _ x: Tensor, _ value: Tensor) -> Tensor {
        let elements = x.at[test.index.map(\.index)]
        let mode = Fixture.mode(test.mode) ?? .drop
        switch test.method {
        case "set": return elements.set(value, mode: mode)
        case "add": return elements.add(value, mode: mode)
        case "multiply": return elements.multiply(value, mode: mode)
        case "min": return elements.min(value, mode: mode)
        default: return elements.max(value, mode: mode)
        }
    }

    @Test(arguments: Fixture.shared.updates)
    func updateMatchesJAX(_ test: Fixture.UpdateCase) throws {
        let (x, value) = (test.x.tensor, test.value.tensor)
        Fixture.expect(Self.update(test, x, value), test.expected, "\(test.name) eager")
        let jitted = jit { (x: Tensor, value: Tensor) in Self.update(test, x, value) }
        Fixture.expect(try jitted(x, value), test.expected, "\(test.name) jit")
    }

    @Test func atReadsAsJAXWithBothMeaningsOfAt() throws {
        let x = Tensor([[1.0, 2], [3, 4]])
        let y = x.at[1, .all].add(Tensor([10.0, 20]))
        #expect(try y.scalars(as: Float.self) == [1, 2, 13, 24])
        let z = x.at[.at(-1), .array(Tensor([Int32(1), 1]))].add(1)
        #expect(try z.scalars(as: Float.self) == [1, 2, 3, 6])
        #expect(try x.scalars(as: Float.self) == [1, 2, 3, 4])
    }
}

extension IndexUpdateTests {
    /// The example of Docs/Indexing.md, line for line.
    @Test func docExample() throws {
        let x = Tensor([[1.0, 2, 3], [4, 5, 6]])
        let i = Tensor([Int32(2), -1, 0])

        let columns = x[.all, .array(i)]
        let picked = take(Tensor([10.0, 20, 30]), Tensor([Int32(0), 5, -1]))
        let counted = x.at[0, .array(Tensor([Int32(0), 0, 7]))].add(1)
        let clipped = x.at[.array(Tensor([Int32(5)]))].set(0, mode: .clip)

        #expect(try columns.scalars(as: Float.self) == [3, 3, 1, 6, 6, 4])
        let values = try picked.scalars(as: Float.self)
        #expect(values[0] == 10 && values[1].isNaN && values[2] == 30)
        #expect(try counted.scalars(as: Float.self) == [3, 2, 3, 4, 5, 6])
        #expect(try clipped.scalars(as: Float.self) == [1, 2, 3, 0, 0, 0])
    }
}

extension IndexUpdateTests {
    /// Index arrays with step-1 slices and new axes scatter straight into
    /// `x` (no flat positions); a strided slice takes the flat path.
    @Test func stepOneSlicesScatterDirectly() throws {
        let x = Tensor.zeros([4, 5])
        let i = Tensor([Int32(0), 2])
        let direct = try jit { (x: Tensor, i: Tensor) in x.at[.array(i), .newAxis, .range(1..<4)].add(1) }.lower(x, i).stableHLO()
        #expect(direct.contains("stablehlo.scatter") && !direct.contains("stablehlo.gather"), "\(direct)")
        let strided = try jit { (x: Tensor, i: Tensor) in x.at[.array(i), .every(2)].add(1) }.lower(x, i).stableHLO()
        #expect(strided.contains("stablehlo.scatter") && strided.contains("stablehlo.gather"), "\(strided)")
    }
}
