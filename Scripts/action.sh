#!/usr/bin/env bash
# The commands the GitHub Action (action.yml) runs, kept here so that a test runs exactly them.
# Environment: DEPLOYROLE (the executable), RELEASE (the release template), ROLE_OUTPUT (where the role
# template goes), SARIF_OUTPUT (the check report), UPGRADE_FROM (releases upgraded from, one per line;
# optional), DIFF_FROM (an older release to diff against; optional), ARGS (more options for every
# command, e.g. --any-parameter-value; optional).
# Exit status: check's (0 the role covers the release and every upgrade, 1 permissions missing), or diff's
# --exit-code when DIFF_FROM is set and the role must be updated; 2 bad input.
set -euo pipefail
: "${DEPLOYROLE:?}" "${RELEASE:?}" "${ROLE_OUTPUT:?}" "${SARIF_OUTPUT:?}"
read -r -a extra <<< "${ARGS:-}"
upgrade=()
while IFS= read -r line; do
    [ -n "$line" ] && upgrade+=(--upgrade-from "$line")
done <<< "${UPGRADE_FROM:-}"
"$DEPLOYROLE" generate "$RELEASE" "${upgrade[@]}" "${extra[@]}" -o "$ROLE_OUTPUT"
status=0
"$DEPLOYROLE" check "$RELEASE" --role "$ROLE_OUTPUT" "${upgrade[@]}" "${extra[@]}" --format sarif -o "$SARIF_OUTPUT" || status=$?
if [ -n "${DIFF_FROM:-}" ]; then
    "$DEPLOYROLE" diff "$DIFF_FROM" "$RELEASE" "${extra[@]}" --format markdown --exit-code || status=$?
fi
exit "$status"
