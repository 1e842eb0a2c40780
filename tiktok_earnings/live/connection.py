"""Keep TikTokLive's client connected to a LIVE until the LIVE ends, handing each event to a Recorder.

`record_live` is the whole connection: it connects through TikTokLive's `TikTokLiveClient`, and
returns when the LIVE ends (TikTok's stream-end control message, or, after a drop, the creator
found no longer LIVE). When the connection drops mid-LIVE (the network, or TikTok closing it
without ending the LIVE), it says so and connects again, a few times with growing waits
(`RECONNECT_WAITS`), appending to the same recording; events sent while it was disconnected are not
recorded. A first connection that fails raises TikTokLive's error as it is, for the command to word.

It runs inside the command's own event loop (asyncio.run), not TikTokLive's `run()`: Ctrl-C then
cancels the connection's task, the WebSocket closes, and every task ends before the loop closes.
TikTokLive is imported only inside the functions here: the `live` extra is needed by `record` alone.
"""

import asyncio
import contextlib
import re
from collections.abc import Callable
from typing import Any

from tiktok_earnings.escape import snippet
from tiktok_earnings.live.recorder import Recorder

CLOSE_TIMEOUT = 1.0  # seconds to wait for TikTok's answer to closing the WebSocket
RECONNECT_WAITS = (1.0, 2.0, 4.0, 8.0, 15.0)  # seconds before each try to connect again after a drop: 30 s in all

# Where the errors of a network that is down or refuses come from: TikTokLive connects through httpx
# and websockets; their errors are not OSError.
NETWORK_MODULES = ("httpx", "httpcore", "websockets", "websocket", "aiohttp", "ssl", "socket", "h11", "h2", "anyio")

# The events recorded: all but ConnectEvent go to Recorder.on_event. The battle events are looked up by name:
# a TikTokLive without them records the rest.
RECORDED_EVENTS = ("GiftEvent", "LikeEvent", "RoomUserSeqEvent", "LinkMicBattleEvent", "LinkMicArmiesEvent")


class ConnectionLost(Exception):
    """The connection dropped mid-LIVE and no try to connect again succeeded; `__cause__` is the last failure."""

    def __init__(self, dropped: str, tries: int, last: str) -> None:
        self.dropped, self.tries, self.last = dropped, tries, last
        super().__init__(f"{dropped}; {tries} tries to connect again failed, the last: {last}")


class RecordingFailed(Exception):
    """Writing an event failed (a full disk, say): `__cause__` is the error. Not a network failure: no reconnecting."""


def reason(error: BaseException) -> str:
    """An exception in one line of words: its message (without the `TikTokLive v7.0.1 -> [REASON]` TikTokLive's errors
    begin with), or its kind when it has none."""
    text = " ".join(str(getattr(error, "strerror", None) or error).split())
    text = re.sub(r"^TikTokLive v\S+ ->\s*(\[[A-Z_0-9]+\]\s*)?", "", text)
    return snippet(text) if text else type(error).__name__


def refusal(error: BaseException) -> str | None:
    """What the signing service answered when it refused (TikTokLive's SignAPIError carries its response): `HTTP 403`
    and the message of its JSON body, if any; None for an error without a response."""
    response = getattr(error, "response", None)
    status = getattr(response, "status_code", None)
    if not isinstance(status, int):
        return None
    try:
        message = response.json().get("message")  # type: ignore[union-attr]
    except Exception:  # not JSON, or not an object: the status says enough
        message = None
    return f"HTTP {status}" + (f": {snippet(str(message))}" if message else "")


def failure(error: BaseException) -> str:
    """Why connecting failed, in words: the signing service's refusal, or the error's message."""
    answered = refusal(error)
    if answered is None:
        return reason(error)
    if answered.startswith("HTTP 429"):
        return f"the signing service refused: too many connections were started ({answered})"
    return f"the signing service refused ({answered})"


