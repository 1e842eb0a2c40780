"""Headless Chromium for the tests: found, or installed with apt where the tests may, then driven over a pipe.

`chromium()` gives the browser's path, or skips the test with the reason there is none: installing
needs apt-get and root (as in CI, `bash .ci/run` on Debian), and happens once per machine, under a
lock. Set TIKTOK_EARNINGS_NO_BROWSER_INSTALL=1 to never install.

`load(*paths)` opens files, one after the other, in a fresh headless Chromium and reports what
each did: every request it made, every console message and error, a screenshot of the whole page,
and a few facts read from its DOM. It speaks the
DevTools protocol over `--remote-debugging-pipe` (JSON messages ending in NUL, on fds 3 and 4), so it
needs nothing beyond the standard library. `pixels(png)` decodes a screenshot with zlib alone.
"""

import base64
import fcntl
import json
import os
import select
import shutil
import struct
import subprocess
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest

DEBIAN_PATH = "/usr/bin/chromium"
INSTALL = ["apt-get", "install", "-y", "--no-install-recommends", "chromium"]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio",
         "--remote-debugging-pipe"]
TIMEOUT = 60  # seconds for the browser to answer one command


def _found() -> str | None:
    return shutil.which("chromium") or (DEBIAN_PATH if os.access(DEBIAN_PATH, os.X_OK) else None)


