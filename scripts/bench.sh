#!/usr/bin/env bash
# ConfigLint's whole-process benchmark (issue 13): bash scripts/bench.sh [--quick] [--runs N]
#
# Builds, in this run, the two configlints the Release tool package can hold: the native one
# (scripts/build-native.sh; what the package holds on Linux with a C toolchain) and the ReadyToRun
# one (src/ConfigLint.Cli published with ConfigLintNative=false, started with `dotnet configlint.dll`
# as the tool shim does; what it holds elsewhere), and a ReadyToRun "hello world"; then times whole processes
# side by side: the median wall time and the median peak resident size (GNU time's %M) of N runs of
# each, and their ratio:
#   - `configlint check` on Debian's stock config (main.cf + master.cf) against `postconf -c DIR -n`
#     and against the hello world, by the tool and by the native configlint;
#   - a generated aliases file of 1,000,000 lines against `postalias` building its hash map of a copy,
#     by the tool and by the native configlint;
#   - fleets of 1,000 and 10,000 configurations in one `configlint check` against as many
#     `postconf -c DIR -n` calls (a sample of them timed, the total extrapolated linearly), by the
#     tool and by the native configlint (and the native one writing SARIF), and how each one's peak
#     grows from the one fleet to the other; postconf and each check take turns, round by round;
#   - every input is read once before each timed run (warm), so both sides run from the page cache;
#   - issue 14's large inputs (a 20,000-network mynetworks over continuation lines, a 100,000-service
#     master.cf) against the Debian stock check.
# --quick: 3 runs and smaller inputs (100,000 aliases, fleets of 100 and 1,000, 5,000 networks,
#          10,000 services): the CI smoke. --runs N: N runs of everything (default 10; quick 3).
#
# Prints a Markdown table, also written to .test-results/bench.md. A measurement, not a test: the
# targets of issue 13 are shown but not enforced. Exit code: 0 when everything ran; 1 when a build
# failed or configlint failed on an input (exit code other than 0 or 1); 2 on a usage error.
# The last line is: bench: ...
set -uo pipefail

QUICK=0
RUNS=""
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) QUICK=1; shift ;;
        --runs)
            [ $# -ge 2 ] && [[ "$2" =~ ^[1-9][0-9]*$ ]] || { echo "bench: --runs needs a positive number" >&2; exit 2; }
            RUNS="$2"; shift 2 ;;
        -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
        *) echo "bench: unknown argument $1 (usage: bash scripts/bench.sh [--quick] [--runs N])" >&2; exit 2 ;;
    esac
done

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT" || exit 2
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export LC_ALL=C  # awk's decimal point
PATH="$PATH:/usr/sbin:/sbin"

if [ "$QUICK" -eq 1 ]; then
    : "${RUNS:=3}"
    ALIAS_LINES=100000 FLEET_SMALL=100 FLEET_LARGE=1000 NETWORKS=5000 SERVICES=10000 POSTCONF_SAMPLE=30
else
    : "${RUNS:=10}"
    ALIAS_LINES=1000000 FLEET_SMALL=1000 FLEET_LARGE=10000 NETWORKS=20000 SERVICES=100000 POSTCONF_SAMPLE=100
fi

say() { printf 'bench: %s\n' "$*" >&2; }
started=$(date +%s)

if [ ! -x /usr/bin/time ]; then
    echo "bench: /usr/bin/time (GNU time, Debian package time) is needed for the peak memory; install it" >&2
    echo "bench: nothing measured"
    exit 1
fi

