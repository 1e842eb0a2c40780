"""Runs over many scenario files: finding them, slicing them for CI shards, and each file's outcome.

One broken file never stops the others: every file gets an Outcome, and the run's exit code is
the worst of them (2 input error > 1 expectation failed > 0 all good). A file whose figures cannot
be computed (a Decimal signal trapped by numbers.MONEY) is an input error of that file alone.
"""

import functools
import os
import stat
from collections.abc import Callable, Iterable, Iterator
from decimal import DecimalException
from typing import TYPE_CHECKING, NamedTuple

from tiktok_earnings.calculator import calculate
from tiktok_earnings.errors import ExitCode, InputError, Problem
from tiktok_earnings.files import RECORDING_SUFFIX, SCENARIO_SUFFIXES, describe
from tiktok_earnings.report import Report, rounded
from tiktok_earnings.scenario.expectations import failed_expectations
from tiktok_earnings.scenario.extends import DocumentCache
from tiktok_earnings.scenario.model import Scenario
from tiktok_earnings.scenario.reader import load_scenario

if TYPE_CHECKING:
    from tiktok_earnings.live.tally import Recording


class Outcome(NamedTuple):
    """What became of one scenario file: its report, or why there is none, and its failed expectations."""

    source: str
    report: Report | None = None
    problems: tuple[Problem, ...] = ()  # why the file could not be computed
    failures: tuple[Problem, ...] = ()  # expectations its figures missed
    warnings: tuple[Problem, ...] = ()  # worth knowing, but no reason to fail (a recording's open streak); for stderr
    recording: "Recording | None" = None  # a LIVE recording's own figures (gifters, minutes, guests, battles)

    @property
    def exit_code(self) -> ExitCode:
        if self.problems:
            return ExitCode.INPUT_ERROR
        return ExitCode.EXPECTATION_FAILED if self.failures else ExitCode.OK

    @property
    def status(self) -> str:
        return {ExitCode.OK: "ok", ExitCode.EXPECTATION_FAILED: "failed", ExitCode.INPUT_ERROR: "error"}[self.exit_code]


def worst_exit_code(codes: Iterable[int]) -> int:
    return max(codes, default=ExitCode.OK)


def collect(arguments: Iterable[str]) -> tuple[list[str], list[Problem]]:
    """The scenario files and LIVE recordings named by files, folders (searched recursively) and glob patterns.

    Files come out sorted (sort_key) and once each, whatever order the file system lists them in. Folders and
    glob patterns follow one rule: files and folders whose names start with `_` or `.` are skipped
    (that is where shared `extends:` bases live), unless the pattern spells that name out, and only
    regular files are taken (a FIFO or a device is reported, never read). A file named explicitly is
    taken, reading it reports what is wrong with it, unless it is a link that leads out of its folder.

    A folder's files are found in sorted order already, and a pattern's are sorted, so that a run of one
    folder or pattern, the usual large run, needs no second list of its paths, nor a sort key for each.
    """
    taken_each: list[list[str]] = []
    problems = []
    for argument in arguments:
        looked_at: set[str] = set()  # the matches to look at before they are taken (all of a pattern's)
        if os.path.isdir(argument):
            matches = []
            for path, plain in _entries_under(argument, SCENARIO_SUFFIXES):
                matches.append(path)
                if not plain:
                    looked_at.add(path)
            if not matches:
                problems.append(Problem(argument, None, "folder holds no .yaml or .yml scenario files", "check the path"))
        elif (info := _lstat(argument)) is not None or not _has_magic(argument):
            matches = [argument]  # a file, or a missing one: loading it reports the problem
            if info is not None and stat.S_ISLNK(info.st_mode) and _leads_out(argument):
                problems.append(Problem(argument, None, "is a link to a file outside its folder: not read",
                                        "name the file it links to, or copy that file into the folder"))
                matches = []
        else:
            matches = sorted((path for path in dict.fromkeys(_matching(argument)) if not os.path.isdir(path)), key=sort_key)
            looked_at = set(matches)
            if not matches:
                problems.append(Problem(argument, None, "no files match this pattern", "check the pattern and quote it"))
        taken = []
        for path in matches:
            problem = _not_taken(path, argument) if path in looked_at else None
            if problem is None:
                taken.append(path)
            else:
                problems.append(problem)
        taken_each.append(taken)
    if len(taken_each) == 1:
        return taken_each[0], problems
    return sorted(dict.fromkeys(path for taken in taken_each for path in taken), key=sort_key), problems


