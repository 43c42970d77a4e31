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
    /// The defective unit was already sent in for repair (repair and return, before the swap).
    var returned = false
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
///
/// Its growing tables skip the runtime exclusivity checks (`@exclusivity(unchecked)`): a storage
/// is mutated only by the one desk that references it uniquely, one command at a time on one
/// thread, and no command keeps an access to a field open across a call that touches it again.
/// These are the only unchecked fields of the desk.
final class DeskStorage {
    /// Cells, index site × itemCount + item (fixed size).
    let cells: RawBuffer<StockCell>
    /// Per site (fixed size).
    let sites: RawBuffer<SiteFacts>
    @exclusivity(unchecked) var waiters: RawBuffer<Waiter>
    @exclusivity(unchecked) var freeWaiter: Int32
    @exclusivity(unchecked) var orders: RawBuffer<OrderRecord>
    @exclusivity(unchecked) var freeOrders: RawBuffer<Int32>
    @exclusivity(unchecked) var shipments: RawBuffer<ShipmentRecord>
    @exclusivity(unchecked) var freeShipments: RawBuffer<Int32>

    init(cells: [StockCell], sites: [SiteFacts]) {
        self.cells = RawBuffer(cells)
        self.sites = RawBuffer(sites)
        waiters = RawBuffer(repeating: Waiter(), count: 0)
        freeWaiter = -1
        orders = RawBuffer(repeating: OrderRecord(site: 0, item: 0, slaClass: 0), count: 0)
        freeOrders = RawBuffer(repeating: 0, count: 0)
        shipments = RawBuffer(repeating: ShipmentRecord(to: 0, item: 0, order: 0, kind: .supply), count: 0)
        freeShipments = RawBuffer(repeating: 0, count: 0)
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