def network_error(error: BaseException | None) -> bool:
    """Whether `error`, or one it came from, was raised by the network layer (no network, a proxy, TLS)."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, (OSError, TimeoutError)) or type(error).__module__.split(".")[0] in NETWORK_MODULES:
            return True
        error = error.__cause__ or error.__context__
    return False


class _Connection:
    """One TikTokLiveClient, its listeners wired to the recorder, and what it saw: the LIVE's end, a failed write."""

    def __init__(self, name: str, recorder: Recorder, room: list[str]) -> None:
        from TikTokLive import TikTokLiveClient
        from TikTokLive import events as live_events

        self.recorder = recorder
        self.room = room  # the room id of the first connection, once connected: shared by the connections of a run
        self.ended = False
        self.failure: BaseException | None = None
        self.task: asyncio.Task[Any] | None = None
        # A short close handshake: on Ctrl-C mid-LIVE, frames TikTok already sent queue up unread ahead of its answer
        # to the close frame, and the default 10 s wait (more than once) made stopping take half a minute.
        self.client = client = TikTokLiveClient(unique_id=name, ws_kwargs={"close_timeout": CLOSE_TIMEOUT})
        client.add_listener(live_events.ConnectEvent, self._guard(self._on_connect))
        client.add_listener(live_events.LiveEndEvent, self._on_end)
        for kind in RECORDED_EVENTS:
            event_class = getattr(live_events, kind, None)
            if event_class is not None:
                client.add_listener(event_class, self._guard(recorder.on_event))

    def _guard(self, handler: Callable[[Any], None]) -> Callable[[Any], None]:
        """The handler, such that an error writing the recording stops the connection, and is not taken for a drop."""

        def handle(event: Any) -> None:
            if self.failure is not None:
                return
            try:
                handler(event)
            except Exception as error:
                self.failure = error
                if self.task is not None:
                    self.task.cancel()

        return handle

    def _on_connect(self, event: Any) -> None:
        room = str(event.room_id)
        if not self.room:
            self.room.append(room)
        elif self.room[0] == room:
            return  # the same LIVE again, after a drop: one recording session, one ConnectEvent line
        self.recorder.on_connect(event)  # a first connection, or a new LIVE of the creator's: `import` warns of it

    def _on_end(self, _event: Any) -> None:
        self.ended = True  # TikTokLive closes the connection itself; the loop task then ends

    async def start(self) -> None:
        self.task = await self.client.start()

    async def wait(self) -> None:
        """Until the connection's task ends: the LIVE ended, the connection closed, or it failed (raised here)."""
        assert self.task is not None
        try:
            await self.task
        except asyncio.CancelledError:
            if self.failure is None:
                raise  # Ctrl-C (asyncio.run cancels the main task, and with it this one)
        if self.failure is not None:
            raise RecordingFailed() from self.failure

    async def close(self) -> None:
        """Close the WebSocket and the HTTP client, and wait for the connection's task to end."""
        task = self.task
        if task is not None and not task.done():
            task.cancel()
            await asyncio.wait([task])
        with contextlib.suppress(Exception):
            await self.client.web.close()


async def record_live(name: str, recorder: Recorder, say: Callable[[str], None],
                      connected: Callable[[], None], waits: tuple[float, ...] | None = None) -> None:
    """Record @name's LIVE until it ends. `connected` is called once, when the first connection is made; `say`
    tells of a drop and of connecting again. Raises the first connection's TikTokLive errors as they are,
    RecordingFailed when an event could not be written, and ConnectionLost when the connection dropped and
    could not be made again in `len(waits)` tries (RECONNECT_WAITS unless given)."""
    from TikTokLive.client.errors import TikTokLiveError, UserOfflineError

    waits = RECONNECT_WAITS if waits is None else waits

    def passing(error: BaseException) -> bool:  # a failure of the network or of TikTok, not of this tool
        return network_error(error) or isinstance(error, TikTokLiveError)

    room: list[str] = []
    dropped: str | None = None  # why the connection dropped, while connecting again
    tries = 0  # tries to connect again since it dropped
    while True:
        failed: BaseException | None = None
        connection = _Connection(name, recorder, room)
        try:
            try:
                await connection.start()
            except UserOfflineError:
                if dropped is None:
                    raise
                say(f"@{name} is no longer LIVE: the LIVE ended while the connection was down")
                return
            except Exception as error:
                if dropped is None or not passing(error):
                    raise
                failed = error
            else:
                if dropped is None:
                    connected()
                else:
                    say(f"connected again to @{name}'s LIVE; what was sent while the connection was down is not recorded")
                dropped, tries = None, 0
                try:
                    await connection.wait()
                except RecordingFailed:
                    raise
                except Exception as error:
                    if not passing(error):
                        raise  # a genuine bug: not dressed up as a drop
                    dropped = f"the connection to @{name}'s LIVE dropped ({reason(error)})"
                else:
                    if connection.ended:
                        return
                    dropped = f"TikTok closed the connection to @{name}'s LIVE without ending the LIVE"
        finally:
            await connection.close()
        assert dropped is not None
        if tries == len(waits):
            raise ConnectionLost(dropped, tries, failure(failed) if failed is not None else "") from failed
        now = dropped if failed is None else f"could not connect again ({failure(failed)})"
        say(f"{now}; connecting again in {waits[tries]:g} s (try {tries + 1} of {len(waits)}) …")
        await asyncio.sleep(waits[tries])
        tries += 1
