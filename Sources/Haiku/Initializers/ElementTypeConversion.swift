/// `value` as `jax.lax.convert_element_type(value, dtype)` makes a Python
/// float: rounded to the default float type (float32 while x64 is off), then
/// converted to `dtype`, strongly typed.
func convertElementType(_ value: Double, _ dtype: ElementType) -> Tensor {
    Tensor(value).converted(to: dtype)
}
