#!/usr/bin/env bash
# Scaffold a new built-in rule: bash tools/new-rule.sh [--coded] [--no-docs] ID name category
#
#   ID        PF and three digits, in the range of its concern (see CONTRIBUTING.md)
#   name      kebab-case slug of the problem, not the fix (e.g. smtputf8-disabled)
#   category  the directory under rules/ (e.g. syntax, relay, listeners, or a new one)
#
# Creates, with TODO placeholders:
#   rules/<category>/<ID>.yaml                the manifest (a declarative check: block by default)
#   src/ConfigLint.Rules/<ID><Name>.cs        with --coded: the class marked [Rule("ID")], listed in CodedRules.cs
#   samples/<ID>/bad-example/main.cf          must be reported on the line below "# expect: ID@COLUMN"
#   samples/<ID>/good-example/main.cf         the same configuration, fixed: must be silent
#   rules/<category>/<ID>.md                  the doc page (unless --no-docs), regenerated from them
#
# The tests fail until every TODO is replaced: a catalogue test rejects TODO in manifests, samples
# and rule classes, and the bad sample's "# expect:" line is not met by the placeholder.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

usage() {
    sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit "${1:-2}"
}

die() {
    printf 'new-rule.sh: error: %s\n' "$*" >&2
    exit 2
}

coded=false
docs=true
args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --coded) coded=true ;;
        --no-docs) docs=false ;;
        -h | --help) usage 0 ;;
        -*) die "unknown option '$1' (use --coded, --no-docs or --help)" ;;
        *) args+=("$1") ;;
    esac
    shift
done
[ "${#args[@]}" -eq 3 ] || usage 2

id="${args[0]}" name="${args[1]}" category="${args[2]}"
[[ "$id" =~ ^PF[0-9]{3}$ ]] || die "ID '$id' must be PF followed by three digits, e.g. PF599"
[[ "$name" =~ ^[a-z0-9]+(-[a-z0-9]+)*$ ]] || die "name '$name' must be a kebab-case slug, e.g. smtputf8-disabled"
[[ "$category" =~ ^[a-z][a-z0-9-]*$ ]] || die "category '$category' must be lower-case, e.g. protocol"

cd "$ROOT"
existing="$(find rules -name "$id.yaml" -print -quit)"
[ -z "$existing" ] || die "$id exists already: $existing"
[ ! -e "samples/$id" ] || die "samples/$id exists already"
if grep -qx "name: $name" rules/*/*.yaml 2>/dev/null; then
    die "the name '$name' is taken: $(grep -lx "name: $name" rules/*/*.yaml)"
fi
if [ -f rules/retired.yaml ] && grep -qw "$id" rules/retired.yaml; then
    die "$id is retired (rules/retired.yaml); IDs are never reused"
fi

# smtputf8-disabled -> Smtputf8Disabled, the class name convention <ID><PascalName>.
pascal="$(printf '%s' "$name" | awk -F- '{ for (i = 1; i <= NF; i++) printf "%s%s", toupper(substr($i, 1, 1)), substr($i, 2) }')"
version="$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n 1)"
manifest="rules/$category/$id.yaml"
class="src/ConfigLint.Rules/$id$pascal.cs"
[ ! -e "$class" ] || die "$class exists already"
# Coded rules are listed, not found by scanning (a native configlint keeps only the types its code names).
registry="src/ConfigLint.Rules/CodedRules.cs"
marker="// new-rule.sh: coded rules go above this line."
if $coded && ! grep -qF "$marker" "$registry" 2>/dev/null; then
    die "$registry has no line '$marker', so the class cannot be listed there"
fi
[ -d "rules/$category" ] || printf 'new-rule.sh: note: new category %s (rules/%s/)\n' "$category" "$category"

mkdir -p "rules/$category" "samples/$id/bad-example" "samples/$id/good-example"

if $coded; then
    logic='logic: coded'
    message='"TODO: the finding in one sentence, with {detail} or other {placeholders} the class fills in."'
else
    logic='check:
  # TODO: one parameter, one condition: equals, not_equals, one_of, not_one_of, matches,
  # list_contains, list_lacks or is_set (README, "House rules"); scope: services checks every
  # smtpd service with its -o overrides.
  parameter: TODO
  equals: "TODO"'
    message='"{parameter} {condition}: TODO what this means for the mail system."'
fi

cat > "$manifest" <<EOF
id: $id
name: $name
title: "TODO: what is wrong, in one line without a full stop"
category: $category
severity: warning
message: $message
summary: >-
  TODO: what the rule finds, in Postfix's words.
rationale: >-
  TODO: why it matters: what Postfix does with this setting, citing postconf(5), master(5) or
  the Postfix source.
remediation: >-
  TODO: how to fix it, e.g. "Set \`name = value\`."
exceptions: >-
  TODO: when the finding is acceptable, and how to silence it then.
references:
  - https://www.postfix.org/postconf.5.html#TODO
# security rules also need security_severity: "0.1" to "10.0" (GitHub's score)
tags: [TODO]
since: $version
$logic
EOF

if $coded; then
    cat > "$class" <<EOF
using ConfigLint.Core.Rules;

namespace ConfigLint.Rules;

/// <summary>$id: TODO what the rule finds, and why, citing the Postfix manual.</summary>
[Rule("$id")]
public sealed class $id$pascal : IRuleLogic
{
    public void Check(RuleContext context)
    {
        // TODO: read the model (context.Config: parameter values, master.cf services, listeners,
        // match lists, the smtpd servers) and report the span that causes the finding, e.g.
        //   var value = context.Config.Get("name");
        //   if (value.Value.Trim() == "bad" && value.Provenance?.Span is { } span)
        //   {
        //       context.Report(span, context.Format(("detail", "...")));
        //   }
    }
}
EOF
fi

if $coded; then
    listed="$(awk -v line="            Coded<$id$pascal>()," -v marker="$marker" 'index($0, marker) { print line } { print }' "$registry")"
    printf '%s\n' "$listed" > "$registry"
fi

cat > "samples/$id/bad-example/main.cf" <<EOF
# TODO: a configuration $id reports. Put the line it reports directly below the
# expect comment, and after the @ the column where the finding starts; the tests check
# that exactly the marked lines and columns are reported.
compatibility_level = 3.6
# expect: $id@1
# TODO: the line $id reports
EOF

cat > "samples/$id/good-example/main.cf" <<EOF
# TODO: the bad example, fixed: the same files with the one change that fixes it.
# $id (and every other rule) must report nothing here.
compatibility_level = 3.6
EOF

printf 'created %s\n' "$manifest"
$coded && printf 'created %s\nlisted %s in %s\n' "$class" "$id$pascal" "$registry"
printf 'created %s\n' "samples/$id/bad-example/main.cf" "samples/$id/good-example/main.cf"

if $docs; then
    # The tool reads the manifests as code generated from them (issue 13): regenerate it first.
    bash tools/generate-manifests.sh
    dotnet run --project src/ConfigLint.Cli -- rules docs . | grep -F "rules/$category/$id.md" | sed 's/^wrote/created/'
fi

cat <<EOF

Next (CONTRIBUTING.md, "Adding a rule"):
  2. Replace every TODO in the files above.
  3. bash tools/generate-manifests.sh && dotnet run --project src/ConfigLint.Cli -- rules docs . && bash scripts/test.sh --fast
EOF
