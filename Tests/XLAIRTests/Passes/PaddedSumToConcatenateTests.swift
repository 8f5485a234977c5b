import Testing
import XLAIR

/// `PaddedSumToConcatenate`: a sum of zero-padded pieces that tile one axis
/// becomes their concatenation in axis order; other sums of pads stay.
@Suite struct PaddedSumToConcatenateTests {
    func rewritten(_ instructions: String) throws -> String {
        var program = try Program(parsing: """
            module @m

            func @main(%0: tensor<2x3xf32>, %1: tensor<2x1xf32>) -> (tensor<2x4xf32>) {
              %2 = constant {value = dense<0.0> : tensor<f32>} : tensor<f32>
            \(instructions)
              return %9
            }

            """)
        try PassManager([PaddedSumToConcatenate(), DeadCodeElimination()], verifiesAfterEachPass: true).run(&program)
        return program.irText
    }

    @Test func piecesThatTileAnAxisAreConcatenatedInOrder() throws {
        let result = try rewritten("""
              %3 = pad(%1, %2) {edge_padding_high = [0, 0], edge_padding_low = [0, 3], interior_padding = [0, 0]} : tensor<2x4xf32>
              %4 = pad(%0, %2) {edge_padding_high = [0, 1], edge_padding_low = [0, 0], interior_padding = [0, 0]} : tensor<2x4xf32>
              %9 = add(%3, %4) : tensor<2x4xf32>
            """)
        #expect(result.contains("concatenate(%0, %1) {dimension = 1} : tensor<2x4xf32>"), "\(result)")
        #expect(!result.contains("pad("), "\(result)")
    }

    @Test(arguments: [
        // Overlapping pieces: columns 0-2 and 2.
        """
          %3 = pad(%1, %2) {edge_padding_high = [0, 1], edge_padding_low = [0, 2], interior_padding = [0, 0]} : tensor<2x4xf32>
          %4 = pad(%0, %2) {edge_padding_high = [0, 1], edge_padding_low = [0, 0], interior_padding = [0, 0]} : tensor<2x4xf32>
          %9 = add(%3, %4) : tensor<2x4xf32>
        """,
        // A piece is read elsewhere too.
        """
          %3 = pad(%1, %2) {edge_padding_high = [0, 0], edge_padding_low = [0, 3], interior_padding = [0, 0]} : tensor<2x4xf32>
          %4 = pad(%0, %2) {edge_padding_high = [0, 1], edge_padding_low = [0, 0], interior_padding = [0, 0]} : tensor<2x4xf32>
          %5 = add(%3, %4) : tensor<2x4xf32>
          %9 = add(%5, %4) : tensor<2x4xf32>
        """,
        // Padded with a value other than zero.
        """
          %5 = constant {value = dense<1.0> : tensor<f32>} : tensor<f32>
          %3 = pad(%1, %5) {edge_padding_high = [0, 0], edge_padding_low = [0, 3], interior_padding = [0, 0]} : tensor<2x4xf32>
          %4 = pad(%0, %2) {edge_padding_high = [0, 1], edge_padding_low = [0, 0], interior_padding = [0, 0]} : tensor<2x4xf32>
          %9 = add(%3, %4) : tensor<2x4xf32>
        """,
    ])
    func otherSumsOfPadsStay(_ instructions: String) throws {
        let result = try rewritten(instructions)
        #expect(!result.contains("concatenate"), "\(result)")
    }
}
