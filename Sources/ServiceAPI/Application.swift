public import Hummingbird
public import Logging
import ServiceLifecycle

extension DeskAPI {
    /// The API application over a desk service: the router and, beside it, the desk's SLA clock,
    /// which records warnings and breaches at their instants while the application runs. The one
    /// way the application is assembled: `echelon serve`, `echelon bench api` and the tests run it.
    public static func application(service: DeskService, configuration: ApplicationConfiguration = .init(),
                                   logger: Logger? = nil) -> Application<RouterResponder<DeskRequestContext>> {
        Application(router: router(service: service), configuration: configuration, services: [SLAClock(service: service)],
                    logger: logger)
    }
}

/// The desk's SLA clock as a service of the application: ticks until the application shuts down.
struct SLAClock: Service {
    let service: DeskService

    func run() async throws {
        await cancelWhenGracefulShutdown { await service.runTicks() }
    }
}
