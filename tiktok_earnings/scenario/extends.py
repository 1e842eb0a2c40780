"""`extends: ../base.yaml`: a scenario inherits another file's keys, merged deeply.

Mappings merge key by key, and the scenario's own keys win; a list or a single value is replaced
whole. `name` is never inherited (a scenario is named for itself). A base may extend another base.
Every value keeps the file and line it came from, so an error in an inherited value points at
the base file. A cycle, or a base that cannot be read, is an error at the `extends:` line.
"""

import os
from pathlib import Path

from tiktok_earnings.errors import InputError
from tiktok_earnings.scenario.yamldoc import Document, load_document

NOT_INHERITED = ("name",)

# Base documents already read in this run, by resolved path: a folder of scenarios usually shares
# one base. Only bases are kept, so memory does not grow with the number of scenarios.
DocumentCache = dict[Path, Document | InputError]


def load_extended(path: str | Path, cache: DocumentCache | None = None) -> Document:
    """Read a scenario file with everything it extends merged in; InputError if anything is wrong."""
    return _resolve(load_document(path), (), {} if cache is None else cache)


def _load_base(name: str, resolved: Path, chain: tuple[Path, ...], cache: DocumentCache) -> Document:
    known = cache.get(resolved)
    if known is None:
        try:
            known = _resolve(load_document(name), chain, cache)
        except InputError as error:
            known = error
        cache[resolved] = known
    if isinstance(known, InputError):
        raise known
    return known


def _resolve(document: Document, chain: tuple[Path, ...], cache: DocumentCache) -> Document:
    """The document with its base merged in; `chain` holds the files that extend it, to find cycles."""
    data = document.data
    if not isinstance(data, dict) or "extends" not in data:
        return document
    resolved = Path(os.path.realpath(document.file))
    reference = data["extends"]
    if not isinstance(reference, str) or not reference.strip():
        raise InputError([document.problem(("extends",), "`extends` must be the path of another scenario file",
                                           "write it relative to this file, e.g. `extends: ../base.yaml`")])
    base_name = os.path.normpath(os.path.join(os.path.dirname(document.file), reference.strip()))
    base_resolved = Path(os.path.realpath(base_name))
    if base_resolved == resolved or base_resolved in chain:
        loop = " → ".join(str(p) for p in (*chain, resolved, base_resolved))
        raise InputError([document.problem(("extends",), f"`extends` makes a cycle: {loop}",
                                           "remove the `extends` that leads back to this file")])
    if not base_resolved.is_file():
        raise InputError([document.problem(("extends",), f"the base file '{base_name}' does not exist",
                                           "write the path relative to this file, e.g. `extends: ../base.yaml`")])
    base = _load_base(base_name, base_resolved, (*chain, resolved), cache)
    return _merged(base, document)


def _merged(base: Document, own: Document) -> Document:
    base_data = base.data if isinstance(base.data, dict) else {}
    inherited = {key: value for key, value in base_data.items() if key not in NOT_INHERITED}
    own_data = {key: value for key, value in own.data.items() if key != "extends"} if isinstance(own.data, dict) else {}
    origins = {path: origin for path, origin in base.origins.items() if path and path[0] not in NOT_INHERITED}
    origins.update(own.origins)
    return Document(own.file, _merge(inherited, own_data), origins)


def _merge(base: dict, own: dict) -> dict:
    merged = dict(base)
    for key, value in own.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged
