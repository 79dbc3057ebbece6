#!/usr/bin/env bash
# Regenerates the Postfix 3.7 parameter catalogue (src/ConfigLint.Core/Catalogue/*.tsv)
# from the postconf facts in tests/data/postfix/ (see docs/POSTFIX-SEMANTICS.md §3-4).
#
# Usage (from anywhere):  bash tools/generate-catalogue.sh [--out-dir DIR] [--shared DIR]
#   --out-dir DIR   write the .tsv files to DIR instead of src/ConfigLint.Core/Catalogue
#                   (the drift test uses this to compare against the checked-in files)
#   --shared DIR    the shared data folder (default: <repo>/tests/data)
#
# Output is deterministic (LC_ALL=C, sorted, no timestamps), so a re-run on unchanged
# input gives byte-identical files. Needs only bash and a POSIX awk (mawk is fine).
#
# Files written:
#   postfix-3.7-parameters.tsv       name, value_type, default, host_dependent
#                                    one row per built-in parameter of `postconf -d` without
#                                    master.cf (831 in 3.7.11); default = the raw text after
#                                    "name = ", unexpanded, empty stays empty.
#   service-parameter-suffixes.tsv   command, suffix, value_type, default
#                                    the service-defined parameters `<service><suffix>` that
#                                    postconf adds for a master.cf service running `command`.
#   legacy-parameters.tsv            name, referenced_by
#                                    names that are not built-in but that postconf still knows
#                                    because a built-in default refers to them (virtual_maps...).
#
# The value types are heuristic (postconf has no type information): explicit lists below
# where postconf(5) says what a parameter takes, then name suffixes, then the default
# itself (following `$other` references). Every explicit name is checked against the dump
# so a typo or a parameter that disappears fails the run instead of silently doing nothing.
set -euo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED="$ROOT/tests/data"
OUT="$ROOT/src/ConfigLint.Core/Catalogue"
while [ $# -gt 0 ]; do
  case "$1" in
    --out-dir) OUT=$2; shift 2 ;;
    --shared) SHARED=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "generate-catalogue.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done

PF="$SHARED/postfix"
BUILTIN="$PF/postconf-d-3.7-builtin-only.txt"
WITH_MASTER="$PF/postconf-d-3.7.txt"
MASTER_CF="$PF/debian-shipped/master.cf"
for f in "$BUILTIN" "$WITH_MASTER" "$MASTER_CF" "$PF/version.txt"; do
  [ -r "$f" ] || { echo "generate-catalogue.sh: missing input $f" >&2; exit 1; }
done
VERSION=$(sed -n 's/^mail_version = //p' "$PF/version.txt")
mkdir -p "$OUT"

# ---------------------------------------------------------------------------------------
# Explicit knowledge (space-separated name lists).
# ---------------------------------------------------------------------------------------

# The SMTP server access restriction lists (postconf(5) smtpd_*_restrictions). Only these:
# smtpd_relay_before_recipient_restrictions is a boolean despite its name, and
# postscreen/local_header_rewrite_clients take their own command sets.
RESTRICTION_LISTS="smtpd_client_restrictions smtpd_helo_restrictions smtpd_sender_restrictions
  smtpd_relay_restrictions smtpd_recipient_restrictions smtpd_data_restrictions
  smtpd_end_of_data_restrictions smtpd_etrn_restrictions"

# Parameters whose postconf(5) text says "Specify a list of network/netmask patterns ...
# hostnames or .domain names, /file/name or type:table patterns, !pattern" (address match
# lists, matched first-match-wins; POSTFIX-SEMANTICS.md §7). postscreen_access_list is a
# list of commands (permit_mynetworks) or cidr tables, kept here because its elements are
# matched against the client address the same way. (smtpd_client_connection_limit_exceptions
# and authorized_verp_clients are legacy names, see legacy-parameters.tsv.)
ADDRESS_MATCH_LISTS="mynetworks debug_peer_list smtpd_client_event_limit_exceptions
  smtpd_sasl_exceptions_networks permit_mx_backup_networks smtpd_authorized_xclient_hosts
  smtpd_authorized_xforward_hosts smtpd_authorized_verp_clients qmqpd_authorized_clients
  smtpd_forbid_bare_newline_exclusions postscreen_access_list postscreen_allowlist_interfaces"

