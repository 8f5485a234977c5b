import Testing
import XLATensor

/// Control flow under an ``ImplicitState`` that states no control-flow
/// policy of its own is `lax`'s: values are carried through loops and
/// branches, nothing runs outside them, and a value created inside one is
/// an error naming it. A policy that answers the hook is consulted.
@Suite struct ImplicitStatePolicyTests {
    /// Named tensors with no control-flow policy (XLATensor's defaults).
    final class Registers: ImplicitState, @unchecked Sendable {
        var values: [String: Tensor]
        init(_ values: [String: Tensor] = [:]) { self.values = values }

        func snapshot() -> [String: Tensor] { values }
        func restore(_ values: [String: Tensor]) { self.values = values }
        func prepareToCarry() {}
        func checkpoint() -> ImplicitCheckpoint {
            let saved = values
            return ImplicitCheckpoint { [self] in values = saved }
        }
        func reactivate<Result>(_ body: () -> Result) -> Result { body() }

        /// Runs `body` with these registers current.
        func run<Result>(_ body: () throws -> Result) rethrows -> Result {
            try ImplicitStateContext.$current.withValue(self, operation: body)
        }
    }

    /// Registers whose `whileLoop` runs its body once instead of looping,
    /// like Haiku's while initializing.
    final class BodyOnceRegisters: ImplicitState, @unchecked Sendable {
        let registers = Registers()
        func snapshot() -> [String: Tensor] { registers.values }
        func restore(_ values: [String: Tensor]) { registers.values = values }
        func prepareToCarry() {}
        func checkpoint() -> ImplicitCheckpoint { registers.checkpoint() }
        func reactivate<Result>(_ body: () -> Result) -> Result { body() }

        func whileLoop<State: TensorTree, Failure: Error>(
            _ initial: State, body: (State) throws(Failure) -> State, loop: (State) throws(Failure) -> State
        ) throws(Failure) -> State {
            try body(initial)
        }
    }

    @Test func whileLoopWhoseConditionIsFalseNeverRunsItsBody() throws {
        let y = Registers().run {
            whileLoop(Tensor(Float(10)), condition: { $0 .< Tensor(Float(5)) }, body: { $0 + 1 })
        }
        #expect(try y.item(as: Float.self) == 10)
    }

    @Test func aPolicyAnsweringTheHookIsConsulted() throws {
        let state = BodyOnceRegisters()
        let y = ImplicitStateContext.$current.withValue(state) {
            whileLoop(Tensor(Float(10)), condition: { $0 .< Tensor(Float(5)) }, body: { $0 + 1 })
        }
        #expect(try y.item(as: Float.self) == 11)
    }

    @Test func forLoopOverAnEmptyRangeNeverRunsItsBody() throws {
        let y = Registers().run { forLoop(3, 3, Tensor(Int32(7))) { i, x in x + i } }
        #expect(try y.item(as: Int32.self) == 7)
    }

    @Test func loopsCarryTheValues() throws {
        let f = jit { (xs: Tensor) -> [Tensor] in
            let registers = Registers(["total": Tensor(Float(0))])
            let (carry, ys) = registers.run {
                scan(Tensor(Float(0)), xs) { carry, x in
                    registers.values["total"] = registers.values["total"]! + x
                    return (carry + 1, x * 2)
                }
            }
            return [carry, ys, registers.values["total"]!]
        }
        let outputs = try f(Tensor([1.0, 2, 3]))
        #expect(try outputs[0].item(as: Float.self) == 3)
        #expect(try outputs[1].scalars(as: Float.self) == [2, 4, 6])
        #expect(try outputs[2].item(as: Float.self) == 6)
    }

    @Test func aScanBodyCreatingAValueIsAnErrorNamingIt() {
        let registers = Registers()
        let (carry, _) = registers.run {
            scan(Tensor(Float(0)), Tensor([1.0, 2, 3])) { carry, x in
                registers.values["created"] = x
                return (carry + x, x)
            }
        }
        let error = #expect(throws: TensorError.self) { try carry.item(as: Float.self) }
        #expect(error?.description.contains("a loop body created created, which must exist before the loop") == true)
    }

    @Test func aBranchCreatingAValueIsAnError() {
        let registers = Registers()
        let y = registers.run {
            cond(Tensor(true), { registers.values["created"] = Tensor(Float(1)); return Tensor(Float(1)) },
                 { Tensor(Float(2)) })
        }
        let error = #expect(throws: TensorError.self) { try y.item(as: Float.self) }
        #expect(error?.description.contains("a branch of cond created") == true)
        #expect(registers.values["created"] == nil)
    }
}
