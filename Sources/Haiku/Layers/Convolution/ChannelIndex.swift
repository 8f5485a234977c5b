/// The channel axis of a data format (`hk.get_channel_index`): `1` for
/// channels-first formats, `-1` for channels-last ones.
///
/// ```swift
/// try getChannelIndex("channels_last")   // -1
/// try getChannelIndex("channels_first")  // 1
/// try getChannelIndex("N...C")           // -1
/// try getChannelIndex("NCHW")            // 1
/// ```
///
/// The rules are Haiku's: `channels_first` and `channels_last`; a spatial
/// format that starts with `N` and has one `C`, right after the `N`
/// (`NCHW`: 1) or at the end (`NHWC`: -1); a sequential format that starts
/// with `BT` or `TB` and ends with its only `D` (`BTHWD`: -1).
///
/// - Throws: ``HaikuError/invalidArgument(_:location:)`` for any other string.
public func getChannelIndex(_ dataFormat: String) throws(HaikuError) -> Int {
    let letters = Array(dataFormat)
    let channels = letters.filter { $0 == "C" }.count
    if dataFormat == "channels_first" { return 1 }
    if dataFormat == "channels_last" { return -1 }
    if letters.starts(with: "NC"), channels == 1 { return 1 }
    if letters.first == "N", letters.last == "C", channels == 1 { return -1 }
    let sequential = letters.starts(with: "BT") || letters.starts(with: "TB")
    if sequential, letters.last == "D", letters.filter({ $0 == "D" }).count == 1 { return -1 }
    throw HaikuError.invalidArgument(
        "Unable to extract channel information from '\(dataFormat)'. Valid data formats are spatial (e.g.`NCHW`), "
            + "sequential (e.g. `BTHWD`), `channels_first` and `channels_last`)", location: nil)
}
