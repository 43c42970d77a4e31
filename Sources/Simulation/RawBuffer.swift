/// A growable array of plain values in memory its owner frees: no copy-on-write check and no
/// bounds check per access, for the simulation's hot per-cell and per-order state.
///
/// Invariants: `base` holds `capacity` initialised elements, `count` ≤ `capacity`; the indices
/// used come from the desk and the recorder themselves (site × item cells, ids they handed out),
/// never from input, and are checked by `assert` in debug builds. A buffer is not a value: it is
/// owned by one object, which calls `free()` exactly once, in its `deinit`.
struct RawBuffer<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count: Int
    private var capacity: Int

    /// `count` copies of `value`.
    init(repeating value: Element, count: Int) {
        capacity = max(count, 4)
        base = .allocate(capacity: capacity)
        base.initialize(repeating: value, count: capacity)
        self.count = count
    }

    /// A copy of `array`.
    init(_ array: [Element]) {
        capacity = max(array.count, 4)
        base = .allocate(capacity: capacity)
        count = array.count
        array.withUnsafeBufferPointer { b in
            if let a = b.baseAddress { base.initialize(from: a, count: b.count) }
        }
    }

    @inline(__always) subscript(i: Int) -> Element {
        get {
            assert(i >= 0 && i < count, "RawBuffer index out of range")
            return base[i]
        }
        nonmutating set {
            assert(i >= 0 && i < count, "RawBuffer index out of range")
            base[i] = newValue
        }
        nonmutating _modify {
            assert(i >= 0 && i < count, "RawBuffer index out of range")
            yield &base[i]
        }
    }

    var indices: Range<Int> { 0..<count }
    var array: [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Appends `value` (doubling the storage when full).
    @inline(__always) mutating func append(_ value: Element) {
        if count == capacity { grow() }
        base[count] = value
        count += 1
    }

    /// Extends the buffer with copies of `value` up to `newCount` elements.
    mutating func extend(to newCount: Int, with value: Element) {
        while count < newCount { append(value) }
    }

    private mutating func grow() {
        let bigger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        bigger.initialize(from: base, count: capacity)
        base.deallocate()
        base = bigger
        capacity *= 2
    }

    /// Frees the storage (the owner's `deinit`, once).
    func free() { base.deallocate() }
}
