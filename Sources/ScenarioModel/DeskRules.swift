/// How a confirmed fault is handled (the re-judgment at triage).
public enum Handling: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    case remoteFix = "remote_fix"
    case onSiteRepair = "on_site_repair"
    case unitSwap = "unit_swap"
    case depotRepair = "depot_repair"
    case replacement
    case scrap

    /// Whether the handling fits a spare part at the customer's site (and so runs the sourcing ladder).
    public var needsPart: Bool { self == .onSiteRepair || self == .unitSwap }
    /// Whether an engineer goes to the customer.
    public var needsVisit: Bool { self == .onSiteRepair || self == .unitSwap || self == .replacement }
}

/// What covers a service order, decided at intake.
public enum Entitlement: String, Sendable, Equatable, Hashable, Codable, CaseIterable {
    case warranty
    case contract
    case outOfWarranty = "out_of_warranty"
}

/// One node of a product's fault tree.
public struct FaultCode: Sendable, Equatable, Codable {
    /// The product the code belongs to (index into `Scenario.products`).
    public let product: Int
    /// The code, unique within the product, e.g. `HEAD-CLOG`.
    public let code: String
    /// The parent code (a group), nil at the top.
    public let parent: String?
    /// What the fault looks like.
    public let description: String
    /// The spare part it usually needs (index into `Scenario.items`), nil for none.
    public let item: Int?
    /// The handling suggested when it is confirmed.
    public let handling: Handling?

    public init(product: Int, code: String, parent: String?, description: String, item: Int?, handling: Handling?) {
        self.product = product
        self.code = code
        self.parent = parent
        self.description = description
        self.item = item
        self.handling = handling
    }
}

/// A service fee paid to a service point for one job: job type × distance band × entitlement.
public struct TariffRow: Sendable, Equatable, Codable {
    /// The handling the fee pays for.
    public let job: Handling
    /// Upper end of the distance band in km (travel from the engineer's base to the customer);
    /// nil: any distance.
    public let maxKm: Double?
    /// The entitlement it applies to; nil: any.
    public let entitlement: Entitlement?
    /// The fee, in the scenario currency.
    public let fee: Double

    public init(job: Handling, maxKm: Double?, entitlement: Entitlement?, fee: Double) {
        self.job = job
        self.maxKm = maxKm
        self.entitlement = entitlement
        self.fee = fee
    }
}

/// The service desk's rules from the scenario's `service_desk` section.
public struct DeskRules: Sendable, Equatable, Codable {
    /// Estimated handling cost above which triage needs an approval (scenario currency).
    public var approvalThreshold: Double
    /// SLA warnings come at this share of the target.
    public var warningShare: Double
    /// The satisfaction callback must happen within this many hours of restore (continuous).
    public var callbackHours: Double
    /// Settlement statements cover this many days each.
    public var statementDays: Double
    /// Estimated cost of each handling (labour, logistics), before the part.
    public var handlingCosts: [Handling: Double]
    /// Warranty months from installation, per product index (0: none).
    public var warrantyMonths: [Int]
    /// Fault trees of all products, in file order.
    public var faultCodes: [FaultCode]
    /// The tariff table, in file order.
    public var tariffs: [TariffRow]

    /// Defaults: approvals above 500, warnings at 80 %, a 24-hour callback, monthly statements,
    /// no handling costs, no warranty, no fault tree, no tariffs.
    public init(approvalThreshold: Double = 500, warningShare: Double = 0.8, callbackHours: Double = 24,
                statementDays: Double = 30, handlingCosts: [Handling: Double] = [:], warrantyMonths: [Int] = [],
                faultCodes: [FaultCode] = [], tariffs: [TariffRow] = []) {
        self.approvalThreshold = approvalThreshold
        self.warningShare = warningShare
        self.callbackHours = callbackHours
        self.statementDays = statementDays
        self.handlingCosts = handlingCosts
        self.warrantyMonths = warrantyMonths
        self.faultCodes = faultCodes
        self.tariffs = tariffs
    }

    /// A product's fault code by its code.
    public func faultCode(_ code: String, product: Int) -> FaultCode? {
        faultCodes.first { $0.product == product && $0.code == code }
    }

    /// The fee for a job: among rows of this job whose band holds `km` and whose entitlement is
    /// this one or any, the narrowest band, an exact entitlement before `any`; nil when none fits.
    public func fee(job: Handling, km: Double, entitlement: Entitlement) -> TariffRow? {
        tariffs.filter { $0.job == job && ($0.maxKm.map { km <= $0 + 1e-9 } ?? true)
            && ($0.entitlement == nil || $0.entitlement == entitlement) }
            .min { a, b in
                let ka = a.maxKm ?? .infinity, kb = b.maxKm ?? .infinity
                if ka != kb { return ka < kb }
                return a.entitlement != nil && b.entitlement == nil
            }
    }
}

/// The section as read, before ids are resolved.
struct DeskRulesDraft {
    var approvalThreshold: Double?
    var warningShare: Double?
    var callbackHours: Double?
    var statementDays: Double?
    var handlingCosts: [Handling: Double] = [:]
    var warranty: [(product: Located<String>, months: Int)] = []
    var faultCodes: [FaultCodeDraft] = []
    var tariffs: [TariffRow] = []
}

struct FaultCodeDraft {
    var product: Located<String>
    var code: Located<String>
    var parent: Located<String>?
    var description: String
    var item: Located<String>?
    var handling: Handling?
}

