#!/usr/bin/env bash
# Regenerates the postconf data files in this folder from the installed Debian
# Postfix. Runs postconf in private namespaces so the output does not depend on
# this machine: hostname "host.example.test", only the loopback interface, and
# config_directory shows as /etc/postfix (a scratch copy is bind-mounted there;
# the real /etc/postfix is not touched). Needs root, postfix, util-linux.
# Usage: bash tests/data/postfix/regenerate.sh   (from the repository root)
set -eu
OUT=$(cd "$(dirname "$0")" && pwd)
[ "${1:-}" = __inner ] || exec unshare -m -n -u --propagation private -- bash "$0" __inner
hostname host.example.test
ip link set lo up
S=$(mktemp -d); trap 'rm -rf "$S"' EXIT
cp -a /etc/postfix/. "$S/"
cp /usr/share/postfix/master.cf.dist "$S/master.cf"
: > "$S/main.cf"
mount --bind "$S" /etc/postfix
cool() { touch -d '-1 min' /etc/postfix/main.cf /etc/postfix/master.cf; }
cool
# process_id differs on every run: blank it so the files diff cleanly.
strip_pid() { sed 's/^process_id = .*/process_id = (pid of postconf)/'; }

{
  echo "mail_version = $(postconf -h mail_version)"
  echo "mail_release_date = $(postconf -h mail_release_date)"
  echo "debian_package = $(dpkg-query -W -f '${Version}' postfix)"
} > "$OUT/version.txt"

postconf -d | strip_pid > "$OUT/postconf-d-3.7.txt"
cut -d' ' -f1 "$OUT/postconf-d-3.7.txt" > "$OUT/postconf-d-3.7-names.txt"
mv /etc/postfix/master.cf /etc/postfix/master.cf.off
postconf -d 2>/dev/null | strip_pid > "$OUT/postconf-d-3.7-builtin-only.txt"
mv /etc/postfix/master.cf.off /etc/postfix/master.cf

for lvl in 0 1 2 3.6; do
  echo "compatibility_level = $lvl" > /etc/postfix/main.cf; cool
  postconf -x | strip_pid > "$OUT/postconf-x-compat-$lvl.txt"
done
: > /etc/postfix/main.cf
