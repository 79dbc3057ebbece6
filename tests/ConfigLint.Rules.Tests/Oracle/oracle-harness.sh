#!/usr/bin/env bash
# oracle-harness.sh - ConfigLint's own copy of tests/data/oracle/postfix-oracle.sh
# (POSTFIX-SEMANTICS.md section 9), adapted for the rule-agreement tests in
# tests/ConfigLint.Rules.Tests/Oracle. It runs a real Postfix (Debian 3.7) on a
# config directory inside a throw-away sandbox and reports, as JSON lines on
# stdout, what master binds and how smtpd answers relay probes.
#
# Same sandbox as the shared script: a private network namespace (only "lo";
# nothing can leave the machine, DNS fails fast) and a private mount namespace
# whose /dev is a tmpfs with our own /dev/log listener. Queue/data dirs are
# private, chroot is forced off, nothing is delivered (defer_transports = every
# master.cf service), the sandbox is deleted afterwards.
#
# Differences from the shared script (why we keep our own copy):
#   --add-addr ADDR[/LEN]  any address (not only 127.x) is put on lo. This is
#                          only ever done inside the private namespace, so a
#                          sample's documentation address (192.0.2.25,
#                          2001:db8::25) or a simulated LAN address exists
#                          there and nowhere else; no packet leaves the sandbox.
#   --host NAME=ADDR       private /etc/hosts (bind mount in the private mount
#                          namespace): the machine's /etc/hosts plus these
#                          entries, so master can resolve a host name that a
#                          master.cf service names.
#   --probe-listeners SPEC probe template sent to EVERY non-loopback TCP
#                          listener master bound (0.0.0.0 is reached via
#                          127.0.0.1, :: via ::1; a "::" listener on a port that
#                          also has 0.0.0.0 is the same service and is skipped).
#                          The label gets "@HOST:PORT" appended.
#   master.cf completion   samples are minimal (they show the lines a rule
#                          looks at), but smtpd needs trivial-rewrite, anvil,
#                          proxymap... to answer RCPT. Every Debian
#                          infrastructure unix service the copy lacks is
#                          appended (never an inet service, never a -o, never a
#                          change to an existing entry); a note lists them.
#                          --no-complete-master turns this off.
#   probes                 one perl process (oracle-probe.pl next to this file)
#                          runs all probes over separate SMTP connections
#                          instead of one swaks per probe: ~10 ms instead of
#                          ~150 ms each. Same JSON fields and verdicts.
#                          A service whose smtpd died earlier in the run (seen
#                          on another of its listeners) is reported at once as
#                          throttled instead of waiting for a banner.
#   netns event            the first line names the private network namespace
#                          and the pid in it ({"event":"netns","id":...,"pid":N}):
#                          a caller can open /proc/N/ns/net to hold the
#                          namespace (ids are reused as soon as a namespace is
#                          freed) and, after the run, find and end whatever is
#                          still running in it (master double-forks out of this
#                          script's process group).
#   cheaper set-up         one postconf call for the install paths, one for all
#                          edits, defer_transports from master.cf's first
#                          column, JSON escaping and the namespace sweep without
#                          a process per line/process: ~1 s less per run on a
#                          busy 2-core machine.
#   --witness HOST:PORT    adds one plain smtpd service on a loopback address
#                          (no -o; the address is NOT put on lo: any 127.x can
#                          be bound, and an address on lo would join
#                          inet_interfaces = loopback-only and the computed
#                          mynetworks): it runs with main.cf's settings, so an
#                          smtpd reads main.cf's match lists even when every
#                          service of the configuration overrides them with -o
#                          (lets a test see how Postfix parses main.cf's value).
#   XCLIENT                smtpd_authorized_xclient_hosts = 127.0.0.0/8 [::1]/128
#                          (probe sources are always loopback addresses).
#
# Usage: oracle-harness.sh [options] CONFIG_DIR
# Options:
#   -p, --probe SPEC     probe, repeatable; SPEC is comma-separated k=v:
#                          src=ADDR server=H:P xclient=ADDR xname=NAME
#                          to=RCPT from=SENDER helo=NAME label=TEXT
#   --probe-listeners SPEC  see above (repeatable)
#   --probe-every-listener SPEC  the same for every listener, loopback ones included
#                        (makes sure each smtpd service starts once, e.g. so that
#                        it logs the match lists it cannot open)
#   --add-addr A[/LEN]   see above (repeatable)
#   --host NAME=ADDR     see above (repeatable)
#   --logs MODE          problems (default) | trouble (problems without the
#                        "reject" lines, one per refused probe) | all | none
#   --timeout SEC        per-reply timeout (default 10)
#   --param NAME         report NAME's effective value in the sandbox (repeatable)
#   --keep               keep the sandbox directory
#   --no-complete-master do not add missing infrastructure services
#   --witness HOST:PORT  see above
# Output events: netns, note, param, start, listen, probe, log, stop (see the
# shared script's header for their fields).
# Exit status: 0 if Postfix started and stopped cleanly, 1 otherwise, 2 on usage.
set -u

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", b-a}'; }
jstr() { # JSON string literal, in bash alone (no tr per string: this runs for every line)
  local s=$1
  s=${s//\\/\\\\}; s=${s//\"/\\\"}; s=${s//$'\t'/\\t}; s=${s//$'\r'/}; s=${s//$'\n'/\\n}
  s=${s//[[:cntrl:]]/}
  printf '"%s"' "$s"
}
emit() { printf '%s\n' "$1" 2>/dev/null; }
note() { emit "{\"event\":\"note\",\"msg\":$(jstr "$1")}"; }
die_usage() { echo "usage: $0 [options] CONFIG_DIR (see header)" >&2; exit 2; }

# Debian's infrastructure services (master.cf.dist without the inet and pipe
# entries), chroot n. Added when the copy has no entry of that name and type.
INFRA='pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
local     unix  -       n       n       -       -       local
virtual   unix  -       n       n       -       -       virtual
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd'

complete_master() { # $1 = master.cf
  local added
  added=$(printf '%s\n' "$INFRA" | awk -v m="$1" '
    BEGIN { while ((getline l < m) > 0) if (l ~ /^[^#[:space:]]/) { split(l, f, /[[:space:]]+/); have[f[1] "/" f[2]] = 1 } }
    !have[$1 "/" $2] { print >> m; printf " %s/%s", $1, $2 }')
  [ -n "$added" ] && note "master.cf completed with infrastructure services:$added"
}

prepare() {
  local SB=$1 E=$1/etc
  cool() { touch -d '-1 min' "$E/main.cf" "$E/master.cf" 2>/dev/null; }
  pe() { postconf -c "$E" "$@" 2>&1 >/dev/null; }
  pq() { postconf -c "$E" -o mynetworks=127.0.0.1/32 "$@" 2>/dev/null; }
  # Debian install paths and version, read while main.cf is still empty (one postconf call).
  : > "$E/main.cf"; cp /usr/share/postfix/master.cf.dist "$E/master.cf"; cool
  local DD CD MD SD
  { read -r DD; read -r CD; read -r MD; read -r SD; read -r VERSION; } < <(
    pq -h daemon_directory command_directory meta_directory shlib_directory mail_version)
  cp "$SB/user/main.cf" "$E/main.cf"
  if [ -f "$SB/user/master.cf" ]; then
    cp "$SB/user/master.cf" "$E/master.cf"
    # A last line without newline would swallow the first appended entry.
    [ -n "$(tail -c 1 "$E/master.cf")" ] && echo >> "$E/master.cf"
    [ "$COMPLETE" = 1 ] && complete_master "$E/master.cf"
  fi
  if [ -n "$WITNESS" ]; then
    printf '%s inet n - n - - smtpd\n' "$WITNESS" >> "$E/master.cf"
    note "witness smtpd on $WITNESS (main.cf settings, no -o)"
  fi
  # No delivery of any kind: every master.cf service name (first field of an entry)
  # goes into defer_transports, so qmgr runs but hands nothing to a delivery agent.
  local DT
  DT=$(awk '/^[^#[:space:]]/ {print $1}' "$E/master.cf" | sort -u | tr '\n' ' ')
  cool
  local err
  err=$(pe -e "queue_directory = $SB/spool" "data_directory = $SB/data" \
        "daemon_directory = $DD" "command_directory = $CD" "meta_directory = $MD" \
        "shlib_directory = $SD" "multi_instance_enable = no" "maillog_file =" \
        "smtpd_authorized_xclient_hosts = 127.0.0.0/8 [::1]/128" "defer_transports = $DT") \
    || { note "sandbox setup failed: $err"; return 1; }
  cool
  [ "$LOGMODE" = file ] && { pe -e "maillog_file = $SB/maillog" "maillog_file_prefixes = $SB"; cool; }
  pe -F '*/*/chroot = n'; cool
  # 127.x addresses named in inet_interfaces must exist on an interface.
  local a
  ADD_ADDRS=$EXTRA_ADDRS
  for a in $(pq -hx inet_interfaces | tr ',' ' '); do
    case $a in
      all|loopback-only|127.0.0.1|'[::1]'|::1|localhost) ;;
      127.*) ADD_ADDRS="$ADD_ADDRS $a" ;;
      *) case " $EXTRA_ADDRS " in *" $a "*|*" $a/"*) ;;
           *) note "inet_interfaces names $a, which is not on lo in the sandbox: Postfix may refuse to start" ;; esac ;;
    esac
  done
  return 0
}

# Kill whatever is left in this private network namespace (all of it is ours):
# master and its children, the log listener, a hung probe. One perl scan of /proc
# instead of a readlink/awk/cat per process of the machine (the shared script's
# loop costs seconds on a busy host).
reap_netns() {
  perl -e '
    my ($me, $shell) = @ARGV; my $ns = readlink("/proc/$shell/ns/net") // exit;
    opendir(my $d, "/proc") or exit;
    for my $p (grep { /^\d+$/ } readdir $d) {
      next if $p == $$ || $p == $shell;
      next unless (readlink("/proc/$p/ns/net") // "") eq $ns;
      open(my $st, "<", "/proc/$p/status") or next; my ($ppid, $name) = (0, "");
      while (<$st>) { $ppid = $1 if /^PPid:\s+(\d+)/; $name = $1 if /^Name:\s+(\S+)/; }
      next if $ppid == $shell && $name eq "bash";   # our own subshells
      kill 9, $p;
    }' x $$
}

inner() {
  local SB=$1; local E=$SB/etc LOG=$SB/syslog.txt
  SBDIR=$SB; LOGFILE=$LOG; LOGMODE=syslog
  trap '' PIPE
  trap reap_netns EXIT
  trap 'exit 130' INT TERM HUP
  # shellcheck disable=SC1091
  . "$SB/args.sh"
  emit "{\"event\":\"netns\",\"id\":$(jstr "$(readlink /proc/$$/ns/net)"),\"pid\":$$}"

  if mount -t tmpfs -o mode=755 oracle-dev /dev 2>/dev/null; then
    mknod -m 666 /dev/null c 1 3; mknod -m 666 /dev/zero c 1 5; mknod -m 666 /dev/full c 1 7
    mknod -m 666 /dev/random c 1 8; mknod -m 666 /dev/urandom c 1 9; mknod -m 666 /dev/tty c 5 0
    ln -s /proc/self/fd /dev/fd; ln -s /proc/self/fd/0 /dev/stdin
    ln -s /proc/self/fd/1 /dev/stdout; ln -s /proc/self/fd/2 /dev/stderr
    : > "$LOG"
    perl -MIO::Socket::UNIX -MSocket -e '
      my ($path, $out) = @ARGV; unlink $path;
      my $s = IO::Socket::UNIX->new(Type => SOCK_DGRAM, Local => $path) or die "listen: $!";
      chmod 0666, $path; open(my $fh, ">>", $out) or die; $fh->autoflush(1);
      $SIG{TERM} = sub { exit 0 };
      while (defined $s->recv(my $buf, 65536)) { $buf =~ s/\n+$//; print $fh "$buf\n"; }
    ' /dev/log "$LOG" &
    LOGGER_PID=$!
    for _ in $(seq 1 50); do [ -S /dev/log ] && break; sleep 0.02; done
    # Private hosts file (this mount namespace only).
    {
      cat /etc/hosts
      local h
      for h in $HOSTS; do printf '%s\t%s\n' "${h#*=}" "${h%%=*}"; done
    } > "$SB/hosts"
    mount --bind "$SB/hosts" /etc/hosts 2>/dev/null || note "could not mount a private /etc/hosts"
  else
    LOGGER_PID=""; LOGMODE=file; LOGFILE=$SB/maillog; : > "$LOGFILE"
    note "no private /dev: logging via maillog_file, early startup errors may be missing"
    [ -n "$HOSTS" ] && note "no private mount namespace: --host entries ignored"
  fi

  ip link set lo up
  local prep=0 a
  prepare "$SB" || prep=1
  for a in $ADD_ADDRS; do
    case $a in
      */*) case $a in *:*) ip -6 addr add "$a" dev lo nodad ;; *) ip addr add "$a" dev lo ;; esac ;;
      *:*) ip -6 addr add "$a/128" dev lo nodad ;;
      *) ip addr add "$a/32" dev lo ;;
    esac 2>/dev/null || note "could not add $a to lo"
  done

  local pn pv
  for pn in $PARAMS; do
    pv=$(postconf -c "$E" -hx "$pn" 2>"$SB/pc.err")
    if [ $? -eq 0 ] && ! grep -q 'unknown parameter' "$SB/pc.err"; then
      emit "{\"event\":\"param\",\"name\":$(jstr "$pn"),\"value\":$(jstr "$pv")}"
    else
      pv=$(head -3 "$SB/pc.err"); pv=${pv//$SB\/etc\//}
      emit "{\"event\":\"param\",\"name\":$(jstr "$pn"),\"value\":null,\"error\":$(jstr "$pv")}"
    fi
  done

  local t0 t1 rc
  t0=$(now)
  if [ $prep = 0 ]; then postfix -c "$E" start >/dev/null 2>&1; rc=$?; else rc=1; fi
  t1=$(now)
  local ok=false; [ $rc -eq 0 ] && ok=true
  local SB_FIELD=""; [ "$KEEP" = 1 ] && SB_FIELD=",\"sandbox\":$(jstr "$SB")"
  emit "{\"event\":\"start\",\"ok\":$ok,\"rc\":$rc,\"seconds\":$(elapsed "$t0" "$t1"),\"version\":$(jstr "$VERSION")$SB_FIELD}"

  local prev="" cur="" i
  [ $rc -eq 0 ] && for i in $(seq 1 20); do
    cur=$(ss -ltnH 2>/dev/null | awk '{print $4}' | sort)
    [ -n "$cur" ] && [ "$cur" = "$prev" ] && break
    prev=$cur; sleep 0.05
  done
  local first25="" first="" hp h p wild4=" " targets=() every=()
  for hp in $cur; do
    p=${hp##*:}; h=${hp%:*}; h=${h#[}; h=${h%]}; h=${h%%%*}
    emit "{\"event\":\"listen\",\"addr\":$(jstr "$h"),\"port\":$p}"
    [ "$h" = 0.0.0.0 ] && wild4="$wild4$p "
  done
  for hp in $cur; do
    p=${hp##*:}; h=${hp%:*}; h=${h#[}; h=${h%]}; h=${h%%%*}
    case $h in *:*) hp="[$h]:$p" ;; *) hp="$h:$p" ;; esac
    case $h in 0.0.0.0) hp="127.0.0.1:$p" ;; ::) hp="[::1]:$p" ;; esac
    [ -z "$first" ] && first=$hp
    [ -z "$first25" ] && [ "$p" = 25 ] && first25=$hp
    [ "$h" = "::" ] && case $wild4 in *" $p "*) continue ;; esac
    every+=("$hp|$h:$p")
    case $h in 127.*|::1|::ffff:127.*) continue ;; esac
    targets+=("$hp|$h:$p")
  done
  local auto=${first25:-$first}

  # Probe list for the driver: one spec per line, server resolved.
  : > "$SB/probes.txt"
  local spec t
  for spec in "${PROBES[@]}"; do
    case ",$spec," in *,server=*) printf '%s\n' "$spec" ;; *) printf '%s,server=%s\n' "$spec" "$auto" ;; esac
  done >> "$SB/probes.txt"
  lprobe() { # spec target: the spec without its label, the server, label@listener
    local kv rest="" label=""
    local IFS=,
    for kv in $1; do case $kv in label=*) label=${kv#label=} ;; *) rest="$rest$kv," ;; esac; done
    printf '%sserver=%s,label=%s@%s\n' "$rest" "${2%%|*}" "$label" "${2#*|}"
  }
  for spec in "${EPROBES[@]}"; do
    for t in "${every[@]}"; do lprobe "$spec" "$t"; done
  done >> "$SB/probes.txt"
  for spec in "${LPROBES[@]}"; do
    for t in "${targets[@]}"; do lprobe "$spec" "$t"; done
  done >> "$SB/probes.txt"
  if [ $rc -eq 0 ] && [ -s "$SB/probes.txt" ]; then
    perl "$HERE/oracle-probe.pl" "$SB/probes.txt" "$LOGFILE" "$TIMEOUT"
  fi

  local s0 s1 mpid sok=false
  s0=$(now)
  mpid=$(head -1 "$SB/spool/pid/master.pid" 2>/dev/null | tr -dc '0-9')
  if [ $rc -eq 0 ]; then
    if [ -n "$mpid" ]; then kill -TERM "$mpid" 2>/dev/null; else postfix -c "$E" stop >/dev/null 2>&1; fi
    for i in $(seq 1 100); do
      case $(awk '/^State:/{print $2}' "/proc/$mpid/status" 2>/dev/null) in ''|Z) sok=true; break ;; esac
      sleep 0.05
    done
    if [ $sok = false ]; then
      postfix -c "$E" stop >/dev/null 2>&1; postfix -c "$E" abort >/dev/null 2>&1; sleep 0.3
      [ -n "$mpid" ] && kill -9 "$mpid" 2>/dev/null
    fi
  fi
  if [ $rc -ne 0 ]; then
    sok=true
    [ -n "$mpid" ] && [ -d "/proc/$mpid" ] && kill -9 "$mpid" 2>/dev/null
  fi
  s1=$(now)
  sleep 0.2
  [ -n "$LOGGER_PID" ] && kill "$LOGGER_PID" 2>/dev/null && wait "$LOGGER_PID" 2>/dev/null
  reap_netns
  emit_logs "$LOGFILE"
  emit "{\"event\":\"stop\",\"ok\":$sok,\"seconds\":$(elapsed "$s0" "$s1"),\"total_seconds\":$(elapsed "$T_BEGIN" "$(now)")}"
  [ $rc -eq 0 ] && [ $sok = true ]
}

emit_logs() {
  [ "$LOGS" = none ] && return
  local line prog msg sev re='^[A-Z][a-z]{2} +[0-9]+ [0-9:]{8} (([^] :[]+) )?([^] :[]+)(\[[0-9]+\])?: (.*)$'
  declare -A seen=()
  while IFS= read -r line; do
    line=${line#<*>}
    line=${line//$SBDIR\/etc\//}; line=${line//$SBDIR/<sandbox>}
    if [[ $line =~ $re ]]; then
      prog=${BASH_REMATCH[3]}; msg=${BASH_REMATCH[5]}
    else prog=""; msg=$line; fi
    case $msg in
      fatal:*) sev=fatal ;; panic:*) sev=panic ;; error:*) sev=error ;; warning:*) sev=warning ;;
      *reject:*|*"Server configuration"*) sev=reject ;; *) sev=info ;;
    esac
    [ "$LOGS" = problems ] && [ $sev = info ] && continue
    [ "$LOGS" = trouble ] && case $sev in info|reject) continue ;; esac
    [ $sev != info ] && { [ -n "${seen[$msg]:-}" ] && continue; seen[$msg]=1; }
    emit "{\"event\":\"log\",\"severity\":\"$sev\",\"prog\":$(jstr "$prog"),\"msg\":$(jstr "$msg")}"
  done < "$1"
}

HERE=$(cd "$(dirname "$0")" && pwd)
if [ "${1:-}" = __inner ]; then inner "$2"; exit $?; fi

# ---------------------------------------------------------------- outer part
PROBES=(); LPROBES=(); EPROBES=(); EXTRA_ADDRS=""; HOSTS=""; LOGS=problems; TIMEOUT=10; KEEP=0; COMPLETE=1; WITNESS=""; PARAMS=""; CONF=""
while [ $# -gt 0 ]; do
  case $1 in
    -p|--probe) PROBES+=("${2:?}"); shift 2 ;;
    --probe-listeners) LPROBES+=("${2:?}"); shift 2 ;;
    --probe-every-listener) EPROBES+=("${2:?}"); shift 2 ;;
    --add-addr) EXTRA_ADDRS="$EXTRA_ADDRS ${2:?}"; shift 2 ;;
    --host) case ${2:?} in *=*) HOSTS="$HOSTS $2" ;; *) die_usage ;; esac; shift 2 ;;
    --logs) LOGS=${2:?}; shift 2 ;;
    --timeout) TIMEOUT=${2:?}; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --no-complete-master) COMPLETE=0; shift ;;
    --witness) WITNESS=${2:?}; shift 2 ;;
    --param) PARAMS="$PARAMS ${2:?}"; shift 2 ;;
    -h|--help) sed -n '2,/^set -u/p' "$0" | sed '$d'; exit 0 ;;
    -*) die_usage ;;
    *) CONF=$1; shift ;;
  esac
done
[ -n "$CONF" ] && [ -f "$CONF/main.cf" ] || die_usage
[ "$(id -u)" = 0 ] || { echo "$0: must run as root" >&2; exit 2; }
for c in postfix postconf unshare ip ss perl; do
  command -v $c >/dev/null || { echo "$0: missing $c" >&2; exit 2; }
done

T_BEGIN=$(now)
SB=$(mktemp -d "${TMPDIR:-/tmp}/configlint-oracle.XXXXXX") || exit 1
chmod 755 "$SB"
cleanup() { [ $KEEP = 1 ] || rm -rf "$SB"; }
trap cleanup EXIT
trap 'exit 130' INT TERM HUP
mkdir -p "$SB/etc" "$SB/spool" "$SB/user"
cp "$CONF/main.cf" "$SB/user/main.cf"
[ -f "$CONF/master.cf" ] && cp "$CONF/master.cf" "$SB/user/master.cf"
{
  declare -p PROBES LPROBES EPROBES
  printf 'EXTRA_ADDRS=%q\nHOSTS=%q\nLOGS=%q\nTIMEOUT=%q\nKEEP=%q\nCOMPLETE=%q\nWITNESS=%q\nPARAMS=%q\nT_BEGIN=%q\nHERE=%q\n' \
    "$EXTRA_ADDRS" "$HOSTS" "$LOGS" "$TIMEOUT" "$KEEP" "$COMPLETE" "$WITNESS" "$PARAMS" "$T_BEGIN" "$HERE"
} > "$SB/args.sh"

unshare -m -n --propagation private -- bash "$0" __inner "$SB"
exit $?
