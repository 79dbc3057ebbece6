#!/usr/bin/env bash
# Regenerates the per-release Postfix catalogue (src/ConfigLint.Core/Catalogue/releases/) from
# the postconf facts in tests/data/postfix/versions/ and the limits in
# tests/data/postfix/parameter-limits.tsv (see the README.md files there).
#
# Usage (from anywhere):  bash tools/generate-catalogue.sh [--out-dir DIR] [--data DIR]
#   --out-dir DIR   write the release folders to DIR instead of src/ConfigLint.Core/Catalogue/releases
#                   (the drift test uses this to compare against the checked-in files)
#   --data DIR      the data folder holding versions/ and parameter-limits.tsv
#                   (default: <repo>/tests/data/postfix)
#
# Output is deterministic (LC_ALL=C, sorted, no timestamps), so a re-run on unchanged input
# gives byte-identical files. Needs only bash, coreutils and a POSIX awk (mawk is fine).
#
# For every release folder X.Y of versions/ (3.4 ... 3.11), DIR/X.Y/ gets:
#   release.tsv                      key, value: series, mail_version, source_tag,
#                                    compatibility_levels (the levels of its postconf-x-compat-L.txt
#                                    dumps, lowest first) and compatibility_level_syntax ("integer"
#                                    when Postfix reads compatibility_level as an int, 3.4 and 3.5;
#                                    "version" for major.minor.patch, 3.6 and later).
#   parameters.tsv                   name, value_type, default, host_dependent, parsed_as, minimum,
#                                    maximum, time_unit: one row per built-in parameter of
#                                    `postconf -d` without master.cf; default = the raw text after
#                                    "name = ", unexpanded, empty stays empty; the last four columns
#                                    from parameter-limits.tsv (empty when Postfix reads the
#                                    parameter as a string).
#   service-parameter-suffixes.tsv   command, suffix, value_type, default, parsed_as, minimum,
#                                    maximum, time_unit: the service-defined parameters
#                                    `<service><suffix>` postconf adds for a master.cf service
#                                    running `command`.
#   legacy-parameters.tsv            name, referenced_by: names that are not built-in but that
#                                    postconf still knows because a built-in default refers to them.
#   deprecated.tsv                   name, advice, status: Postfix's deprecation table with its own
#                                    advice; status "removed" when the name is neither built-in nor
#                                    referenced by a built-in default (postconf then says "has been
#                                    removed"), else "deprecated" ("will be removed").
#   main.cf, master.cf               the stock files of the release, byte for byte.
# and DIR/LICENSE-postfix (main.cf, master.cf and the defaults are Postfix's: IPL 1.0 / EPL 2.0).
#
# The value types: integer, size, time and boolean exactly where parameter-limits.tsv says
# Postfix parses the value so (size: an integer whose name says it counts bytes); otherwise
# heuristic (postconf has no type information): explicit lists below where postconf(5) says
# what a parameter takes, then name suffixes, then the default itself (following `$other`
# references). Every explicit name is checked against the dumps, so a typo or a parameter
# that disappears from every release fails the run instead of silently doing nothing.
set -euo pipefail
export LC_ALL=C

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DATA="$ROOT/tests/data/postfix"
OUT="$ROOT/src/ConfigLint.Core/Catalogue/releases"
while [ $# -gt 0 ]; do
  case "$1" in
    --out-dir) OUT=$2; shift 2 ;;
    --data) DATA=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "generate-catalogue.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done

VERSIONS="$DATA/versions"
LIMITS="$DATA/parameter-limits.tsv"
for f in "$LIMITS" "$VERSIONS/LICENSE-postfix"; do
  [ -r "$f" ] || { echo "generate-catalogue.sh: missing input $f" >&2; exit 1; }
done
RELEASES=$(cd "$VERSIONS" && ls -d [0-9]*.[0-9]* | grep -E '^[0-9]+\.[0-9]+$' | sort -t. -k1,1n -k2,2n)
[ -n "$RELEASES" ] || { echo "generate-catalogue.sh: no release folders in $VERSIONS" >&2; exit 1; }

