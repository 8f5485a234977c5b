#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Checks that the host can give a large allocation before Swift makes it:
/// Swift's arrays and `allocate` end the process when memory runs out, so
/// code that sizes host memory from a shape asks here first and throws.
package enum HostMemory {
    /// Allocations up to this many bytes are not checked: a process that
    /// cannot get them has no way to go on anyway.
    static let uncheckedBytes = 1 << 20

    /// Throws ``XLAError/resourceExhausted(bytes:message:during:)`` when
    /// `byteCount` bytes cannot be allocated on the host: more than the
    /// machine's physical memory (which could not be filled without
    /// swapping it all out, even where the kernel overcommits and `malloc`
    /// says yes), or more than `malloc` gives now (a memory limit, strict
    /// overcommit). The probe is freed at once, so the
    /// caller's own allocation can in principle still fail if other threads
    /// take the memory in between.
    package static func check(_ byteCount: Int, during context: @autoclosure () -> String) throws(XLAError) {
        guard byteCount > uncheckedBytes else { return }
        if UInt64(byteCount) <= installedBytes, let probe = malloc(byteCount) {
            free(probe)
            return
        }
        throw .resourceExhausted(bytes: byteCount, message: "the host cannot allocate \(byteCount) bytes",
                                 during: context())
    }

    /// Physical memory in bytes (unlimited when unknown).
    private static var installedBytes: UInt64 {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), pageSize = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, pageSize > 0 else { return .max }
        let bytes = UInt64(pages).multipliedReportingOverflow(by: UInt64(pageSize))
        return bytes.overflow ? .max : bytes.partialValue
    }
}
