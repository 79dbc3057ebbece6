#!/usr/bin/env bash
# ConfigLint's test command: bash scripts/test.sh [--fast] [extra dotnet test args, e.g. --filter X]
#
# --fast: the unit loop for contributors. Installs nothing and runs only the unit tests
# (--filter "Category!=System&Category!=Stress&Category!=Sweep": no real Postfix, pre-commit,
# validators or packaging, none of the stress tests that push huge or amplifying inputs through
# the whole tool, and none of the sweeps that run it over every sample), with an incremental
# Debug build. The full command (no --fast) is what CI runs.
#
# 1. Installs what the tests need when it is missing (Debian: postfix, postfix-pcre,
#    libsasl2-modules, openssl, swaks, pre-commit, iproute2, util-linux, perl, jq, time, and gcc
#    with binutils and libc6-dev to link the native configlint (build-native.sh, and the Release
#    tool package, which is native where these are), via apt-get; only when something is missing;
#    as non-root it just lists what is missing).
# 2. Installs the SARIF validators from package-lock.json (npm ci) unless node_modules is current.
# 3. Runs dotnet test ConfigLint.sln with a trx logger into .test-results/.
# 4. Without --fast and without arguments: runs bash scripts/bench.sh --quick as one more test
#    (a smoke of the benchmarks: it must run, no timing is asserted).
# 5. Prints, as its very last line: tests: N passed, N failed, N skipped
# Exits non-zero when a test failed or the build failed (then "failed" is at least 1).
# Tests whose prerequisites are missing are skipped locally, but fail when CI=true (or 1).
set -uo pipefail

FAST=0
if [ "${1:-}" = "--fast" ]; then
    FAST=1
    shift
fi

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 2
[ -n "${CI+x}" ] && export CI
RESULTS="$ROOT/.test-results"

say() { printf '%s\n' "test.sh: $*"; }

if [ "$FAST" -eq 0 ]; then
# ---------------------------------------------------------------- 1. system packages
apt_packages=(postfix postfix-pcre libsasl2-modules openssl swaks pre-commit iproute2 util-linux perl jq time gcc binutils libc6-dev)
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
    for p in "${apt_packages[@]}"; do
        status="$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)"
        [ "$status" = "install ok installed" ] || missing+=("$p")
    done
else
    # Not Debian: check the commands the tests use instead of packages.
    PATH_SBIN="$PATH:/usr/sbin:/sbin:/usr/local/sbin"
    for c in postconf:postfix postalias:postfix swaks:swaks pre-commit:pre-commit ip:iproute2 \
             unshare:util-linux perl:perl jq:jq openssl:openssl /usr/bin/time:time gcc:gcc objcopy:binutils; do
        PATH="$PATH_SBIN" command -v "${c%%:*}" >/dev/null 2>&1 || missing+=("${c#*:}")
    done
fi

if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
        say "installing missing packages: ${missing[*]}"
        apt_log="$(mktemp "${TMPDIR:-/tmp}/configlint-apt.XXXXXX")"
        export DEBIAN_FRONTEND=noninteractive
        if { echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections \
             && apt-get -qq -o DPkg::Lock::Timeout=600 update \
             && apt-get -qq -y -o DPkg::Lock::Timeout=600 install postfix postfix-pcre libsasl2-modules openssl swaks pre-commit \
                    iproute2 util-linux perl jq time gcc binutils libc6-dev; } > "$apt_log" 2>&1 < /dev/null; then
            rm -f "$apt_log"
        else
            say "apt-get failed (log: $apt_log); last lines:"
            tail -n 20 "$apt_log" | sed 's/^/    /'
        fi
    else
        say "missing (install them as root; tests needing them are skipped, or fail under CI=true): ${missing[*]}"
    fi
fi

# ---------------------------------------------------------------- 2. SARIF validators (npm)
npm_current() {
    # node_modules/.package-lock.json is npm's record of what it installed.
    [ -f node_modules/.package-lock.json ] \
        && [ node_modules/.package-lock.json -nt package-lock.json ] \
        && [ node_modules/.package-lock.json -nt package.json ] \
        && [ -x node_modules/.bin/ajv ] \
        && [ -d node_modules/@microsoft/sarif-multitool ] \
        && [ -d node_modules/ajv-formats ]
}
if ! command -v npm >/dev/null 2>&1; then
    say "npm not found: SARIF validator tests are skipped (or fail under CI=true)"
elif ! npm_current; then
    say "installing the SARIF validators (npm)"
    npm_log="$(mktemp "${TMPDIR:-/tmp}/configlint-npm.XXXXXX")"
    if [ -f package-lock.json ]; then npm_cmd=(npm ci --no-audit --no-fund); else npm_cmd=(npm install --no-audit --no-fund); fi
    if "${npm_cmd[@]}" > "$npm_log" 2>&1 < /dev/null; then
        rm -f "$npm_log"
    else
        say "${npm_cmd[*]} failed (log: $npm_log); last lines:"
        tail -n 20 "$npm_log" | sed 's/^/    /'
    fi
