extension DataType {
    /// The most characters (STRING) or bytes (BYTES) a value may hold, an array's elements'
    /// limit for an array, and `Int64.max` for `MAX` and every other type: comparing two
    /// limits tells whether a type change shortens what fits.
    public var lengthLimit: Int64 {
        switch self {
        case .string(.count(let n)?), .bytes(.count(let n)?): n
        case .array(let element, _): element.lengthLimit
        default: Int64.max
        }
    }
}
