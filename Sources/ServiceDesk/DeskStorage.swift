/// A growable array of plain values in memory its owner frees: no copy-on-write check and no
/// bounds check per access (the desk's hot state).
///
/// Invariants: `base` holds room for `capacity` elements, the first `count` initialised. The desk
/// indexes it only with indices it produced itself (cells of its own network, ids it handed
/// out, checked on entry to each command), and `assert`s them in debug builds. A buffer is not a
/// value: it belongs to one `DeskStorage`, which frees it exactly once, in its `deinit`.
struct DeskBuffer<Element: BitwiseCopyable> {
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

    /// A buffer holding `array`.
    init(_ array: [Element]) {
        self.init(count: array.count, capacity: max(array.count, 4))
        array.withUnsafeBufferPointer { b in
            if let a = b.baseAddress { base.initialize(from: a, count: b.count) }
        }
    }

    private init(count: Int, capacity: Int) {
        self.capacity = capacity
        self.count = count
        base = .allocate(capacity: capacity)
    }

    @inline(__always) subscript(i: Int) -> Element {
        get {
            assert(i >= 0 && i < count, "DeskBuffer index out of range")
            return base[i]
        }
        nonmutating set {
            assert(i >= 0 && i < count, "DeskBuffer index out of range")
            base[i] = newValue
        }
        nonmutating _modify {
            assert(i >= 0 && i < count, "DeskBuffer index out of range")
            yield &base[i]
        }
    }

    /// Whether `i` is a valid index (for ids that come from the caller).
    @inline(__always) func contains(_ i: Int) -> Bool { i >= 0 && i < count }

    var indices: Range<Int> { 0..<count }

    /// Appends `value`, doubling the storage when full.
    @inline(__always) mutating func append(_ value: Element) {
        if count == capacity { grow() }
        base[count] = value
        count += 1
    }

    /// Removes and returns the last element, if any.
    @inline(__always) mutating func popLast() -> Element? {
        guard count > 0 else { return nil }
        count -= 1
        return base[count]
    }

    private mutating func grow() {
        let bigger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        bigger.initialize(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity *= 2
    }

    /// An independent copy (for copy-on-write of the whole desk).
    func copy() -> DeskBuffer {
        let other = DeskBuffer(count: count, capacity: capacity)
        other.base.initialize(from: base, count: count)
        return other
    }

    /// Frees the storage (the owner's `deinit`, once).
    func free() { base.deallocate() }
}

/// One stock cell (site × item) of the desk.
struct StockCell {
    var onHand: Int32 = 0
    var reserved: Int32 = 0
    var inbound: Int32 = 0
    var pendingReview: Int32 = 0
    var waiting: Int32 = 0
    /// The cell's queue of waiters (first and last node, −1 when empty).
    var waitHead: Int32 = -1
    var waitTail: Int32 = -1
}

/// A ticket or a child's reorder queued at a cell for a unit.
struct Waiter {
    var isTicket = false
    var ref: Int32 = 0
    var next: Int32 = -1
}

/// One service order of the desk.
struct OrderRecord {
    var site: Int32
    var item: Int32
    var slaClass: Int32
    /// The next order in the site's queue for an engineer (−1: none).
    var next: Int32 = -1
    var state = OrderState.opened
    var sourcing = SourcingKind.none
    var hasPart = false
}

/// One shipment of the desk.
struct ShipmentRecord {
    var to: Int32
    var item: Int32
    var order: Int32
    /// The site a repair loop feeds (returns only; −1 otherwise).
    var feed: Int32 = -1
    var kind: ShipmentKind
    var active = true
}

/// The static facts of a site the hot path reads, in one record.
struct SiteFacts {
    var parent: Int32
    var root: Int32
    var unlimited: Bool
    var hasEngineers: Bool
}

/// The desk's dense working state: stock cells, waiters, orders and shipments. A class so that
/// the desk's commands mutate it in place; `DeskCore` keeps its value semantics by copying it
/// when shared, once per command (`DeskCore.begin`), instead of a uniqueness check per array
/// write.
final class DeskStorage {
    /// Cells, index site × itemCount + item (fixed size).
    let cells: DeskBuffer<StockCell>
    /// Per site (fixed size).
    let sites: DeskBuffer<SiteFacts>
    @exclusivity(unchecked) var waiters: DeskBuffer<Waiter>
    @exclusivity(unchecked) var freeWaiter: Int32
    @exclusivity(unchecked) var orders: DeskBuffer<OrderRecord>
    @exclusivity(unchecked) var freeOrders: DeskBuffer<Int32>
    @exclusivity(unchecked) var shipments: DeskBuffer<ShipmentRecord>
    @exclusivity(unchecked) var freeShipments: DeskBuffer<Int32>

    init(cells: [StockCell], sites: [SiteFacts]) {
        self.cells = DeskBuffer(cells)
        self.sites = DeskBuffer(sites)
        waiters = DeskBuffer(repeating: Waiter(), count: 0)
        freeWaiter = -1
        orders = DeskBuffer(repeating: OrderRecord(site: 0, item: 0, slaClass: 0), count: 0)
        freeOrders = DeskBuffer(repeating: 0, count: 0)
        shipments = DeskBuffer(repeating: ShipmentRecord(to: 0, item: 0, order: 0, kind: .supply), count: 0)
        freeShipments = DeskBuffer(repeating: 0, count: 0)
    }

    private init(copying o: DeskStorage) {
        cells = o.cells.copy()
        sites = o.sites.copy()
        waiters = o.waiters.copy()
        freeWaiter = o.freeWaiter
        orders = o.orders.copy()
        freeOrders = o.freeOrders.copy()
        shipments = o.shipments.copy()
        freeShipments = o.freeShipments.copy()
    }

    /// An independent copy.
    func copy() -> DeskStorage { DeskStorage(copying: self) }

    deinit {
        cells.free(); sites.free(); waiters.free(); orders.free(); freeOrders.free(); shipments.free(); freeShipments.free()
    }
}