# Domain match lists: domain names, /file/name, type:table (postconf(5) mydestination,
# relay_domains, fast_flush_domains, virtual_alias_domains, virtual_mailbox_domains).
DOMAIN_LISTS="mydestination relay_domains fast_flush_domains virtual_alias_domains
  virtual_mailbox_domains"

# Lookup tables whose name does not end in _maps/_map/_checks.
LOOKUP_TABLES="alias_database relay_clientcerts smtp_tls_per_site lmtp_tls_per_site
  smtp_tls_session_cache_database lmtp_tls_session_cache_database
  smtpd_tls_session_cache_database smtp_sasl_auth_cache_name lmtp_sasl_auth_cache_name"

# Lists the suffix/value heuristics would get wrong (an empty or single-word default).
# local_header_rewrite_clients takes permit_* words and check_address_map type:table.
LISTS="master_service_disable milter_macro_defaults parent_domain_matches_subdomains
  local_header_rewrite_clients"

# Single values that look like something else: free text with spaces, "dev:"/"ns:" that
# are not lookup tables, a version, a date, ports that may be service names.
STRINGS="smtpd_banner default_rbl_reply smtpd_policy_service_default_action milter_macro_v
  tls_random_source dnssec_probe compatibility_level mail_version mail_release_date
  smtp_tcp_port lmtp_tcp_port"

# process_id is blanked in the dump ("(pid of postconf)"); its value is a number.
INTEGERS="process_id"

# Sizes in bytes whose names do not end in _size/_size_limit.
SIZES="virtual_mailbox_limit queue_minfree tcp_windowsize"

# Defaults that postconf computes from the machine or the invocation rather than from
# compiled-in text; the dump was made on hostname host.example.test with only loopback
# (shared/postfix/regenerate.sh). Verified by running `postconf -d` on another machine:
# only myhostname, mydomain, mynetworks and process_id differed. config_directory (the
# -c / MAIL_CONFIG directory at run time) and process_name (the running program) are
# invocation-dependent. Any default mentioning example.test must be listed here (checked).
HOST_DEPENDENT="myhostname mydomain mynetworks process_id process_name config_directory"

# Built-in parameters whose defaults postconf does not scan for $name references because
# they are expanded at run time with macros of their own ($rbl_code, $home, $extension...).
# Verified with postconf 3.7.11: `rbl_code = 1` or `home = x` in main.cf gives
# "unused parameter", while `virtual_maps = ...` does not.
RAW_DEFAULTS="default_rbl_reply forward_path"

# Service-defined parameters (POSTFIX-SEMANTICS.md §3): for a master.cf service whose
# command (field 8) is exactly one of these, postconf knows `<service><suffix>`.
DELIVERY_SUFFIXES="_delivery_slot_cost _delivery_slot_discount _delivery_slot_loan
  _destination_concurrency_failed_cohort_limit _destination_concurrency_limit
  _destination_concurrency_negative_feedback _destination_concurrency_positive_feedback
  _destination_rate_delay _destination_recipient_limit _extra_recipient_limit
  _initial_destination_concurrency _minimum_delivery_slots _recipient_limit
  _recipient_refill_delay _recipient_refill_limit _transport_rate_delay"
DELIVERY_COMMANDS="local error virtual smtp lmtp pipe"
# pipe adds _time_limit; spawn has only _time_limit. spawn does not occur in Debian's
# master.cf, so its default is not in the dump: `postconf -d` with a spawn service
# "policy" printed `policy_time_limit = $command_time_limit` (3.7.11), the same as pipe's
# _time_limit in the dump; the run fails if pipe's ever differs from this value.
SPAWN_TIME_LIMIT_DEFAULT='$command_time_limit'

