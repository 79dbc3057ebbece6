#!/usr/bin/env bash
# Runs ConfigLint over tests/data/corpus the way the files are deployed: each main.cf is paired
# with the master.cf of the same source directory (and aliases), each unpaired file runs alone.
# Prints one line per finding and a count per rule. Usage: bash tools/corpus-report.sh [--format text]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DATA=$ROOT/tests/data
FORMAT=${2:-json}
[ "${1:-}" = "--format" ] || FORMAT=json
WORK=$(mktemp -d); trap "rm -rf \"$WORK\"" EXIT; [ -n "${KEEP_WORK:-}" ] && trap - EXIT && echo "work: $WORK" >&2
dotnet build "$ROOT/src/ConfigLint.Cli" -v q -nologo >/dev/null
# one group per repository; within it a main.cf pairs with the master.cf of its source directory,
# or with the master.cf variant of the same suffix (main.cf.gateway, master.cf.gateway)
awk -F'\t' 'NR>1 && $1 ~ /^corpus\// { print $2 "\t" $6 "\t" $1 "\t" $3 }' "$DATA/corpus/MANIFEST.tsv" |
  sort > "$WORK/files.tsv"
i=0
cut -f1 "$WORK/files.tsv" | sort -u | while read -r key; do
  mains=$(awk -F'\t' -v k="$key" '$1==k && $2=="main.cf" {print $3}' "$WORK/files.tsv")
  masters=$(awk -F'\t' -v k="$key" '$1==k && $2=="master.cf" {print $3}' "$WORK/files.tsv")
  aliases=$(awk -F'\t' -v k="$key" '$1==k && $2=="aliases" {print $3}' "$WORK/files.tsv")
  emit() { i=$((i+1)); d="$WORK/cases/$(printf %03d $i)"; mkdir -p "$d"; [ -n "$1" ] && cp "$DATA/$1" "$d/main.cf"; [ -n "$2" ] && cp "$DATA/$2" "$d/master.cf"; [ -n "$3" ] && cp "$DATA/$3" "$d/aliases"; echo "$d|${1:-}|${2:-}|${3:-}" >> "$WORK/cases.tsv"; }
  srcdir() { awk -F'\t' -v f="$1" '$3==f { n=split($4,p,"/"); d=""; for(i=1;i<n;i++) d=d p[i] "/"; print d }' "$WORK/files.tsv"; }
  paired=""
  for m in $mains; do
    suffix=${m##*main.cf}; partner=""
    for M in $masters; do
      if [ -n "$suffix" ] && [ "${M##*master.cf}" = "$suffix" ]; then partner=$M
      elif [ -z "$partner" ] && [ "$(srcdir "$M")" = "$(srcdir "$m")" ]; then partner=$M; fi
    done
    emit "$m" "$partner" ""; paired="$paired $partner"
  done
  for M in $masters; do case " $paired " in *" $M "*) ;; *) emit "" "$M" "";; esac; done
  for a in $aliases; do emit "" "" "$a"; done
done
total=0
while IFS="|" read -r d main master aliases; do
  out=$(dotnet "$ROOT/src/ConfigLint.Cli/bin/Debug/net10.0/configlint.dll" check "$d" --format json || true)
  echo "$out" | jq -r --arg m "$main" --arg M "$master" --arg a "$aliases" \
    '.findings[] | "\(.ruleId)\t\(.severity)\t\(if (.file|endswith("main.cf")) then $m elif (.file|endswith("master.cf")) then $M elif (.file|endswith("aliases")) then $a else .file end):\(.line)\t\(.message)"'
done < "$WORK/cases.tsv" > "$WORK/findings.tsv"
cat "$WORK/findings.tsv"
echo "cases: $(wc -l < "$WORK/cases.tsv")"
cut -f1 "$WORK/findings.tsv" | sort | uniq -c
