#!/usr/bin/env bash
# Rewrites src/ConfigLint.Rules/BuiltInManifests.g.cs from the built-in rule manifests,
# rules/**/*.yaml (issue 13: the tool reads them as code, with no YAML parser at start-up).
# Run it after adding or editing a manifest; GeneratedManifestsTests fails until the file is
# what the manifests make. The manifests stay the source: never edit the generated file.
#
# Usage (from anywhere):  bash tools/generate-manifests.sh
# Needs the .NET SDK. Writes through the test that compares the two (tests/ConfigLint.Rules.Tests,
# Catalog/BuiltInManifestsCode.cs), so what it writes is exactly what the test expects.
set -euo pipefail
cd "$(dirname "$0")/.."
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! CONFIGLINT_WRITE_GENERATED=1 dotnet test tests/ConfigLint.Rules.Tests --nologo -v quiet --logger "console;verbosity=normal" \
    --filter "FullyQualifiedName~GeneratedManifestsTests.The_generated_file_is_what_the_yaml_manifests_make" > "$log" 2>&1; then
    cat "$log" >&2
    printf 'generate-manifests: a manifest could not be read, or the tests did not build (above); nothing was written\n' >&2
    exit 1
fi
printf 'wrote %s\n' src/ConfigLint.Rules/BuiltInManifests.g.cs
