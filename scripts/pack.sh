#!/usr/bin/env bash
# Packs the configlint tool package into ./artifacts (or DIR): what the release workflow publishes.
# CI runs this same script, so a release never meets a pack step that was not tested.
# For nuget.org the package is framework-dependent and platform-agnostic (JIT, no ReadyToRun):
# one package for every platform. Usage: bash scripts/pack.sh [DIR] [extra dotnet pack args]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="${1:-$ROOT/artifacts}"
[ "$#" -gt 0 ] && shift
dotnet pack "$ROOT/src/ConfigLint.Cli" -c Release -p:ConfigLintReadyToRun=false -o "$OUT" --nologo "$@"
ls "$OUT"/ConfigLint.*.nupkg
