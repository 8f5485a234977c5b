import XLAIR

/// The layouts of a convolution's input, kernel and output as JAX spells
/// them: `ConvDimensionNumbers(lhs: "NHWC", rhs: "HWIO", output: "NHWC")`.
/// A convolution resolves them against its operands' rank into the IR's
/// ``ConvolutionLayout`` (one dimension index per role).
///
/// The input and output strings hold `N` (batch) and `C` (features), the
/// kernel's `O` (output features) and `I` (input features); every other
/// letter is a spatial dimension, shared by the three strings. Spatial
/// dimensions are paired by letter and ordered as they appear in the kernel
/// string (JAX's `conv_general_permutations`). Any letters and any number
/// of spatial dimensions work: `("NCH", "OIH", "NCH")` for 1-D,
/// `("NDHWC", "DHWIO", "NDHWC")` for 3-D, `("HNCW", "OHWI", "WNHC")`.
public struct ConvDimensionNumbers: Sendable, Equatable {
    /// The input's layout (`N`, `C` and spatial letters).
    public var lhs: String
    /// The kernel's layout (`O`, `I` and spatial letters).
    public var rhs: String
    /// The output's layout (`N`, `C` and spatial letters).
    public var output: String

    /// Layouts from JAX-style strings; they are checked against the
    /// operands' rank when the convolution is applied.
    public init(lhs: String, rhs: String, output: String) {
        self.lhs = lhs
        self.rhs = rhs
        self.output = output
    }

    /// JAX's default for `dimension_numbers=None`: `NC...`, `OI...`, `NC...`
    /// (batch, then features, then the spatial dimensions in order).
    static func standard(rank: Int) -> ConvolutionLayout {
        let spatial = Array(2..<Swift.max(rank, 2))
        return ConvolutionLayout(inputBatch: 0, inputFeature: 1, inputSpatial: spatial,
                                 kernelInputFeature: 1, kernelOutputFeature: 0, kernelSpatial: spatial,
                                 outputBatch: 0, outputFeature: 1, outputSpatial: spatial)
    }

    /// The dimension numbers for operands of `rank` dimensions, or why the
    /// strings do not describe such a convolution.
    func resolved(rank: Int) -> Result<ConvolutionLayout, InvalidLayout> {
        let strings = [lhs, rhs, output].map(Array.init)
        let roles: [(Character, Character)] = [("N", "C"), ("O", "I"), ("N", "C")]
        for (index, (string, role)) in zip(strings, roles).enumerated() {
            let name = ["lhs", "rhs", "output"][index]
            guard string.count == rank else {
                return .failure(InvalidLayout("the \(name) layout '\(String(string))' has \(string.count) letters for operands of rank \(rank)"))
            }
            guard string.filter({ $0 == role.0 }).count == 1, string.filter({ $0 == role.1 }).count == 1 else {
                return .failure(InvalidLayout("the \(name) layout '\(String(string))' must contain '\(role.0)' and '\(role.1)' exactly once"))
            }
            guard Set(string).count == string.count else {
                return .failure(InvalidLayout("the \(name) layout '\(String(string))' repeats a letter"))
            }
        }
        let spatialLetters = strings.enumerated().map { index, string in
            Set(string.filter { $0 != roles[index].0 && $0 != roles[index].1 })
        }
        guard spatialLetters[0] == spatialLetters[1], spatialLetters[1] == spatialLetters[2] else {
            return .failure(InvalidLayout("the layouts '\(lhs)', '\(rhs)' and '\(output)' must share their spatial letters"))
        }
        let (input, kernel, out) = (strings[0], strings[1], strings[2])
        let kernelSpatial = kernel.indices.filter { kernel[$0] != "O" && kernel[$0] != "I" }
        // Every letter looked up is present exactly once (checked above).
        let at = { (letter: Character, string: [Character]) in string.firstIndex(of: letter) ?? 0 }
        let positions = { (string: [Character]) in kernelSpatial.map { at(kernel[$0], string) } }
        return .success(ConvolutionLayout(
            inputBatch: at("N", input), inputFeature: at("C", input), inputSpatial: positions(input),
            kernelInputFeature: at("I", kernel), kernelOutputFeature: at("O", kernel), kernelSpatial: kernelSpatial,
            outputBatch: at("N", out), outputFeature: at("C", out), outputSpatial: positions(out)))
    }

    /// Why layout strings were rejected.
    struct InvalidLayout: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }
}
