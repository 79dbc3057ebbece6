#!/usr/bin/env bash
# Validates SARIF logs with both validators of docs/SARIF-VALIDATION.md:
#   1. Ajv (ajv-cli 5 + ajv-formats) against a draft-07 view of the official OASIS
#      schema tests/data/sarif/sarif-schema-2.1.0.json (one ajv call for all files);
#   2. the Microsoft SARIF multitool (spec rules + GitHub ingestion rules), one call
#      per file (a batch call silently drops every result when one input is bad),
#      gated on its -o log having no error-level result (it exits 0 regardless).
#
# usage: bash scripts/validate-sarif.sh FILE...
# Prints "ok FILE" per valid file, or "FAIL FILE" followed by indented errors.
# Exit 0 only when every file passes both; 1 when any fails; 2 on usage or setup errors.
# The validators come from node_modules (npm ci at the repo root; scripts/test.sh does it).
# The schema and the GitHub-rules policy are in the repository (tests/data/sarif).
set -uo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: bash scripts/validate-sarif.sh FILE..." >&2
    exit 2
fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${CONFIGLINT_DATA:-$ROOT/tests/data}"
SCHEMA="$DATA/sarif/sarif-schema-2.1.0.json"
POLICY="$DATA/sarif/multitool-github-rules.xml"
AJV="$ROOT/node_modules/.bin/ajv"

setup_error() { echo "validate-sarif: $*" >&2; exit 2; }
[ -f "$SCHEMA" ] || setup_error "missing $SCHEMA"
[ -f "$POLICY" ] || setup_error "missing $POLICY"
command -v jq >/dev/null 2>&1 || setup_error "jq not found (bash scripts/test.sh installs it)"
command -v node >/dev/null 2>&1 || setup_error "node not found"
[ -x "$AJV" ] || setup_error "ajv-cli not installed: run 'npm ci' at the repo root (bash scripts/test.sh does it)"
MT="$(cd "$ROOT" && node -p 'require("@microsoft/sarif-multitool")' 2>/dev/null)" \
    || setup_error "@microsoft/sarif-multitool not installed: run 'npm ci' at the repo root"
[ -f "$MT" ] || setup_error "multitool binary not found at '$MT': run 'npm ci' at the repo root"
# npm 11 may skip the package's postinstall (chmod u+x); make sure it can run.
[ -x "$MT" ] || chmod u+x "$MT" 2>/dev/null || setup_error "cannot make $MT executable"

T="$(mktemp -d "${TMPDIR:-/tmp}/validate-sarif.XXXXXX")" || setup_error "mktemp failed"
trap 'rm -rf "$T"' EXIT

# 1. official schema: ajv 8 needs a draft-07 view of the draft-04 file, and a .json name.
jq '(."$id" = .id) | del(.id) | ."$schema" = "http://json-schema.org/draft-07/schema#"' \
    "$SCHEMA" > "$T/sarif-schema.d7.json" || setup_error "cannot make the draft-07 view of $SCHEMA"

files=("$@")
n=${#files[@]}
declare -a errs      # errs[i]: newline-separated error lines for files[i]
declare -a ajv_args  # -d arguments of the files that parse as JSON
declare -a parsed    # 1 when files[i] is JSON and goes to the validators

for ((i = 0; i < n; i++)); do
    f="${files[$i]}"
    errs[$i]=""
    parsed[$i]=0
    if [ ! -f "$f" ]; then
        errs[$i]="no such file"$'\n'
        continue
    fi
    # ajv-cli aborts the whole batch at the first file that is not JSON: check first.
    if ! msg="$(jq empty "$f" 2>&1)"; then
        errs[$i]="not JSON: ${msg}"$'\n'
        continue
    fi
    cp "$f" "$T/$i.sarif.json"
    ajv_args+=(-d "$T/$i.sarif.json")
    parsed[$i]=1
done

if [ "${#ajv_args[@]}" -gt 0 ]; then
    "$AJV" validate --spec=draft7 --strict=false --all-errors --errors=text -c ajv-formats \
        -s "$T/sarif-schema.d7.json" "${ajv_args[@]}" > "$T/ajv.out" 2> "$T/ajv.err"
    # stdout: "<path> valid"; stderr: "<path> invalid" followed by the error text lines.
    for ((i = 0; i < n; i++)); do
        [ "${parsed[$i]}" = 1 ] || continue
        p="$T/$i.sarif.json"
        if grep -qxF "$p valid" "$T/ajv.out"; then
            continue
        fi
        section="$(awk -v hdr="$p invalid" -v pfx="$T/" '
            $0 == hdr { on = 1; next }
            on && index($0, pfx) == 1 { on = 0 } # next header
            on { print }' "$T/ajv.err")"
        if grep -qxF "$p invalid" "$T/ajv.err"; then
            errs[$i]+="schema (ajv): ${section:-invalid}"$'\n'
        else
            errs[$i]+="schema (ajv): no verdict; ajv said: $(tr '\n' ' ' < "$T/ajv.err")"$'\n'
        fi
    done
fi

# 2. spec rules + GitHub ingestion rules, one multitool call per file, nproc at a time.
run_multitool() {  # $1 = index
    local i="$1"
    "$MT" validate "$T/$i.sarif.json" --rule-kind "Sarif;Ghas" --config "$POLICY" \
        --level "Error;Warning" -o "$T/$i.validation.sarif" --log ForceOverwrite \
        > "$T/$i.mt.out" 2>&1
    echo "$?" > "$T/$i.mt.rc"
}
jobs_max="$(nproc 2>/dev/null || echo 2)"
running=0
for ((i = 0; i < n; i++)); do
    [ "${parsed[$i]}" = 1 ] || continue
    run_multitool "$i" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs_max" ]; then
        wait -n
        running=$((running - 1))
    fi
done
wait

for ((i = 0; i < n; i++)); do
    [ "${parsed[$i]}" = 1 ] || continue
    log="$T/$i.validation.sarif"
    rc="$(cat "$T/$i.mt.rc" 2>/dev/null || echo '?')"
    if [ "$rc" != 0 ] || [ ! -s "$log" ]; then
        errs[$i]+="multitool: exit $rc, no usable log: $(tail -n 5 "$T/$i.mt.out" | tr '\n' ' ')"$'\n'
        continue
    fi
    if ! jq -e '[.runs[].results[]? | select(.level=="error")] | length == 0' "$log" > /dev/null; then
        # The console lines read "<path>(line,col): error ID: text"; show them with the real name.
        lines="$(grep -E ': error [A-Z]+[0-9]+: ' "$T/$i.mt.out" | sed "s|^$T/$i.sarif.json|${files[$i]}|")"
        if [ -z "$lines" ]; then
            lines="$(jq -r '.runs[].results[]? | select(.level=="error") | "error \(.ruleId)"' "$log")"
        fi
        errs[$i]+="multitool: ${lines}"$'\n'
    fi
done

status=0
for ((i = 0; i < n; i++)); do
    if [ -z "${errs[$i]}" ]; then
        echo "ok ${files[$i]}"
    else
        status=1
        echo "FAIL ${files[$i]}"
        printf '%s' "${errs[$i]}" | sed '/^$/d; s/^/    /'
    fi
done
exit "$status"
