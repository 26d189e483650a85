/// What a `DKIMKeyLookup` throws for the outcomes verification tells apart.
public enum DKIMKeyLookupError: Error, Sendable, Equatable {
    case notFound
    case temporary(String)
}
