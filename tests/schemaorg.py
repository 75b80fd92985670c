"""Checks JSON-LD against the schema.org vocabulary vendored in ``tests/data/schemaorg``.

Not a JSON-LD processor: it reads the compact form the site writes (an
``@context`` of schema.org, terms by their short names) and says, for every
node, whether its ``@type`` exists and whether each property is one that
schema.org allows on that type (``domainIncludes``, inherited through
``subClassOf``). Values are checked loosely against ``rangeIncludes``: a node
must be of an allowed type, a number needs a numeric or quantity range, a
string a data type or an enumeration (search engines read a bare name for
an author, the vocabulary does not), a Date or DateTime an ISO 8601 value.
"""

import json
import re
from datetime import date, datetime
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

VOCABULARY = Path(__file__).parent / "data" / "schemaorg" / "vocabulary.json"
CONTEXTS = {"https://schema.org", "https://schema.org/", "http://schema.org", "http://schema.org/"}
NUMERIC = {"Number", "Integer", "Float", "Quantity", "Distance", "QuantitativeValue"}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@cache
def vocabulary():
    return json.loads(VOCABULARY.read_text(encoding="utf-8"))


@cache
def ancestors(type_name):
    """``type_name`` and every type it is a subclass of."""
    classes = vocabulary()["classes"]
    found = {type_name}
    for parent in classes.get(type_name, {}).get("subClassOf", ()):
        found |= ancestors(parent)
    return frozenset(found)


def _types(node):
    value = node.get("@type", ())
    return [value] if isinstance(value, str) else list(value)


def _value_problem(value, ranges):
    """Why ``value`` fits none of ``ranges``, or None."""
    ranges = set(ranges)
    if not ranges:
        return None
    if isinstance(value, dict):
        types = _types(value)
        if not types:
            return None if set(value) <= {"@id"} else "a node without @type"
        if any(ancestors(name) & ranges for name in types):
            return None
        return f"{'/'.join(types)} is not one of {sorted(ranges)}"
    if isinstance(value, bool):
        return None if "Boolean" in ranges else f"a boolean for {sorted(ranges)}"
    if isinstance(value, int | float):
        expanded = {name for kind in ranges for name in ancestors(kind)}
        return None if expanded & NUMERIC else f"a number for {sorted(ranges)}"
    if isinstance(value, str):
        datatypes = set(vocabulary()["datatypes"])
        if ranges <= {"Date", "DateTime"}:
            return _date_problem(value, ranges)
        if ranges & datatypes:
            return None
        if any("Enumeration" in ancestors(kind) for kind in ranges):
            return None
        return f"a string for {sorted(ranges)}"
    return f"a {type(value).__name__}"


def _date_problem(value, ranges):
    try:
        if "DateTime" in ranges and "T" in value:
            datetime.fromisoformat(value)
        elif ISO_DATE.fullmatch(value):
            date.fromisoformat(value)
        else:
            return f"{value!r} is not an ISO 8601 {'/'.join(sorted(ranges))}"
    except ValueError:
        return f"{value!r} is not an ISO 8601 {'/'.join(sorted(ranges))}"
    return None


def node_problems(node, path="$"):
    """What in ``node`` (and the nodes inside it) schema.org does not allow, as
    ``"path: problem"`` strings."""
    vocab = vocabulary()
    problems = []
    types = _types(node)
    if not types:
        return [] if set(node) <= {"@id", "@context"} else [f"{path}: no @type"]
    unknown = [name for name in types if name not in vocab["classes"]]
    problems += [f"{path}: no schema.org type {name!r}" for name in unknown]
    problems += [
        f"{path}: {name} is superseded by {vocab['classes'][name]['supersededBy']}"
        for name in types
        if vocab["classes"].get(name, {}).get("supersededBy")
    ]
    if unknown:
        return problems
    lineage = frozenset().union(*(ancestors(name) for name in types))
    for key, value in node.items():
        if key.startswith("@"):
            continue
        here = f"{path}.{key}"
        term = vocab["properties"].get(key)
        if term is None:
            problems.append(f"{here}: no schema.org property {key!r}")
            continue
        if not lineage & set(term["domainIncludes"]):
            problems.append(f"{here}: not a property of {'/'.join(types)}")
        if term.get("supersededBy"):
            problems.append(f"{here}: superseded by {term['supersededBy']}")
        for index, item in enumerate(value if isinstance(value, list) else [value]):
            item_path = f"{here}[{index}]" if isinstance(value, list) else here
            problem = _value_problem(item, term["rangeIncludes"])
            if problem:
                problems.append(f"{item_path}: {problem}")
            if isinstance(item, dict):
                problems += node_problems(item, item_path)
    return problems


def json_ld_problems(data):
    """Problems of one JSON-LD document: its context, then its node or ``@graph``."""
    if data.get("@context") not in CONTEXTS:
        return [f"$: @context is {data.get('@context')!r}, not schema.org"]
    nodes = data["@graph"] if "@graph" in data else [data]
    problems = []
    for index, node in enumerate(nodes):
        problems += node_problems(node, f"$[{index}]" if "@graph" in data else "$")
    return problems


class _JsonLdScripts(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.blocks = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
        self._inside = tag == "script" and dict(attrs).get("type") == "application/ld+json"
        if self._inside:
            self.blocks.append("")

    def handle_endtag(self, tag):
        self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.blocks[-1] += data


def json_ld_blocks(html):
    """Every JSON-LD script element of ``html``, parsed."""
    parser = _JsonLdScripts()
    parser.feed(html)
    parser.close()
    return [json.loads(block) for block in parser.blocks]