def _has_magic(argument: str) -> bool:
    """Whether `argument` is a glob pattern. glob is imported only here and for a pattern: a run names files
    that exist, and then needs neither this nor glob's regular expressions, compiled when it is imported."""
    import glob

    return glob.has_magic(argument)


def _not_taken(path: str, argument: str) -> Problem | None:
    """Why a file found in a folder or by a pattern is skipped: not a regular file, or a link out of the folder."""
    kind = describe(path)
    if kind is not None:
        return Problem(path, None, f"is {kind}, not a scenario file: skipped", "only regular files are read; remove it")
    if not os.path.islink(path) and os.path.isdir(argument):
        return None  # the walk does not follow links to folders: a file that is no link lies inside the folder
    root = _real_root(argument)
    if os.path.commonpath([root, os.path.realpath(path)]) != root:
        return Problem(path, None, "is a link to a file outside the folder: skipped",
                       "copy the file into the folder, or name the file it links to")
    return None


def _lstat(path: str) -> os.stat_result | None:
    """The path's own lstat (a link's, not its target's); None where there is nothing, as os.path.lexists says."""
    try:
        return os.lstat(path)
    except (OSError, ValueError):
        return None


def _leads_out(link: str) -> bool:
    """Whether a link named on the command line leads out of its own folder. The shell expands `scenarios/*.yaml`
    into names, so a link in a pull request would otherwise have a file from elsewhere on the machine read, and
    quoted in an error, as a folder's walk never would."""
    folder = os.path.realpath(os.path.dirname(link) or os.curdir)
    return os.path.commonpath([folder, os.path.realpath(link)]) != folder


@functools.lru_cache(maxsize=256)  # one folder or pattern gives many files
def _real_root(argument: str) -> str:
    return os.path.realpath(roots([argument])[0])


def _matching(pattern: str) -> list[str]:
    """What a glob pattern matches (`**` for any folders), walked as a folder is: a wildcard or `**` takes no name
    that starts with `_` or `.` (a part spelled out takes any), and no link to a folder is followed.

    glob.glob() follows links to folders: a link to its own folder (`ln -s . loop`) under `**` made it search
    loop/loop/loop/... until the paths grew too long, for ever. The walk keeps a stack, not a recursion, so any
    depth is walked.
    """
    from fnmatch import fnmatchcase

    parts = pattern.split(os.sep)
    fixed = next(index for index, part in enumerate(parts) if _has_magic(part))
    start = os.sep.join(parts[:fixed]) or (os.sep if pattern.startswith(os.sep) else "")
    found: list[str] = []
    to_walk = [(start, fixed)]  # a folder, and the index of the pattern's part its entries are to match
    while to_walk:
        folder, index = to_walk.pop()
        part, last = parts[index], index == len(parts) - 1
        if not _has_magic(part):  # spelled out: any name, and a link to a folder is followed (it is named)
            path = os.path.join(folder, part) if folder else part
            if last and os.path.lexists(path):
                found.append(path)
            elif not last and os.path.isdir(path):
                to_walk.append((path, index + 1))
            continue
        if part == "**" and not last:
            to_walk.append((folder, index + 1))  # `**` matches no folder at all, too
        for entry in _listing(folder or os.curdir):
            if entry.name.startswith(("_", ".")) or (part != "**" and not fnmatchcase(entry.name, part)):
                continue
            path = os.path.join(folder, entry.name) if folder else entry.name
            if last:
                found.append(path)
            if _is_folder(entry) and not entry.is_symlink():
                if part == "**":
                    to_walk.append((path, index))
                elif not last:
                    to_walk.append((path, index + 1))
    return found


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # as os.walk: what cannot be looked at is not a folder
        return False


def roots(arguments: Iterable[str]) -> list[str]:
    """The folders a run's scenarios may take `extends:` bases from: each folder named, the folder of each
    file named, and for a glob pattern the folder its fixed start names."""
    found = []
    for argument in arguments:
        if os.path.isdir(argument):
            found.append(argument)
        elif os.path.lexists(argument) or not _has_magic(argument):
            found.append(os.path.dirname(argument) or ".")
        else:
            fixed = []
            for part in argument.split(os.sep):
                if _has_magic(part):
                    break
                fixed.append(part)
            found.append(os.sep.join(fixed) or ("/" if argument.startswith(os.sep) else "."))
    return found


def files_under(folder: str, suffixes: tuple[str, ...] = SCENARIO_SUFFIXES, *, any_case: bool = False) -> Iterator[str]:
    """The files under `folder` whose names end with one of `suffixes` (in any letter case if `any_case`), sorted.

    Files and folders whose names start with `_` or `.` are skipped, and links to folders are not followed.
    """
    return (path for path, _ in _entries_under(folder, suffixes, any_case))


