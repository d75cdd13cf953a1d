/// The newest `capacity` elements of a stream, oldest first: how a stream topic becomes a bounded view.
public struct RecentList<Element: Sendable>: Sendable {
    public let capacity: Int
    private var storage: [Element] = []

    /// An empty list that keeps at most `capacity` elements.
    public init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Adds `element` as the newest, dropping the oldest beyond the capacity.
    public mutating func append(_ element: Element) {
        storage.append(element)
        // Dropping in chunks keeps appends amortised O(1) while holding at most twice the capacity in the buffer.
        if storage.count >= capacity * 2 { storage.removeFirst(storage.count - capacity) }
    }

    /// The kept elements, oldest first.
    public var elements: ArraySlice<Element> { storage.suffix(capacity) }

    /// The kept elements, newest first.
    public var newestFirst: ReversedCollection<ArraySlice<Element>> { elements.reversed() }

    public var count: Int { min(storage.count, capacity) }
    public var isEmpty: Bool { storage.isEmpty }
}
