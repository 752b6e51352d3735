#!/usr/bin/env bash
# Regenerates samples/synthea-patient-{1,2}.json with Synthea 3.3.0 (Maven Central
# org.mitre.synthea:synthea:3.3.0), seeded and with a fixed reference date so that
# re-running gives the same patients. Synthetic data only.
#
# Usage: samples/synthea/generate.sh   (JAVA_HOME should point at a JDK 17+)
# Extra -Dsynthea.*=... Maven properties (see pom.xml) may be passed as arguments.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
samples="$(dirname "$here")"
repo="$(dirname "$samples")"
mvnw="$repo/mvnw"

out="$here/target/synthea-output"
rm -rf "$out"

# exec:exec forks a separate java process (-Xmx3g); exec:java would run Synthea inside
# Maven's JVM, where its clinical notes come out empty.
"$mvnw" -B -q -f "$here/pom.xml" exec:exec "$@"

shopt -s nullglob
bundles=()
for f in "$out"/fhir/*.json; do
  case "$(basename "$f")" in
    hospitalInformation*|practitionerInformation*) ;;   # disabled, but skip if present
    *) bundles+=("$f") ;;
  esac
done
if [ "${#bundles[@]}" -ne 2 ]; then
  echo "expected 2 patient bundles in $out/fhir, found ${#bundles[@]}" >&2
  exit 1
fi

# Sort by file name for a stable 1/2 assignment; file names carry no patient names.
IFS=$'\n' sorted=($(printf '%s\n' "${bundles[@]}" | sort)); unset IFS
i=1
for f in "${sorted[@]}"; do
  cp "$f" "$samples/synthea-patient-$i.json"
  printf 'synthea-patient-%d.json  %s bytes\n' "$i" "$(wc -c < "$f")"
  i=$((i + 1))
done
