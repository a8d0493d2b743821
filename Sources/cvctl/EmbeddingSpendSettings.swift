import ArgumentParser
import CVMatchCore
import CVMatchSystem

extension ToolEnvironment {
    /// The budget and price `cvctl report` shows next to the embedding spend, from the same
    /// variables match-fcgi reads; only these are read, so a report needs no embedding settings.
    static func embeddingSpendSettings() throws -> (budget: EmbeddingBudget, price: Double?) {
        let env = reader
        do {
            return (try EmbeddingBudget(environment: env), try EmbeddingPrice.perMillionTokens(environment: env))
        } catch let error as ConfigError {
            throw ValidationError(error.description)
        }
    }
}
