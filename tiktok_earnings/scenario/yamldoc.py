"""Read a YAML file into plain data that remembers the line of every value.

Only safe composing is used: nodes are read, and no YAML tag ever builds a Python object. On the
way, numbers become Decimal straight from their text (never through float), duplicate keys are
rejected (PyYAML silently keeps the last one, pyyaml#165), and NaN, infinity, and tags beyond
plain data are refused. Every problem found is collected with its line.
"""

import functools
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from tiktok_earnings.errors import InputError, Problem
from tiktok_earnings.escape import snippet
from tiktok_earnings.files import read_bytes
from tiktok_earnings.numbers import OutOfBounds, parse_decimal, parse_integer

_SafeLoader: "type[yaml.CSafeLoader] | type[yaml.SafeLoader]"  # quoted: without libyaml, yaml has no CSafeLoader
try:
    _SafeLoader = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _SafeLoader = yaml.SafeLoader

_REMEMBERED_LENGTH = 256  # scalars up to this long have their tag remembered: keys, numbers, names; not long texts
_SHORT_DOCUMENT = 2048  # bytes: most scenario files are shorter


class _Loader(_SafeLoader):  # type: ignore[valid-type,misc]  # one of two classes, chosen above
    """The safe loader, with the Python its composer runs for every node cut down: a batch composes many files.

    The tag of a scalar written without one (`12` is an int, `yes` a bool) depends only on its text, and a
    batch writes the same keys and numbers over and over: it is worked out once, and remembered for texts
    of up to _REMEMBERED_LENGTH characters, or for every text of a document of up to _SHORT_DOCUMENT
    (most scenario files), none of whose texts is longer: there the cache is asked directly, without a
    Python call for each node. Either way, what the cache holds stays under 4,096 × _SHORT_DOCUMENT
    characters. Path resolvers (yaml.add_path_resolver) are never used, so the composer's calls to step
    into and out of each node need do nothing: `{}.get` takes (parent, index) and `tuple` takes nothing,
    and neither runs Python code.
    """

    def __init__(self, stream: bytes | str) -> None:
        super().__init__(stream)
        no_parents: dict[object, object] = {}
        self.descend_resolver = no_parents.get
        self.ascend_resolver = tuple
        if len(stream) <= _SHORT_DOCUMENT:
            self.resolve = _tag  # type: ignore[method-assign]

    def resolve(self, kind: type, value: str | None, implicit: object) -> str:
        if value is not None and len(value) > _REMEMBERED_LENGTH:
            return super().resolve(kind, value, implicit)
        return _tag(kind, value, implicit)


@functools.lru_cache(maxsize=4096)
def _tag(kind: type, value: str | None, implicit: object) -> str:
    return _SafeLoader.resolve(_RESOLVER, kind, value, implicit)


_RESOLVER = _SafeLoader("")  # only its resolver is used: the resolvers are the class's, and none is by path

