import Foundation
import HTTPTypes
import Logging
import Hummingbird
import ScenarioModel
import ServiceDesk

// MARK: - Bodies and views

struct Health: Encodable { var status: String; var openOrders: Int; var deskTime: Double; var failure: String? }
struct OrderPage: Encodable { var orders: [OrderView]; var total: Int; var limit: Int; var offset: Int }
struct StockList: Encodable { var stock: [StockCellView] }
struct Done: Encodable, Sendable { var done: String; var id: Int }
struct ListPage: Encodable { var rows: [[String: JSONValue]]; var total: Int; var limit: Int; var offset: Int }
struct UserList: Encodable { var users: [DeskUser] }
struct NewUser: Encodable { var user: DeskUser; var token: String }
struct UserRequest: Codable, Sendable { var name: String; var role: String; var site: String?; var customer: String? }

struct CustomerRequest: Codable, Sendable { var code: String; var name: String }
struct AssetRequest: Codable, Sendable {
    var serial: String
    var product: String
    var customer: String
    var site: String
    var installed: String
    var contract: String?
    var contractUntil: String?
    var distanceKm: Double?
}
struct IntakeRequest: Codable, Sendable {
    var asset: String
    var faultCode: String
    var description: String?
    var priority: Int?
    var slaClass: String?
}
struct TriageRequest: Codable, Sendable { var faultCode: String; var handling: String }
struct ApprovalRequest: Codable, Sendable { var approved: Bool; var note: String? }
struct HoldRequest: Codable, Sendable { var waiting: Bool }
struct SLAClassRequest: Codable, Sendable { var slaClass: String }
struct DepotStepRequest: Codable, Sendable { var step: String }
struct SurveyRequest: Codable, Sendable { var score: Int; var reason: String }
struct CompleteVisitRequest: Codable, Sendable { var fixed: Bool? }
struct ReceiveReturnRequest: Codable, Sendable { var serial: String }
struct InspectReturnRequest: Codable, Sendable { var outcome: String }

struct KPIView: Encodable {
    var from: Double, to: Double
    var fillRate: Double?, lateralFraction: Double?, emergencyFraction: Double?
    var restored: Int, tatMeanDays: Double?, repairLoopMeanDays: Double?, firstTimeFixRate: Double?
    var stockAgeDays: Double?, averageOnHand: Double
    var restoreAttainment: [String: Double?], responseAttainment: [String: Double?], restoreAttainmentBySite: [String: Double?]
    var failureRatio: [String: Double], feeTotal: Double, feesBySite: [String: Double], surveys: Int, satisfaction: Double?
    var returnsAuthorised: Int, returnsReceived: Int, returnRatio: Double?, returnLagMeanDays: Double?, inspections: [String: Int]
    init(_ k: DeskKPIs) {
        from = k.from; to = k.to; fillRate = k.fillRate; lateralFraction = k.lateralFraction; emergencyFraction = k.emergencyFraction
        restored = k.restored; tatMeanDays = k.tatMeanDays; repairLoopMeanDays = k.repairLoopMeanDays
        firstTimeFixRate = k.firstTimeFixRate; stockAgeDays = k.stockAgeDays; averageOnHand = k.averageOnHand
        restoreAttainment = k.restoreByClass.mapValues(\.share); responseAttainment = k.responseByClass.mapValues(\.share)
        restoreAttainmentBySite = k.restoreBySite.mapValues(\.share); failureRatio = k.failureRatio
        feeTotal = k.feeTotal; feesBySite = k.feesBySite; surveys = k.surveys; satisfaction = k.satisfaction
        returnsAuthorised = k.returnsAuthorised; returnsReceived = k.returnsReceived; returnRatio = k.returnRatio
        returnLagMeanDays = k.returnLagMeanDays; inspections = k.inspections
    }
}
