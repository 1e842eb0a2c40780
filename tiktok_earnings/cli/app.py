"""The command line's own small framework: each command is declared once, by its function's signature.

A command is a function; each parameter declares one option or argument with `Annotated`:

    def sweep(scenario: Annotated[str, Argument("SCENARIO", help="A scenario file (YAML).")],
              vary: Annotated[str, Option("--vary", metavar="FIELD=RANGE", help="...")],
              output_format: Annotated[RowsFormat, Option("--format", "-f", metavar="FORMAT", help="...")]
              = RowsFormat.table) -> None:

The type says how the text is read: `str`, `int` (with `min=`), `Path`, a `StrEnum` (its values are the
choices), `bool` (a flag), `list[str]` (an argument that takes one or more); `X | None` may be left
out. A parameter without a default is required. From that one declaration come the parsing, the
checks and their messages, `--help` (laid out by cli/help.py) and the benchmarks' floor app.

Why not Typer or click: one scenario to JSON should cost at most twice what Python, PyYAML and
reading the file cost (issue 15), and importing Typer, or click alone, costs about half of that
budget (docs/development.md). This module imports nothing beyond what a run already has; the
parsing is click's grammar (options anywhere among the arguments, `--name=value`, `-fVALUE`, `--`),
and usage errors read as click's did: the usage line, how to get help, then `Error: ...`, exit 2.
Only the command that runs has its module imported and its parameters read, so start-up does not
grow with the commands.
"""

import sys
from collections.abc import Callable, Iterable, Iterator
from enum import Enum
from pathlib import Path
from types import NoneType, UnionType
from typing import Annotated, Any, get_args, get_origin

USAGE_ERROR, INTERRUPTED = 2, 130  # as errors.ExitCode has them (not imported: --help loads none of the core)
HELP_NAMES = ("-h", "--help")


class Exit(Exception):
    """End the command with this exit code."""

    def __init__(self, code: int = 0) -> None:
        super().__init__(code)
        self.code = code


class BadParameter(Exception):
    """A value an option or argument cannot take: a usage error naming it (`param_hint`, e.g. "'--vary'")."""

    def __init__(self, message: str, param_hint: str | None = None) -> None:
        super().__init__(message)
        self.message, self.param_hint = message, param_hint


class UsageError(Exception):
    """The command line itself is wrong: shown under the command's usage line, exit code 2."""

    def __init__(self, message: str, command: "Command | None" = None) -> None:
        super().__init__(message)
        self.message, self.command = message, command


Words = Callable[[], Iterable[str]]  # the values a text option or argument takes, for a shell's Tab (cli/completion.py)


class Option:
    """How an option is written and shown: its names (`--format`, `-f`), what it takes (`metavar`), its
    help, an optional lower bound for a whole number (`min`), a check of the value read (`check`, which
    returns it or raises BadParameter), the help section it is listed in, and, for a text whose values
    are known (a preset's name), a function giving them (`complete`), called only on a Tab."""

    def __init__(self, *names: str, metavar: str = "", help: str = "", min: int | None = None,
                 check: Callable[[Any], Any] | None = None, section: str = "Options", show_default: bool = True,
                 complete: Words | None = None) -> None:
        self.names, self.metavar, self.help, self.min = names, metavar, help, min
        self.check, self.section, self.show_default, self.complete = check, section, show_default, complete


class Argument:
    """How a positional argument is shown: its name in the usage line (`metavar`) and its help; for
    completion, `files=True` where it names files or folders without being a `Path` (text that may be
    a glob pattern), or `complete`, as an Option's."""

    def __init__(self, metavar: str, help: str = "", files: bool = False, complete: Words | None = None) -> None:
        self.metavar, self.help, self.files, self.complete = metavar, help, files, complete


MISSING = object()  # a parameter without a default: required