# ---------------------------------------------------------------------------------------
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

awk -v restriction_lists="$RESTRICTION_LISTS" -v address_match_lists="$ADDRESS_MATCH_LISTS" \
    -v domain_lists="$DOMAIN_LISTS" -v lookup_tables="$LOOKUP_TABLES" -v lists="$LISTS" \
    -v strings="$STRINGS" -v integers="$INTEGERS" -v sizes="$SIZES" \
    -v host_dependent="$HOST_DEPENDENT" -v raw_defaults="$RAW_DEFAULTS" \
    -v delivery_suffixes="$DELIVERY_SUFFIXES" -v delivery_commands="$DELIVERY_COMMANDS" \
    -v spawn_time_limit_default="$SPAWN_TIME_LIMIT_DEFAULT" \
    -v builtin_file="$BUILTIN" -v with_master_file="$WITH_MASTER" -v master_file="$MASTER_CF" \
    -v out_params="$TMP/params" -v out_suffixes="$TMP/suffixes" -v out_legacy="$TMP/legacy" '
function die(msg) { print "generate-catalogue.sh: " msg > "/dev/stderr"; failed = 1; exit 1 }

# Splits a "name = value" / "name =" line of postconf -d output; sets NAME and VALUE.
function split_line(line, file) {
  if (line !~ /^[A-Za-z0-9_-]+ =( |$)/) die(file ": not a postconf line: " line)
  NAME = substr(line, 1, index(line, " ") - 1)
  VALUE = (length(line) == length(NAME) + 2) ? "" : substr(line, length(NAME) + 4)
  if (index(VALUE, "\t") > 0) die(file ": TAB in the value of " NAME)
}

function set_of(words, arr, what,   n, i, w) {
  n = split(words, w, /[ \t\n]+/)
  for (i = 1; i <= n; i++) if (w[i] != "") { arr[w[i]] = what }
}

function last_index(s, t,   p, q) {
  p = 0
  while ((q = index(substr(s, p + 1), t)) > 0) p += q
  return p
}

# Splits s into its top-level {...} groups: G[1..n], returns n.
function brace_groups(s,   i, c, depth, n, start) {
  n = 0; depth = 0
  for (i = 1; i <= length(s); i++) {
    c = substr(s, i, 1)
    if (c == "{") { if (depth == 0) start = i + 1; depth++ }
    else if (c == "}") { depth--; if (depth == 0) { n++; G[n] = substr(s, start, i - start) } }
  }
  return n
}

# Evaluates the body of one ${...} that contains no further ${ (innermost first), the way
# it would come out with every legacy/optional name unset (POSTFIX-SEMANTICS.md §2). For a
# choice the second branch wins unless it is empty: that is the "not set"/"not stressed"
# branch, and for level expressions either branch has the same type.
function eval_body(body,   n, name, op, rest) {
  if (substr(body, 1, 1) == "{") {
    n = brace_groups(body)
    if (n >= 4) return (G[4] != "") ? G[4] : G[3]
    if (n == 3) return G[3]
    return ""
  }
  sub(/^[ \t]+/, "", body)
  if (!match(body, /^[A-Za-z0-9_]+/)) return ""
  name = substr(body, 1, RLENGTH)
  rest = substr(body, RLENGTH + 1)
  sub(/^[ \t]+/, "", rest)
  if (rest == "") return "$" name
  op = substr(rest, 1, 1); rest = substr(rest, 2)
  if (op == "?") {
    n = brace_groups(rest)
    if (n == 2 && rest ~ /^[ \t]*\{.*\}[ \t]*:[ \t]*\{.*\}[ \t]*$/) return (G[2] != "") ? G[2] : G[1]
    return ""
  }
  if (op == ":") {
    if (rest ~ /^\{.*\}$/) return substr(rest, 2, length(rest) - 2)
    return rest
  }
  return ""
}

