import XLATypes

/// An error from the XLA runtime: loading a plugin, creating a client,
/// moving data, compiling or executing.
///
/// Every case carries what a user needs to fix the problem, and
/// `description` reads as one helpful sentence.
public enum XLAError: Error, Equatable, Sendable {
    /// No plugin was found; `searched` lists where we looked.
    case pluginNotFound(request: String, searched: [String])
    /// The file exists but could not be opened as a PJRT plugin.
    case pluginLoadFailed(path: String, reason: String)
    /// The plugin speaks a PJRT C API major version we do not.
    case incompatibleAPIVersion(path: String, major: Int, minor: Int)
    /// The plugin loaded but its platform cannot start here (for example a
    /// GPU plugin on a machine without a driver or device).
    case platformUnavailable(platform: String, reason: String)
    /// The plugin is too old to provide a function of the C API.
    case unsupportedByPlugin(function: String, path: String)
    /// PJRT returned an error (its status code and message).
    case pjrt(code: PJRTErrorCode, message: String, during: String)
    /// A program could not be used: its `@main` signature could not be read.
    case invalidProgram(reason: String)
    /// Bad options (replica or device counts, unknown device, ...).
    case invalidOptions(String)
    /// Execute was given the wrong number of arguments.
    case argumentCount(expected: Int, got: Int)
    /// Execute was given an argument of the wrong type or shape.
    case argumentType(index: Int, expected: TensorType, got: TensorType)
    /// A buffer was used after it was donated to an execution.
    case bufferDonated(TensorType)
    /// Host data does not fit the requested shape.
    case hostDataCount(shape: [Int], expected: Int, got: Int)
    /// A buffer was read as a Swift type of another element type.
    case elementTypeMismatch(buffer: ElementType, requested: ElementType)
    /// A buffer lives on a device of another client or the wrong device.
    case wrongDevice(String)
    /// Memory could not be had: `bytes` on the host (staging a created
    /// tensor, or copying a result to Swift), which Swift's own allocation
    /// would have turned into a crash, or memory on a device (PJRT's
    /// `RESOURCE_EXHAUSTED` status, `bytes` nil). The process goes on;
    /// free some memory or use a smaller shape.
    case resourceExhausted(bytes: Int?, message: String, during: String)
}

/// PJRT's error codes (absl status codes).
public enum PJRTErrorCode: Int, Sendable, Equatable {
    case cancelled = 1, unknown, invalidArgument, deadlineExceeded, notFound, alreadyExists,
         permissionDenied, resourceExhausted, failedPrecondition, aborted, outOfRange,
         unimplemented, internalError, unavailable, dataLoss, unauthenticated
}

extension XLAError: CustomStringConvertible {
    /// One sentence saying what went wrong and how to fix it.
    public var description: String {
        switch self {
        case let .pluginNotFound(request, searched):
            let fix = request.contains("cuda") ? "Scripts/bootstrap --gpu" : "Scripts/bootstrap"
            return "No PJRT plugin found for '\(request)' (searched: \(searched.joined(separator: ", "))). Run `\(fix)` to install it, or set HK_PJRT_PLUGIN to a plugin path."
        case let .pluginLoadFailed(path, reason):
            return "Could not load the PJRT plugin at \(path): \(reason)."
        case let .incompatibleAPIVersion(path, major, minor):
            return "The plugin at \(path) implements PJRT C API \(major).\(minor); this runtime supports major version 0."
        case let .platformUnavailable(platform, reason):
            return "The \(platform) platform is unavailable: \(reason)"
        case let .unsupportedByPlugin(function, path):
            return "The plugin at \(path) is too old to provide \(function)."
        case let .pjrt(code, message, during):
            return "XLA error while \(during) [\(code)]: \(message)"
        case let .invalidProgram(reason):
            return "Invalid program: \(reason)"
        case let .invalidOptions(reason):
            return "Invalid options: \(reason)"
        case let .argumentCount(expected, got):
            return "The executable takes \(expected) argument\(expected == 1 ? "" : "s") but was given \(got)."
        case let .argumentType(index, expected, got):
            return "Argument \(index) must be \(expected) but is \(got)."
        case let .bufferDonated(type):
            return "This \(type) buffer was donated to an earlier execution and can no longer be used."
        case let .hostDataCount(shape, expected, got):
            return "Shape \(shape) needs \(expected) elements but \(got) were given."
        case let .elementTypeMismatch(buffer, requested):
            return "The buffer holds \(buffer) elements and cannot be read as \(requested)."
        case let .wrongDevice(reason):
            return "Wrong device: \(reason)"
        case let .resourceExhausted(_, message, during):
            return "Out of memory while \(during): \(message)"
        }
    }
}
