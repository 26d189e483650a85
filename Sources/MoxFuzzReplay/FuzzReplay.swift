import Foundation

/// Runs a fuzz target's body over files (a corpus) without libFuzzer, so the
/// corpus is replayed in every normal test run. Built with -DFUZZING the
/// targets export LLVMFuzzerTestOneInput instead (scripts/fuzz.sh).
public enum FuzzReplay {
    public static func run(_ body: ([UInt8]) -> Void) {
        var count = 0
        for path in CommandLine.arguments.dropFirst() {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
                FileHandle.standardError.write(Data("no such file: \(path)\n".utf8))
                exit(2)
            }
            let files = isDir.boolValue
                ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { "\(path)/\($0)" }
                : [path]
            for f in files {
                guard let data = FileManager.default.contents(atPath: f) else { continue }
                body(Array(data))
                count += 1
            }
        }
        print("replayed \(count) inputs")
    }
}
