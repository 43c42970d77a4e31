import DiscreteEvent
import Foundation

/// An M/M/1 queue (FIFO) on the engine: arrivals at rate λ, exponential service at rate μ.
struct MM1Queue: SimulationModel {
    enum Event: Sendable { case arrival, departure }

    let arrivalRate: Double, serviceRate: Double
    var arrivals: RandomStream, services: RandomStream
    var queue: [Double] = []  // arrival times of waiting customers
    var head = 0
    var busy = false
    var inSystem = TimeWeighted()
    var waitInQueue = Tally()

    init(arrivalRate: Double, serviceRate: Double, streams: RandomStreams) {
        self.arrivalRate = arrivalRate
        self.serviceRate = serviceRate
        arrivals = streams.stream("arrivals")
        services = streams.stream("services")
    }

    mutating func handle(_ event: Event, in simulator: inout Simulator<Event>) throws(SimulationError) {
        switch event {
        case .arrival:
            inSystem.add(1, at: simulator.now)
            if busy {
                queue.append(simulator.now)
            } else {
                busy = true
                waitInQueue.add(0)
                try simulator.schedule(.departure, after: services.nextExponential(mean: 1 / serviceRate))
            }
            try simulator.schedule(.arrival, after: arrivals.nextExponential(mean: 1 / arrivalRate))
        case .departure:
            inSystem.add(-1, at: simulator.now)
            if head < queue.count {
                waitInQueue.add(simulator.now - queue[head])
                head += 1
                try simulator.schedule(.departure, after: services.nextExponential(mean: 1 / serviceRate))
            } else {
                busy = false
            }
        }
    }

    mutating func resetStatistics(at time: Double) {
        inSystem.reset(at: time)
        waitInQueue.reset()
    }

    /// One replication: (mean wait in queue, time-average number in system) over [warmUp, end).
    static func replicate(_ streams: RandomStreams, warmUp: Double, end: Double) throws(SimulationError) -> (wq: Double, l: Double) {
        var model = MM1Queue(arrivalRate: 0.8, serviceRate: 1, streams: streams)
        var simulator = try Simulator<Event>()
        try simulator.schedule(.arrival, after: model.arrivals.nextExponential(mean: 1 / model.arrivalRate))
        try simulator.run(&model, warmUp: warmUp, until: end)
        return (model.waitInQueue.mean, model.inSystem.mean(at: simulator.now))
    }
}

/// One item at one site: Poisson demand, an (S−1, S) one-for-one base-stock policy, deterministic
/// replenishment lead time, FIFO backorders.
struct BaseStockSite: SimulationModel {
    enum Event: Sendable { case demand, arrival }

    struct Result: Equatable, Sendable {
        var fillRate: Double
        var averageBackorders: Double
        var averageOnHand: Double
        var demands: Int
    }

    let demandRate: Double, leadTime: Double
    var demandStream: RandomStream
    var onHand: Int, backorders = 0
    var demands = 0, filled = 0
    var backorderLevel = TimeWeighted()
    var onHandLevel: TimeWeighted

    init(baseStock: Int, demandRate: Double, leadTime: Double, streams: RandomStreams) {
        self.demandRate = demandRate
        self.leadTime = leadTime
        demandStream = streams.stream("demand", entity: 0)
        onHand = baseStock
        onHandLevel = TimeWeighted(level: Double(baseStock))
    }

    mutating func handle(_ event: Event, in simulator: inout Simulator<Event>) throws(SimulationError) {
        switch event {
        case .demand:
            demands += 1
            if onHand > 0 {
                onHand -= 1
                filled += 1
                onHandLevel.record(Double(onHand), at: simulator.now)
            } else {
                backorders += 1
                backorderLevel.record(Double(backorders), at: simulator.now)
            }
            try simulator.schedule(.arrival, after: leadTime)
            try simulator.schedule(.demand, after: demandStream.nextExponential(mean: 1 / demandRate))
        case .arrival:
            if backorders > 0 {
                backorders -= 1
                backorderLevel.record(Double(backorders), at: simulator.now)
            } else {
                onHand += 1
                onHandLevel.record(Double(onHand), at: simulator.now)
            }
        }
    }

    mutating func resetStatistics(at time: Double) {
        demands = 0
        filled = 0
        backorderLevel.reset(at: time)
        onHandLevel.reset(at: time)
    }

    static func replicate(
        _ streams: RandomStreams, baseStock: Int, demandRate: Double = 2, leadTime: Double = 3,
        warmUp: Double = 30, end: Double
    ) throws(SimulationError) -> Result {
        var model = BaseStockSite(baseStock: baseStock, demandRate: demandRate, leadTime: leadTime, streams: streams)
        var simulator = try Simulator<Event>()
        try simulator.schedule(.demand, after: model.demandStream.nextExponential(mean: 1 / demandRate))
        try simulator.run(&model, warmUp: warmUp, until: end)
        return Result(fillRate: Double(model.filled) / Double(max(1, model.demands)),
                      averageBackorders: model.backorderLevel.mean(at: simulator.now),
                      averageOnHand: model.onHandLevel.mean(at: simulator.now), demands: model.demands)
    }
}

/// Exact steady-state values of a one-for-one base-stock site: X ~ Poisson(mean) units on order.
func poissonBaseStock(mean: Double, baseStock s: Int) -> (fill: Double, ebo: Double, onHand: Double) {
    var p = exp(-mean), cumulative = 0.0, belowS = 0.0
    for k in 0..<s {
        if k > 0 { p *= mean / Double(k) }
        cumulative += p
        belowS += Double(s - k) * p
    }
    let ebo = mean - Double(s) + belowS
    return (cumulative, ebo, belowS)
}