T="$(mktemp -d "${TMPDIR:-/tmp}/configlint-bench.XXXXXX")"
cleanup() { rm -rf "$T"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- builds
# The build works on a copy of the sources under artifacts/bench (ignored by git, kept between runs
# so the build is incremental): the Release build of the CLI has a runtime identifier (ReadyToRun),
# and its restore would add that runtime to the committed packages.lock.json files.
# --disable-build-servers: no MSBuild node or compiler server is left running after the script.
BUILD="$ROOT/artifacts/bench"
TREE="$BUILD/tree"
mkdir -p "$TREE"
# shellcheck source=scripts/lib/source-copy.sh
. "$ROOT/scripts/lib/source-copy.sh"
build_log="$T/build.log"
build_failed=""
say "building configlint (Release, ReadyToRun) in artifacts/bench"
if ! source_copy "$ROOT" "$TREE" "$T" > "$build_log" 2>&1 \
    || ! dotnet publish "$TREE/src/ConfigLint.Cli" -c Release -p:ConfigLintNative=false -o "$BUILD/configlint" --disable-build-servers -v quiet -nologo >> "$build_log" 2>&1; then
    build_failed="configlint"
    tail -n 30 "$build_log" | sed 's/^/    /' >&2
fi
CONFIGLINT=(dotnet "$BUILD/configlint/configlint.dll")
# The SDK compiles ReadyToRun code in obj/.../R2R; none there means the csproj's settings turned it off.
if compgen -G "$TREE/src/ConfigLint.Cli/obj/Release/net10.0/*/R2R" > /dev/null; then
    cli_label="configlint (Release, ReadyToRun)"
else
    cli_label="configlint (Release, NOT ReadyToRun: ConfigLintReadyToRun or the csproj turned it off)"
fi

# The native configlint (scripts/build-native.sh: NativeAOT, one executable, no JIT): what the Release
# tool package holds, and so what pre-commit's hook and the GitHub action run, on Linux with a C
# toolchain (ConfigLint.Cli.csproj). Its own copy of the sources, under artifacts/native.
say "building the native configlint (NativeAOT) in artifacts/native"
NATIVE=()
if bash "$ROOT/scripts/build-native.sh" "$BUILD/native" > "$T/native.log" 2>&1; then
    NATIVE=("$BUILD/native/configlint")
else
    tail -n 10 "$T/native.log" | sed 's/^/    /' >&2
    build_failed="${build_failed:+$build_failed, }native configlint"
fi

# A ReadyToRun hello world of the same runtime: the floor of a .NET process's start-up.
say "building a ReadyToRun hello world"
HELLO="$T/hello"
mkdir -p "$HELLO"
cat > "$HELLO/hello.csproj" <<'EOF'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <InvariantGlobalization>true</InvariantGlobalization>
    <UseAppHost>false</UseAppHost>
  </PropertyGroup>
</Project>
EOF
echo 'System.Console.WriteLine("hello, world");' > "$HELLO/Program.cs"
hello_label="ReadyToRun hello world"
if ! dotnet publish "$HELLO" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
        -o "$HELLO/out" --disable-build-servers -v quiet -nologo > "$T/hello.log" 2>&1; then
    say "the ReadyToRun hello world did not build (runtime pack or crossgen not restorable?); using a JIT one"
    tail -n 10 "$T/hello.log" | sed 's/^/    /' >&2
    hello_label="hello world, NOT ReadyToRun (its ReadyToRun build failed)"
    if ! dotnet publish "$HELLO" -c Release -o "$HELLO/out" --disable-build-servers -v quiet -nologo >> "$T/hello.log" 2>&1; then
        hello_label=""
        build_failed="${build_failed:+$build_failed, }hello world"
    fi
fi
HELLO_CMD=(dotnet "$HELLO/out/hello.dll")

# ---------------------------------------------------------------- measuring
# median N...: the median of integers (the mean of the middle two for an even count).
median() {
    printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

# warm DIR...: reads every file under DIR once, so that the run after it finds them in the page cache.
# Virtual machines of this kind drop a file's cached pages within seconds (a fleet's discovery took 210 ms
# right after its files were read, 280 ms ten seconds later, and its checks 1.5 s against 1.9 s). Both
# sides' inputs are warmed before each timed run (as hyperfine's --prepare would), so both are measured
# from the page cache, not the disk.
warm() {
    find "$@" -type f -exec cat {} + > /dev/null 2>&1
}

# measure RUNS OK_CODES CMD...: runs CMD RUNS times (stdin /dev/null, output discarded); before each
# run, PREPARE (a command, when set) runs untimed.
# Sets US (median wall time, µs), KB (median peak RSS, KiB) and FAIL (empty, or why a run failed:
# an exit code not in OK_CODES, a space-separated list).
PREPARE=()
measure() {
    local runs="$1" ok="$2"; shift 2
    local times=() mems=() rc t0 t1 i
    FAIL=""
    for ((i = 0; i < runs; i++)); do
        [ ${#PREPARE[@]} -gt 0 ] && "${PREPARE[@]}"
        t0=$(date +%s%N)
        /usr/bin/time -f '%M' -o "$T/time.out" "$@" > /dev/null 2> "$T/stderr" < /dev/null
        rc=$?
        t1=$(date +%s%N)
        if [[ " $ok " != *" $rc "* ]]; then
            FAIL="exit $rc"
            say "failed (exit $rc): $*"
            head -n 5 "$T/stderr" | sed 's/^/    /' >&2
            break
        fi
        times+=($(( (t1 - t0) / 1000 )))
        mems+=("$(tail -n 1 "$T/time.out")")
    done
    US=$(median "${times[@]}")
    KB=$(median "${mems[@]}")
}

# fmt_time µs → "86 ms" / "3.30 s"; fmt_mib KiB → "40 MiB"; ratio a b → "16×".
fmt_time() { awk -v u="$1" 'BEGIN { if (u < 1000000) printf "%d ms", (u + 500) / 1000; else printf "%.2f s", u / 1000000 }'; }
fmt_mib() { awk -v k="$1" 'BEGIN { printf "%d MiB", (k + 512) / 1024 }'; }
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) { print "n/a"; exit } r = a / b;
        if (r >= 10) printf "%.0f×", r; else if (r >= 0.1) printf "%.2f×", r; else printf "%.3f×", r }'
}
# meets VALUE_RATIO LIMIT → "yes" / "no"
meets() { awk -v a="$1" -v l="$2" 'BEGIN { print (a + 0 <= l + 0) ? "yes" : "no" }'; }
ratio_value() { awk -v a="$1" -v b="$2" 'BEGIN { if (b <= 0) print 1e9; else print a / b }'; }

ROWS=()
row() { ROWS+=("| $1 | $2 | $3 | $4 | $5 |"); }
failures=0
cl_fail() { failures=$((failures + 1)); }

# n 1000000 → 1,000,000
n() { printf '%d' "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }

have_postconf=1; command -v postconf > /dev/null 2>&1 || have_postconf=0
have_postalias=1; command -v postalias > /dev/null 2>&1 || have_postalias=0
DEB="$ROOT/tests/data/postfix/debian-shipped"

if [ -n "$build_failed" ] && [[ "$build_failed" == *configlint* ]]; then
    echo "bench: the build failed ($build_failed); nothing measured"
    exit 1
fi

# ---------------------------------------------------------------- 1. Debian's stock config
say "Debian's stock config ($RUNS runs each)"
STOCK="$T/stock"
mkdir -p "$STOCK"
cp "$DEB/main.cf.internet-site-example" "$STOCK/main.cf"
cp "$DEB/master.cf" "$STOCK/master.cf"
stock_what="\`check\` Debian's stock config (main.cf + master.cf), ReadyToRun configlint"
measure "$RUNS" "0 1" "${CONFIGLINT[@]}" check "$STOCK"
stock_fail="$FAIL" stock_us="$US" stock_kb="$KB"
if [ -n "$stock_fail" ]; then
    cl_fail
    row "$stock_what" "failed ($stock_fail)" "" "" ""
    stock_us=0
else
    if [ "$have_postconf" -eq 1 ]; then
        measure "$RUNS" "0" postconf -c "$STOCK" -n
        if [ -z "$FAIL" ]; then
            row "$stock_what" "$(fmt_time "$stock_us"), $(fmt_mib "$stock_kb")" \
                "\`postconf -c DIR -n\`: $(fmt_time "$US"), $(fmt_mib "$KB")" "$(ratio "$stock_us" "$US")" ""
        else
            row "$stock_what" "$(fmt_time "$stock_us"), $(fmt_mib "$stock_kb")" "\`postconf -c DIR -n\` failed ($FAIL)" "n/a" ""
        fi
    else
        row "$stock_what" "$(fmt_time "$stock_us"), $(fmt_mib "$stock_kb")" "postconf not installed" "n/a" ""
    fi
    if [ -n "$hello_label" ]; then
        measure "$RUNS" "0" "${HELLO_CMD[@]}"
        r="$(ratio_value "$stock_us" "$US")"
        row "same" "$(fmt_time "$stock_us")" "$hello_label: $(fmt_time "$US"), $(fmt_mib "$KB")" "$(ratio "$stock_us" "$US")" "≤ 1.5×: $(meets "$r" 1.5)"
    else
        row "same" "$(fmt_time "$stock_us")" "hello world: did not build" "n/a" "≤ 1.5×"
    fi
fi
# The same check with the native configlint, against the same hello world.
native_what="\`check\` Debian's stock config, native configlint (the tool package where a C toolchain is; \`scripts/build-native.sh\`)"
if [ "${#NATIVE[@]}" -eq 0 ]; then
    row "$native_what" "did not build" "" "" "≤ 1.5×"
else
    measure "$RUNS" "0 1" "${NATIVE[@]}" check "$STOCK"
    if [ -n "$FAIL" ]; then
        cl_fail
        row "$native_what" "failed ($FAIL)" "" "" ""
    elif [ -n "$hello_label" ]; then
        native_us="$US" native_kb="$KB"
        measure "$RUNS" "0" "${HELLO_CMD[@]}"
        r="$(ratio_value "$native_us" "$US")"
        row "$native_what" "$(fmt_time "$native_us"), $(fmt_mib "$native_kb")" "$hello_label: $(fmt_time "$US"), $(fmt_mib "$KB")" "$(ratio "$native_us" "$US")" "≤ 1.5×: $(meets "$r" 1.5)"
    else
        row "$native_what" "$(fmt_time "$US"), $(fmt_mib "$KB")" "hello world: did not build" "n/a" "≤ 1.5×"
    fi
fi

# ---------------------------------------------------------------- 2. a large aliases file
say "a $(n "$ALIAS_LINES")-line aliases file ($RUNS runs each)"
AL="$T/aliases"
mkdir -p "$AL/check" "$AL/postalias"
printf 'compatibility_level = 3.6\nalias_maps = hash:/etc/aliases\n' > "$AL/check/main.cf"
printf 'compatibility_level = 3.6\n' > "$AL/postalias/main.cf"
# postmaster and root first, then one alias per line: a local user and a remote address; every 50th
# a list over a continuation line with its owner-, every 1000th a command (as in the micro-benchmarks).
awk -v lines="$ALIAS_LINES" 'BEGIN {
    print "# generated aliases"; print "postmaster: root"; print "root: admin"; print "mailer-daemon: postmaster"
    for (i = 4; i < lines;) {
        if (i % 1000 == 0) { printf "pipe%d: \"|/usr/local/bin/handler %d\"\n", i, i; i++ }
        else if (i % 50 == 0 && i + 2 < lines) { printf "list%d: user%d, user%d,\n    owner%d@example.org\nowner-list%d: user%d\n", i, i, i + 1, i, i, i; i += 3 }
        else { printf "alias%d: user%d, user%d@mail%d.example.net\n", i, i, i, i % 97; i++ }
    } }' > "$AL/check/aliases"
cp "$AL/check/aliases" "$AL/postalias/aliases"
alias_mb=$(awk -v b="$(stat -c %s "$AL/check/aliases")" 'BEGIN { printf "%.0f", b / 1000000 }')
what="$(n "$ALIAS_LINES")-line aliases file ($alias_mb MB), ReadyToRun configlint"
# postalias once, then the tool and the native configlint against the same time.
pa_us="" pa_kb="" pa_fail=""
if [ "$have_postalias" -eq 1 ]; then
    PREPARE=(warm "$AL/postalias/aliases")
    measure "$RUNS" "0" postalias -c "$AL/postalias" "hash:$AL/postalias/aliases"
    PREPARE=()
    pa_us="$US" pa_kb="$KB" pa_fail="$FAIL"
fi
# alias_row LABEL COMMAND...: one row for COMMAND checking the aliases file against postalias.
alias_row() {
    local label="$1"
    shift
    PREPARE=(warm "$AL/check")
    measure "$RUNS" "0 1" "$@" check "$AL/check"
    PREPARE=()
    if [ -n "$FAIL" ]; then
        cl_fail
        row "$label" "failed ($FAIL)" "" "" ""
        return
    fi
    local cl_us="$US" cl_kb="$KB" mem_ok r
    mem_ok="$(awk -v k="$cl_kb" 'BEGIN { print (k <= 200 * 1024) ? "yes" : "no" }')"
    if [ "$have_postalias" -eq 0 ]; then
        row "$label" "$(fmt_time "$cl_us"), $(fmt_mib "$cl_kb") peak" "postalias not installed" "n/a" "≤ 200 MiB: $mem_ok"
    elif [ -n "$pa_fail" ]; then
        row "$label" "$(fmt_time "$cl_us"), $(fmt_mib "$cl_kb") peak" "\`postalias\` failed ($pa_fail)" "n/a" "≤ 200 MiB: $mem_ok"
    else
        r="$(ratio_value "$cl_us" "$pa_us")"
        row "$label" "$(fmt_time "$cl_us"), $(fmt_mib "$cl_kb") peak" "\`postalias\` building its hash map: $(fmt_time "$pa_us"), $(fmt_mib "$pa_kb") peak" \
            "$(ratio "$cl_us" "$pa_us")" "≤ 0.15×: $(meets "$r" 0.15); ≤ 200 MiB: $mem_ok"
    fi
}
alias_row "$what" "${CONFIGLINT[@]}"
if [ ${#NATIVE[@]} -gt 0 ]; then
    alias_row "same, native configlint" "${NATIVE[@]}"
fi
rm -rf "$AL"

# ---------------------------------------------------------------- 3. fleets
# fleet DIR COUNT: COUNT configuration directories, each a small main.cf and master.cf of its own.
fleet() {
    local dir="$1" count="$2"
    mkdir -p "$dir"
    awk -v dir="$dir" -v count="$count" 'BEGIN {
        for (i = 0; i < count; i++) {
            d = sprintf("%s/host%05d", dir, i)
            dirs = dirs " " d
            if (i % 500 == 499 || i == count - 1) { system("mkdir -p" dirs); dirs = "" }
        }
        for (i = 0; i < count; i++) {
            d = sprintf("%s/host%05d", dir, i)
            m = d "/main.cf"
            printf "compatibility_level = 3.6\nmyhostname = host%d.example.org\nmydestination = $myhostname, localhost\n", i > m
            printf "mynetworks = 127.0.0.0/8 10.%d.%d.0/24\ninet_interfaces = all\nsmtpd_banner = $myhostname ESMTP\n", int(i / 256) % 256, i % 256 > m
            printf "smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination\n" > m
            if (i % 3 == 0) printf "relayhost = [relay%d.example.net]:587\n", i % 17 > m
            close(m)
            s = d "/master.cf"
            printf "smtp      inet  n       -       y       -       -       smtpd\n" > s
            if (i % 2 == 0) printf "submission inet n       -       y       -       -       smtpd\n  -o smtpd_tls_security_level=encrypt\n  -o smtpd_sasl_auth_enable=yes\n" > s
            printf "pickup    unix  n       -       y       60      1       pickup\ncleanup   unix  n       -       y       -       0       cleanup\n" > s
            printf "qmgr      unix  n       -       n       300     1       qmgr\nsmtp      unix  -       -       y       -       -       smtp\n" > s
            printf "local     unix  -       n       n       -       -       local\n" > s
            close(s)
        } }'
}
# fleet_one LABEL KEY COUNT US KB FAIL ANCHOR_US ANCHOR_TEXT: the row of one way of checking the fleet (median wall
# time US, median peak KB, or why it failed) against the postconf estimate (ANCHOR_US 0: no anchor, ANCHOR_TEXT says
# why); its peak kept as FLEET_KB_<KEY>_<COUNT>.
fleet_one() {
    local label="$1" key="$2" count="$3" cl_us="$4" cl_kb="$5" fail="$6" anchor_us="$7" anchor_text="$8"
    if [ -n "$fail" ]; then
        cl_fail
        row "$label" "failed ($fail)" "" "" ""
        return
    fi
    local target=""
    eval "FLEET_KB_${key}_$count=$cl_kb"
    [ "$count" -eq "$FLEET_LARGE" ] && target="≤ 0.03×"
    if [ "$anchor_us" -gt 0 ]; then
        local r; r="$(ratio_value "$cl_us" "$anchor_us")"
        row "$label" "$(fmt_time "$cl_us"), $(fmt_mib "$cl_kb") peak" "$anchor_text" "$(ratio "$cl_us" "$anchor_us")" "${target:+$target: $(meets "$r" 0.03)}"
    else
        row "$label" "$(fmt_time "$cl_us"), $(fmt_mib "$cl_kb") peak" "$anchor_text" "n/a" "$target"
    fi
}

# fleet_row COUNT: a fleet of COUNT configurations, checked by the tool, the native configlint and the native one
# writing SARIF, against COUNT postconf calls. The machine is shared and its speed drifts within minutes, so the
# two sides take turns: each of the RUNS rounds times the postconf sample once and each way of checking once, and
# every side's median is over the same rounds.
fleet_row() {
    local count="$1"
    local dir="$T/fleet$count"
    say "a fleet of $(n "$count") configurations ($RUNS rounds of $POSTCONF_SAMPLE postconf calls and each check)"
    fleet "$dir" "$count"
    local k="$POSTCONF_SAMPLE" step totals=() t0 t1 bad=0 run j sample=()
    [ "$k" -gt "$count" ] && k="$count"
    step=$((count / k))
    for ((j = 0; j < k; j++)); do
        sample+=("$(printf '%s/host%05d' "$dir" $((j * step)))")
    done
    # The ways of checking, by label, key and format (the native ones when built); the key says which command.
    local labels=("$(n "$count") configurations in one run, ReadyToRun configlint") keys=(tool) formats=(text)
    if [ ${#NATIVE[@]} -gt 0 ]; then
        # SARIF, what code scanning is given, is written as it is made too (its notes come last).
        labels+=("same, native configlint" "same, native configlint, \`--format sarif\`")
        keys+=(native native_sarif) formats+=(text sarif)
    fi
    local times=() mems=() fails=() w
    for ((w = 0; w < ${#keys[@]}; w++)); do times[w]=""; mems[w]=""; fails[w]=""; done
    for ((run = 0; run < RUNS; run++)); do
        if [ "$have_postconf" -eq 1 ]; then
            # The sample: every (count/K)-th directory, called one after the other; the median time of one
            # call times COUNT is the estimate for all of them.
            warm "${sample[@]}"
            t0=$(date +%s%N)
            for ((j = 0; j < k; j++)); do
                postconf -c "${sample[j]}" -n > /dev/null 2>&1 || bad=1
            done
            t1=$(date +%s%N)
            totals+=($(( (t1 - t0) / 1000 )))
        fi
        for ((w = 0; w < ${#keys[@]}; w++)); do
            [ -n "${fails[w]}" ] && continue
            PREPARE=(warm "$dir")
            if [ "${keys[w]}" = tool ]; then
                measure 1 "0 1" "${CONFIGLINT[@]}" check "$dir" --format "${formats[w]}"
            else
                measure 1 "0 1" "${NATIVE[@]}" check "$dir" --format "${formats[w]}"
            fi
            PREPARE=()
            if [ -n "$FAIL" ]; then
                fails[w]="$FAIL"
            else
                times[w]="${times[w]} $US"
                mems[w]="${mems[w]} $KB"
            fi
        done
    done
    local all=0 anchor_text="postconf not installed"
    if [ "$have_postconf" -eq 1 ]; then
        local per_call=$(( $(median "${totals[@]}") / k ))
        all=$(( per_call * count ))
        measure 1 "0" postconf -c "$dir/host00000" -n
        anchor_text="$(n "$count") \`postconf -n\` calls: $(fmt_time "$all") (a sample of $k timed, extrapolated), $(fmt_mib "$KB") each"
        if [ "$bad" -ne 0 ]; then
            all=0 anchor_text="\`postconf -n\` failed"
        fi
    fi
    for ((w = 0; w < ${#keys[@]}; w++)); do
        # shellcheck disable=SC2086 # a list of numbers
        fleet_one "${labels[w]}" "${keys[w]}" "$count" "$(median ${times[w]})" "$(median ${mems[w]})" "${fails[w]}" "$all" "$anchor_text"
    done
    rm -rf "$dir"
}
fleet_row "$FLEET_SMALL"
fleet_row "$FLEET_LARGE"
# memory_row KEY LABEL: how the peak of FLEET_LARGE configurations compares with FLEET_SMALL's.
memory_row() {
    local small_kb large_kb growth flat
    small_kb="$(eval "echo \${FLEET_KB_${1}_$FLEET_SMALL:-}")" large_kb="$(eval "echo \${FLEET_KB_${1}_$FLEET_LARGE:-}")"
    if [ -n "$small_kb" ] && [ -n "$large_kb" ]; then
        growth="$(ratio "$large_kb" "$small_kb")"
        flat="$(awk -v a="$large_kb" -v b="$small_kb" 'BEGIN { print (a <= b * 1.25) ? "yes" : "no" }')"
        row "$2" "$(fmt_mib "$large_kb") / $(fmt_mib "$small_kb")" "" "$growth" "flat (≤ 1.25×): $flat"
    fi
}
memory_row tool "peak memory, $(n "$FLEET_LARGE") against $(n "$FLEET_SMALL") configurations"
memory_row native "same, native configlint"
memory_row native_sarif "same, native configlint, \`--format sarif\`"

# ---------------------------------------------------------------- 4. issue 14's large inputs
big_row() {
    local what="$1" dir="$2"
    measure "$RUNS" "0 1" "${CONFIGLINT[@]}" check "$dir"
    if [ -n "$FAIL" ]; then
        cl_fail
        row "$what" "failed ($FAIL)" "" "" ""
    elif [ "$stock_us" -gt 0 ]; then
        local r; r="$(ratio_value "$US" "$stock_us")"
        row "$what" "$(fmt_time "$US"), $(fmt_mib "$KB") peak" "the Debian stock check: $(fmt_time "$stock_us")" "$(ratio "$US" "$stock_us")" "≤ 10×: $(meets "$r" 10)"
    else
        row "$what" "$(fmt_time "$US"), $(fmt_mib "$KB") peak" "the Debian stock check failed" "n/a" "≤ 10×"
    fi
    rm -rf "$dir"
}
say "a $(n "$NETWORKS")-network mynetworks, a $(n "$SERVICES")-service master.cf ($RUNS runs each)"
mkdir -p "$T/list" "$T/services"
awk -v n="$NETWORKS" 'BEGIN { print "compatibility_level = 3.6"; print "mynetworks = 127.0.0.0/8,"
    for (i = 0; i < n; i++) printf "    10.%d.%d.%d/32,\n", int(i / 65536), int(i / 256) % 256, i % 256
    print "    0.0.0.0/0" }' > "$T/list/main.cf"
echo "smtp inet n - y - - smtpd" > "$T/list/master.cf"
big_row "main.cf with a $(n "$NETWORKS")-network \`mynetworks\`, one per continuation line" "$T/list"
printf 'compatibility_level = 3.6\nmynetworks = 0.0.0.0/0\n' > "$T/services/main.cf"
awk -v n="$SERVICES" 'BEGIN { for (i = 0; i < n; i++) printf "127.0.0.1:%d inet n - y - - smtpd\n", 1024 + i
    print "0.0.0.0:25 inet n - y - - smtpd" }' > "$T/services/master.cf"
big_row "master.cf of $(n "$SERVICES") smtpd services" "$T/services"

# ---------------------------------------------------------------- the table
mode="full"; [ "$QUICK" -eq 1 ] && mode="quick"
table="$T/bench.md"
{
    echo "| work | ConfigLint | anchor | ratio | target |"
    echo "| --- | --- | --- | --- | --- |"
    printf '%s\n' "${ROWS[@]}"
    echo
    echo "Median of $RUNS runs of whole processes ($mode mode), wall time and peak resident size (GNU time %M), each from a warm page cache;"
    echo "a fleet's postconf sample and its checks take turns, one run of each per round;"
    echo "$cli_label started as \`dotnet configlint.dll\` (the tool package's way where it cannot be native); on the native rows the executable \`scripts/build-native.sh\` builds, which the tool package holds on Linux with a C toolchain; $(nproc) cores, $(uname -sm), $(dotnet --version 2> /dev/null | sed 's/^/.NET SDK /'), $(postconf -d -h mail_version 2> /dev/null | sed 's/^/Postfix /'); $(date -u '+%Y-%m-%d %H:%M UTC')."
} > "$table"
cat "$table"
mkdir -p "$ROOT/.test-results"
cp "$table" "$ROOT/.test-results/bench.md"

elapsed=$(( $(date +%s) - started ))
if [ "$failures" -gt 0 ]; then
    echo "bench: $mode, $RUNS runs, ${elapsed} s: configlint failed on $failures input(s); table in .test-results/bench.md"
    exit 1
fi
misses="$(printf '%s\n' "${ROWS[@]}" | grep -o ': no' | wc -l)"
echo "bench: $mode, $RUNS runs, ${elapsed} s, ${#ROWS[@]} rows, $misses target(s) not met${build_failed:+, $build_failed did not build}; table in .test-results/bench.md"
exit 0
