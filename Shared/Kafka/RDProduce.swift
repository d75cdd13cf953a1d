import CRdKafka

/// Enqueues one record through `rd_kafka_produceva` (the variadic `producev` is not visible to Swift).
enum RDProduce {
    /// Returns nil when enqueued, the error otherwise. The payload, key and headers are copied by librdkafka.
    static func enqueue(_ rk: OpaquePointer, _ record: ProducerRecord, opaque: UnsafeMutableRawPointer) -> KafkaError? {
        record.topic.withCString { topic in
            let empty: [UInt8] = []
            return (record.value ?? empty).withUnsafeBytes { value in
                (record.key ?? empty).withUnsafeBytes { key in
                    withHeaderPointers(record.headers) { headerValues in
                        var vus: [rd_kafka_vu_t] = []
                        vus.reserveCapacity(8 + record.headers.count)
                        var vu = rd_kafka_vu_t()
                        vu.vtype = RD_KAFKA_VTYPE_TOPIC
                        vu.u.cstr = topic
                        vus.append(vu)
                        vu = rd_kafka_vu_t()
                        vu.vtype = RD_KAFKA_VTYPE_MSGFLAGS
                        vu.u.i = RD_KAFKA_MSG_F_COPY
                        vus.append(vu)
                        if record.value != nil {
                            vu = rd_kafka_vu_t()
                            vu.vtype = RD_KAFKA_VTYPE_VALUE
                            vu.u.mem.ptr = UnsafeMutableRawPointer(mutating: value.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!)
                            vu.u.mem.size = value.count
                            vus.append(vu)
                        }
                        if record.key != nil {
                            vu = rd_kafka_vu_t()
                            vu.vtype = RD_KAFKA_VTYPE_KEY
                            vu.u.mem.ptr = UnsafeMutableRawPointer(mutating: key.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!)
                            vu.u.mem.size = key.count
                            vus.append(vu)
                        }
                        if let partition = record.partition {
                            vu = rd_kafka_vu_t()
                            vu.vtype = RD_KAFKA_VTYPE_PARTITION
                            vu.u.i32 = partition
                            vus.append(vu)
                        }
                        if let timestamp = record.timestamp {
                            vu = rd_kafka_vu_t()
                            vu.vtype = RD_KAFKA_VTYPE_TIMESTAMP
                            vu.u.i64 = timestamp
                            vus.append(vu)
                        }
                        for header in headerValues {
                            vu = rd_kafka_vu_t()
                            vu.vtype = RD_KAFKA_VTYPE_HEADER
                            vu.u.header.name = header.name
                            vu.u.header.val = header.value
                            vu.u.header.size = header.size
                            vus.append(vu)
                        }
                        vu = rd_kafka_vu_t()
                        vu.vtype = RD_KAFKA_VTYPE_OPAQUE
                        vu.u.ptr = opaque
                        vus.append(vu)
                        guard let error = rd_kafka_produceva(rk, vus, vus.count) else { return nil }
                        return KafkaError.consuming(error, context: ["topic": record.topic])
                    }
                }
            }
        }
    }

    private struct HeaderPointer {
        var name: UnsafePointer<CChar>
        var value: UnsafeRawPointer?
        var size: Int
    }

    /// Lays the header names and values out in one temporary buffer that outlives the produce call.
    private static func withHeaderPointers<R>(_ headers: [KafkaHeader], _ body: ([HeaderPointer]) -> R) -> R {
        guard !headers.isEmpty else { return body([]) }
        var storage: [UInt8] = []
        var layout: [(name: Int, value: Int?, size: Int)] = []
        for header in headers {
            let nameStart = storage.count
            storage.append(contentsOf: header.key.utf8)
            storage.append(0)
            if let value = header.value {
                layout.append((nameStart, storage.count, value.count))
                storage.append(contentsOf: value)
            } else {
                layout.append((nameStart, nil, -1))
            }
        }
        return storage.withUnsafeBytes { raw in
            let base = raw.baseAddress!
            let pointers = layout.map { entry in
                HeaderPointer(
                    name: (base + entry.name).assumingMemoryBound(to: CChar.self),
                    value: entry.value.map { base + $0 },
                    size: entry.size
                )
            }
            return body(pointers)
        }
    }
}
