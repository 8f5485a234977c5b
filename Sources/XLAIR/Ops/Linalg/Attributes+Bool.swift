// Reading boolean attributes (`triangular_solve`'s `left_side`, `lower`,
// `transpose_a`, `unit_diagonal`). The indexing ops' `Attributes.flag` does the
// same; the two are to become one `Attributes.bool` in `Core/Attribute.swift`.

extension Attributes {
    /// The boolean attribute `name`, or nil when absent or of another kind.
    func bool(_ name: String) -> Bool? {
        if case let .bool(value)? = self[name] { value } else { nil }
    }
}
