#!/usr/bin/env bash
# ConfigLint's fuzz run (issue 14): bash scripts/fuzz.sh [--minutes N] [--count N] [--seed S] [--jobs J] [more ConfigLint.Fuzz options]
#
# Builds the harness (tests/ConfigLint.Fuzz) in Release and runs it: mutated corpus, templates and
# samples go through the real `configlint check` in-process, twice each, with a time and memory
# budget per run. Crashes, inputs over budget, nondeterministic or unlocated output are minimised
# into tests/fuzz-regressions/, where tests/ConfigLint.Cli.Tests turns each into a regression test.
#
# An input that kills the whole process (a stack overflow cannot be caught in .NET) is taken from
# the scratch directory, minimised in child processes and saved too; the run then goes on with the
# next seed for what is left of the count or the time.
#
# The last line is: fuzz: seed S, N inputs, T s, C crashes, B over budget, D nondeterministic, ...
# Exit code: 0 nothing found, 1 failures found, 2 usage or build error, 130 stopped by a signal
# (SIGINT or SIGTERM to the harness) before the count or the time was reached, nothing found.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 2

MINUTES="" COUNT="" SEED="" JOBS=1
PASS=()
while [ $# -gt 0 ]; do
    case "$1" in
        --minutes) MINUTES="$2"; shift 2 ;;
        --count) COUNT="$2"; shift 2 ;;
        --seed) SEED="$2"; shift 2 ;;
        --jobs) JOBS="$2"; shift 2 ;;
        -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
        *) PASS+=("$1"); shift ;;
    esac
done
[ -z "$MINUTES" ] && [ -z "$COUNT" ] && MINUTES=10
[ -z "$SEED" ] && SEED=$(( $(date +%s) % 2147483647 ))

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# ConfigLintReadyToRun=false: no runtime identifier, so the build leaves the lock files as they are
# (ReadyToRun only helps start-up, and the harness starts once).
if ! dotnet build tests/ConfigLint.Fuzz -c Release -v quiet -nologo -p:ConfigLintReadyToRun=false > /dev/null; then
    echo "fuzz: the build failed (dotnet build tests/ConfigLint.Fuzz -c Release)" >&2
    exit 2
fi
DLL="$ROOT/tests/ConfigLint.Fuzz/bin/Release/net10.0/ConfigLint.Fuzz.dll"

if [ -d /dev/shm ] && [ -w /dev/shm ]; then SCRATCH="$(mktemp -d /dev/shm/configlint-fuzz.XXXXXX)"; else SCRATCH="$(mktemp -d)"; fi
trap 'rm -rf "$SCRATCH"' EXIT

start=$(date +%s)
done_total=0
died=0
interrupted=0
found=0
seed=$SEED
log="$SCRATCH/log"
while :; do
    args=(--repo "$ROOT" --seed "$seed" --jobs "$JOBS" --scratch "$SCRATCH/runs" --progress "$SCRATCH/progress")
    if [ -n "$COUNT" ]; then
        left=$(( COUNT - done_total ))
        [ "$left" -le 0 ] && break
        args+=(--count "$left")
    fi
    if [ -n "$MINUTES" ]; then
        elapsed=$(( $(date +%s) - start ))
        left_s=$(( MINUTES * 60 - elapsed ))
        [ "$left_s" -le 0 ] && break
        args+=(--minutes "$(awk "BEGIN { print $left_s / 60 }")")
    fi
    rm -f "$SCRATCH/progress"
    dotnet "$DLL" "${args[@]}" "${PASS[@]}" | tee -a "$log"
    rc="${PIPESTATUS[0]}"
    done_now=$(cat "$SCRATCH/progress" 2>/dev/null || echo 0)
    done_total=$(( done_total + done_now ))
    if [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ]; then
        [ "$rc" -eq 1 ] && found=1
        break
    fi
    if [ "$rc" -eq 2 ]; then
        echo "fuzz: usage error" >&2
        exit 2
    fi
    if [ "$rc" -eq 130 ] || [ "$rc" -eq 143 ]; then
        # SIGINT or SIGTERM from outside (Ctrl-C, kill, a CI timeout): a stop, not a crash of an
        # input, so nothing is saved (before, the input it was on became a bogus regression).
        echo "fuzz: stopped by a signal (exit $rc) on seed $seed after about $done_now inputs; nothing saved"
        interrupted=1
        break
    fi
    # The process died on the input one of the jobs was on: the newest case directory of each job is a
    # candidate, and --save-crash keeps the one whose replay dies.
    died=$(( died + 1 ))
    found=1
    cases=()
    for job in "$SCRATCH"/runs/job*; do
        last="$(ls -td "$job"/run*/case 2>/dev/null | head -n 1)"
        [ -n "$last" ] && cases+=(--save-crash "$last")
    done
    echo "fuzz: the fuzz process died (exit $rc) on seed $seed after about $done_now inputs; saving what the jobs were on ($(( ${#cases[@]} / 2 )) candidates)"
    [ "${#cases[@]}" -gt 0 ] && dotnet "$DLL" --repo "$ROOT" "${cases[@]}"
    rm -rf "$SCRATCH/runs"
    seed=$(( seed + 1 ))
done

elapsed=$(( $(date +%s) - start ))
crashes=$(grep -c '^FAILURE Crash' "$log" 2>/dev/null)
budget=$(grep -c '^FAILURE OverBudget' "$log" 2>/dev/null)
nondet=$(grep -c '^FAILURE Nondeterministic' "$log" 2>/dev/null)
other=$(grep -cE '^FAILURE (Unlocated|InvalidOutput)' "$log" 2>/dev/null)
echo "fuzz: seed $SEED, $done_total inputs, ${elapsed} s, $(( crashes + died )) crashes ($died killed the process), $budget over budget, $nondet nondeterministic, $other unlocated or invalid output$([ "$interrupted" -eq 1 ] && echo ", stopped early by a signal")"
[ "$found" -eq 1 ] && exit 1
[ "$interrupted" -eq 1 ] && exit 130
exit 0
