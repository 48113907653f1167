#!/usr/bin/env bash
# Writes DIST/teams-graph-emulator_VERSION_SHA256SUMS for the emulator archives goreleaser left in DIST, and prints
# its name. The emulator has its own checksum file because the Terraform Registry refuses a provider release whose
# terraform-provider-teams_VERSION_SHA256SUMS lists anything but the provider's zips and the manifest.
#
#   .github/scripts/emulator-checksums.sh dist
set -euo pipefail

dist="${1:-dist}"
shopt -s nullglob
archives=("$dist"/teams-graph-emulator_*.tar.gz)
if [ "${#archives[@]}" -eq 0 ]; then
  echo "emulator-checksums: no teams-graph-emulator_*.tar.gz in $dist" >&2
  exit 1
fi
# teams-graph-emulator_VERSION_OS_ARCH.tar.gz: VERSION is what lies between the prefix and the last two fields.
name=$(basename "${archives[0]}" .tar.gz)
version=${name#teams-graph-emulator_}
version=${version%_*_*}
sums="teams-graph-emulator_${version}_SHA256SUMS"
for archive in "${archives[@]}"; do
  case "$(basename "$archive")" in
    "teams-graph-emulator_${version}_"*) ;;
    *) echo "emulator-checksums: $archive is not of version $version" >&2; exit 1 ;;
  esac
done
mapfile -t names < <(printf '%s\n' "${archives[@]##*/}" | LC_ALL=C sort)
(cd "$dist" && sha256sum -- "${names[@]}") > "$dist/$sums"
echo "$dist/$sums"
