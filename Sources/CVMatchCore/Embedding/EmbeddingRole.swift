/// What a text is to the embedding model, for asymmetric models (e5, bge, nomic) that want a
/// different prefix on queries and on the documents they are compared with.
public enum EmbeddingRole: Sendable {
    /// A visitor's query (`CVMATCH_EMBED_QUERY_PREFIX`).
    case query
    /// A position's example or a counter-example stored by `cvctl populate` (`CVMATCH_EMBED_DOCUMENT_PREFIX`).
    case document
}
