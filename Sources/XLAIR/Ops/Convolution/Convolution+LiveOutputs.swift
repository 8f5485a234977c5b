/// The box of output positions of a convolution whose windows read at least
/// one input element; outside it every window sees only padding, so the
/// output is zero there.
///
/// The kernel gradient of a small layer is such a convolution: for a 3x3
/// SAME layer on a 1x1 input it computes a 3x3 "output" (the kernel's
/// shape) of which only the centre reads the input. Computing the box alone
/// (here a 1x1 convolution, which XLA runs as a dot) and padding it with
/// zeros replaces a convolution XLA CPU runs as a slow loop
/// (Docs/Convolution.md, "Lowering": the kernel gradient of ResNet's 1x1
/// layers, 1.76 → 0.61 ms).
struct LiveOutputs {
    /// The configuration that computes only the box.
    let configuration: ConvolutionConfiguration
    /// The box's type: the result with each spatial size cut to the box.
    let result: TensorType
    /// Where the box starts along each spatial dimension, and the full
    /// output's sizes there.
    let starts: [Int], fullSizes: [Int]
    let outputSpatial: [Int]

    /// Nil when every output position reads input, or none does (then the
    /// convolution is left as it is).
    init?(_ c: ConvolutionConfiguration, lhs: TensorType, rhs: TensorType, result: TensorType) {
        let d = c.dimensions
        var box = c, starts: [Int] = [], sizes: [Int] = []
        var shape = result.shape
        for index in 0..<c.spatialRank {
            let input = lhs.shape[d.inputSpatial[index]], kernel = rhs.shape[d.kernelSpatial[index]]
            let outputs = result.shape[d.outputSpatial[index]]
            let live = (0..<outputs).filter { output in
                (0..<kernel).contains { c.reads(index, tap: $0, output: output, input: input) }
            }
            guard let first = live.first, let last = live.last else { return nil }
            let count = last - first + 1
            // Shift the windows to start at `first` and end the padded input after the last one.
            box.paddingLow[index] = c.paddingLow[index] - first * c.windowStrides[index]
            box.paddingHigh[index] = (count - 1) * c.windowStrides[index] + Dilation.extent(of: kernel, by: c.rhsDilation[index])
                - box.paddingLow[index] - Dilation.extent(of: input, by: c.lhsDilation[index])
            starts.append(first)
            sizes.append(outputs)
            shape[d.outputSpatial[index]] = count
        }
        guard shape != result.shape else { return nil }
        (configuration, self.result, self.starts, fullSizes, outputSpatial) = (box, TensorType(result.elementType, shape),
                                                                               starts, sizes, d.outputSpatial)
    }

    /// Writes `box` padded with zeros to the full output, into `resultName`.
    func padToFullOutput(_ box: (name: String, type: TensorType), into resultName: String, _ writer: inout StableHLOWriter) {
        let rank = result.shape.count
        var low = Array(repeating: 0, count: rank), high = Array(repeating: 0, count: rank)
        for (index, dimension) in outputSpatial.enumerated() {
            low[dimension] = starts[index]
            high[dimension] = fullSizes[index] - starts[index] - result.shape[dimension]
        }
        _ = writer.zeroPadded(box, low: low, high: high, interior: Array(repeating: 0, count: rank), into: resultName)
    }
}
