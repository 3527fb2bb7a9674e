#!/usr/bin/env bash
# Cucumber Compatibility Kit: runs the kit's samples (npm @cucumber/compatibility-kit, pinned)
# through our Gherkin runtime with step definitions equivalent to the kit's TypeScript ones
# (tests/QDeviceLab.Conformance.Compatibility/KitSteps.cs), compares our messages.ndjson with the
# kit's .ndjson after normalising ids, timestamps, durations, uris and meta
# (tests/interop/cucumber_compat_check.py says exactly what is normalised), and validates every
# envelope we wrote, and those of a dry run of features/, against the JSON schema of the Cucumber
# Messages version the kit was recorded with (npm @cucumber/messages, pinned to match).
# Run from the repository root after the solution is built (Debug), as .ci/run does.
set -euo pipefail
cd "$(dirname "$0")/../.."

kit_version=30.0.0
messages_version=33.0.4   # the protocolVersion in the kit's .ndjson files

# Samples our runtime does not support, and why (each needs something we do not have):
#   attachments examples-tables-attachment hooks-attachment global-hooks-attachments markdown
#       -> attachments / this.log from steps and hooks (markdown also needs Gherkin in Markdown,
#          which the .NET Gherkin parser does not read)
#   hooks hooks-conditional hooks-named hooks-skipped hooks-undefined skipped-failing-hook
#   global-hooks global-hooks-beforeall-error global-hooks-afterall-error
#       -> Before/After and BeforeAll/AfterAll hooks
#   retry retry-ambiguous retry-pending retry-undefined -> --retry
#   test-run-exception -> a run aborted by an exception outside any step
samples=(minimal cdata empty backgrounds rules rules-backgrounds data-tables doc-strings
         examples-tables examples-tables-undefined examples-tables-undefined-multiple
         multiple-features multiple-features-reversed undefined undefined-multiple unused-steps
         pending pending-exception skipped skipped-exception ambiguous regular-expression
         all-statuses failedish-combinations stack-traces parameter-types unknown-parameter-type)

dll=tests/QDeviceLab.Conformance.Compatibility/bin/Debug/net10.0/QDeviceLab.Conformance.Compatibility.dll
test -f "$dll" || { echo "cucumber-compat.sh: $dll missing; build the solution (Debug) first" >&2; exit 1; }
command -v npm >/dev/null || { echo "cucumber-compat.sh: npm not found (Node.js is needed to fetch the kit)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm install --no-audit --no-fund --silent \
  "@cucumber/compatibility-kit@$kit_version" "@cucumber/messages@$messages_version" >/dev/null)
kit="$work/node_modules/@cucumber/compatibility-kit/features"
schema="$work/node_modules/@cucumber/messages/messages.schema.json"
recorded=$(head -1 "$kit/minimal/minimal.ndjson" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["meta"]["protocolVersion"])')
[ "$recorded" = "$messages_version" ] || { echo "cucumber-compat.sh: kit $kit_version was recorded with messages $recorded, the schema pinned here is $messages_version" >&2; exit 1; }

fail=0
for sample in "${samples[@]}"; do
  order=()
  if [ -f "$kit/$sample/$sample.arguments.txt" ]; then
    read -r -a order <"$kit/$sample/$sample.arguments.txt"
  fi
  if ! dotnet "$dll" run "$kit" "$sample" "$work/ours/$sample.ndjson" "${order[@]}" >"$work/$sample.log" 2>&1; then
    echo "cucumber-compat.sh: $sample: our runtime failed:" >&2; cat "$work/$sample.log" >&2; fail=1; continue
  fi
  if verdict=$(/usr/bin/python3 tests/interop/cucumber_compat_check.py "$kit/$sample/$sample.ndjson" "$work/ours/$sample.ndjson"); then
    echo "  $sample: $verdict"
  else
    echo "cucumber-compat.sh: $sample differs from the kit: $verdict" >&2; fail=1
  fi
done

# The real features, dry run (matched, not measured): their messages must be valid too.
if ! dotnet run --project src/QDeviceLab.Cli --no-build -c Debug -- run --dry-run --out "$work/dry" >"$work/dry.log" 2>&1 \
   && [ ! -s "$work/dry/messages.ndjson" ]; then
  echo "cucumber-compat.sh: qdlab run --dry-run wrote no messages.ndjson:" >&2; tail -20 "$work/dry.log" >&2; fail=1
fi
dotnet "$dll" validate "$schema" "$work"/ours/*.ndjson "$work/dry/messages.ndjson" || fail=1

[ "$fail" = 0 ] || exit 1
echo "cucumber-compat.sh: ${#samples[@]} kit $kit_version samples agree with the kit; messages valid against @cucumber/messages $messages_version"
