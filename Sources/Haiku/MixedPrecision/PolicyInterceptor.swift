/// The method interceptors mixed precision puts first at the method
/// boundary (Haiku installs its interceptor globally, ahead of those of
/// `interceptMethods`): one while any policy is set, none otherwise.
var mixedPrecisionInterceptors: [MethodInterceptor] {
    PolicyTable.current.isEmpty ? [] : [applyingPolicy]
}

/// Runs a method of a module with a policy under it: floating-point
/// arguments cast to the compute dtype, the result to the output dtype,
/// and, from the outermost such method in, parameters created in the
/// parameter dtype and parameters and state read in the compute dtype of
/// the innermost policy.
private func applyingPolicy(_ next: ([Any]) -> Any, _ arguments: [Any], _ context: MethodContext) -> Any {
    guard let policy = getPolicy(for: type(of: context.module)) else { return next(arguments) }
    func run() -> Any {
        ActivePolicy.$current.withValue(policy) {
            let result = next(mapTensors(in: arguments) { castFloatingPoint($0, to: policy.computeDType) })
            return mapTensors(in: result) { castFloatingPoint($0, to: policy.outputDType) }
        }
    }
    guard ActivePolicy.current == nil else { return run() }
    return customCreator(creatingInParamDType) {
        customGetter(readingInComputeDType, state: true, run)
    }
}

/// Creates a parameter in the parameter dtype of the policy in force.
private func creatingInParamDType(
    _ next: ([Int], ElementType, any Initializer) -> Tensor, _ shape: [Int], _ dtype: ElementType,
    _ initializer: any Initializer, _ context: GetterContext
) -> Tensor {
    next(shape, ActivePolicy.current?.paramDType ?? dtype, initializer)
}

/// Reads a parameter or state in the compute dtype of the policy in force.
private func readingInComputeDType(_ next: (Tensor) -> Tensor, _ value: Tensor, _ context: GetterContext) -> Tensor {
    next(ActivePolicy.current.map { castFloatingPoint(value, to: $0.computeDType) } ?? value)
}
