#if FUZZING
/// libFuzzer's entry for programs that have their own main (LLVM 11+).
/// SwiftPM links every executable with `main` aliased to `<module>_main`
/// (so tests can import executables); a fuzz target therefore defines that
/// symbol and hands control to libFuzzer here instead of relying on
/// libFuzzer's own main.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

public enum FuzzDriver {
    public static func run(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32 {
        var c = argc
        var v = argv
        return LLVMFuzzerRunDriver(&c, &v, callback)
    }
}
#endif
