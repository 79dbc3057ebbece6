# Sourced by scripts/bench.sh and scripts/build-native.sh: keeps a copy of the sources that a build
# with a runtime identifier may restore into. Such a restore (ReadyToRun, NativeAOT) adds that
# runtime to the packages.lock.json files, which are committed; the copy keeps its own.
#
# source_copy ROOT TREE SCRATCH: makes TREE hold src/, rules/, Directory.Build.props and README.md
# of ROOT (bin/ and obj/ left out; files gone from ROOT go from TREE; unchanged files keep their
# time, so the build stays incremental). SCRATCH is a directory for two file lists.
source_copy() {
    local root="$1" tree="$2" scratch="$3"
    local list="$scratch/source-copy.files" copied="$scratch/source-copy.copied"
    mkdir -p "$tree"
    (cd "$root" && find src rules -type d \( -name bin -o -name obj \) -prune -o -type f -print; \
        echo Directory.Build.props; [ -f README.md ] && echo README.md) | sort > "$list"
    (cd "$tree" && find src rules -type d \( -name bin -o -name obj \) -prune -o -type f -print 2>/dev/null; \
        [ -f Directory.Build.props ] && echo Directory.Build.props; [ -f README.md ] && echo README.md) | sort > "$copied"
    comm -13 "$list" "$copied" | grep -v 'packages\.lock\.json$' | (cd "$tree" && xargs -r -d '\n' rm -f)
    (cd "$root" && xargs -r -d '\n' cp -p --parents -u -t "$tree" < "$list")
}
