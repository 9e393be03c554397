import Mustache

/// Turns an `Encodable` view model into the dictionaries, arrays and plain values Mustache
/// looks up cheaply. Handing Mustache a struct makes it reflect the struct with `Mirror` at
/// every key lookup, which demangles field types each time: measured here as the bulk of a
/// thread page's cost. Synthesized `Encodable` conformances walk the same fields with no
/// reflection at all.
enum TemplateEncoder {
    static func encode(_ value: some Encodable) throws -> Any {
        if let plain = plainValue(value) { return plain }
        let encoder = ValueEncoder()
        try value.encode(to: encoder)
        return encoder.result
    }

    fileprivate static func plainValue(_ value: Any) -> Any? {
        switch value {
        case let string as String: return string
        case let bool as Bool: return bool
        case let int as Int: return int
        case let double as Double: return double
        default: return nil
        }
    }
}

private final class Fields {
    var values: [String: Any] = [:]
    var holdsContainers = false
}

private final class Items {
    var values: [Any] = []
    var holdsContainers = false
}

private final class ValueEncoder: Encoder {
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]
    private var fields: Fields?
    private var items: Items?
    var single: Any?

    var result: Any {
        if let fields { return fields.holdsContainers ? fields.values.mapValues(resolvingNested) : fields.values }
        if let items { return items.holdsContainers ? items.values.map(resolvingNested) : items.values }
        return single ?? MustacheNull()
    }

    /// Hand-written `encode(to:)` may ask for nested containers; they hold references until here.
    private func resolvingNested(_ value: Any) -> Any {
        switch value {
        case let nested as Fields: return nested.holdsContainers ? nested.values.mapValues(resolvingNested) : nested.values
        case let nested as Items: return nested.holdsContainers ? nested.values.map(resolvingNested) : nested.values
        default: return value
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let fields = self.fields ?? Fields()
        self.fields = fields
        return KeyedEncodingContainer(KeyedContainer<Key>(fields: fields))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let items = self.items ?? Items()
        self.items = items
        return UnkeyedContainer(items: items)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleContainer(encoder: self)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let fields: Fields
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil(forKey key: Key) throws { fields.values[key.stringValue] = MustacheNull() }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        fields.values[key.stringValue] = try TemplateEncoder.encode(value)
    }
    // An absent optional must still shadow same-named fields of enclosing objects.
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
        if let value {
            fields.values[key.stringValue] = try TemplateEncoder.encode(value)
        } else {
            fields.values[key.stringValue] = MustacheNull()
        }
    }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws {
        fields.values[key.stringValue] = value ?? MustacheNull()
    }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws {
        fields.values[key.stringValue] = value ?? MustacheNull()
    }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws {
        fields.values[key.stringValue] = value ?? MustacheNull()
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let nested = Fields()
        fields.values[key.stringValue] = nested
        fields.holdsContainers = true
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(fields: nested))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = Items()
        fields.values[key.stringValue] = nested
        fields.holdsContainers = true
        return UnkeyedContainer(items: nested)
    }

    mutating func superEncoder() -> any Encoder { ValueEncoder() }
    mutating func superEncoder(forKey key: Key) -> any Encoder { ValueEncoder() }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
    let items: Items
    var codingPath: [any CodingKey] { [] }
    var count: Int { items.values.count }

    mutating func encodeNil() throws { items.values.append(MustacheNull()) }
    mutating func encode<T: Encodable>(_ value: T) throws { items.values.append(try TemplateEncoder.encode(value)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = Fields()
        items.values.append(nested)
        items.holdsContainers = true
        return KeyedEncodingContainer(KeyedContainer<NestedKey>(fields: nested))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = Items()
        items.values.append(nested)
        items.holdsContainers = true
        return UnkeyedContainer(items: nested)
    }

    mutating func superEncoder() -> any Encoder { ValueEncoder() }
}

private struct SingleContainer: SingleValueEncodingContainer {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { [] }

    mutating func encodeNil() throws { encoder.single = MustacheNull() }
    mutating func encode<T: Encodable>(_ value: T) throws { encoder.single = try TemplateEncoder.encode(value) }
}
