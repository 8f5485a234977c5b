import Haiku
import Testing

/// The errors of LayerNorm, InstanceNorm, GroupNorm and RMSNorm against
/// what Haiku 0.0.17 raises (`Fixtures/layer_norms.json`, group "errors"),
/// and the empty axis set, which Haiku accepts (returning the offset) and
/// we reject.
@Suite struct LayerNormErrorTests {
    /// Our text where Haiku's error comes from Python itself (an
    /// `IndexError` or `ZeroDivisionError` deep in its code), not from a
    /// message Haiku wrote.
    static let ownMessages = [
        "gn_axis_range": "axis 5 is out of bounds for array of dimension 4",
        "gn_scalar": "an input of shape [] has no channel axis",
        "gn_channels_first_rank1": "an input of shape [4] has no channel axis",
        "ln_scalar": "axis -1 cannot be taken modulo the rank of a scalar input",
        "rms_axis_range": "axis 5 is out of bounds for array of dimension 3",
    ]

    /// The error `initialize` throws when `call` runs on each input in turn.
    static func error(_ inputs: [Tensor], extra: [String: Tensor] = [:], _ make: @escaping () -> LayerNormFixtures.Call)
        -> HaikuError? {
        initializationError(inputs) { (inputs: [Tensor]) -> Tensor in
            let call = make()
            return inputs.map { call($0, extra["scale"], extra["offset"]) }.last ?? Tensor(0)
        }
    }

    @Test(arguments: LayerNormFixtures.errorCases)
    func errorsMatchHaiku(_ name: String) throws {
        let c = LayerNormFixtures.file["errors"][name]
        let inputs = c["calls"].array.map { Tensor.zeros($0.ints) }
        var extra: [String: Tensor] = [:]
        for key in c["extra"].keys { extra[key] = Tensor.ones(c["extra"][key].ints) }
        let make = { () -> LayerNormFixtures.Call in LayerNormFixtures.module(c).call }
        let found = Self.error(inputs, extra: extra, make)
        let error = try #require(found, "\(name): no error")
        var message = Self.ownMessages[name] ?? c["message"].string
        if message.hasSuffix(".") { message.removeLast() }
        #expect(Self.ownMessages[name] != nil || c["error"].string == "ValueError", "\(name): \(c["error"])")
        #expect(error.description.contains(message), "\(name): \(error) does not contain \(message)")
        let module = c["class"].string
        #expect(error.description.contains("(\(module)): "), "\(name): \(error) does not name the module")
    }

    @Test func anEmptyAxisSetIsAnError() throws {
        let cases: [(String, () -> LayerNormFixtures.Call, [Int])] = [
            ("layer_norm (LayerNorm): empty axis set: axis [] selects no axis of an input of shape [2, 3]",
             { let m = LayerNorm(axis: [Int](), createScale: true, createOffset: true); return { x, _, _ in m(x) } }, [2, 3]),
            ("layer_norm (LayerNorm): empty axis set: axis 3... selects no axis of an input of shape [2, 3, 4]",
             { let m = LayerNorm(axis: 3..., createScale: false, createOffset: false); return { x, _, _ in m(x) } }, [2, 3, 4]),
            ("instance_norm (InstanceNorm): empty axis set: axis .slice(start: 1, end: -1, step: 1) selects no axis of an input of shape [2, 3]",
             { let m = InstanceNorm(createScale: true, createOffset: true); return { x, _, _ in m(x) } }, [2, 3]),
        ]
        for (message, make, shape) in cases {
            let error = try #require(Self.error([Tensor.zeros(shape)], make))
            #expect(error.description.contains(message), "\(error)")
        }
    }

    @Test func aZeroSliceStepIsAnError() throws {
        let error = try #require(Self.error([Tensor.zeros([2, 3])]) {
            let m = RMSNorm(axis: Axes.slice(start: nil, end: nil, step: 0)); return { x, _, _ in m(x) }
        })
        #expect(error.description.contains("rms_norm (RMSNorm): slice step cannot be zero"), "\(error)")
    }
}
