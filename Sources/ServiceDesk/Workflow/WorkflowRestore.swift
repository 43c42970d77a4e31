public import ScenarioModel

extension ServiceWorkflow where Store == SQLiteStore {
    /// Rebuilds the live desk of a database: the scenario's network with the record's opening
    /// stock, every logged command applied again in order, and every change the replay makes
    /// checked against the record (a record that does not replay exactly is refused). The
    /// returned workflow writes to the database from its next command on.
    public static func restore(scenario s: Scenario, store: SQLiteStore) throws(WorkflowError) -> ServiceWorkflow<SQLiteStore> {
        let context: KPIContext
        do { context = try store.kpiContext() } catch { throw .invalid(error.description) }
        guard context.siteCodes == s.sites.map(\.id), context.itemCodes == s.items.map(\.id) else {
            throw .invalid("\(store.path) was made for other sites or items than scenario \(s.name)")
        }
        let network = DeskNetwork(scenario: s, plan: context.openingStock)
        var flow = ServiceWorkflow(desk: DeskCore(network: network, store: store), scenario: s)
        let commands: [WorkflowCommand]
        do { commands = try store.beginReplay() } catch { throw .invalid(error.description) }
        for (k, command) in commands.enumerated() {
            do {
                try flow.apply(command)
            } catch {
                _ = try? store.endReplay()
                throw .invalid("\(store.path): logged command \(k + 1) (\(command.name)) does not apply again: \(error)")
            }
        }
        do { try store.endReplay() } catch { throw .invalid(error.description) }
        return flow
    }
}
