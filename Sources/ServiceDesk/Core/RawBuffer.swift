/// A growable array of plain values in memory its owner frees: no copy-on-write check and no
/// bounds check per access. The one unsafe buffer of the project: the desk's hot state
/// (`DeskStorage`) and the simulation's (`World`, `KPIRecorder`) live in it.
///
/// Invariants: `base` holds room for `capacity` elements, the first `count` initialised. Owners
/// index it only with indices they produced themselves (cells of their own network, ids they
/// handed out, checked on entry to each command where they come from a caller), and `assert`s
/// them in debug builds. A buffer is not a value: it belongs to one object, which frees it exactly
/// once, in its `deinit`. Its members are inlinable so that other modules' hot loops compile to
/// plain pointer accesses.
public struct RawBuffer<Element: BitwiseCopyable> {
    /// The storage.
    public var base: UnsafeMutablePointer<Element> { _base }
    /// Initialised elements.
    public var count: Int { _count }
    @usableFromInline var _base: UnsafeMutablePointer<Element>
    @usableFromInline var _count: Int
    @usableFromInline var capacity: Int

    /// `count` copies of `value`.
    @inlinable public init(repeating value: Element, count: Int) {
        capacity = max(count, 4)
        _base = .allocate(capacity: capacity)
        _base.initialize(repeating: value, count: capacity)
        _count = count
    }

    /// A buffer holding `array`.
    @inlinable public init(_ array: [Element]) {
        self.init(count: array.count, capacity: max(array.count, 4))
        array.withUnsafeBufferPointer { b in
            if let a = b.baseAddress { _base.initialize(from: a, count: b.count) }
        }
    }

    @inlinable init(count: Int, capacity: Int) {
        self.capacity = capacity
        _count = count
        _base = .allocate(capacity: capacity)
    }

    @inlinable @inline(__always) public subscript(i: Int) -> Element {
        get {
            assert(i >= 0 && i < _count, "RawBuffer index out of range")
            return _base[i]
        }
        nonmutating set {
            assert(i >= 0 && i < _count, "RawBuffer index out of range")
            _base[i] = newValue
        }
        nonmutating _modify {
            assert(i >= 0 && i < _count, "RawBuffer index out of range")
            yield &_base[i]
        }
    }

    /// Whether `i` is a valid index (for ids that come from a caller).
    @inlinable @inline(__always) public func contains(_ i: Int) -> Bool { i >= 0 && i < _count }

    @inlinable public var indices: Range<Int> { 0..<_count }

    /// The elements as an array (a copy).
    @inlinable public var array: [Element] { Array(UnsafeBufferPointer(start: _base, count: _count)) }

    /// Appends `value`, doubling the storage when full.
    @inlinable @inline(__always) public mutating func append(_ value: Element) {
        if _count == capacity { grow() }
        _base[_count] = value
        _count += 1
    }

    /// Extends the buffer with copies of `value` up to `newCount` elements.
    @inlinable public mutating func extend(to newCount: Int, with value: Element) {
        while _count < newCount { append(value) }
    }

    /// Removes and returns the last element, if any.
    @inlinable @inline(__always) public mutating func popLast() -> Element? {
        guard _count > 0 else { return nil }
        _count -= 1
        return _base[_count]
    }

    @inlinable mutating func grow() {
        let bigger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        bigger.initialize(from: _base, count: _count)
        _base.deallocate()
        _base = bigger
        capacity *= 2
    }

    /// An independent copy (for copy-on-write of a whole owner).
    @inlinable public func copy() -> RawBuffer {
        let other = RawBuffer(count: _count, capacity: capacity)
        other._base.initialize(from: _base, count: _count)
        return other
    }

    /// Frees the storage (the owner's `deinit`, once).
    @inlinable public func free() { _base.deallocate() }
}
