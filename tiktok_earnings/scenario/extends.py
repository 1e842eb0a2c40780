"""`extends: ../base.yaml`: a scenario inherits another file's keys, merged deeply.

Mappings merge key by key, and the scenario's own keys win; a list or a single value is replaced
whole. `name` is never inherited (a scenario is named for itself). A base may extend another base.
Every value keeps the file and line it came from, so an error in an inherited value points at
the base file. A cycle, or a base that cannot be read, is an error at the `extends:` line.

A base must lie inside the folders being run (`DocumentCache.roots`: each folder named, the
fixed start of each glob pattern, the folder of each file named), or, with no roots given, inside
the scenario's own folder; symbolic links are followed before that check. A scenario that arrives
in a pull request cannot make the tool read (and quote back) a file elsewhere on the CI runner.
`anywhere=True` (--allow-extends-outside) lifts the rule. A base must be a mapping of scenario keys,
and a chain of bases is at most MAX_CHAIN long.
"""

import os
from collections.abc import Iterable
from pathlib import Path

from tiktok_earnings import files
from tiktok_earnings.errors import InputError
from tiktok_earnings.escape import snippet
from tiktok_earnings.scenario.yamldoc import Document, load_document

NOT_INHERITED = ("name",)
MAX_CHAIN = 16  # bases extending bases: deeper than any real set-up, and far below Python's recursion limit
OUTSIDE_HINT = "keep shared bases inside the folder you run (e.g. scenarios/_shared/), or pass --allow-extends-outside"


class DocumentCache(dict[Path, Document | InputError]):
    """Base documents already read in this run, by resolved path (a folder of scenarios usually shares one
    base; only bases are kept, so memory does not grow with the number of scenarios), and where bases may
    be read from: under `roots`, or anywhere; with no roots, under each scenario's own folder."""

    def __init__(self, roots: "Iterable[str | os.PathLike[str]]" = (), anywhere: bool = False) -> None:
        super().__init__()
        self.roots = tuple(Path(os.path.realpath(root)) for root in roots)
        self.anywhere = anywhere
        self.real: dict[str, Path] = {}  # a folder or a base, as named, and its real path: resolved once a run


def _real(name: str, cache: dict) -> Path:
    """Path(os.path.realpath(name)), remembered by a DocumentCache for the run: the scenarios of a folder share
    their folder and usually their base."""
    known: dict[str, Path] | None = getattr(cache, "real", None)
    real = None if known is None else known.get(name)
    if real is None:
        real = Path(os.path.realpath(name))
        if known is not None:
            known[name] = real
    return real


def _real_file(name: str, cache: dict) -> Path:
    """The real path of a file: its folder's (remembered), then its own name, unless that is a link."""
    folder, own = os.path.split(name)
    if own in ("", ".", "..") or os.path.islink(name):
        return Path(os.path.realpath(name))
    return _real(folder or os.curdir, cache) / own


def load_extended(path: str | Path, cache: "dict[Path, Document | InputError] | None" = None) -> Document:
    """Read a scenario file with everything it extends merged in; InputError if anything is wrong.

    `cache` is a DocumentCache (a plain dict is taken too: bases then lie under the scenario's own folder).
    """
    cache = DocumentCache() if cache is None else cache
    roots = getattr(cache, "roots", ()) or (_real(os.path.dirname(os.path.abspath(path)), cache),)
    return _resolve(load_document(path), (), cache, None if getattr(cache, "anywhere", False) else roots)


def _load_base(name: str, resolved: Path, chain: tuple[Path, ...], cache: dict, roots: tuple[Path, ...] | None) -> Document:
    known = cache.get(resolved)
    if known is None:
        try:
            known = _resolve(load_document(name), chain, cache, roots)
        except InputError as error:
            known = error
        cache[resolved] = known
    if isinstance(known, InputError):
        raise known
    return known


def _resolve(document: Document, chain: tuple[Path, ...], cache: dict, roots: tuple[Path, ...] | None) -> Document:
    """The document with its base merged in; `chain` holds the files that extend it, to find cycles.

    `roots`: the folders a base must lie under (None: anywhere)."""
    data = document.data
    if not isinstance(data, dict) or "extends" not in data:
        return document
    resolved = _real_file(document.file, cache)
    reference = data["extends"]
    if not isinstance(reference, str) or not reference.strip():
        raise InputError([document.problem(("extends",), "`extends` must be the path of another scenario file",
                                           "write it relative to this file, e.g. `extends: ../base.yaml`")])
    if "\0" in reference:
        raise InputError([document.problem(("extends",), "`extends` holds a NUL character (\\0), which no path can",
                                           "write the base file's path relative to this file, e.g. `extends: ../base.yaml`")])
    base_name = os.path.normpath(os.path.join(os.path.dirname(document.file), reference.strip()))
    base_resolved = _real(base_name, cache)
    if base_resolved == resolved or base_resolved in chain:
        loop = " → ".join(str(p) for p in (*chain, resolved, base_resolved))
        raise InputError([document.problem(("extends",), f"`extends` makes a cycle: {loop}",
                                           "remove the `extends` that leads back to this file")])
    if roots is not None and not any(base_resolved.is_relative_to(root) for root in roots):
        raise InputError([document.problem(("extends",), f"the base file '{snippet(reference.strip())}' is outside the"
                                           " folders being run: it is not read", OUTSIDE_HINT)])
    if len(chain) >= MAX_CHAIN:
        raise InputError([document.problem(("extends",), f"`extends` chains more than {MAX_CHAIN} bases",
                                           "let fewer bases extend each other")])
    if base_resolved not in cache:  # a base already read this run is a scenario file
        _check_base(document, reference.strip(), base_resolved)
    try:
        base = _load_base(base_name, base_resolved, (*chain, resolved), cache, roots)
    except InputError as error:  # the base's own problems, at its lines, after where this file names it
        raise InputError([document.problem(("extends",), f"the base file '{snippet(reference.strip())}' cannot be used:"
                                           " what is wrong with it follows",
                                           "fix the base: every scenario that extends it fails with it"),
                          *error.problems]) from None
    if not isinstance(base.data, dict):
        raise InputError([document.problem(("extends",), f"the base file '{snippet(reference.strip())}' is not a mapping of"
                                           " scenario keys", "point `extends:` at a scenario file (key: value lines)")])
    return _merged(base, document)


def _check_base(document: Document, reference: str, base: Path) -> None:
    """InputError at the `extends:` line where `base` is no scenario file: missing, unreadable (a name too long for
    the system, say), not a regular file, or a LIVE recording."""
    written = f"the base file '{snippet(reference)}'"
    try:
        os.stat(base)
    except (FileNotFoundError, NotADirectoryError):
        raise InputError([document.problem(("extends",), f"{written} does not exist",
                                           "write the path relative to this file, e.g. `extends: ../base.yaml`")]) from None
    except OSError as error:
        raise InputError([document.problem(("extends",), f"{written} cannot be read: {error.strerror or error}",
                                           "write the path of a scenario file, relative to this file")]) from None
    kind = files.describe(base)
    if kind is not None:
        raise InputError([document.problem(("extends",), f"{written} is {kind}, not a scenario file",
                                           "point `extends:` at a scenario file (key: value lines)")])
    if base.name.lower().endswith(files.RECORDING_SUFFIX):
        raise InputError([document.problem(("extends",), f"{written} is a LIVE recording, not a scenario file",
                                           f"turn it into one first: tiktok-earnings import {reference} -o base.yaml,"
                                           " then extend that")])



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
