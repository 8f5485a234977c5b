import Testing
import XLATensor

/// NumPy integer-array indexing mixed with basic indexing, `x.at[...].get`,
/// `take` and `takeAlongAxis` agree with JAX 0.11.2, eagerly and under jit.
@Suite struct AdvancedIndexingTests {
    typealias Fixture = IndexingFixture

    @Test func fixtureIsFromJAX() {
        #expect(Fixture.shared.jax == "0.11.2")
        #expect(Fixture.shared.indexing.count >= 19 && Fixture.shared.updates.count >= 46)
    }

    @Test(arguments: Fixture.shared.indexing)
    func indexingMatchesJAX(_ test: Fixture.IndexCase) throws {
        let indices = test.index.map(\.index)
        Fixture.expect(test.x.tensor[indices], test.expected, "\(test.name) eager")
        let jitted = jit { (x: Tensor) in x[indices] }
        Fixture.expect(try jitted(test.x.tensor), test.expected, "\(test.name) jit")
    }

    @Test(arguments: Fixture.shared.get)
    func getMatchesJAX(_ test: Fixture.IndexCase) throws {
        let indices = test.index.map(\.index)
        let get = { (x: Tensor) in
            x.at[indices].get(mode: Fixture.mode(test.mode) ?? .promiseInBounds, fillValue: test.fill)
        }
        Fixture.expect(get(test.x.tensor), test.expected, "\(test.name) eager")
        Fixture.expect(try jit(get)(test.x.tensor), test.expected, "\(test.name) jit")
    }

    @Test(arguments: Fixture.shared.take)
    func takeMatchesJAX(_ test: Fixture.TakeCase) throws {
        let f = { (x: Tensor, i: Tensor) in take(x, i, axis: test.axis, mode: Fixture.mode(test.mode) ?? .fill) }
        Fixture.expect(f(test.x.tensor, test.indices.tensor), test.expected, "\(test.name) eager")
        Fixture.expect(try jit(f)(test.x.tensor, test.indices.tensor), test.expected, "\(test.name) jit")
    }

    @Test(arguments: Fixture.shared.takeAlongAxis)
    func takeAlongAxisMatchesJAX(_ test: Fixture.TakeCase) throws {
        let f = { (x: Tensor, i: Tensor) in takeAlongAxis(x, i, axis: test.axis ?? 0, mode: Fixture.mode(test.mode) ?? .fill) }
        Fixture.expect(f(test.x.tensor, test.indices.tensor), test.expected, "\(test.name) eager")
        Fixture.expect(try jit(f)(test.x.tensor, test.indices.tensor), test.expected, "\(test.name) jit")
    }

    @Test func tensorSubscriptIndexesTheFirstAxis() throws {
        let x = Tensor([[1.0, 2], [3, 4], [5, 6]])
        let rows = x[Tensor([Int32(2), 0, -1])]
        #expect(rows.shape == [3, 2])
        #expect(try rows.scalars(as: Float.self) == [5, 6, 1, 2, 5, 6])
        // An integer literal still means basic indexing, not a 0-d index array.
        #expect(x[1].shape == [2])
    }

    /// An integer beside an index array beyond `Int32` is a position out of
    /// range like any other (JAX raises `OverflowError` instead): clamped
    /// by default, filled under `.fill`, never a crash.
    @Test func integersBeyondInt32FollowTheMode() throws {
        let x = Tensor([[1.0, 2], [3, 4], [5, 6]])
        let rows = Tensor([Int32(2), 0])
        #expect(try x[.array(rows), 5_000_000_000].scalars(as: Float.self) == [6, 2])
        #expect(try x[.array(rows), -5_000_000_000].scalars(as: Float.self) == [5, 1])
        let filled = try x.at[.array(rows), 5_000_000_000].get(mode: .fill).scalars(as: Float.self)
        #expect(filled.count == 2 && filled.allSatisfy(\.isNaN), "\(filled)")
        #expect(try x.at[.array(rows), 5_000_000_000].set(0).scalars(as: Float.self) == [1, 2, 3, 4, 5, 6])
    }

    /// A basic slice records the caller's line (the library's own file
    /// would record none).
    @Test func slicesRecordTheCallersLocation() throws {
        let x = Tensor([[1.0, 2, 3], [4, 5, 6]])
        let line = #line + 2
        let ir = try jit { (x: Tensor) in
            x[.all, .range(1..<3)].sum() + x[0..<1].sum()
        }.lower(x).irText
        let slices = ir.split(separator: "\n").filter { $0.contains("= slice(") }
        #expect(slices.count == 2, "\(ir)")
        for slice in slices {
            #expect(slice.contains("AdvancedIndexingTests.swift:\(line)"), "\(slice)")
        }
    }


    @Test func badIndicesAreTypedErrorsNamingTheProblemAndPlace() {
        let x = Tensor([[1.0, 2, 3], [4, 5, 6]])
        let cases: [(Tensor, [String])] = [
            (x[.array(Tensor([0.5, 1.0]))], ["index", "integers", "float32"]),
            (x[.array(Tensor([true, false]))], ["boolean mask"]),
            (x[.array(Tensor([Int32(0), 1])), .array(Tensor([Int32(0), 1, 2]))], ["[2], [3]", "broadcast"]),
            (x[.array(Tensor([Int32(0)])), 0, 0], ["too many indices"]),
            (x[.ellipsis, .array(Tensor([Int32(0)])), .ellipsis], ["one ellipsis"]),
            (take(x, Tensor([1.5])), ["take", "integers"]),
            (take(x, Tensor([Int32(0)]), axis: 2), ["take", "axis 2"]),
            (takeAlongAxis(x, Tensor([Int32(0)]), axis: 1), ["take_along_axis", "rank 1"]),
            (takeAlongAxis(x, Tensor([[Int32(0)], [1], [0]]), axis: 1), ["take_along_axis", "[2, 3]", "[3, 1]"]),
            (x.at[.array(Tensor([Int32(0)]))].set(Tensor([1.0, 2])), ["scatter", "[2]", "[1, 3]"]),
        ]
        for (tensor, parts) in cases {
            let message = errorText(tensor)
            #expect(message.contains("AdvancedIndexingTests.swift"), "expected the call site in: \(message)")
            for part in parts {
                #expect(message.contains(part), "expected \"\(part)\" in: \(message)")
            }
        }
    }

    @Test func badIndicesUnderJITThrowAtTheBoundary() {
        let f = jit { (x: Tensor, i: Tensor) in x[.all, .array(i)] }
        let error = #expect(throws: TensorError.self) { try f(Tensor([[1.0, 2], [3, 4]]), Tensor([0.0, 1.0])) }
        #expect(error?.description.contains("integers") == true, "\(String(describing: error))")
    }
}