# ---------------------------------------------------------------------------------------
# Explicit knowledge (space-separated name lists). A name may be missing from some releases
# (renamed or new), but each must be a built-in of at least one.
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
# matched against the client address the same way. postscreen_whitelist_interfaces is the
# 3.4/3.5 name of postscreen_allowlist_interfaces. (smtpd_client_connection_limit_exceptions
# and authorized_verp_clients are legacy names, see legacy-parameters.tsv.)
ADDRESS_MATCH_LISTS="mynetworks debug_peer_list smtpd_client_event_limit_exceptions
  smtpd_sasl_exceptions_networks permit_mx_backup_networks smtpd_authorized_xclient_hosts
  smtpd_authorized_xforward_hosts smtpd_authorized_verp_clients qmqpd_authorized_clients
  smtpd_forbid_bare_newline_exclusions postscreen_access_list postscreen_allowlist_interfaces
  postscreen_whitelist_interfaces"

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

# process_id is blanked in the dump ("(pid of postconf)"); its value is a number that
# postconf computes, not one that Postfix parses (so it is not in parameter-limits.tsv).
INTEGERS="process_id"

# Sizes in bytes whose names do not end in _size/_size_limit (Postfix parses them as int/long).
SIZES="virtual_mailbox_limit queue_minfree tcp_windowsize"

# Defaults that postconf computes from the machine or the invocation rather than from
# compiled-in text; the dumps were made on hostname host.example.test with only loopback
# (tests/data/postfix/versions/README.md). Verified by running `postconf -d` on another
# machine: only myhostname, mydomain, mynetworks and process_id differed. config_directory
# (the -c / MAIL_CONFIG directory at run time) and process_name (the running program) are
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
# pipe adds _time_limit; spawn has only _time_limit. Neither runs in the stock master.cf of
# any release, so postconf never printed their defaults here: pipe.c and spawn.c read
# get_mail_conf_time2(service, "_time_limit", var_command_maxtime, ...), i.e. the default is
# $command_time_limit, and `postconf -d` with a spawn service "policy" printed
# `policy_time_limit = $command_time_limit` (3.7.11); Debian's master.cf (pipe services)
# shows the same for pipe (tests/ConfigLint.Core.Tests/Catalogue/ParameterCatalogueTests.cs).
TIME_LIMIT_DEFAULT='$command_time_limit'
# The other suffixes of pipe have the same defaults as those of smtp, local, ...: postconf
# derives them from the suffix alone (postconf_service.c).

# ---------------------------------------------------------------------------------------
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
: > "$TMP/explicit-missing"

