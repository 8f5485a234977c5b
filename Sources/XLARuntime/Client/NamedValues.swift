#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import CXLA

/// Runs `body` with `values` laid out as a C array of `PJRT_NamedValue`,
/// whose strings stay valid for the duration of the call.
func withNamedValues<Result>(_ values: [NamedValue],
                             _ body: (UnsafePointer<PJRT_NamedValue>?, Int) throws -> Result) rethrows -> Result {
    var storage: [UnsafeMutablePointer<CChar>] = []
    defer { storage.forEach { free($0) } }
    func cString(_ text: String) -> UnsafeMutablePointer<CChar> {
        let pointer = strdup(text)!
        storage.append(pointer)
        return pointer
    }
    var lists: [UnsafeMutablePointer<Int64>] = []
    defer { lists.forEach { $0.deallocate() } }
    let entries: [PJRT_NamedValue] = values.map { value in
        var entry = PJRT_NamedValue()
        entry.struct_size = PJRT_NamedValue_STRUCT_SIZE
        entry.name = UnsafePointer(cString(value.name))
        entry.name_size = value.name.utf8.count
        entry.value_size = 1
        switch value.value {
        case let .string(text):
            entry.type = PJRT_NamedValue_kString
            entry.string_value = UnsafePointer(cString(text))
            entry.value_size = text.utf8.count
        case let .int(number):
            entry.type = PJRT_NamedValue_kInt64
            entry.int64_value = number
        case let .ints(numbers):
            let list = UnsafeMutablePointer<Int64>.allocate(capacity: max(numbers.count, 1))
            list.initialize(from: numbers, count: numbers.count)
            lists.append(list)
            entry.type = PJRT_NamedValue_kInt64List
            entry.int64_array_value = UnsafePointer(list)
            entry.value_size = numbers.count
        case let .float(number):
            entry.type = PJRT_NamedValue_kFloat
            entry.float_value = number
        case let .bool(flag):
            entry.type = PJRT_NamedValue_kBool
            entry.bool_value = flag
        }
        return entry
    }
    return try entries.withUnsafeBufferPointer { try body($0.baseAddress, $0.count) }
}
