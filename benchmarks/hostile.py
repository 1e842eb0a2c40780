"""Try the installed tool against hostile inputs and faults (issue 13), each in a process of its own.

    .venv/bin/python benchmarks/hostile.py          # prints one line per failure, then the figures

For each case: the exit code must be 0, 1 or 2 (or 129/130/143 for a signal), with no traceback; it
must end within TIMEOUT seconds (else it hangs); stdout must be empty or one whole JSON or CSV
document; every stderr line must start with a file the case named, `tiktok-earnings`, or a usage
box; and no file is lost: every file the case protects keeps its bytes and its kind, and no
`.partial` file is left behind. The figures: inputs tried, handled cleanly, tracebacks, hangs, files lost.
"""

import csv
import hashlib
import io
import json
import os
import signal
import stat
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from tiktok_earnings.escape import terminal

ROOT = Path(__file__).resolve().parent.parent
CONFIGS = ROOT / "configs"
FRIDAY = str(CONFIGS / "friday-qa.yaml")
TIMEOUT = 30
SCENARIO = "name: S\nstream: {duration_minutes: 60, average_viewers: 100}\n"
MAIN = "from tiktok_earnings.cli import main; main()"


class Case:
    def __init__(self, klass: int, what: str, args: list[str], fmt: str | None = None, protect: tuple[Path, ...] = (),
                 shell: str | None = None, script: str | None = None, signal_exit: bool = False) -> None:
        self.klass, self.what, self.args, self.fmt, self.protect = klass, what, args, fmt, protect
        self.shell, self.script, self.signal_exit = shell, script, signal_exit