extension Keys {
    static let serviceDesk = ["approval_threshold", "warning_share", "callback_hours", "statement_days", "handling_costs",
                              "warranty", "fault_codes", "tariffs"]
    static let warranty = ["product", "months"]
    static let faultCode = ["product", "code", "parent", "description", "item", "handling"]
    static let tariff = ["job", "max_km", "warranty", "fee"]
}

extension ScenarioReader {
    /// Reads the optional `service_desk` section.
    func parseDeskRules(_ root: Record) -> DeskRulesDraft {
        var draft = DeskRulesDraft()
        guard let node = root["service_desk"], let desk = record(node, path: "service_desk", keys: Keys.serviceDesk) else { return draft }
        draft.approvalThreshold = number(desk, "approval_threshold", rule: .nonNegative)
        draft.warningShare = number(desk, "warning_share", rule: .fraction)
        draft.callbackHours = number(desk, "callback_hours", rule: .positive)
        draft.statementDays = number(desk, "statement_days", rule: .positive)
        if let costsNode = desk["handling_costs"],
           let costs = record(costsNode, path: desk.path("handling_costs"), keys: Handling.allCases.map(\.rawValue)) {
            for handling in Handling.allCases {
                if let cost = number(costs, handling.rawValue, rule: .nonNegative) { draft.handlingCosts[handling] = cost }
            }
        }
        for row in table(desk, "warranty", columns: Keys.warranty) {
            guard let product = string(row, "product", required: true), let months = integer(row, "months", required: true) else { continue }
            draft.warranty.append((product, months))
        }
        for row in table(desk, "fault_codes", columns: Keys.faultCode) {
            let product = string(row, "product", required: true)
            let code = string(row, "code", required: true)
            let handling = choice(row, "handling", as: Handling.self)
            guard let product, let code else { continue }
            draft.faultCodes.append(FaultCodeDraft(product: product, code: code, parent: string(row, "parent"),
                                                   description: string(row, "description")?.value ?? code.value,
                                                   item: string(row, "item"), handling: handling))
        }
        for row in table(desk, "tariffs", columns: Keys.tariff) {
            let job = choice(row, "job", required: true, as: Handling.self)
            let maxKm = number(row, "max_km", rule: .positive)
            let fee = number(row, "fee", required: true, rule: .nonNegative)
            var entitlement: Entitlement?
            if let w = string(row, "warranty"), w.value != "any" {
                if let e = Entitlement(rawValue: w.value) {
                    entitlement = e
                } else {
                    error(w.location, w.path, "expected warranty, contract, out_of_warranty or any, got \"\(w.value)\"")
                    continue
                }
            }
            guard let job, let fee else { continue }
            draft.tariffs.append(TariffRow(job: job, maxKm: maxKm, entitlement: entitlement, fee: fee))
        }
        return draft
    }
}

extension Validation {
    /// Resolves the section's product and item ids and checks each fault tree: codes unique per
    /// product, parents that exist in the same product, no cycles.
    func deskRules(productMap: [String: Int], itemMap: [String: Int], productCount: Int) -> DeskRules {
        let d = draft.deskRules
        var rules = DeskRules()
        if let x = d.approvalThreshold { rules.approvalThreshold = x }
        if let x = d.warningShare { rules.warningShare = x }
        if let x = d.callbackHours { rules.callbackHours = x }
        if let x = d.statementDays { rules.statementDays = x }
        rules.handlingCosts = d.handlingCosts
        rules.warrantyMonths = [Int](repeating: 0, count: productCount)
        for (product, months) in d.warranty {
            if let p = resolve(product, in: productMap, noun: "product") { rules.warrantyMonths[p] = months }
        }
        var seen: [String: Located<String>] = [:]
        var codes: [FaultCode] = []
        for f in d.faultCodes {
            guard let p = resolve(f.product, in: productMap, noun: "product") else { continue }
            let key = "\(p)\u{1F}\(f.code.value)"
            if let first = seen[key] {
                reader.error(f.code.location, f.code.path,
                             "duplicate fault code \"\(f.code.value)\" for product \(f.product.value) (\(firstDefined(first.location, from: f.code.location)))")
                continue
            }
            seen[key] = f.code
            var item: Int?
            if let i = f.item { item = resolve(i, in: itemMap, noun: "item"); if item == nil { continue } }
            codes.append(FaultCode(product: p, code: f.code.value, parent: f.parent?.value, description: f.description,
                                   item: item, handling: f.handling))
        }
        for f in d.faultCodes {
            guard let parent = f.parent, let p = productMap[f.product.value] else { continue }
            if seen["\(p)\u{1F}\(parent.value)"] == nil {
                let siblings = codes.filter { $0.product == p }.map(\.code)
                reader.error(parent.location, parent.path,
                             "unknown parent fault code \"\(parent.value)\" for product \(f.product.value)\(Suggestion.didYouMean(parent.value, among: siblings))")
                continue
            }
            // Walk up: a cycle comes back to the start.
            var x: String? = parent.value, steps = 0
            while let current = x, steps <= codes.count {
                if current == f.code.value {
                    reader.error(parent.location, parent.path, "fault code \"\(f.code.value)\" is its own ancestor (a cycle in the fault tree)")
                    break
                }
                x = codes.first { $0.product == p && $0.code == current }?.parent
                steps += 1
            }
        }
        rules.faultCodes = codes
        rules.tariffs = d.tariffs
        return rules
    }
}
