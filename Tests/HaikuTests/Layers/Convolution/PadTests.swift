import Haiku
import Testing

/// `haiku.pad` and `getChannelIndex` against Haiku 0.0.17
/// (`Fixtures/conv_modules.json`, groups "pad" and "channel_index"), and
/// the spec's table (seed inventory §4.5 and §5.2).
@Suite struct PadTests {
    static let pad = ConvolutionFixtures.file["pad"]

    static func pairs(_ value: [(before: Int, after: Int)]) -> [[Int]] { value.map { [$0.before, $0.after] } }

    static func shape(_ value: FixtureValue) -> SpatialShape {
        if case let .number(size) = value { return .uniform(Int(size)) }
        return .perDimension(value.ints)
    }

    @Test func padFunctionsMatchHaiku() {
        for name in Self.pad["functions"].keys {
            let function = ConvolutionFixtures.padFunction(name)
            let expected = Self.pad["functions"][name].array.map(\.ints)
            #expect((1...6).map { [function($0).before, function($0).after] } == expected, "\(name)")
        }
        // The spec's formulas, for a kernel of 5.
        #expect(Pad.valid(5) == (0, 0) && Pad.same(5) == (2, 2) && Pad.same(4) == (1, 2))
        #expect(Pad.full(5) == (4, 4) && Pad.causal(5) == (4, 0) && Pad.reverseCausal(5) == (0, 4))
    }

    @Test func createFromPadFnMatchesHaiku() throws {
        for call in Self.pad["create_from_padfn"].array {
            let functions = call["functions"].strings.map(ConvolutionFixtures.padFunction)
            let (kernel, rate, n) = (Self.shape(call["kernel"]), Self.shape(call["rate"]), call["n"].int)
            let label = "create_from_padfn(\(call["functions"]), \(kernel), \(rate), \(n))"
            do {
                let result = try Pad.createFromPadFn(padding: functions, kernel: kernel, rate: rate, n: n)
                #expect(Self.pairs(result) == call["result"].array.map(\.ints), "\(label)")
                #expect(Self.pairs(try Pad.create(padding: functions, kernel: kernel, rate: rate, n: n)) == Self.pairs(result))
            } catch {
                var message = call["message"].string
                message.removeLast()  // Haiku's final "."
                #expect(error.description.contains(message), "\(label): \(error)")
            }
        }
        #expect(Self.pairs(try Pad.createFromPadFn(padding: Pad.causal, kernel: [2, 3], rate: 2, n: 2)) == [[2, 0], [4, 0]])
    }

    @Test func createFromTupleMatchesHaiku() {
        for call in Self.pad["create_from_tuple"].array {
            let padding = call["padding"].array.map { (before: $0[0].int, after: $0[1].int) }
            do {
                let result = try Pad.createFromTuple(padding: padding, n: call["n"].int)
                #expect(Self.pairs(result) == call["result"].array.map(\.ints), "\(padding)")
            } catch {
                var message = call["message"].string
                message.removeLast()
                #expect(error.description.contains(message), "\(padding): \(error)")
            }
        }
        #expect(Self.pairs(Pad.createFromTuple(padding: (1, 2), n: 2)) == [[1, 2], [1, 2]])
    }

    @Test func isPadFnMatchesHaiku() {
        let expected = Self.pad["is_padfn"]
        let functions: [Pad.PadFn] = [Pad.same]
        #expect(Pad.isPadFn(Pad.same as Pad.PadFn) == expected["function"].bool)
        #expect(Pad.isPadFn(functions) == expected["functions"].bool)
        #expect(Pad.isPadFn("SAME") == expected["string"].bool)
        #expect(Pad.isPadFn([(1, 1)]) == expected["pairs"].bool)
        #expect(!Pad.isPadFn([Pad.PadFn]()))
    }

    @Test func getChannelIndexMatchesHaiku() {
        for entry in ConvolutionFixtures.file["channel_index"].array {
            let format = entry["format"].string
            do {
                #expect(try getChannelIndex(format) == entry["index"].int, "'\(format)'")
            } catch {
                var message = entry["message"].string
                message.removeLast()
                #expect(error.description.contains(message), "'\(format)': \(error)")
            }
        }
    }
}