class Parameter:
    """One option or argument of a command, read from its function's signature."""

    def __init__(self, name: str, annotation: Any, default: Any) -> None:
        kind, declared = get_args(annotation)[:2]
        if isinstance(kind, UnionType):  # X | None
            kind = next(member for member in get_args(kind) if member is not NoneType)
        self.many = get_origin(kind) is list
        if self.many:
            (kind,) = get_args(kind)
        self.name, self.kind, self.declared, self.default = name, kind, declared, default
        self.is_option = isinstance(declared, Option)
        self.flag = kind is bool
        self.required = default is MISSING

    @property
    def names(self) -> tuple[str, ...]:
        return self.declared.names if self.is_option else ()

    @property
    def metavar(self) -> str:
        if self.flag:
            return ""
        return self.declared.metavar or self.name.upper()

    @property
    def hint(self) -> str:
        """How an error names it: `'--format' / '-f'`, or `'PATH'`."""
        if self.is_option:
            return " / ".join(f"'{name}'" for name in sorted(self.names, key=lambda name: not name.startswith("--")))
        return f"'{self.metavar}{'...' if self.many else ''}'"

    @property
    def takes_path(self) -> bool:
        """Whether its value is a path (a `Path`, or an argument declared with `files=True`): a shell completes it."""
        return self.kind is Path or (not self.is_option and self.declared.files)

    def convert(self, text: str) -> Any:
        """The value of `text` as this parameter takes it; BadParameter when it cannot."""
        if self.kind is int:
            digits = text[1:] if text[:1] in ("+", "-") else text
            try:
                if not (digits.isascii() and digits.isdigit()):  # int() would also read ' 2', '1_0' and '٢'
                    raise ValueError(text)
                value: Any = int(text)
            except ValueError:  # not digits, or more of them than int() reads
                raise BadParameter(f"'{_snippet(text)}' is not a valid integer.") from None
            bound = self.declared.min if self.is_option else None
            if bound is not None and value < bound:
                raise BadParameter(f"{_snippet(str(value))} is not in the range x>={bound}.")
        elif isinstance(self.kind, type) and issubclass(self.kind, Enum):
            choices = [member.value for member in self.kind]
            if text not in choices:
                raise BadParameter(f"'{_snippet(text)}' is not one of {', '.join(repr(choice) for choice in choices)}.")
            value = self.kind(text)
        elif self.kind is Path:
            value = Path(text)
        else:
            value = text
        check = self.declared.check if self.is_option else None
        return value if check is None else check(value)

    def default_shown(self) -> str | None:
        """The default as --help shows it, or None where it shows none."""
        if self.required or self.flag or self.default is None or (self.is_option and not self.declared.show_default):
            return None
        return str(self.default.value if isinstance(self.default, Enum) else self.default)


def _snippet(text: str) -> str:
    """A value from the command line as an error quotes it: escape.snippet, loaded only when an error needs it."""
    from tiktok_earnings.escape import snippet

    return snippet(text)


def first_sentence(text: str) -> str:
    """The first sentence of a help text, on one line."""
    first = " ".join(text.strip().split("\n\n")[0].split())
    end = first.find(". ")
    return first if end < 0 else first[: end + 1]


def parameters(function: Callable[..., Any]) -> list[Parameter]:
    """The parameters `function` declares, in order (its annotations and defaults are read, not its body)."""
    code = function.__code__
    names = code.co_varnames[: code.co_argcount + code.co_kwonlyargcount]
    positional_defaults = function.__defaults__ or ()
    defaults = dict(zip(names[code.co_argcount - len(positional_defaults): code.co_argcount], positional_defaults,
                        strict=True))
    defaults |= function.__kwdefaults__ or {}
    annotations = function.__annotations__
    return [Parameter(name, annotations[name], defaults.get(name, MISSING)) for name in names]


