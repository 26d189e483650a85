#if FUZZING
/// SwiftPM links every executable with `main` aliased to `<module>_main`, so
/// libFuzzer's own main is never used and a target without @main does not
/// link. A target therefore defines `<module>_main` with @_cdecl and calls
/// this, which hands control to libFuzzer through LLVMFuzzerRunDriver.
nonisolated(unsafe) var fuzzBody: (([UInt8]) -> Void)?

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// libFuzzer's runtime references this symbol even when started through
/// LLVMFuzzerRunDriver; it runs the same body.
@_cdecl("LLVMFuzzerTestOneInput")
public func llvmFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0 else { fuzzBody?([]); return 0 }
    fuzzBody?(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

public enum LibFuzzerDriver {
    public static func run(argc: Int32, argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ body: @escaping ([UInt8]) -> Void) -> Int32 {
        fuzzBody = body
        var c = argc
        var v = argv
        return LLVMFuzzerRunDriver(&c, &v) { data, size in
            guard let data, size > 0 else { fuzzBody?([]); return 0 }
            fuzzBody?(Array(UnsafeBufferPointer(start: data, count: size)))
            return 0
        }
    }
}
#endif
