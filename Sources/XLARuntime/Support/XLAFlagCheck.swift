#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Finds the flags in `XLA_FLAGS` that a plugin does not know, before the
/// plugin reads them: XLA ends the whole process on an unknown flag.
///
/// XLA names each flag it parses with a C string literal, so a flag the
/// plugin knows appears in its library as that name followed by a NUL byte
/// (possibly as the tail of a longer string, where the linker merged them).
/// A name found nowhere in that form is one the plugin cannot parse. The
/// check can miss a misspelling that happens to end another string, but it
/// never rejects a flag the plugin knows.
enum XLAFlagCheck {
    /// The flag names set in an `XLA_FLAGS` value: each whitespace-separated
    /// token (quotes keep spaces inside a value) that starts with `-`,
    /// without its dashes and its `=value`.
    static func names(in flags: String) -> [String] {
        var tokens: [String] = [], token = "", quote: Character?
        for character in flags {
            if let open = quote {
                if character == open { quote = nil }
                token.append(character)
            } else if character == "\"" || character == "'" {
                quote = character
                token.append(character)
            } else if character.isWhitespace {
                if !token.isEmpty { tokens.append(token) }
                token = ""
            } else {
                token.append(character)
            }
        }
        if !token.isEmpty { tokens.append(token) }
        return tokens.filter { $0.hasPrefix("-") }.compactMap { token in
            let name = token.drop(while: { $0 == "-" }).prefix(while: { $0 != "=" })
            return name.isEmpty ? nil : String(name)
        }
    }

    /// The names among `names` that the library at `path` does not contain
    /// as NUL-terminated strings; nil when the library cannot be read, so
    /// that nothing is known.
    static func unknown(_ names: [String], inLibraryAt path: String) -> [String]? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_size > 0 else { return nil }
        let size = Int(status.st_size)
        guard let mapping = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), mapping != MAP_FAILED else {
            return nil
        }
        defer { munmap(mapping, size) }
        let library = UnsafeRawBufferPointer(start: mapping, count: size)
        return names.filter { !contains(Array($0.utf8) + [0], in: library) }
    }

    /// Whether `needle` (not empty) occurs in `haystack`: `memchr` finds
    /// each candidate first byte, `memcmp` compares the rest.
    private static func contains(_ needle: [UInt8], in haystack: UnsafeRawBufferPointer) -> Bool {
        guard let base = haystack.baseAddress, let first = needle.first else { return false }
        var offset = 0
        while haystack.count - offset >= needle.count,
              let hit = memchr(base + offset, Int32(first), haystack.count - offset - needle.count + 1) {
            if memcmp(hit, needle, needle.count) == 0 { return true }
            offset = base.distance(to: UnsafeRawPointer(hit)) + 1
        }
        return false
    }
}
