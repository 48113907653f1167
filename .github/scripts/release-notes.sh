#!/usr/bin/env bash
# Prints the body of CHANGELOG.md's section for a version: the lines after its "## VERSION ..." heading, up to the
# next "## " heading, without leading or trailing blank lines. Fails when the section is missing or empty, and when
# its heading still says "unreleased" (set ALLOW_UNRELEASED=1 to print it anyway, e.g. to preview the notes).
#
#   .github/scripts/release-notes.sh 0.1.0 CHANGELOG.md > notes.md   # a leading "v" is dropped
set -euo pipefail

version="${1:?usage: release-notes.sh VERSION [CHANGELOG.md]}"
version="${version#v}"
changelog="${2:-CHANGELOG.md}"

heading=$(awk -v v="$version" '$1 == "##" && $2 == v { print; exit }' "$changelog")
if [ -z "$heading" ]; then
  echo "release-notes: $changelog has no \"## $version\" section" >&2
  exit 1
fi
if [ "${ALLOW_UNRELEASED:-}" != 1 ] && grep -qi 'unreleased' <<<"$heading"; then
  echo "release-notes: $changelog's heading \"$heading\" still says unreleased: date it before tagging v$version" >&2
  exit 1
fi

notes=$(awk -v v="$version" '
  $1 == "##" { if (in_section) exit; if ($2 == v) { in_section = 1; next } }
  in_section { lines[++n] = $0 }
  END {
    first = 1; while (first <= n && lines[first] ~ /^[[:space:]]*$/) first++
    last = n; while (last >= first && lines[last] ~ /^[[:space:]]*$/) last--
    for (i = first; i <= last; i++) print lines[i]
  }' "$changelog")
if [ -z "$notes" ]; then
  echo "release-notes: $changelog's section for $version is empty" >&2
  exit 1
fi
printf '%s\n' "$notes"
