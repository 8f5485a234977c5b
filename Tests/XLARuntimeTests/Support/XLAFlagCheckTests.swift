import FileSystem
import Foundation
import Testing
@testable import XLARuntime

/// Reading flag names from `XLA_FLAGS` and looking them up in a library.
@Suite struct XLAFlagCheckTests {
    @Test func namesDropDashesValuesAndQuotedSpaces() {
        let flags = #"  --xla_dump_to=/tmp/x -xla_b --xla_re="a --not_a_flag" stray --xla_c='x -y'"#
        #expect(XLAFlagCheck.names(in: flags) == ["xla_dump_to", "xla_b", "xla_re", "xla_c"])
    }

    @Test func onlyNamesEndingAStringInTheLibraryAreKnown() throws {
        let path = "/tmp/hk-flag-check-\(UInt32.random(in: 0...UInt32.max))"
        let library: [UInt8] = Array("\u{0}ab_xla_known\u{0}xla_prefix_longer\u{0}".utf8)
        try Files.write(library, to: path)
        defer { unlink(path) }
        let unknown = XLAFlagCheck.unknown(["xla_known", "xla_prefix", "xla_absent"], inLibraryAt: path)
        #expect(unknown == ["xla_prefix", "xla_absent"])
        #expect(XLAFlagCheck.unknown(["xla_known"], inLibraryAt: path + ".missing") == nil)
    }
}