def _entries_under(folder: str, suffixes: tuple[str, ...], any_case: bool = False) -> Iterator[tuple[str, bool]]:
    """files_under()'s files in the order sort_key() puts them, each with whether it is plainly taken: a regular
    file, not a link, as the folder's listing says (so that 10,000 files cost no system call each; anything
    else _not_taken() looks at). Each folder's entries are taken by name, a sub-folder's files where its name
    falls among them: sort_key()'s order, which compares paths part by part."""
    listings = [_listing(folder)]
    while listings:
        entry = next(listings[-1], None)
        if entry is None:
            listings.pop()
            continue
        name = entry.name
        if name.startswith(("_", ".")):
            continue
        if _is_folder(entry):
            if not entry.is_symlink():
                listings.append(_listing(entry.path))
        elif (name.lower() if any_case else name).endswith(suffixes):
            yield entry.path, entry.is_file(follow_symlinks=False)


def _listing(folder: str) -> Iterator[os.DirEntry[str]]:
    """A folder's entries by name; none for a folder that cannot be listed, which is passed over, as os.walk does."""
    try:
        with os.scandir(folder) as entries:
            return iter(sorted(entries, key=_name))
    except OSError:
        return iter(())


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def sort_key(path: str) -> str:
    """Sorts as the tuple of the path's parts would (a folder's files before a longer sibling name), but as one
    string: for 50,000 files the tuples cost about 20 MiB at the peak of a run, a string a quarter of that."""
    return os.path.normpath(path).replace(os.sep, "\0")


def shard(paths: list[str], index: int, count: int, group_of: Callable[[str], str] | None = None) -> list[str]:
    """The `index`-th (1-based) of `count` slices of a sorted list: every count-th file from there; or, with
    `group_of`, every count-th group (in the order the list first names them) with all of its files, so that
    a group's totals are whole in one slice.

    Together the slices are exactly the list, and no two share a file.
    """
    if not 1 <= index <= count:
        raise ValueError(f"shard {index}/{count} is out of range: K must be between 1 and N")
    if group_of is None:
        return paths[index - 1 :: count]
    groups = {group: None for group in map(group_of, paths)}  # in order of first appearance
    mine = set(list(groups)[index - 1 :: count])
    return [path for path in paths if group_of(path) in mine]


def evaluate(path: str, cache: DocumentCache | None = None) -> Outcome:
    """Read, compute and check one scenario file, or import and compute one recording."""
    try:
        scenario, warnings, recording = _load(path, cache)
        report = rounded(calculate(scenario))
        failures = tuple(failed_expectations(report))
    except InputError as error:
        return Outcome(path, problems=tuple(error.problems))
    except DecimalException as error:  # reading refuses figures too large to report (calculator.too_large): a safety net
        return Outcome(path, problems=(Problem(path, None, f"cannot be computed: {_signal(error)}",
                                               "look for a number far larger or smaller than the others"),))
    except RecursionError:  # nesting is refused when read (yamldoc.MAX_DEPTH): a safety net, for this file alone
        return Outcome(path, problems=(_TOO_DEEP._replace(file=path),))
    return Outcome(path, report, (), failures, warnings, recording)  # by position: quicker, and made for every file


_TOO_DEEP = Problem("", None, "is nested too deeply to read", "flatten it")


def _signal(error: DecimalException) -> str:
    """What a Decimal signal means, in words."""
    kind = type(error).__name__
    words = {"Overflow": "a figure is too large", "DivisionByZero": "a division by zero", "Underflow": "a figure is too small"}
    return words.get(kind, f"a figure cannot be held exactly ({kind})")


def check(path: str, cache: DocumentCache | None = None) -> Outcome:
    """Read and check one scenario file or recording without computing it (`validate`)."""
    try:
        _, warnings, _ = _load(path, cache)
    except InputError as error:
        return Outcome(path, problems=tuple(error.problems))
    except RecursionError:
        return Outcome(path, problems=(_TOO_DEEP._replace(file=path),))
    return Outcome(path, warnings=warnings)


def _load(path: str, cache: DocumentCache | None) -> "tuple[Scenario, tuple[Problem, ...], Recording | None]":
    """The scenario in a file, its warnings, and the recording it comes from: a `.jsonl` file is a LIVE recording."""
    if path.lower().endswith(RECORDING_SUFFIX):
        from tiktok_earnings.live.reader import load_recording  # only paid for when there is a recording

        scenario, recording = load_recording(path)
        return scenario, recording.warnings + scenario.warnings, recording
    scenario = load_scenario(path, cache)
    return scenario, scenario.warnings, None