# The default with all ${...} constructs resolved: a sample value to type by.
function sample_of(v,   p, i, c, depth, guard) {
  guard = 0
  while ((p = last_index(v, "${")) > 0) {
    if (++guard > 100) die("cannot resolve " v)
    depth = 0
    for (i = p + 1; i <= length(v); i++) {
      c = substr(v, i, 1)
      if (c == "{") depth++
      else if (c == "}") { depth--; if (depth == 0) break }
    }
    if (i > length(v)) return v
    v = substr(v, 1, p - 1) eval_body(substr(v, p + 2, i - p - 2)) substr(v, i + 1)
  }
  return v
}

function ends_with(s, suffix) {
  return length(s) >= length(suffix) && substr(s, length(s) - length(suffix) + 1) == suffix
}

function type_of(name,   s, r, t) {
  if (name in TYPE) return TYPE[name]
  if (name in VISITING) return ""
  VISITING[name] = 1
  t = classify(name)
  delete VISITING[name]
  TYPE[name] = t
  return t
}

function classify(name,   s, r, t) {
  if (name in EXPLICIT) return EXPLICIT[name]
  if (name ~ /(_size_limit|_size)$/) return "size"
  # postconf(5): *_maps, *_map, *_checks and these filters take "type:table" lookup tables.
  if (name ~ /(_maps|_map|_checks|_command_filter|_reply_filter|_delivery_status_filter)$/) return "lookup_table"
  if (name ~ /_expansion_filter$/) return "string"   # a character set, commas included
  s = SAMPLE[name]
  if (s ~ /^(yes|no)$/) return "boolean"             # before the plural names: *_headers = no
  if (s ~ /^[0-9]+[smhdw]$/) return "time"
  if (s ~ /^-?[0-9]+$/) return "integer"
  # Plural names whose values are comma/space separated lists even when the default is empty
  # (authorized_*_users default to static:anyone but take user names and /file/name too).
  if (name ~ /(_milters|_commands|_keywords|_options|_classes|_transports|_directories|_sites|_workarounds|_macros|_exclude_ciphers|_protocols|_interfaces|_cert_match|_fallback_relay|_chain_files|_digests|_curves|_environment|_prefixes|_extensions|_users|_exceptions|_actions|_headers|_destinations|_domains|_mechanism_filter)$/) return "list"
  # A default that is just another parameter has that parameter type (postscreen_* = $smtpd_*).
  if (s ~ /^\$[A-Za-z0-9_]+$/) {
    r = substr(s, 2)
    if (r in DEFAULT) { t = type_of(r); if (t != "") return t }
  }
  if (match(s, /^[a-z0-9_]+:/) && (substr(s, 1, RLENGTH - 1) in MAP_TYPES)) return "lookup_table"
  if (s ~ /[, \t]/) return "list"
  return "string"
}

# Adds the $name / ${name...} / $(name) references of value v to REFS (name -> 1).
function scan_refs(v,   i, c, rest) {
  for (i = 1; i <= length(v); i++) {
    if (substr(v, i, 1) != "$") continue
    c = substr(v, i + 1, 1)
    if (c == "$") { i++; continue }
    rest = substr(v, i + 1)
    if (c == "{" || c == "(") rest = substr(rest, 2)
    sub(/^[ \t]+/, "", rest)
    if (match(rest, /^[A-Za-z0-9_]+/)) REFS[substr(rest, 1, RLENGTH)] = 1
  }
}

