/// `map`: each record's value replaced by `f(value)`.
final class MapOperator: OperatorInstance {
    let name: String
    let function: any UserFunctionInstance

    init(name: String, function: any UserFunctionInstance) {
        self.name = name
        self.function = function
    }

    func process(_ records: inout [Record]) throws(JobError) {
        do {
            for i in records.indices { records[i].value = try function.apply(records[i].value) }
        } catch { throw inOperator(name, error) }
    }

    func close() { function.close() }
}

/// `filter`: keeps the records for which `f(value)` is neither nil nor false (Lua's truth).
final class FilterOperator: OperatorInstance {
    let name: String
    let function: any UserFunctionInstance

    init(name: String, function: any UserFunctionInstance) {
        self.name = name
        self.function = function
    }

    func process(_ records: inout [Record]) throws(JobError) {
        var kept = 0
        do {
            for i in records.indices {
                switch try function.apply(records[i].value) {
                case .nil, .bool(false): continue
                default:
                    records.swapAt(kept, i)
                    kept += 1
                }
            }
        } catch { throw inOperator(name, error) }
        records.removeLast(records.count - kept)
    }

    func close() { function.close() }
}

/// `flat_map`: each record replaced by the values `f(value)` returns.
final class FlatMapOperator: OperatorInstance {
    let name: String
    let function: any UserFunctionInstance
    private var values: [Value] = []
    private var output: [Record] = []

    init(name: String, function: any UserFunctionInstance) {
        self.name = name
        self.function = function
    }

    func process(_ records: inout [Record]) throws(JobError) {
        output.removeAll(keepingCapacity: true)
        do {
            for record in records {
                values.removeAll(keepingCapacity: true)
                try function.expand(record.value, into: &values)
                for value in values {
                    var next = record
                    next.value = value
                    output.append(next)
                }
            }
        } catch { throw inOperator(name, error) }
        swap(&records, &output)
    }

    func close() { function.close() }
}

/// `key_by`: stamps each record with its key; the next operator receives the stream
/// partitioned by key group.
final class KeyByOperator: OperatorInstance {
    let name: String
    let selector: KeySelector
    let function: (any UserFunctionInstance)?

    init(name: String, selector: KeySelector, function: (any UserFunctionInstance)?) {
        self.name = name
        self.selector = selector
        self.function = function
    }

    func process(_ records: inout [Record]) throws(JobError) {
        switch selector {
        case .identity:
            for i in records.indices { records[i].setKey(records[i].value) }
        case .modulo(let n):
            // One exclusive access to the batch, not one per record.
            let bad = records.withUnsafeMutableBufferPointer { batch -> Int? in
                for i in batch.indices {
                    guard case .int(let x) = batch[i].value else { return i }
                    let key = x % n
                    batch[i].key = .int(key)
                    batch[i].keyHash = KeyGroups.murmurHash(JavaHash.of(key))  // setKey, without the general hash
                }
                return nil
            }
            if let i = bad {
                throw JobError(code: JobError.Code.badRecord,
                               message: "'\(name)' keys by value % \(n), which needs integer records, got a \(records[i].value.typeName) (\(records[i].value))")
            }
        case .field(let field):
            for i in records.indices { records[i].setKey(try records[i].value.field(field, in: name)) }
        case .function:
            do {
                for i in records.indices { records[i].setKey(try function!.apply(records[i].value)) }
            } catch { throw inOperator(name, error) }
        }
    }

    func close() { function?.close() }
}

extension Value {
    /// A list element (1-based) or map field, or a `RecordTypeException` naming the operator.
    func field(_ field: FieldReference, in operatorName: String) throws(JobError) -> Value {
        switch (self, field) {
        case (.list(let items), .index(let i)) where i >= 1 && i <= items.count: return items[i - 1]
        case (.map(let entries), .name(let name)): return entries[name] ?? .nil
        default:
            throw JobError(code: JobError.Code.badRecord,
                           message: "'\(operatorName)' reads field \(field) of a \(typeName) record (\(self)), which has none")
        }
    }

    /// The record with one field replaced.
    func replacing(_ field: FieldReference, with value: Value) -> Value {
        switch (self, field) {
        case (.list(var items), .index(let i)) where i >= 1 && i <= items.count:
            items[i - 1] = value
            return .list(items)
        case (.map(var entries), .name(let name)):
            entries[name] = value
            return .map(entries)
        default:
            return value
        }
    }
}
