/// Queue message files: data/queue/XX/NAME, one per enqueue, shared by the
/// recipients queued together. Written like account files (temporary file
/// fsynced, linked, directory fsynced) before the index commit.
extension MessageFiles {
    public var queueDirectory: String { dataDirectory + "/queue" }

    public func queuePath(fileName: String) -> String { queueDirectory + "/" + fileName }

    /// Links an fsynced file into the queue directory; returns its name there.
    public func linkIntoQueue(_ source: String) throws(StoreError) -> String {
        try link(source, into: queueDirectory)
    }
}
