@testable import Haiku
import Testing

/// Module naming against real Haiku (fixture group "naming"): each test
/// writes the case's Python program in Swift and compares the parameter
/// names and shapes `initialize` creates. (Haiku's dict order, the
/// fixture's "order", has no counterpart: `Params` is a dictionary.)
@Suite struct NamingTests {
    static let fixture = HaikuFixtures.core["naming"]
    static let x15 = Tensor.ones([1, 5])

    /// Checks the names and shapes of `params` against case `name`.
    func expectNames(_ params: Params, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(HaikuFixtures.nameShapes(params) == Self.fixture[name]["names"].nameShapes, "\(name)", sourceLocation: sourceLocation)
    }

    // MARK: a_two_unnamed

    final class MyModule: Module {
        func callAsFunction() -> Tensor {
            method { parameter("w", shape: [], init: .zeros) }
        }
    }

    @Test func twoUnnamedModulesAreNumbered() throws {
        let f = transform { () -> Tensor in
            let a = MyModule()()
            let b = MyModule()()
            return a + b
        }
        expectNames(try f.initialize(rng: PRNGKey(0)), "a_two_unnamed")
    }

    // MARK: b_init_call_method

    final class Outer: Module {
        let lin: Linear
        override init(name: ModuleName = nil) {
            lin = Linear(2)
            super.init(name: name)
        }

        func callAsFunction(_ x: Tensor) -> Tensor {
            method(x) { x in
                var h = lin(x)
                h = Linear(3)(h)
                return encode(h)
            }
        }

        func encode(_ h: Tensor) -> Tensor {
            method(h) { h in Linear(4)(h) }
        }
    }

    @Test func childrenOfInitializerCallAndOtherMethod() throws {
        let f = transform { (x: Tensor) in Outer()(x) }
        expectNames(try f.initialize(rng: PRNGKey(0), Self.x15), "b_init_call_method")
    }

    // MARK: c_explicit_numbered, c2, c3

    @Test func unnamedModulesContinueAfterAnExplicitNumber() throws {
        let f = transform { (x: Tensor) -> Tensor in
            let a = Linear(1, name: "linear_3")
            let b = Linear(1)
            let c = Linear(1)
            return c(b(a(x)))
        }
        expectNames(try f.initialize(rng: PRNGKey(0), Self.x15), "c_explicit_numbered")
    }

    @Test func explicitNumberInTheMiddle() throws {
        let f = transform { (x: Tensor) -> Tensor in
            let a = Linear(1)
            let b = Linear(1, name: "linear_3")
            let c = Linear(1)
            return c(b(a(x)))
        }
        expectNames(try f.initialize(rng: PRNGKey(0), Self.x15), "c2_explicit_numbered_middle")
    }

    @Test func repeatedExplicitNameIsNumbered() throws {
        let f = transform { (x: Tensor) -> Tensor in
            let a = Linear(1, name: "foo")
            let b = Linear(1, name: "foo")
            return b(a(x))
        }
        expectNames(try f.initialize(rng: PRNGKey(0), Self.x15), "c3_explicit_repeated")
    }

    // MARK: d_sequential

    @Test func sequentialLayersKeepTheirOwnNames() throws {
        let f = transform { (x: Tensor) in
            Sequential([Linear(2), relu, Linear(3)])(x)
        }
        expectNames(try f.initialize(rng: PRNGKey(0), Self.x15), "d_sequential")
    }

    // MARK: e_camel_to_snake

    @Test func classNamesInSnakeCase() {
        let map = Self.fixture["e_camel_to_snake"]["map"]
        #expect(map.keys.count == 10)
        for className in map.keys {
            #expect(Module.snakeCase(className) == map[className].string, "\(className)")
        }
    }

    @Test func defaultNameIsTheSnakeCaseClassName() throws {
        final class MyLinear1: Module {
            func callAsFunction() -> Tensor { method { parameter("w", shape: [], init: .zeros) } }
        }
        let f = transform { () -> Tensor in MyLinear1()() }
        let expected = Self.fixture["e_camel_to_snake"]["map"]["MyLinear1"].string
        #expect(Array(try f.initialize(rng: PRNGKey(0)).keys) == [expected])
    }

    // MARK: f_name_scope

    final class ScopedModule: Module {
        func callAsFunction(_ x: Tensor) -> Tensor {
            method(x) { x in
                let (w, y) = nameScope("my_name_scope") { () -> (Tensor, Tensor) in
                    let w = parameter("w", shape: [], init: .zeros)
                    let y = Linear(1, name: "submodule")(x)
                    return (w, y)
                }
                return y + w
            }
        }
    }

    @Test func nameScopeInsideAModule() throws {
        let f = transform { (x: Tensor) in ScopedModule(name: "my_module")(x) }
        expectNames(try f.initialize(rng: PRNGKey(0), Self.x15), "f_name_scope")
    }

    /// Collects module names seen while tracing.
    final class Names: @unchecked Sendable {
        var values: [String] = []
    }

    @Test func nameScopeAtTopLevel() throws {
        let c = Self.fixture["f_name_scope"]
        let seen = Names()
        let f = transform { (x: Tensor) -> Tensor in
            let net = nameScope("my_name_scope") { Linear(1) }
            seen.values.append(net.moduleName)
            return net(x)
        }
        let params = try f.initialize(rng: PRNGKey(0), Self.x15)
        #expect(HaikuFixtures.nameShapes(params) == c["top_level"]["names"].nameShapes)
        #expect(seen.values == [c["top_level_module_name"].string])
    }

    // MARK: g_shared_instance

    @Test func sharedInstanceHasOneSetOfParameters() throws {
        let f = transform { (x: Tensor) -> Tensor in
            let lin = Linear(5)
            return lin(lin(x))
        }
        expectNames(try f.initialize(rng: PRNGKey(0), Self.x15), "g_shared_instance")
    }

    // MARK: h_create_in_call_twice

    final class CreatesInCall: Module {
        func callAsFunction(_ x: Tensor) -> Tensor {
            method(x) { x in Linear(5)(x) }
        }
    }

    @Test func eachCallNamesItsSubmoduleAlike() throws {
        let f = transform { (x: Tensor) -> Tensor in
            let m = CreatesInCall()
            return m(m(x))
        }
        expectNames(try f.initialize(rng: PRNGKey(0), Self.x15), "h_create_in_call_twice")
    }

    // MARK: i_three_levels

    final class C: Module {
        func callAsFunction(_ x: Tensor) -> Tensor {
            method(x) { x in x * parameter("w", shape: [], init: .ones) }
        }
    }

    final class B: Module {
        func callAsFunction(_ x: Tensor) -> Tensor {
            method(x) { x in C()(x) }
        }
    }

    final class A: Module {
        let b: B
        override init(name: ModuleName = nil) {
            b = B()
            super.init(name: name)
        }

        func callAsFunction(_ x: Tensor) -> Tensor {
            method(x) { x in b(x) }
        }
    }

    @Test func threeLevels() throws {
        let f = transform { (x: Tensor) in A()(x) }
        expectNames(try f.initialize(rng: PRNGKey(0), Self.x15), "i_three_levels")
    }

    // MARK: j_outside_modules

    @Test func parametersOutsideModulesLiveUnderTilde() throws {
        let f = transform { (x: Tensor) -> Tensor in
            let w = parameter("w", shape: [2], init: .ones)
            return Linear(2)(x) * w
        }
        expectNames(try f.initialize(rng: PRNGKey(0), Self.x15), "j_outside_modules")
    }
}