Path_ = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP, _SEQ, _MAP, _MERGE = (
    _TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map", "merge"))
_ScalarNode = yaml.ScalarNode  # most nodes: compared with exactly (the composer makes no subclasses)
_MAX_NODES = 100_000  # a guard against alias bombs ("billion laughs")
MAX_DEPTH = 32  # values nested inside values: a scenario needs 4; also stops an alias that contains itself


class Document:
    """Plain data read from a file, with the file and line where each part of it was written.

    Most parts come from `file` itself; with `extends:` (see extends.py) some come from a base file.
    (A plain class: the dataclasses module imports inspect, a sixth of a run's start-up.)
    """

    __slots__ = ("data", "file", "origins")

    def __init__(self, file: str, data: object, origins: dict[Path_, tuple[str, int]] | None = None) -> None:
        self.file, self.data = file, data
        self.origins: dict[Path_, tuple[str, int]] = {} if origins is None else origins

    def __repr__(self) -> str:
        return f"Document({self.file!r}, {self.data!r}, {self.origins!r})"

    def where(self, path: Path_) -> tuple[str, int]:
        """The file and line of `path`, or of its nearest written parent (for a missing key)."""
        while path not in self.origins and path:
            path = path[:-1]
        return self.origins.get(path, (self.file, 1))

    def problem(self, path: Path_, message: str, hint: str = "") -> Problem:
        file, line = self.where(path)
        return Problem(file, line, message, hint)


def read_text(path: str | Path, limit: int | None = None, what: str = "scenario file") -> bytes:
    """The bytes of a regular file within `limit`, or an InputError that says why it cannot be read (files.py)."""
    return read_bytes(path, limit, what)


def load_document(path: str | Path) -> Document:
    """Read and compose one YAML file; raise InputError with every problem found."""
    return parse_document(read_text(path), str(path))


def parse_document(text: bytes | str, file: str) -> Document:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        what = " ".join(part for part in (error.context, error.problem) if part)
        hint = "check the indentation, colons and quotes here"
        raise InputError([Problem(file, line, f"invalid YAML: {what}", hint)]) from None
    except yaml.YAMLError as error:  # ReaderError: bytes that are not text
        raise InputError([_not_text(text, file, error)]) from None
    if node is None:
        raise InputError([Problem(file, 1, "the file is empty", "write a scenario; see configs/ for examples")])
    document = Document(file, None)
    problems: list[Problem] = []
    document.data = _Converter(document, problems).convert(node, ())
    if problems:
        raise InputError(problems)
    return document


# What YAML 1.1 allows in a file (section 5.1): tab, line breaks, printable ASCII, NEL and the rest of Unicode
# but for surrogates and U+FFFE, U+FFFF.
_NOT_YAML = "[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"


def _not_text(data: bytes | str, file: str, error: yaml.YAMLError) -> Problem:
    """Where a file that PyYAML could not read as text goes wrong, and how: a byte that is not UTF-8, or a
    character YAML does not allow. PyYAML's own message gives neither a line nor the byte in a readable form."""
    import re

    hint = "save the file as UTF-8 text"
    if isinstance(data, bytes):
        encoding = "UTF-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else "UTF-8"  # PyYAML reads both
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as bad:
            if encoding == "UTF-16":
                return Problem(file, None, f"not a YAML text file: it starts as UTF-16 text does, but is not ({bad.reason})",
                               hint)
            return Problem(file, data.count(b"\n", 0, bad.start) + 1,
                           f"not a YAML text file: the byte 0x{data[bad.start]:02X} on this line is not UTF-8",
                           hint + " (it may have been saved as Latin-1 or Windows-1252)")
    else:
        text = data
    found = re.search(_NOT_YAML, text)
    if found is None:
        return Problem(file, None, f"not a YAML text file ({' '.join(str(error).split())})", hint)
    character = found.group()
    return Problem(file, text.count("\n", 0, found.start()) + 1,
                   f"not a YAML text file: the character U+{ord(character):04X} ({snippet(character)}) on this line is not"
                   " allowed in YAML", "remove it, or give the scenario file if this is another kind of file")


class _Converter:
    def __init__(self, document: Document, problems: list[Problem]) -> None:
        self.document = document
        self.problems = problems
        self.nodes_left = _MAX_NODES

    def fail(self, node: yaml.Node, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.document.file, node.start_mark.line + 1, message, hint))

    def convert(self, node: yaml.Node, path: Path_) -> object:
        self.nodes_left -= 1
        if self.nodes_left < 0:
            if self.nodes_left == -1:
                self.fail(node, "the document expands to too many values", "remove deeply nested aliases")
            return None
        origins = self.document.origins
        if path not in origins:  # a mapping's value has its key's line already
            origins[path] = (self.document.file, node.start_mark.line + 1)
        if type(node) is _ScalarNode:  # most nodes: checked first, and exactly (the composer makes no subclasses)
            return self.scalar(node)
        if len(path) > MAX_DEPTH and isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            self.nodes_left = -1  # nothing more is read, and no more problems are reported
            self.fail(node, f"values are nested more than {MAX_DEPTH} levels deep (or an alias contains itself)",
                      "a scenario nests a few levels only; flatten it")
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                self.bad_tag(node)
                return None
            return [self.convert(item, path + (i,)) for i, item in enumerate(node.value)]
        self.bad_tag(node)  # no other kind of node exists
        return None

    def mapping(self, node: yaml.MappingNode, path: Path_) -> dict | None:
        if node.tag != _MAP:
            self.bad_tag(node)
            return None
        result: dict[str, object] = {}
        file, origins = self.document.file, self.document.origins
        pairs = node.value
        for key_node, _ in pairs:
            if key_node.tag == _MERGE:
                pairs = self.merged_pairs(node)
                break
        for key_node, value_node in pairs:
            if type(key_node) is not _ScalarNode:
                key = None
            elif key_node.tag == _STR:
                key = key_node.value  # as scalar() reads a text
            else:
                key = self.scalar(key_node)
            if type(key) is not str:
                self.fail(key_node, "a key must be a word", "write the key as plain text, e.g. `name:`")
                continue
            inner = path + (key,)
            if key in result:  # its first line is its origin, set below when it was first read
                self.fail(key_node, f"duplicate key '{snippet(key)}' (first on line {origins[inner][1]})",
                          "keep only one of them")
                continue
            origins[inner] = (file, key_node.start_mark.line + 1)
            if type(value_node) is _ScalarNode and self.nodes_left > 0:  # convert() written out for the most
                self.nodes_left -= 1  # common value: it counts as a node, and its origin is its key's, just set
                result[key] = value_node.value if value_node.tag == _STR else self.scalar(value_node)
            else:
                result[key] = self.convert(value_node, inner)
        return result

    def merged_pairs(self, node: yaml.MappingNode) -> list[tuple[yaml.Node, yaml.Node]]:
        """The mapping's own pairs, plus those merged in with `<<: *anchor` that it does not set."""
        own = [(k, v) for k, v in node.value if k.tag != _MERGE]
        merged: list[tuple[yaml.Node, yaml.Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag != _MERGE:
                continue
            sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            for source in sources:
                if isinstance(source, yaml.MappingNode):
                    merged.extend(self.merged_pairs(source))
                else:
                    self.fail(source, "`<<` merges only mappings", "point `<<:` at an anchored mapping")
        seen = {_key_text(k) for k, _ in own}
        inherited = []
        for key_node, value_node in merged:
            if _key_text(key_node) not in seen:
                seen.add(_key_text(key_node))
                inherited.append((key_node, value_node))
        return own + inherited

    def scalar(self, node: yaml.ScalarNode) -> object:
        tag, text = node.tag, node.value
        if tag == _STR:
            return text
        if tag == _INT:
            try:
                return parse_integer(text.replace("_", ""))
            except OutOfBounds as error:
                self.fail(node, f"'{_shown(text)}' {error.what}", error.hint)
            except ValueError:
                self.fail(node, f"'{snippet(text)}' is not a plain decimal number", "write numbers in base 10, like 1500")
            return None
        if tag == _FLOAT:
            return self.decimal(node, text.replace("_", ""))
        if tag == _BOOL:
            return text.lower() in ("true", "yes", "on", "y")
        if tag == _NULL:
            return None
        if tag == _TIMESTAMP:
            return text
        self.bad_tag(node)
        return None

    def decimal(self, node: yaml.ScalarNode, text: str) -> Decimal | None:
        """The number, exactly; the reader checks it against the input bounds, naming its key."""
        try:
            value = parse_decimal(text, bounded=False)
        except OutOfBounds as error:
            self.fail(node, f"'{_shown(node.value)}' {error.what}", error.hint)
            return None
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            self.fail(node, f"'{snippet(node.value)}' is not a finite number", "NaN and infinity are not allowed; give a number")
            return None
        return value

    def bad_tag(self, node: yaml.Node) -> None:
        self.fail(node, f"the YAML tag '{snippet(node.tag)}' is not allowed",
                  "scenario files hold plain data only; remove the tag")


def _shown(text: str) -> str:
    return snippet(text) if len(text) <= 40 else snippet(text[:20]) + "…"


def _key_text(node: yaml.Node) -> object:
    return node.value if isinstance(node, yaml.ScalarNode) else id(node)