generate_release() {
  local rel=$1 dir="$VERSIONS/$1" out="$TMP/out/$1"
  mkdir -p "$out"
  local f
  for f in version.txt names.txt postconf-d-builtin-only.txt postconf-d.txt master.cf main.cf deprecated.tsv; do
    [ -r "$dir/$f" ] || { echo "generate-catalogue.sh: missing input $dir/$f" >&2; exit 1; }
  done
  local levels
  levels=$(cd "$dir" && ls postconf-x-compat-*.txt | sed 's/^postconf-x-compat-//; s/\.txt$//' \
    | awk -F. '{ printf "%d %d %d %s\n", $1, ($2 == "" ? 0 : $2), ($3 == "" ? 0 : $3), $0 }' \
    | sort -k1,1n -k2,2n -k3,3n | awk '{ print $4 }' | paste -sd' ' -)
  [ -n "$levels" ] || { echo "generate-catalogue.sh: no postconf-x-compat-*.txt in $dir" >&2; exit 1; }

  awk -v release="$rel" -v levels="$levels" \
      -v restriction_lists="$RESTRICTION_LISTS" -v address_match_lists="$ADDRESS_MATCH_LISTS" \
      -v domain_lists="$DOMAIN_LISTS" -v lookup_tables="$LOOKUP_TABLES" -v lists="$LISTS" \
      -v strings="$STRINGS" -v integers="$INTEGERS" -v sizes="$SIZES" \
      -v host_dependent="$HOST_DEPENDENT" -v raw_defaults="$RAW_DEFAULTS" \
      -v delivery_suffixes="$DELIVERY_SUFFIXES" -v delivery_commands="$DELIVERY_COMMANDS" \
      -v time_limit_default="$TIME_LIMIT_DEFAULT" \
      -v builtin_file="$dir/postconf-d-builtin-only.txt" -v with_master_file="$dir/postconf-d.txt" \
      -v master_file="$dir/master.cf" -v names_file="$dir/names.txt" -v version_file="$dir/version.txt" \
      -v deprecated_file="$dir/deprecated.tsv" -v limits_file="$LIMITS" \
      -v out_params="$TMP/params" -v out_suffixes="$TMP/suffixes" -v out_legacy="$TMP/legacy" \
      -v out_deprecated="$TMP/deprecated" -v out_release="$TMP/release" \
      -v out_missing="$TMP/explicit-missing" '
function die(msg) { print "generate-catalogue.sh: " release ": " msg > "/dev/stderr"; failed = 1; exit 1 }

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

# "3.10" -> 3010, for comparing release series.
function series_key(s,   p) { split(s, p, "."); return p[1] * 1000 + p[2] }

# Whether a "3.4-3.11" / "3.11" range of parameter-limits.tsv includes this release.
function in_range(range,   p, n, lo, hi, k) {
  n = split(range, p, "-")
  if (n < 1 || n > 2 || p[1] !~ /^[0-9]+\.[0-9]+$/ || (n == 2 && p[2] !~ /^[0-9]+\.[0-9]+$/)) die(limits_file ": bad releases " range)
  lo = series_key(p[1]); hi = series_key(n == 2 ? p[2] : p[1]); k = series_key(release)
  return lo <= k && k <= hi
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

function type_of(name,   t) {
  if (name in TYPE) return TYPE[name]
  if (name in VISITING) return ""
  VISITING[name] = 1
  t = classify(name)
  delete VISITING[name]
  TYPE[name] = t
  return t
}

# What Postfix parses (parameter-limits.tsv) decides integer, size, time and boolean; the
# heuristics decide among the string-valued kinds, and a string that merely looks like a
# number (smtp_tls_loglevel = 0, milter_protocol = 6) stays a string.
function classify(name,   t) {
  if (name in LIM_PARSED) {
    t = LIM_PARSED[name]
    if (t == "time") return "time"
    if (t == "bool") return "boolean"
    return (name ~ /(_size_limit|_size)$/ || name in SIZE_NAMES) ? "size" : "integer"
  }
  if (name in EXPLICIT) return EXPLICIT[name]
  t = heuristic(name)
  return (t ~ /^(integer|size|time|boolean)$/) ? "string" : t
}

function heuristic(name,   s, r, t) {
  # postconf(5): *_maps, *_map, *_checks and these filters take "type:table" lookup tables.
  if (name ~ /(_maps|_map|_checks|_command_filter|_reply_filter|_delivery_status_filter)$/) return "lookup_table"
  if (name ~ /_expansion_filter$/) return "string"   # a character set, commas included
  s = SAMPLE[name]
  if (s ~ /^(yes|no)$/) return "boolean"             # before the plural names: *_headers = no
  if (s ~ /^[0-9]+[smhdw]$/) return "time"
  if (s ~ /^-?[0-9]+$/) return "integer"
  # Plural names whose values are comma/space separated lists even when the default is empty
  # (authorized_*_users default to static:anyone but take user names and /file/name too).
  if (name ~ /(_milters|_commands|_keywords|_options|_classes|_transports|_directories|_sites|_workarounds|_macros|_exclude_ciphers|_protocols|_interfaces|_cert_match|_fallback_relay|_chain_files|_digests|_curves|_groups|_environment|_prefixes|_extensions|_users|_exceptions|_actions|_headers|_destinations|_domains|_mechanism_filter)$/) return "list"
  # A default that is just another parameter has that parameter type (postscreen_* = $smtpd_*).
  if (s ~ /^\$[A-Za-z0-9_]+$/) {
    r = substr(s, 2)
    if (r in DEFAULT) { t = type_of(r); if (t != "") return t }
  }
  if (match(s, /^[a-z0-9_]+:/) && (substr(s, 1, RLENGTH - 1) in MAP_TYPES)) return "lookup_table"
  if (s ~ /[, \t]/) return "list"
  return "string"
}

# The limit columns of a name (or a "*_suffix" family): parsed_as, minimum, maximum, time_unit.
function limit_columns(key) {
  if (!(key in LIM_PARSED)) return "\t\t\t"
  return LIM_PARSED[key] "\t" LIM_MIN[key] "\t" LIM_MAX[key] "\t" LIM_UNIT[key]
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
  set_of(sizes, SIZE_NAMES, 1)
  set_of(host_dependent, HOST, "yes")
  set_of(raw_defaults, RAW, 1)

  # --- release facts -------------------------------------------------------------------
  while ((rc = (getline line < version_file)) > 0) {
    if (line ~ /^mail_version = /) mail_version = substr(line, 16)
    if (line ~ /^source_tag = /) source_tag = substr(line, 14)
  }
  if (rc < 0) die("cannot read " version_file)
  if (mail_version == "" || source_tag == "") die(version_file ": no mail_version or source_tag")
  if (index(mail_version, release ".") != 1) die("mail_version " mail_version " is not of series " release)

  # --- limits of this release ----------------------------------------------------------
  header = 0
  while ((rc = (getline line < limits_file)) > 0) {
    if (line ~ /^#/ || line == "") continue
    nf = split(line, f, "\t")
    if (nf != 7) die(limits_file ": expected 7 TAB-separated fields: " line)
    if (!header) {
      if (line != "name\treleases\tparsed_as\tminimum\tmaximum\ttime_unit\tread_by") die(limits_file ": bad header " line)
      header = 1; continue
    }
    if (!in_range(f[2])) continue
    if (f[1] in LIM_PARSED) die(limits_file ": " f[1] " listed twice for " release)
    if (f[3] !~ /^(int|long|time|bool)$/) die(limits_file ": bad parsed_as " f[3])
    if (f[4] !~ /^([0-9]+)?$/ || f[5] !~ /^([0-9]+)?$/) die(limits_file ": bad limits for " f[1])
    if ((f[3] == "time") != (f[6] ~ /^[smhdw]$/)) die(limits_file ": bad time_unit for " f[1])
    if (f[3] == "bool" && (f[4] != "" || f[5] != "")) die(limits_file ": limits for boolean " f[1])
    LIM_PARSED[f[1]] = f[3]; LIM_MIN[f[1]] = f[4]; LIM_MAX[f[1]] = f[5]; LIM_UNIT[f[1]] = f[6]
  }
  if (rc < 0) die("cannot read " limits_file)
  if (!header) die(limits_file ": no header line")

  # --- built-in parameters -------------------------------------------------------------
  n = 0
  while ((rc = (getline line < builtin_file)) > 0) {
    split_line(line, builtin_file)
    if (NAME in DEFAULT) die("duplicate parameter " NAME)
    n++; ORDER[n] = NAME; DEFAULT[NAME] = VALUE
  }
  if (rc < 0) die("cannot read " builtin_file)
  if (n < 800) die("only " n " parameters in " builtin_file)
  while ((rc = (getline line < names_file)) > 0) {
    if (!(line in DEFAULT)) die(names_file " lists " line ", which postconf -d does not print")
    NAMES[line] = 1; nn++
  }
  if (rc < 0) die("cannot read " names_file)
  if (nn != n) die(names_file " has " nn " names, postconf -d " n)
  for (k in EXPLICIT) if (!(k in DEFAULT)) print k >> out_missing
  for (k in SIZE_NAMES) if (!(k in DEFAULT)) print k >> out_missing
  for (k in HOST) if (!(k in DEFAULT)) die("host-dependent parameter not in the dump: " k)
  for (k in RAW) if (!(k in DEFAULT)) die("raw parameter not in the dump: " k)
  for (k in LIM_PARSED) if (substr(k, 1, 1) != "*" && !(k in DEFAULT)) die(limits_file " has " k " for " release ", which is not a built-in")

  for (i = 1; i <= n; i++) {
    name = ORDER[i]
    SAMPLE[name] = sample_of(DEFAULT[name])
    if (DEFAULT[name] ~ /example\.test/ && !(name in HOST))
      die(name " has a default computed from the host (" DEFAULT[name] ") but is not in HOST_DEPENDENT")
  }
  for (i = 1; i <= n; i++) {
    name = ORDER[i]
    printf "%s\t%s\t%s\t%s\t%s\n", name, type_of(name), DEFAULT[name], ((name in HOST) ? "yes" : "no"), limit_columns(name) > out_params
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
  printf "" > out_legacy
  for (r in LEGACY) printf "%s\t%s\n", r, LEGACY[r] > out_legacy
  close(out_legacy)

  # --- deprecations (postconf_unused.c): "has been removed" only for a name postconf does
  # not know at all; a renamed parameter whose replacement still defaults to $old_name is
  # known, so postconf says "will be removed" even when the old name is no built-in. --------
  printf "" > out_deprecated
  while ((rc = (getline line < deprecated_file)) > 0) {
    if (line == "") continue
    nf = split(line, f, "\t")
    if (nf != 2 || f[1] !~ /^[A-Za-z0-9_]+$/ || f[2] == "") die(deprecated_file ": expected name TAB advice: " line)
    if (f[1] in DEPRECATED) die(deprecated_file ": " f[1] " listed twice")
    DEPRECATED[f[1]] = 1
    printf "%s\t%s\t%s\n", f[1], f[2], ((f[1] in DEFAULT || f[1] in LEGACY) ? "deprecated" : "removed") > out_deprecated
  }
  if (rc < 0) die("cannot read " deprecated_file)
  close(out_deprecated)

  # --- release facts out -----------------------------------------------------------------
  nl = split(levels, lv, " ")
  if (lv[1] != "0") die("the lowest compatibility level dump is not 0: " levels)
  syntax = (LIM_PARSED["compatibility_level"] == "int") ? "integer" : "version"
  if (!("compatibility_level" in LIM_PARSED) && DEFAULT["compatibility_level"] != "0") die("compatibility_level default is " DEFAULT["compatibility_level"])
  printf "series\t%s\nmail_version\t%s\nsource_tag\t%s\ncompatibility_levels\t%s\ncompatibility_level_syntax\t%s\n", release, mail_version, source_tag, levels, syntax > out_release
  close(out_release)

  # --- service-defined parameter suffixes ----------------------------------------------
  ns = split(delivery_suffixes, sfx, /[ \t\n]+/)
  nc = split(delivery_commands, cmd, /[ \t\n]+/)
  for (i = 1; i <= nc; i++) if (cmd[i] != "") for (j = 1; j <= ns; j++) if (sfx[j] != "") EXPECTED[cmd[i], sfx[j]] = 1
  EXPECTED["pipe", "_time_limit"] = 1
  EXPECTED["spawn", "_time_limit"] = 1
  SUFFIX_DEFAULT["_time_limit"] = time_limit_default

  # The stock master.cf services (field 1) and their commands (field 8).
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
  for (k in DEFAULT) if (!(k in WM)) die(with_master_file " lacks the built-in " k)
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
  for (key in EXPECTED) {
    split(key, q, SUBSEP)
    if (!(q[2] in SUFFIX_DEFAULT)) die("no default seen for " q[1] " " q[2])
    d = SUFFIX_DEFAULT[q[2]]
    if (d !~ /^\$[A-Za-z0-9_]+$/ || !(substr(d, 2) in DEFAULT)) die("unexpected service default " d)
    t = type_of(substr(d, 2))
    # The family is parsed as the queue manager (pipe, spawn) reads it, which agrees with the
    # global parameter it defaults to (checked).
    if (("*" q[2]) in LIM_PARSED) {
      if (limit_columns("*" q[2]) == "\t\t\t") die("no limits for *" q[2])
      if (substr(limit_columns(substr(d, 2)), 1, 4) != substr(limit_columns("*" q[2]), 1, 4)) die("*" q[2] " is not parsed like " substr(d, 2))
    } else if (t ~ /^(integer|size|time|boolean)$/) die("parameter-limits.tsv lacks *" q[2])
    printf "%s\t%s\t%s\t%s\t%s\n", q[1], q[2], t, d, limit_columns("*" q[2]) > out_suffixes
  }
  close(out_suffixes)
}
END { if (failed) exit 1 }
' </dev/null

  local generated="GENERATED by 'bash tools/generate-catalogue.sh' from tests/data/postfix/versions/$rel/"
  {
    echo "# Postfix $rel release facts. $generated{version.txt,postconf-x-compat-*.txt}; do not edit."
    printf 'key\tvalue\n'
    cat "$TMP/release"
  } > "$out/release.tsv"
  {
    echo "# Postfix $rel built-in parameters: the 'postconf -d' output without master.cf."
    echo "# ${generated}postconf-d-builtin-only.txt and tests/data/postfix/parameter-limits.tsv; do not edit."
    echo "# default: the raw text after 'name = ' (unexpanded). value_type: see the script."
    echo "# host_dependent: yes when postconf computed the default from the machine or invocation."
    echo "# parsed_as, minimum, maximum, time_unit: how Postfix parses the value (parameter-limits.tsv)."
    printf 'name\tvalue_type\tdefault\thost_dependent\tparsed_as\tminimum\tmaximum\ttime_unit\n'
    sort "$TMP/params"
  } > "$out/parameters.tsv"
  {
    echo "# Postfix $rel service-defined parameters: for a master.cf service S whose command (field 8)"
    echo "# is 'command', postconf knows the parameter S<suffix> with this default (POSTFIX-SEMANTICS.md §3)."
    echo "# ${generated}postconf-d.txt and tests/data/postfix/parameter-limits.tsv; do not edit."
    printf 'command\tsuffix\tvalue_type\tdefault\tparsed_as\tminimum\tmaximum\ttime_unit\n'
    sort "$TMP/suffixes"
  } > "$out/service-parameter-suffixes.tsv"
  {
    echo "# Postfix $rel names that are not built-in parameters but that postconf still knows (no"
    echo "# 'unused parameter' warning, 'postconf -d NAME' prints 'NAME ='), because a built-in default"
    echo "# refers to them, e.g. virtual_alias_maps = \$virtual_maps (POSTFIX-SEMANTICS.md §3 rule 1)."
    echo "# ${generated}postconf-d-builtin-only.txt; do not edit."
    printf 'name\treferenced_by\n'
    sort "$TMP/legacy"
  } > "$out/legacy-parameters.tsv"
  {
    echo "# Postfix $rel deprecated parameters with Postfix's own advice (postconf_unused.c), in its order."
    echo "# status: 'deprecated' (postconf: support for parameter \"NAME\" will be removed; instead, ADVICE)"
    echo "# or 'removed' (support for parameter NAME has been removed; instead, ADVICE): the name is neither"
    echo "# built-in nor referenced by a built-in default. ${generated}deprecated.tsv; do not edit."
    printf 'name\tadvice\tstatus\n'
    cat "$TMP/deprecated"
  } > "$out/deprecated.tsv"
  cp "$dir/main.cf" "$out/main.cf"
  cp "$dir/master.cf" "$out/master.cf"
}

for rel in $RELEASES; do
  generate_release "$rel"
done

# An explicitly typed name must be a built-in of some release (else it is a typo).
for name in $(sort "$TMP/explicit-missing" | uniq -c | awk -v n="$(echo "$RELEASES" | wc -w)" '$1 == n { print $2 }'); do
  echo "generate-catalogue.sh: explicitly listed parameter $name is a built-in of no release" >&2
  exit 1
done

cp "$VERSIONS/LICENSE-postfix" "$TMP/out/LICENSE-postfix"
mkdir -p "$OUT"
# Replace the release folders as a whole, so a release dropped from the data disappears too.
for old in "$OUT"/*; do
  [ -e "$old" ] || continue
  case "$(basename "$old")" in
    [0-9]*.[0-9]*|LICENSE-postfix) rm -rf "$old" ;;
  esac
done
cp -R "$TMP/out/." "$OUT/"
for rel in $RELEASES; do
  echo "generate-catalogue.sh: $rel: $(($(wc -l < "$OUT/$rel/parameters.tsv") - 6)) parameters, $(($(wc -l < "$OUT/$rel/deprecated.tsv") - 5)) deprecated" >&2
done
echo "generate-catalogue.sh: wrote $OUT" >&2
