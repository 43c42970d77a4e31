import ArgumentParser
import Foundation
import Hummingbird
import Logging
import ScenarioModel
import ServiceAPI
import ServiceDesk

/// `echelon serve`: the service desk's HTTP API over a desk database.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the service desk's HTTP API (JSON, bearer tokens) over a desk database.",
        discussion: """
            The database is a desk record (from `simulate --workflow --store sqlite:PATH`, or a new one \
            made with --create). The live desk is rebuilt from it by replaying its command log, checked \
            change by change. Users and tokens: `echelon desk user`. The API is described at /openapi.json.
            """
    )

    @Argument(help: "The scenario the desk runs (its sites, items, rules and calendars).") var scenario: String
    @Option(help: "The desk database.") var db: String
    @Flag(help: "Create the database (it must not exist) with the scenario's stock levels.") var create = false
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080

    func validate() throws {
        guard (1...65_535).contains(port) else { throw ValidationError("--port must be in 1…65535") }
    }

    func run() async throws {
        let s = try ScenarioLoader.load(path: scenario)
        // The database the user named: one that is missing, already there for --create, no desk
        // database or made for another scenario is the user's input (exit 1), whatever the store
        // calls it.
        let service = try context(db, as: .invalidInput) {
            create ? try DeskService.create(scenario: s, database: db) : try DeskService(scenario: s, database: db)
        }
        var logger = Logger(label: "echelon.serve")
        logger.logLevel = .info
        // The application runs the desk's SLA clock beside the router.
        let app = DeskAPI.application(service: service,
                                      configuration: .init(address: .hostname(host, port: port), serverName: "echelon"), logger: logger)
        try await app.runService()
    }
}

/// `echelon desk user`: adds a user with a new bearer token (printed once).
struct DeskUserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user",
        abstract: "Add a desk user and print a new bearer token for it (only its hash is stored)."
    )

    @Argument(help: "The scenario the desk runs.") var scenario: String
    @Option(help: "The desk database.") var db: String
    @Option(help: "User name (unique).") var name: String
    @Option(help: "admin, planner, dispatcher, service_point, technician or customer.") var role: String
    @Option(help: "The service point (service_point and technician).") var site: String?
    @Option(help: "The customer code (customer).") var customer: String?

    func run() async throws {
        guard let r = DeskRole(rawValue: role) else {
            throw CLIError.invalidInput("--role must be one of \(DeskRole.allCases.map(\.rawValue).joined(separator: ", ")), not \(role)")
        }
        let s = try ScenarioLoader.load(path: scenario)
        // As in serve, the database the user named is the user's input (exit 1) whatever the store
        // calls it; a taken name and a site or customer the desk does not know are so anyway.
        let (user, token) = try await context(as: .invalidInput) {
            try await DeskService(scenario: s, database: db).addUser(name: name, role: r, site: site, customer: customer)
        }
        print("user \(user.id) \(user.name) (\(user.role.rawValue)); token (shown once):\n\(token)")
    }
}