BEGIN {
  # Map types of postconf -m on Debian plus common add-on packages: a default that starts
  # with one of these followed by ":" is a lookup table (tls_random_source = dev:... is not).
  split("btree cdb cidr dbm environ fail hash inline internal ldap lmdb memcache mysql nis nisplus pcre pgsql pipemap proxy randmap regexp sdbm socketmap sqlite static tcp texthash unionmap unix", mt, " ")
  for (i in mt) MAP_TYPES[mt[i]] = 1

  set_of(restriction_lists, EXPLICIT, "restriction_list")
  set_of(address_match_lists, EXPLICIT, "address_match_list")
  set_of(domain_lists, EXPLICIT, "domain_list")
  set_of(lookup_tables, EXPLICIT, "lookup_table")
  set_of(lists, EXPLICIT, "list")
  set_of(strings, EXPLICIT, "string")
  set_of(integers, EXPLICIT, "integer")
  set_of(sizes, EXPLICIT, "size")
  set_of(host_dependent, HOST, "yes")
  set_of(raw_defaults, RAW, 1)

  # --- built-in parameters -------------------------------------------------------------
  n = 0
  while ((rc = (getline line < builtin_file)) > 0) {
    split_line(line, builtin_file)
    if (NAME in DEFAULT) die("duplicate parameter " NAME)
    n++; ORDER[n] = NAME; DEFAULT[NAME] = VALUE
  }
  if (rc < 0) die("cannot read " builtin_file)
  if (n < 800) die("only " n " parameters in " builtin_file)
  for (k in EXPLICIT) if (!(k in DEFAULT)) die("explicitly typed parameter not in the dump: " k)
  for (k in HOST) if (!(k in DEFAULT)) die("host-dependent parameter not in the dump: " k)
  for (k in RAW) if (!(k in DEFAULT)) die("raw parameter not in the dump: " k)

  for (i = 1; i <= n; i++) {
    name = ORDER[i]
    SAMPLE[name] = sample_of(DEFAULT[name])
    if (DEFAULT[name] ~ /example\.test/ && !(name in HOST))
      die(name " has a default computed from the host (" DEFAULT[name] ") but is not in HOST_DEPENDENT")
  }
  for (i = 1; i <= n; i++) {
    name = ORDER[i]
    printf "%s\t%s\t%s\t%s\n", name, type_of(name), DEFAULT[name], ((name in HOST) ? "yes" : "no") > out_params
  }
  close(out_params)

  # --- legacy names referenced by built-in defaults ------------------------------------
  for (i = 1; i <= n; i++) {
    name = ORDER[i]
    if (name in RAW) continue
    delete REFS
    scan_refs(DEFAULT[name])
    for (r in REFS) if (!(r in DEFAULT)) { prev = (r in LEGACY) ? LEGACY[r] "," : ""; LEGACY[r] = prev name }
  }
  for (r in LEGACY) printf "%s\t%s\n", r, LEGACY[r] > out_legacy
  close(out_legacy)

  # --- service-defined parameter suffixes ----------------------------------------------
  ns = split(delivery_suffixes, sfx, /[ \t\n]+/)
  nc = split(delivery_commands, cmd, /[ \t\n]+/)
  for (i = 1; i <= nc; i++) if (cmd[i] != "") for (j = 1; j <= ns; j++) if (sfx[j] != "") EXPECTED[cmd[i], sfx[j]] = 1
  EXPECTED["pipe", "_time_limit"] = 1
  EXPECTED["spawn", "_time_limit"] = 1

  # Debian master.cf services (field 1) and their commands (field 8).
  while ((rc = (getline line < master_file)) > 0) {
    if (line ~ /^[ \t]*#/ || line ~ /^[ \t]/ || line ~ /^[ \t]*$/) continue
    split(line, f, /[ \t]+/)
    SERVICES[f[1] SUBSEP f[8]] = 1
  }
  if (rc < 0) die("cannot read " master_file)

  # postconf -d with that master.cf: every extra name must be <service><suffix> of a
  # service whose command has that suffix, and every such name must be there.
  while ((rc = (getline line < with_master_file)) > 0) {
    split_line(line, with_master_file)
    WM[NAME] = VALUE
  }
  if (rc < 0) die("cannot read " with_master_file)
  for (sc in SERVICES) {
    split(sc, p, SUBSEP)
    for (key in EXPECTED) {
      split(key, q, SUBSEP)
      if (q[1] != p[2]) continue
      pname = p[1] q[2]
      if (!(pname in WM)) die("postconf -d with master.cf lacks " pname " (service " p[1] " runs " p[2] ")")
      EXPLAINED[pname] = 1
      if (pname in DEFAULT) continue   # a built-in of the same name keeps its own default
      # The default depends on the suffix only (a service "mylocal" running local gets
      # mylocal_destination_concurrency_limit = $default_destination_concurrency_limit).
      if ((q[2] in SUFFIX_DEFAULT) && SUFFIX_DEFAULT[q[2]] != WM[pname]) die("service parameters disagree: " pname " = " WM[pname])
      SUFFIX_DEFAULT[q[2]] = WM[pname]
    }
  }
  for (pname in WM) if (!(pname in DEFAULT) && !(pname in EXPLAINED)) die("unexplained service-defined parameter " pname)
  if (SUFFIX_DEFAULT["_time_limit"] != spawn_time_limit_default) die("pipe _time_limit default changed: " SUFFIX_DEFAULT["_time_limit"])
  for (key in EXPECTED) {
    split(key, q, SUBSEP)
    if (!(q[2] in SUFFIX_DEFAULT)) die("no default seen for " q[1] " " q[2])
    d = SUFFIX_DEFAULT[q[2]]
    if (d !~ /^\$[A-Za-z0-9_]+$/ || !(substr(d, 2) in DEFAULT)) die("unexpected service default " d)
    printf "%s\t%s\t%s\t%s\n", q[1], q[2], type_of(substr(d, 2)), d > out_suffixes
  }
  close(out_suffixes)
}
END { if (failed) exit 1 }
' </dev/null

{
  echo "# Postfix $VERSION built-in parameters: the 'postconf -d' output without master.cf."
  echo "# GENERATED by 'bash tools/generate-catalogue.sh' from tests/data/postfix/postconf-d-3.7-builtin-only.txt; do not edit."
  echo "# default: the raw text after 'name = ' (unexpanded). value_type: heuristic, see the script."
  echo "# host_dependent: yes when postconf computed the default from the machine or invocation."
  printf 'name\tvalue_type\tdefault\thost_dependent\n'
  sort "$TMP/params"
} > "$TMP/postfix-3.7-parameters.tsv"

{
  echo "# Postfix $VERSION service-defined parameters: for a master.cf service S whose command (field 8)"
  echo "# is 'command', postconf knows the parameter S<suffix> with this default (POSTFIX-SEMANTICS.md §3)."
  echo "# GENERATED by 'bash tools/generate-catalogue.sh' from tests/data/postfix/postconf-d-3.7.txt; do not edit."
  printf 'command\tsuffix\tvalue_type\tdefault\n'
  sort "$TMP/suffixes"
} > "$TMP/service-parameter-suffixes.tsv"

{
  echo "# Postfix $VERSION names that are not built-in parameters but that postconf still knows (no"
  echo "# 'unused parameter' warning, 'postconf -d NAME' prints 'NAME ='), because a built-in default"
  echo "# refers to them, e.g. virtual_alias_maps = \$virtual_maps (POSTFIX-SEMANTICS.md §3 rule 1)."
  echo "# GENERATED by 'bash tools/generate-catalogue.sh' from tests/data/postfix/postconf-d-3.7-builtin-only.txt; do not edit."
  printf 'name\treferenced_by\n'
  sort "$TMP/legacy"
} > "$TMP/legacy-parameters.tsv"

for f in postfix-3.7-parameters.tsv service-parameter-suffixes.tsv legacy-parameters.tsv; do
  mv "$TMP/$f" "$OUT/$f"
done
echo "generate-catalogue.sh: wrote $(($(wc -l < "$OUT/postfix-3.7-parameters.tsv") - 5)) parameters to $OUT" >&2
