import Testing
import XLAIR

/// `SliceOfDot`: a slice of a product that keeps part of one operand's free
/// dimensions becomes the product of that slice of the operand, hoisted out
/// of a loop when the operand is defined outside it; other slices stay.
@Suite struct SliceOfDotTests {
    func narrowed(_ body: String) throws -> String {
        var program = try Program(parsing: "module @m\n\n" + body)
        try PassManager([SliceOfDot(), DeadCodeElimination()], verifiesAfterEachPass: true).run(&program)
        return program.irText
    }

    @Test func sliceOfTheRightOperandsColumnsSlicesTheOperand() throws {
        let result = try narrowed("""
            func @main(%0: tensor<4x8xf32>, %1: tensor<6x8xf32>) -> (tensor<4x3xf32>) {
              %2 = dot_general(%0, %1) {lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [1]} : tensor<4x6xf32>
              %3 = slice(%2) {limit_indices = [4, 5], start_indices = [0, 2]} : tensor<4x3xf32>
              return %3
            }

            """)
        #expect(result.contains("slice(%1) {limit_indices = [5, 8], start_indices = [2, 0]} : tensor<3x8xf32>"), "\(result)")
        #expect(result.contains("dot_general(%0, %2) {lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [1]} : tensor<4x3xf32>"),
                "\(result)")
        #expect(!result.contains("tensor<4x6xf32>"), "\(result)")
    }

    @Test func sliceOfALoopInvariantWeightIsTakenBeforeTheLoop() throws {
        let result = try narrowed("""
            func @main(%0: tensor<2x4xf32>, %1: tensor<6x4xf32>) -> (tensor<2x4xf32>) {
              %2 = constant {value = dense<0> : tensor<i32>} : tensor<i32>
              %3, %4 = while(%2, %0) {trip_count = 3} : tensor<i32>, tensor<2x4xf32>
                region(%5: tensor<i32>, %6: tensor<2x4xf32>) {
                  %7 = constant {value = dense<3> : tensor<i32>} : tensor<i32>
                  %8 = compare(%5, %7) {direction = "LT"} : tensor<i1>
                  return %8
                }
                region(%9: tensor<i32>, %10: tensor<2x4xf32>) {
                  %11 = dot_general(%10, %1) {lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [1]} : tensor<2x6xf32>
                  %12 = slice(%11) {limit_indices = [2, 6], start_indices = [0, 2]} : tensor<2x4xf32>
                  %13 = constant {value = dense<1> : tensor<i32>} : tensor<i32>
                  %14 = add(%9, %13) : tensor<i32>
                  return %14, %12
                }
              return %4
            }

            """)
        let loop = try #require(result.range(of: "= while"))
        let slice = try #require(result.range(of: "slice(%1) {limit_indices = [6, 4], start_indices = [2, 0]} : tensor<4x4xf32>"),
                                 "\(result)")
        #expect(slice.lowerBound < loop.lowerBound, "\(result)")
        #expect(result.contains("dot_general(%11, %3)") && !result.contains("tensor<2x6xf32>"), "\(result)")
    }

    @Test(arguments: [
        // The product is read twice.
        """
        %2 = dot_general(%0, %1) {lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [1]} : tensor<4x6xf32>
        %3 = slice(%2) {limit_indices = [3, 5], start_indices = [0, 2]} : tensor<3x3xf32>
        %4 = slice(%2) {limit_indices = [4, 5], start_indices = [1, 2]} : tensor<3x3xf32>
        %5 = add(%3, %4) : tensor<3x3xf32>
        """,
        // The slice keeps part of both operands' free dimensions.
        """
        %2 = dot_general(%0, %1) {lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [1]} : tensor<4x6xf32>
        %5 = slice(%2) {limit_indices = [3, 5], start_indices = [0, 2]} : tensor<3x3xf32>
        """,
        // A strided slice.
        """
        %2 = dot_general(%0, %1) {lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [1]} : tensor<4x6xf32>
        %5 = slice(%2) {limit_indices = [3, 6], start_indices = [0, 0], strides = [1, 2]} : tensor<3x3xf32>
        """,
    ])
    func otherSlicesStay(_ instructions: String) throws {
        let body = """
            func @main(%0: tensor<4x8xf32>, %1: tensor<6x8xf32>) -> (tensor<3x3xf32>) {
            \(instructions)
              return %5
            }

            """
        let result = try narrowed(body)
        #expect(result.contains("tensor<4x6xf32>"), "\(result)")
    }
}