class Command:
    """A command: its name, the function that runs it (whose signature declares its parameters), the help
    section it is listed in, its help (the function's docstring unless given) and its epilog (the
    examples; a function that returns it, where it is worked out only when the help is read)."""

    def __init__(self, name: str, function: Callable[..., Any], section: str, help: str | None,
                 epilog: str | Callable[[], str] | None) -> None:
        self.name, self.function, self.section = name, function, section
        self.help = help if help is not None else (function.__doc__ or "")
        self._epilog = epilog
        self._parameters: list[Parameter] | None = None

    @property
    def epilog(self) -> str:
        return self._epilog() if callable(self._epilog) else (self._epilog or "")

    @property
    def parameters(self) -> list[Parameter]:
        if self._parameters is None:
            self._parameters = parameters(self.function)
        return self._parameters

    def run(self, values: dict[str, Any]) -> None:
        """Call the command's function with the values parsed for it."""
        self.function(**values)

    def summary(self) -> str:
        """The help's first sentence, whole, for the list of commands."""
        return first_sentence(self.help)

    def parse(self, args: list[str]) -> dict[str, Any]:
        """The function's keyword arguments for `args`: UsageError where they are wrong."""
        by_name = {name: parameter for parameter in self.parameters for name in parameter.names}
        given: dict[str, str | bool] = {}
        positional: list[str] = []
        tokens = iter(args)
        for token in tokens:
            if token == "--":
                positional.extend(tokens)
            elif token.startswith("-") and token != "-" and not is_negative_number(token):
                parameter, value = self._option(token, by_name, tokens)
                given[parameter.name] = value
            else:
                positional.append(token)
        values: dict[str, Any] = {}
        for parameter in self.parameters:
            text = given.get(parameter.name, MISSING) if parameter.is_option else self._take(parameter, positional)
            try:
                values[parameter.name] = self._value(parameter, text)
            except BadParameter as error:
                raise UsageError(f"Invalid value for {error.param_hint or parameter.hint}: {error.message}", self) from None
        if positional:
            extra = "argument" if len(positional) == 1 else "arguments"
            raise UsageError(f"Got unexpected extra {extra} ({' '.join(positional)})", self)
        return values

    def _option(self, token: str, by_name: dict[str, Parameter], tokens: Iterator[str]) -> tuple[Parameter, str | bool]:
        name, joined, value = token.partition("=") if token.startswith("--") else (token[:2], bool(token[2:]), token[2:])
        parameter = by_name.get(name)
        if parameter is None:
            raise UsageError(f"No such option: {name}{_close(name, by_name)}", self)
        if parameter.flag:
            if joined:
                raise UsageError(f"Option '{name}' does not take a value.", self)
            return parameter, True
        if joined:
            return parameter, value
        following = next(tokens, None)
        if following is None:
            raise UsageError(f"Option '{name}' requires an argument.", self)
        return parameter, following

    @staticmethod
    def _take(parameter: Parameter, positional: list[str]) -> Any:
        if not positional:
            return MISSING
        if parameter.many:
            taken = positional[:]
            positional.clear()
            return taken
        return positional.pop(0)

    def _value(self, parameter: Parameter, text: Any) -> Any:
        if text is MISSING:
            if parameter.required:
                what = "option" if parameter.is_option else "argument"
                raise UsageError(f"Missing {what} {parameter.hint}.", self)
            return parameter.default
        if parameter.flag:
            return True
        if parameter.many:
            return [parameter.convert(item) for item in text]
        return parameter.convert(text)


def is_negative_number(token: str) -> bool:
    """`-1`, `-0.5` or `-.5`: an argument (which the command may then refuse), not an option; no option's name
    starts with a digit."""
    first = token[1:2] if token[1:2] != "." else token[2:3]
    return first != "" and first in "0123456789"


def _close(name: str, names: dict[str, Parameter]) -> str:
    """` (did you mean --jobs?)` for a misspelt option, else nothing."""
    import difflib  # only on this error's path

    known = {option.removeprefix("--"): option for option in names if option.startswith("--")}
    close = difflib.get_close_matches(name.removeprefix("--"), list(known), n=1, cutoff=0.75)
    return f" (did you mean {known[close[0]]}?)" if close else ""


