import Foundation
import Testing
import XLATensor

/// JAX's promotion table, every pair of operand kinds, with x64 off and on
/// (fixture from Scripts/fixtures/promotion.py, run with jax 0.11.2).
@Suite struct TypePromotionTests {
    struct Row: Decodable {
        let lhs: String
        let rhs: String
        let dtype: String
        let weak: Bool
    }

    struct Table: Decodable {
        let x64_off: [Row]
        let x64_on: [Row]
    }

    static let table: Table = loadFixture("promotion")

    /// An operand kind from the fixture: a dtype name, or a weak `int`/`float` literal.
    func operand(_ kind: String, x64: Bool) -> PromotionType {
        switch kind {
        case "int": return PromotionType(x64 ? .int64 : .int32, weak: true)
        case "float": return PromotionType(x64 ? .float64 : .float32, weak: true)
        default:
            let type = ElementType.allCases.first { $0.name == kind }!
            // JAX creates 64-bit requests as 32-bit arrays when x64 is off.
            return PromotionType(TypePromotion.canonical(type, x64: x64))
        }
    }

    @Test(arguments: [false, true])
    func matchesJAX(x64: Bool) {
        let rows = x64 ? TypePromotionTests.table.x64_on : TypePromotionTests.table.x64_off
        #expect(rows.count == 221)
        for row in rows {
            let result = TypePromotion.resultType(operand(row.lhs, x64: x64), operand(row.rhs, x64: x64), x64: x64)
            #expect(result.elementType.name == row.dtype && result.isWeak == row.weak,
                    "\(row.lhs) + \(row.rhs): expected \(row.dtype)\(row.weak ? " (weak)" : ""), got \(result)")
        }
    }

    @Test func literalsKeepTheTensorsType() {
        for type in ElementType.allCases where type != .bool {
            let tensor = PromotionType(type)
            let literal = PromotionType(type.isFloatingPoint ? .float32 : .int32, weak: true)
            #expect(TypePromotion.resultType(tensor, literal, x64: true).elementType == type)
        }
    }

    @Test func boolIsNeverWeak() {
        #expect(!PromotionType(.bool, weak: true).isWeak)
    }
}