def fingerprint(path: Path) -> tuple[object, ...]:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return ("missing",)
    if stat.S_ISREG(info.st_mode):
        return ("file", hashlib.sha256(path.read_bytes()).hexdigest())
    return (stat.S_IFMT(info.st_mode), os.readlink(path) if stat.S_ISLNK(info.st_mode) else None)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def cases(tmp: Path) -> list[Case]:
    found: list[Case] = []
    add = found.append

    # 1. data loss through --output, --junit, --export, -o
    scenario = write(tmp, "o/show.yaml", "extends: _shared/base.yaml\n" + SCENARIO)
    base = write(tmp, "o/_shared/base.yaml", "payout: {tax_rate: 0.2}\n")
    base_txt = write(tmp, "o2/_base.txt", "payout: {tax_rate: 0.2}\n")
    write(tmp, "o2/show.yaml", "extends: _base.txt\n" + SCENARIO)
    other = write(tmp, "other.yaml", SCENARIO)
    recording = write(tmp, "rec/stream.jsonl", (CONFIGS / "recorded-stream.jsonl").read_text())
    kept = write(tmp, "kept.txt", "keep me\n")
    os.symlink(kept, tmp / "link.json")
    os.mkfifo(tmp / "pipe.json")
    (tmp / "folder").mkdir()
    targets = [tmp / "link.json", tmp / "pipe.json", tmp / "folder", scenario, base, other, recording, kept.parent / "kept.txt"]
    try:
        os.mknod(tmp / "null", 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        targets.append(tmp / "null")
    except (PermissionError, OSError):
        pass
    for target in targets:
        for option in ("--output", "--junit"):
            inputs = [str(tmp / "o")] if target in (scenario, base) else [str(recording)] if target == recording else [FRIDAY]
            protect = (target, kept) if target != kept.parent / "kept.txt" else ()
            add(Case(1, f"run {option} {target.name}", ["run", *inputs, "--format", "json", option, str(target)],
                     "json", protect))
    add(Case(1, "output over a .txt base", ["run", str(tmp / "o2"), "--format", "csv", "-o", str(base_txt)], "csv", (base_txt,)))
    add(Case(1, "output and junit share a path", ["run", FRIDAY, "-o", str(tmp / "same.xml"), "--junit", str(tmp / "same.xml")]))
    same_svg = str(tmp / "same.svg")
    add(Case(1, "output and export share a path", ["run", FRIDAY, "-o", same_svg, "--export", same_svg]))
    history = str(CONFIGS / "history-example.csv")
    add(Case(1, "calibrate -o an existing scenario", ["calibrate", history, "-o", str(other)], None, (other,)))
    add(Case(1, "calibrate -o /dev/null", ["calibrate", history, "-o", "/dev/null"], None, (Path("/dev/null"),)))
    add(Case(1, "calibrate -o its own history", ["calibrate", history, "-o", history], None, (Path(history),)))
    add(Case(1, "import -o an existing scenario", ["import", str(recording), "-o", str(other)], None, (other, recording)))
    add(Case(1, "import -o the recording", ["import", str(recording), "-o", str(recording), "--force"], None, (recording,)))
    add(Case(1, "init over a scenario", ["init", str(other)], None, (other,)))
    add(Case(1, "init over a symlink, forced", ["init", str(tmp / "link.json"), "--force"], None, (tmp / "link.json", kept)))
    add(Case(1, "record --out a FIFO", ["record", "@x", "--out", str(tmp / "pipe.json")], None, (tmp / "pipe.json",)))

    # 2. unbounded reads and hangs
    fifo_dir = tmp / "fifo"
    fifo_dir.mkdir()
    write(fifo_dir, "good.yaml", SCENARIO)
    os.mkfifo(fifo_dir / "blocked.yaml")
    os.mkfifo(tmp / "named.yaml")
    for args in (["/dev/zero"], ["/dev/urandom"], [str(tmp / "named.yaml")], [str(fifo_dir)], [f"{fifo_dir}/*.yaml"],
                 [f"{fifo_dir}/**/*.yaml"], ["/dev/zero.jsonl"], [str(fifo_dir / "blocked.yaml"), FRIDAY]):
        add(Case(2, f"run {' '.join(args)}", ["run", *args, "--format", "json"], "json"))
    os.symlink("/dev/zero", tmp / "zero.jsonl")
    add(Case(2, "a link to /dev/zero named .jsonl", ["run", str(tmp / "zero.jsonl"), "--format", "csv"], "csv"))
    add(Case(2, "import /dev/zero", ["import", "/dev/zero"]))
    add(Case(2, "calibrate a FIFO", ["calibrate", str(tmp / "named.yaml")]))
    big = write(tmp, "big.yaml", "# " + "x" * (2 * 1024 * 1024) + "\n" + SCENARIO)
    add(Case(2, "a 2 MB scenario", ["run", str(big), "--format", "json"], "json"))
    long_line = write(tmp, "long.jsonl", '{"event": "LikeEvent", "x": "' + "x" * (2 * 1024 * 1024) + '"}\n')
    add(Case(2, "a 2 MB recording line", ["run", str(long_line), "--format", "json"], "json"))

    # 3. crashes on input
    texts = {
        "deep flow nesting": "a: " + "[" * 5000 + "]" * 5000 + "\n",
        "deep block nesting": "".join(" " * i + "k:\n" for i in range(600)),
        "a recursive alias": "gifts: &a [*a]\n" + SCENARIO,
        "a recursive mapping alias": "stream: &a {x: *a}\n",
        "billion laughs": "a: &a [1,1,1,1,1,1,1,1,1]\n" + "".join(
            f"{b}: &{b} [{', '.join(['*' + a] * 9)}]\n" for a, b in zip("abcde", "bcdef", strict=True)),
        "a python tag": "name: !!python/object/apply:os.system ['echo pwned']\n" + SCENARIO,
        "binary junk": "\x00\x01\x02\xff",
        "a BOM and CRLF": "\ufeffname: S\r\nstream: {duration_minutes: 60, average_viewers: 100}\r\n",
    }
    for number in ("1e999999999", "-1e999999999", "9" * 5000, "1e-1000000", "-0", ".nan", ".inf", "0x7fffffffffffffff",
                   "1E+28", "123456789012345678901234567890.123", "0.0000000000001", "1_000_000_000_000_000"):
        for key in ("stream:\n  duration_minutes: {n}\n  average_viewers: 100\n",
                    "stream: {{duration_minutes: 60, average_viewers: 100}}\ngifts: [{{gift: Rose, count: {n}}}]\n",
                    "stream: {{duration_minutes: 60, average_viewers: 100}}\npayout: {{currency: EUR, fx_rate: {n}}}\n",
                    "stream: {{duration_minutes: 60, average_viewers: 100}}\nengagement: {{elasticity: {{base: {n}}}}}\n"):
            texts[f"{number[:12]} in {key.split(chr(10))[-2][:30]}"] = key.format(n=number)
    for what, text in texts.items():
        path = write(tmp, f"crash/{len(found)}.yaml", text) if not what.startswith("binary") else tmp / f"crash/{len(found)}.yaml"
        if what.startswith("binary"):
            path.write_bytes(b"\x00\x01\x02\xff")
        add(Case(3, what, ["run", str(path), FRIDAY, "--format", "json"], "json"))
    chain = tmp / "chain"
    for i in range(60):
        write(chain, f"_b{i}.yaml", f"extends: _b{i + 1}.yaml\n")
    write(chain, "_b60.yaml", SCENARIO)
    write(chain, "top.yaml", "extends: _b0.yaml\n")
    add(Case(3, "a chain of 60 bases", ["run", str(chain), "--format", "csv"], "csv"))
    events = {
        "repeatCount 10^30": {"repeatCount": 10**30, "repeatEnd": True, "gift": {"id": 5655, "diamondCount": 1}},
        "diamondCount 10^40": {"repeatCount": 1, "repeatEnd": True, "gift": {"id": 1, "diamondCount": 10**40}},
        "negative price": {"repeatCount": 1, "repeatEnd": True, "gift": {"id": 1, "diamondCount": -5}},
        "a 4000-digit count": {"repeatCount": int("9" * 4000), "gift": {"id": 1, "diamondCount": 1}},
        "string counts": {"repeatCount": "9" * 60, "gift": {"id": "x", "diamondCount": "1e9"}},
        "a list for gift": {"gift": [1, 2]},
    }
    for what, data in events.items():
        line = json.dumps({"event": "GiftEvent", "received_at": "2025-06-01T20:00:00Z", "data": data})
        path = write(tmp, f"recs/{len(found)}.jsonl", line + "\n")
        add(Case(3, f"recording: {what}", ["run", str(path), FRIDAY, "--format", "json"], "json"))
    for what, times in {"year 9999 and year 1": ("0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z"),
                        "times going back": ("2025-06-01T21:00:00Z", "2025-06-01T20:00:00Z")}.items():
        lines = [json.dumps({"event": "RoomUserSeqEvent", "received_at": at, "data": {"total": "10"}}) for at in times]
        path = write(tmp, f"recs/{len(found)}.jsonl", "\n".join(lines) + "\n")
        add(Case(3, f"recording: {what}", ["run", str(path), "--format", "csv"], "csv"))

    # 4. reading outside the scenario tree, and echoing it
    secret = write(tmp, "secret.txt", "root: $6$SECRET-HASH\ntoken: ghp_SECRET\n")
    tree = tmp / "tree"
    for what, reference in (("a relative path out", "../secret.txt"), ("an absolute path", str(secret)),
                            ("/etc/passwd", "../" * 12 + "etc/passwd"), ("/etc/shadow", "/etc/shadow"),
                            ("/proc/self/environ", "/proc/self/environ")):
        write(tree, "show.yaml", f"extends: {reference}\n" + SCENARIO)
        for fmt in ("json", "markdown"):
            add(Case(4, f"extends {what} ({fmt})", ["run", str(tree), "--format", fmt], "json" if fmt == "json" else None))
    os.symlink(secret, tmp / "linked-base.yaml")
    write(tmp, "lt/show.yaml", "extends: _base.yaml\n" + SCENARIO)
    os.symlink(secret, tmp / "lt" / "_base.yaml")
    add(Case(4, "a base that links outside", ["run", str(tmp / "lt"), "--format", "json"], "json"))
    write(tmp, "ls/good.yaml", SCENARIO)
    os.symlink(secret, tmp / "ls" / "leak.yaml")
    add(Case(4, "a scenario that links outside", ["run", str(tmp / "ls"), "--format", "json"], "json"))
    for what, text in (("a list", "- a\n- b\n"), ("a string", "just text\n"), ("a .env", "TOKEN=ghp_SECRET\n"),
                       ("a CSV", "a,b\n1,2\n")):
        write(tmp, f"nm{len(found)}/_base.yaml", text)
        write(tmp, f"nm{len(found)}/show.yaml", "extends: _base.yaml\n" + SCENARIO)
        add(Case(4, f"a base that is {what}", ["run", str(tmp / f"nm{len(found)}"), "--format", "json"], "json"))

    # 5. terminal and document injection
    for what, name in (("an escape sequence", "\x1b[2J\x1b[H"), ("a forged error line", "x\nfake.yaml:1: all good"),
                       ("a bell and backspaces", "\x07\x08\x08\x08"), ("a bidi override", "\u202eevil"),
                       ("Rich markup", "[bold red]x[/] [/oops]"), ("a CSV formula", "=HYPERLINK(\"http://x\")"),
                       ("a mention and HTML", "@org/team <img src=x onerror=alert(1)>"), ("XML breakers", "]]>\x00\x0b&"),
                       ("a C1 control", "\x9b31m")):
        path = write(tmp, f"inj/{len(found)}.yaml", json.dumps({"name": name, "stream": {"duration_minutes": 60,
                                                                                         "average_viewers": 100},
                                                                "gifts": [{"name": name, "coins": 5, "count": 1}]}))
        for fmt in ("table", "json", "csv", "markdown"):
            add(Case(5, f"{what} ({fmt})", ["run", str(path), "--format", fmt], fmt if fmt in ("json", "csv") else None))
        add(Case(5, f"{what} (junit and svg)", ["run", str(path), "--junit", str(tmp / "j.xml"), "--export",
                                                str(tmp / "e.svg")]))
        bad = write(tmp, f"inj/bad{len(found)}.yaml", json.dumps({"stream": {"duration_minutes": name}}))
        add(Case(5, f"{what} in an error", ["run", str(bad), "--format", "json"], "json"))
    odd = write(tmp, "inj/file\x1b[2Jname\n.yaml", "stream: {duration_minutes: -1, average_viewers: 1}\n")
    add(Case(5, "a file name with an escape and a newline", ["run", str(odd), "--format", "csv"], "csv"))

    # 6. environment problems
    add(Case(6, "stdout full", [], shell=f"{{cmd}} run '{FRIDAY}' --format json > /dev/full"))
    add(Case(6, "stdout closed", [], shell=f"{{cmd}} run '{FRIDAY}' >&-"))
    add(Case(6, "stderr closed", [], fmt="json", shell=f"{{cmd}} run '{tmp / 'crash' / '0.yaml'}' --format json 2>&-"))
    add(Case(6, "--output a folder", ["run", FRIDAY, "--output", str(tmp)]))
    add(Case(6, "--output in a missing folder", ["run", FRIDAY, "--output", str(tmp / "nowhere" / "r.json")]))
    add(Case(6, "--junit in /proc", ["run", FRIDAY, "--junit", "/proc/r.xml"]))
    add(Case(6, "record without network", [], shell="https_proxy=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9"
                                                     f" {{cmd}} record @nobody --out '{tmp / 'net.jsonl'}'"))

    # 7. signals
    for name in ("SIGTERM", "SIGHUP", "SIGINT"):
        report = tmp / f"sig-{name}.json"
        add(Case(7, f"{name} mid-run", [], protect=(report,), signal_exit=True, script=textwrap.dedent(f"""
            import os, signal
            from tiktok_earnings import batch
            evaluate = batch.evaluate
            def stop(path, cache=None):
                outcome = evaluate(path, cache)
                os.kill(os.getpid(), signal.{name})
                return outcome
            batch.evaluate = stop
            import sys
            sys.argv = ["tiktok-earnings", "run", {str(CONFIGS)!r}, "--format", "json", "--output", {str(report)!r}]
            {MAIN}
        """)))

    # 8. quoted globs
    write(tmp, "g/show.yaml", "extends: _shared/base.yaml\n" + SCENARIO)
    write(tmp, "g/_shared/base.yaml", "payout: {tax_rate: 0.2}\n")
    write(tmp, "g/.hidden/x.yaml", "not: a scenario\n")
    for pattern in ("**/*.yaml", "*/*.yaml", "**/*.y*ml", "**"):
        add(Case(8, f"run 'g/{pattern}'", ["run", f"{tmp}/g/{pattern}", "--format", "csv"], "csv"))
    return found


def whole(text: str, fmt: str | None) -> bool:
    if not text or fmt is None:
        return True
    try:
        if fmt == "json":
            json.loads(text)
        else:
            rows = list(csv.reader(io.StringIO(text)))
            return len({len(row) for row in rows}) == 1
    except ValueError:
        return False
    return True


def main() -> int:
    tried = clean = tracebacks = hangs = lost = 0
    cmd = f"'{sys.executable}' -c '{MAIN}'"
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        found = cases(tmp)
        for case in found:
            tried += 1
            before = {path: fingerprint(path) for path in case.protect}
            if case.shell:
                command: list[str] | str = case.shell.format(cmd=cmd)
            elif case.script:
                command = [sys.executable, "-c", case.script]
            else:
                command = [sys.executable, "-c", MAIN, *case.args]
            try:
                result = subprocess.run(command, shell=bool(case.shell), capture_output=True, timeout=TIMEOUT, cwd=ROOT,
                                        stdin=subprocess.DEVNULL)
            except subprocess.TimeoutExpired:
                hangs += 1
                print(f"HANG      [{case.klass}] {case.what}")
                continue
            out, err = result.stdout.decode(errors="replace"), result.stderr.decode(errors="replace")
            allowed = {0, 1, 2} | ({129, 130, 143} if case.signal_exit else set())
            traceback = "Traceback" in out + err or result.returncode == 3
            given = [arg for arg in case.args if not arg.startswith("-")]
            named = tuple(terminal(arg.split("*")[0]) for arg in given) + ("tiktok-earnings", "Usage:", "Try ", "╭", "│", "╰")
            lines_ok = all(line.startswith(named) or any(line.startswith(str(p)) for p in case.protect)
                           for line in err.splitlines()) if not case.shell and not case.script else True
            ok = result.returncode in allowed and not traceback and whole(out, case.fmt) and lines_ok
            ok = ok and "\x1b" not in out + err and "ghp_SECRET" not in out + err and "SECRET-HASH" not in out + err
            gone = [path for path in case.protect if fingerprint(path) != before[path]]
            partials = list(tmp.rglob("*.partial"))
            if gone or partials:
                lost += len(gone) + len(partials)
                print(f"LOST      [{case.klass}] {case.what}: {gone + partials}")
                for partial in partials:
                    partial.unlink()
            if traceback:
                tracebacks += 1
                print(f"TRACEBACK [{case.klass}] {case.what}: rc {result.returncode} {err.strip()[-300:]}")
            elif not ok:
                print(f"UNCLEAN   [{case.klass}] {case.what}: rc {result.returncode} stderr {err[:300]!r} stdout {out[:100]!r}")
            clean += ok and not gone and not partials
    print(f"inputs tried: {tried}; handled cleanly: {clean}; tracebacks: {tracebacks}; hangs: {hangs}; files lost: {lost}")
    return 0 if clean == tried else 1


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.default_int_handler)
    sys.exit(main())
