#!/usr/bin/env bash
# Runs libFuzzer targets. Usage: scripts/fuzz.sh [TARGET...] [-t SECONDS]
# Targets: the directories under Tests/Fuzz/corpus (default: all), each built
# from Sources/fuzz-TARGET with libFuzzer (LLVMFuzzerRunDriver). Each runs
# for SECONDS (default 60) starting from its committed corpus; new inputs go
# to fuzz-out/TARGET, crashes to fuzz-out/crash-TARGET-*.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=60
targets=()
while [ $# -gt 0 ]; do
    case "$1" in
        -t) seconds=$2; shift 2 ;;
        *) targets+=("$1"); shift ;;
    esac
done
[ ${#targets[@]} = 0 ] && for d in Tests/Fuzz/corpus/*; do targets+=("$(basename "$d")"); done
scripts/setup.sh >/dev/null

# lld: gold crashes on these links instead of reporting.
flags=(--scratch-path .build-fuzz -c debug -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DFUZZING -Xswiftc -use-ld=lld)
exec 9>/tmp/mox-swift-build.lock
for t in "${targets[@]}"; do
    flock 9 swift build "${flags[@]}" --product "fuzz-$t"
done
flock -u 9
bin=$(swift build "${flags[@]}" --show-bin-path)
mkdir -p fuzz-out
for t in "${targets[@]}"; do
    mkdir -p "fuzz-out/$t"
    echo "== fuzzing $t for ${seconds}s"
    "$bin/fuzz-$t" -max_total_time="$seconds" -artifact_prefix="fuzz-out/crash-$t-" -print_final_stats=1 "fuzz-out/$t" "Tests/Fuzz/corpus/$t"
done
