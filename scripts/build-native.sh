#!/usr/bin/env bash
# Builds a native configlint (NativeAOT, issue 13): bash scripts/build-native.sh [DIR]
#
# One self-contained executable, DIR/configlint (default: artifacts/native/bin/configlint), for the
# platform of the machine that builds it, with no .NET runtime needed to run it. It starts in about
# the time the runtime alone needs to start a ReadyToRun "hello world" (README, "Performance"),
# which is what a pre-commit hook running on every commit wants. Needs the .NET 10 SDK and a C
# toolchain for the final link (gcc or clang; on Debian, build-essential). The first build takes a
# minute or two; later ones are incremental.
#
# The build works in a copy of the sources under artifacts/native/tree, so that the restore for a
# runtime identifier leaves the committed packages.lock.json files alone (scripts/lib/source-copy.sh).
# The last line printed is the path of the executable. Exit code: 0 built, 1 the build failed, 2 usage.
set -uo pipefail

case "${1:-}" in
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    -*) echo "build-native: unknown option $1 (usage: bash scripts/build-native.sh [DIR])" >&2; exit 2 ;;
esac
[ $# -le 1 ] || { echo "build-native: one directory at most (usage: bash scripts/build-native.sh [DIR])" >&2; exit 2; }

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$(mkdir -p "${1:-$ROOT/artifacts/native/bin}" && cd "${1:-$ROOT/artifacts/native/bin}" && pwd)" || exit 2
TREE="$ROOT/artifacts/native/tree"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
# shellcheck source=scripts/lib/source-copy.sh
. "$ROOT/scripts/lib/source-copy.sh"
source_copy "$ROOT" "$TREE" "$scratch" || { echo "build-native: could not copy the sources to $TREE" >&2; exit 1; }

# --disable-build-servers: no MSBuild node or compiler server is left running after the script.
if ! dotnet publish "$TREE/src/ConfigLint.Cli" -c Release -p:ConfigLintNative=true -o "$OUT" \
        --disable-build-servers -v quiet -nologo > "$scratch/build.log" 2>&1; then
    tail -n 30 "$scratch/build.log" | sed 's/^/    /' >&2
    echo "build-native: the native build failed (dotnet publish -p:ConfigLintNative=true; is a C toolchain, gcc or clang, installed?)" >&2
    exit 1
fi
[ -x "$OUT/configlint" ] || { echo "build-native: the build left no $OUT/configlint" >&2; exit 1; }
echo "$OUT/configlint"