class App:
    """The tool's commands and how a command line is turned into a call.

    A command is declared in a module of its own concern; `modules` says which, for each command name,
    in the order --help lists them. That module is imported only when its command is wanted
    (`find`): a run does not pay for importing every other command's declaration. `commands`
    imports them all, for --help and completion. Commands declared on an app without `modules` (a
    test's) are listed in the order they are declared.
    """

    def __init__(self, name: str, help: str, version: str, moved: dict[str, str] | None = None,
                 modules: dict[str, str] | None = None) -> None:
        self.name, self.help, self.version = name, help, version
        self.moved = moved or {}  # options the tool once had at the top, and the command that does it now
        self.modules = modules or {}  # command name -> the module that declares it
        self.declared: dict[str, Command] = {}  # the commands declared so far, by the modules imported so far

    def find(self, name: str) -> "Command | None":
        """The command called `name`, its module imported first; None if there is none."""
        module = self.modules.get(name)
        if module is not None:
            __import__(module)
        return self.declared.get(name)

    @property
    def commands(self) -> dict[str, Command]:
        """Every command, each module imported, in the order of `modules` (then any declared without one)."""
        for module in dict.fromkeys(self.modules.values()):
            __import__(module)
        return {name: self.declared[name] for name in self.modules} | self.declared

    def command(self, name: str | None = None, *, section: str, epilog: str | Callable[[], str] | None = None,
                help: str | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Declare the decorated function as a command (named after it, without a trailing `_`)."""

        def register(function: Callable[..., Any]) -> Callable[..., Any]:
            called = name or function.__name__.rstrip("_").replace("_", "-")
            self.declared[called] = Command(called, function, section, help, epilog)
            return function

        return register

    def __call__(self, args: list[str] | None = None, prog_name: str | None = None) -> None:
        """Run the command line `args` (sys.argv's by default); always ends in SystemExit with the exit code."""
        prog = prog_name or self.name
        args = sys.argv[1:] if args is None else list(args)
        try:
            self._run(args, prog)
        except Exit as done:
            raise SystemExit(done.code) from None
        except UsageError as error:
            _usage_error(error, prog)
            raise SystemExit(USAGE_ERROR) from None
        except KeyboardInterrupt:  # Ctrl-C while the command line is read (a command's own is met by errors_handled)
            sys.stderr.write(f"{self.name}: interrupted\n")
            raise SystemExit(INTERRUPTED) from None
        raise SystemExit(0)

    def _run(self, args: list[str], prog: str) -> None:
        from tiktok_earnings.cli import help as layout

        if not args:
            sys.stderr.write(layout.app_help(self, prog))
            raise Exit(USAGE_ERROR)
        first, rest = args[0], args[1:]
        if first in HELP_NAMES:
            sys.stdout.write(layout.app_help(self, prog))
            return
        if first == "--version":
            print(f"{self.name} {self.version}")
            return
        if first.startswith("-"):
            now = self.moved.get(first)
            raise UsageError(f"No such option: {first}" + (f" (now `{self.name} {now}`)" if now else ""))
        command = self.find(first)
        if command is None:
            import difflib

            close = difflib.get_close_matches(first, list(self.commands), n=1)
            raise UsageError(f"No such command '{first}'." + (f" Did you mean '{close[0]}'?" if close else ""))
        if any(token in HELP_NAMES for token in rest[: rest.index("--") if "--" in rest else len(rest)]):
            sys.stdout.write(layout.command_help(command, prog))
            return
        values = command.parse(rest)
        try:
            command.run(values)
        except BadParameter as error:  # a value the command found wrong once it looked: a usage error, as above
            raise UsageError(f"Invalid value for {error.param_hint or 'a parameter'}: {error.message}", command) from None


def _usage_error(error: UsageError, prog: str) -> None:
    from tiktok_earnings.cli import help as layout
    from tiktok_earnings.escape import terminal  # a message may quote an argument: a file name from a glob, say

    command = error.command
    where = prog if command is None else f"{prog} {command.name}"
    usage = layout.usage(command, prog)
    sys.stderr.write(f"{usage}\nTry '{where} -h' for help.\n\nError: {terminal(error.message)}\n")


__all__ = ["Annotated", "App", "Argument", "BadParameter", "Command", "Exit", "Option", "UsageError"]
