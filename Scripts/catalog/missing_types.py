#!/usr/bin/env python3
"""List resource types used by the shared test templates that have no registry handler data.

Reads ../shared/corpus/templates/** and ../shared/codeocean/*/codeocean.template.yaml at run time
(never copies them) and the committed catalog (cfn.tsv, supplement.json). Prints one line per type:

  missing     <type>   no registry handlers and no supplement entry  (add it to supplement.json)
  supplement  <type>   covered by supplement.json
  (types with registry handlers are not printed; --all prints them as `registry`)

Types considered: `Type:` of entries under `Resources:`, `AWS::` only, excluding `AWS::Serverless::*`
(SAM expander) and `Custom::*` / third-party / module types. Exit 1 when any type is missing.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
CATALOG_DIR = REPO_ROOT / "Sources" / "DeployRoleKit" / "Resources" / "catalog"
# Names in the shared templates that are not CloudFormation resource types (test fixtures).
NOT_RESOURCE_TYPES = {"AWS::Foo::Bar", "AWS::New::Service"}
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
            if (RESOURCE_TYPE.match(t) and not t.startswith("AWS::Serverless::")
                    and t not in NOT_RESOURCE_TYPES):
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


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO_ROOT.parent / "shared")
    ap.add_argument("--all", action="store_true", help="also print types with registry handlers")
    ap.add_argument("--files", action="store_true", help="print the templates using each type")
    args = ap.parse_args(argv)

    usage = shared_types(args.shared)
    registry = registry_types_with_handlers(CATALOG_DIR / "cfn.tsv")
    supplement = {e["type"] for e in
                  json.loads((CATALOG_DIR / "supplement.json").read_text("utf-8"))["types"]}
    missing = 0
    for t in sorted(usage):
        if t in registry:
            status = "registry"
            if not args.all:
                continue
        elif t in supplement:
            status = "supplement"
        else:
            status, missing = "missing", missing + 1
        print(f"{status}\t{t}")
        if args.files:
            for f in usage[t]:
                print(f"\t\t{f}")
    print(f"# {len(usage)} types used, {missing} missing", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
