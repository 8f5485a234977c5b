/// `parameter`, `getState` and `setState` as a module's own: inside a
/// module's code they name the value after that module, also in the
/// initializer after `super.init(name:)` (as Haiku names a value made in
/// `__init__` after its module).
///
/// Anywhere else outside the module's method boundary
/// (``Module/method(_:name:nameLike:_:)``) they report
/// ``HaikuError/missingMethodBoundary(module:method:value:location:)``: a
/// method that forgot the boundary would name its submodules in the
/// caller's scope, silently unlike Haiku.
///
/// Inside the module's running methods (and name scopes they open) they are
/// the free functions, with the same names.
extension Module {
    /// This module's parameter (`hk.get_parameter`); see the free
    /// ``parameter(_:shape:dtype:init:file:line:)``.
    public func parameter(
        _ name: String, shape: [Int], dtype: ElementType = .float32, init initializer: (any Initializer)? = nil,
        file: String = #fileID, line: Int = #line, function: String = #function
    ) -> Tensor {
        inOwnBundle(name, function, file, line) { freeParameter(name, shape, dtype, initializer, file, line) }
    }

    /// This module's parameter with a closure as the initializer; see the
    /// free ``parameter(_:shape:dtype:init:file:line:)-(_,_,_,([Int],ElementType)->Tensor,_,_)``.
    public func parameter(
        _ name: String, shape: [Int], dtype: ElementType = .float32,
        init initializer: @escaping ([Int], ElementType) -> Tensor, file: String = #fileID, line: Int = #line,
        function: String = #function
    ) -> Tensor {
        inOwnBundle(name, function, file, line) {
            freeParameter(name, shape, dtype, InitializerFunction(initializer), file, line)
        }
    }

    /// This module's state value (`hk.get_state`); see the free
    /// ``getState(_:shape:dtype:init:file:line:)``.
    public func getState(
        _ name: String, shape: [Int]? = nil, dtype: ElementType = .float32, init initializer: (any Initializer)? = nil,
        file: String = #fileID, line: Int = #line, function: String = #function
    ) -> Tensor {
        inOwnBundle(name, function, file, line) { freeGetState(name, shape, dtype, initializer, file, line) }
    }

    /// Sets this module's state value (`hk.set_state`); see the free
    /// ``setState(_:_:file:line:)``.
    public func setState(
        _ name: String, _ value: Tensor, file: String = #fileID, line: Int = #line, function: String = #function
    ) {
        inOwnBundle(name, function, file, line) { freeSetState(name, value, file, line) }
    }

    /// Runs `body` with this module's bundle current when none of its
    /// methods is running: in the initializer (`function`, the caller's
    /// `#function`, is an `init`), or after a forgotten boundary, which is
    /// reported as the run's error.
    private func inOwnBundle<Result>(
        _ value: String, _ function: String, _ file: String, _ line: Int, _ body: () -> Result
    ) -> Result {
        guard let frame = Frame.current, !frame.modules.contains(where: { $0 === self }) else { return body() }
        if !function.hasPrefix("init(") {
            _ = frame.fail(.missingMethodBoundary(module: moduleName, method: function, value: value,
                                                  location: location(file, line)))
        }
        _ = moduleName
        usedItsBoundary = true
        frame.modules.append(self)
        defer { frame.modules.removeLast() }
        return body()
    }
}

// The free functions, reachable from the extension above whose members shadow them.

private func freeParameter(_ name: String, _ shape: [Int], _ dtype: ElementType, _ initializer: (any Initializer)?,
                           _ file: String, _ line: Int) -> Tensor {
    parameter(name, shape: shape, dtype: dtype, init: initializer, file: file, line: line)
}

private func freeGetState(_ name: String, _ shape: [Int]?, _ dtype: ElementType, _ initializer: (any Initializer)?,
                          _ file: String, _ line: Int) -> Tensor {
    getState(name, shape: shape, dtype: dtype, init: initializer, file: file, line: line)
}

private func freeSetState(_ name: String, _ value: Tensor, _ file: String, _ line: Int) {
    setState(name, value, file: file, line: line)
}
