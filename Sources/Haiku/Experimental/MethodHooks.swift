/// Method interceptors that see every module method call in every frame
/// opened while they are installed, also frames `apply` opens inside the
/// body (Haiku's internal `hook_methods`, which `to_dot` uses). They run
/// before a frame's own interceptors.
struct MethodHooks: @unchecked Sendable {
    /// The hooks installed now.
    @TaskLocal static var installed = MethodHooks(interceptors: [])

    /// The interceptors, outermost first.
    let interceptors: [MethodInterceptor]

    /// Runs `body` with `interceptor` added to the installed hooks.
    static func with<Result>(_ interceptor: @escaping MethodInterceptor, _ body: () throws -> Result) rethrows -> Result {
        try $installed.withValue(MethodHooks(interceptors: installed.interceptors + [interceptor]), operation: body)
    }
}