def chromium() -> str:
    """The path of Chromium, installing it with apt-get once where that is possible; else the test is skipped."""
    found = _found()
    if found:
        return found
    if os.environ.get("TIKTOK_EARNINGS_NO_BROWSER_INSTALL"):
        pytest.skip("no chromium, and TIKTOK_EARNINGS_NO_BROWSER_INSTALL is set: install it with `apt-get install chromium`")
    if not shutil.which("apt-get"):
        pytest.skip("no chromium, and no apt-get to install it with: install Chromium to run the browser tests")
    if os.geteuid() != 0:
        pytest.skip("no chromium, and installing it with apt-get needs root: `sudo apt-get install chromium`")
    with open(os.path.join(tempfile.gettempdir(), "tiktok-earnings-chromium.lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another test process may be installing it now
        if not _found():
            _install()
    found = _found()
    if not found:
        pytest.skip("apt-get could not install chromium (see the output above): the browser tests need it")
    return found


def _install() -> None:
    print("tests/browser.py: installing chromium with apt-get (once) …", flush=True)
    if _apt(INSTALL) != 0:
        _apt(["apt-get", "update"])  # the package lists may be missing or stale
        _apt(INSTALL)


def _apt(command: list[str]) -> int:
    done = subprocess.run(command, env=os.environ | {"DEBIAN_FRONTEND": "noninteractive"}, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, timeout=1200, check=False)
    if done.returncode != 0:
        print(f"{' '.join(command)}: {done.stderr.decode(errors='replace')[-2000:]}", flush=True)
    return done.returncode


# --- one page in a headless browser ----------------------------------------------------------------------


@dataclass
class Visit:
    """What loading one page did."""

    requests: list[str] = field(default_factory=list)  # every URL the page asked for, the page itself first
    console: list[str] = field(default_factory=list)  # console messages, log entries and uncaught errors: "level: text"
    screenshot: bytes = b""  # PNG of the whole page
    facts: dict = field(default_factory=dict)  # read from its DOM: title, scripts, svgs, text (its length)

    @property
    def errors(self) -> list[str]:
        return [line for line in self.console if line.startswith(("error", "warning", "exception"))]


class _Pipe:
    """The DevTools protocol over a pair of pipes: commands out, answers and events back."""

    def __init__(self, write_fd: int, read_fd: int) -> None:
        self.write_fd, self.read_fd = write_fd, read_fd
        self.buffer, self.last_id = b"", 0
        self.visit, self.session, self.events = Visit(), "", []  # the page being visited: only its events count

    def send(self, method: str, session: str | None = None, **params: object) -> dict:
        self.last_id += 1
        message: dict = {"id": self.last_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self.write_fd, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._next()
            if reply.get("id") == self.last_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def wait_for(self, event: str) -> None:
        while not any(seen.get("method") == event for seen in self.events):
            self._next()

    def _next(self) -> dict:
        deadline = time.monotonic() + TIMEOUT
        while b"\0" not in self.buffer:
            if not select.select([self.read_fd], [], [], max(0, deadline - time.monotonic()))[0]:
                raise TimeoutError("chromium did not answer in time")
            chunk = os.read(self.read_fd, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        message = json.loads(raw)
        if "method" in message and message.get("sessionId") == self.session:
            self.events.append(message)
            self._note(message["method"], message.get("params", {}))
        return message

    def _note(self, method: str, params: dict) -> None:
        if method == "Network.requestWillBeSent":
            self.visit.requests.append(params["request"]["url"])
        elif method == "Runtime.consoleAPICalled":
            words = " ".join(str(arg.get("value", arg.get("description", ""))) for arg in params.get("args", []))
            self.visit.console.append(f"{params['type']}: {words}")
        elif method == "Log.entryAdded":
            entry = params["entry"]
            self.visit.console.append(f"{entry['level']}: {entry.get('text', '')} {entry.get('url', '')}".rstrip())
        elif method == "Runtime.exceptionThrown":
            self.visit.console.append(f"exception: {params['exceptionDetails'].get('text', '')}")


FACTS = ("JSON.stringify({title: document.title, scripts: document.scripts.length, svgs: document.querySelectorAll('svg').length,"
         " text: document.documentElement.textContent.length})")


def load(*paths: Path, width: int = 1000, height: int = 700, scale: float = 1, most: int | None = None) -> list[Visit]:
    """Open each file in turn in one fresh headless Chromium at `width` × `height`: for each, its requests, its
    console, a screenshot of the whole page (`scale` shrinks it; `most` cuts it at that height) and a few facts from
    its DOM (FACTS)."""
    browser = chromium()
    to_browser, from_browser = os.pipe(), os.pipe()  # (read, write) each

    def wire() -> None:  # in the child: Chromium reads commands on fd 3 and writes answers on fd 4
        os.dup2(to_browser[0], 3)
        os.dup2(from_browser[1], 4)

    visits = []
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        process = subprocess.Popen([browser, *FLAGS, f"--user-data-dir={profile}"], preexec_fn=wire, pass_fds=(3, 4),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser[0])
        os.close(from_browser[1])
        pipe = _Pipe(to_browser[1], from_browser[0])
        try:
            for path in paths:
                pipe.visit, pipe.session, pipe.events = Visit(), "", []
                _visit(pipe, path, width, height, scale, most)
                visits.append(pipe.visit)
            os.write(to_browser[1], json.dumps({"id": 0, "method": "Browser.close"}).encode() + b"\0")
        finally:
            os.close(to_browser[1])
            os.close(from_browser[0])
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    return visits


def _visit(pipe: "_Pipe", path: Path, width: int, height: int, scale: float, most: int | None) -> None:
    target = pipe.send("Target.createTarget", url="about:blank")["targetId"]
    session = pipe.session = pipe.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    for domain in ("Page", "Network", "Runtime", "Log"):
        pipe.send(f"{domain}.enable", session)
    pipe.send("Emulation.setDeviceMetricsOverride", session, width=width, height=height, deviceScaleFactor=1, mobile=False)
    pipe.send("Page.navigate", session, url=path.resolve().as_uri())
    pipe.wait_for("Page.loadEventFired")
    facts = pipe.send("Runtime.evaluate", session, expression=FACTS, returnByValue=True)["result"]["value"]
    pipe.visit.facts = json.loads(facts)
    size = pipe.send("Page.getLayoutMetrics", session)["cssContentSize"]
    tall = max(1, size["height"]) if most is None else min(most, max(1, size["height"]))
    clip = {"x": 0, "y": 0, "width": max(width, size["width"]), "height": tall, "scale": scale}
    shot = pipe.send("Page.captureScreenshot", session, format="png", clip=clip, captureBeyondViewport=True)
    pipe.visit.screenshot = base64.b64decode(shot["data"])
    pipe.send("Target.closeTarget", targetId=target)
    pipe.visit.requests = [url for url in pipe.visit.requests if url != "about:blank"]


# --- reading a screenshot ----------------------------------------------------------------------------------


def pixels(png: bytes) -> tuple[int, int, list[tuple[int, ...]]]:
    """Width, height and every pixel (RGB or RGBA) of an 8-bit PNG, decoded with zlib alone."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    position, data, header = 8, b"", b""
    while position < len(png):
        (length,), kind = struct.unpack(">I", png[position:position + 4]), png[position + 4:position + 8]
        chunk = png[position + 8:position + 8 + length]
        if kind == b"IHDR":
            header = chunk
        elif kind == b"IDAT":
            data += chunk
        position += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6), f"a PNG this reader does not know: depth {depth}, colour type {colour}"
    channels = 3 if colour == 2 else 4
    raw, stride, rows, previous = zlib.decompress(data), width * channels, [], bytearray(width * channels)
    for row in range(height):
        start = row * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                guess = left + up - corner
                nearest = min((abs(guess - left), 0, left), (abs(guess - up), 1, up), (abs(guess - corner), 2, corner))[2]
                line[i] = (line[i] + nearest) & 0xFF
        rows.append(bytes(line))
        previous = line
    every = [tuple(line[i:i + channels]) for line in rows for i in range(0, stride, channels)]
    return width, height, every