fi
# npm 11 may skip the multitool's postinstall (chmod u+x): make the binary executable.
for mt in node_modules/@microsoft/sarif-multitool-*/Sarif.Multitool; do
    [ -f "$mt" ] && [ ! -x "$mt" ] && chmod u+x "$mt"
done

fi

# ---------------------------------------------------------------- 3. dotnet test
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet_rc=0
if command -v dotnet >/dev/null 2>&1; then
    if [ "$FAST" -eq 1 ]; then
        # One build, then one test run over the four test assemblies with --parallel: a test run
        # per project through the solution costs seconds of MSBuild and test-host start-up more.
        set -- --filter "Category!=System&Category!=Stress&Category!=Sweep" "$@"
        dotnet build ConfigLint.sln -v quiet -nologo < /dev/null 2>&1 | tee "$RESULTS/dotnet-test.log"
        dotnet_rc="${PIPESTATUS[0]}"
        if [ "$dotnet_rc" -eq 0 ]; then
            dlls=()
            for project in tests/*.Tests; do
                dlls+=("$project/bin/Debug/net10.0/$(basename "$project").dll")
            done
            dotnet test "${dlls[@]}" --parallel \
                --results-directory "$RESULTS" \
                --logger "trx" \
                --logger "console;verbosity=minimal" \
                "$@" < /dev/null 2>&1 | tee -a "$RESULTS/dotnet-test.log"
            dotnet_rc="${PIPESTATUS[0]}"
        fi
    else
        dotnet test ConfigLint.sln \
            --results-directory "$RESULTS" \
            --logger "trx" \
            --logger "console;verbosity=normal" \
            "$@" < /dev/null 2>&1 | tee "$RESULTS/dotnet-test.log"
        dotnet_rc="${PIPESTATUS[0]}"
    fi
else
    say "dotnet not found"
    dotnet_rc=127
fi

# ---------------------------------------------------------------- 4. summary from the trx files
# Each test project writes one trx (default names; the logger adds [1], [2]... on a clash)
# with <Counters total=".." executed=".." passed=".." failed=".." error=".." timeout=".."
# aborted=".." notExecuted=".." ...>; sum them over the projects.
counts="$(find "$RESULTS" -name '*.trx' -type f -print0 2>/dev/null | xargs -0 -r cat | awk '
    function attr(tag, name,    m) {
        if (match(tag, " " name "=\"[0-9]+\"")) {
            m = substr(tag, RSTART, RLENGTH); gsub(/[^0-9]/, "", m); return m + 0
        }
        return 0
    }
    {
        line = $0
        while (match(line, /<Counters [^>]*>/)) {
            tag = substr(line, RSTART, RLENGTH)
            line = substr(line, RSTART + RLENGTH)   # before attr(), whose match() resets RSTART
            passed  += attr(tag, "passed")
            failed  += attr(tag, "failed") + attr(tag, "error") + attr(tag, "timeout") + attr(tag, "aborted")
            # Skipped xunit tests are "NotExecuted" results but are not in the notExecuted
            # counter (they are missing from executed): take whichever is larger.
            notrun = attr(tag, "total") - attr(tag, "executed")
            if (notrun < attr(tag, "notExecuted")) notrun = attr(tag, "notExecuted")
            skipped += notrun
            files++
        }
    }
    END { printf "%d %d %d %d\n", passed, failed, skipped, files }')"
read -r passed failed skipped trx_files <<< "${counts:-0 0 0 0}"

if [ "$dotnet_rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
    # Build error, crashed test host, bad arguments...: no failed test was recorded.
    if grep -qE 'error [A-Z]+[0-9]+:|Build FAILED|build failed' "$RESULTS/dotnet-test.log" 2>/dev/null; then
        say "the build failed (see the errors above); $trx_files test result file(s) written"
    else
        say "dotnet test exited $dotnet_rc without a failed test ($trx_files test result file(s) written)"
    fi
    failed=1
fi

# ---------------------------------------------------------------- 5. benchmark smoke (full mode)
# scripts/bench.sh --quick builds the Release tool and runs every whole-process comparison on
# small inputs: no timing is asserted, but a build failure or a crash of configlint on one of the
# inputs (bench.sh exits non-zero) counts as one failed test, a clean run as one passed.
# Skipped when arguments select tests (a targeted run). The table lands in .test-results/bench.md.
if [ "$FAST" -eq 0 ]; then
    if [ "$#" -eq 0 ]; then
        say "benchmark smoke: bash scripts/bench.sh --quick"
        bash "$ROOT/scripts/bench.sh" --quick < /dev/null 2>&1 | tee "$RESULTS/bench.log"
        if [ "${PIPESTATUS[0]}" -eq 0 ]; then
            passed=$((passed + 1))
        else
            say "the benchmark smoke failed (see .test-results/bench.log)"
            failed=$((failed + 1))
        fi
    else
        say "benchmark smoke skipped: arguments select tests ($*)"
    fi
fi

echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$failed" -gt 0 ] || [ "$dotnet_rc" -ne 0 ]; then
    exit 1
fi
exit 0
