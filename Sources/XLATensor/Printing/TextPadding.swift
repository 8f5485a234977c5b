extension String {
    /// The text right-aligned in `width` columns, filled on the left with `fill`.
    func padded(toWidth width: Int, leading fill: Character = " ") -> String {
        String(repeating: fill, count: max(width - count, 0)) + self
    }

    /// The text left-aligned in `width` columns, filled on the right with `fill`.
    func padded(toWidth width: Int, trailing fill: Character) -> String {
        self + String(repeating: fill, count: max(width - count, 0))
    }
}
