"""A stand-in for the TikTok servers TikTokLive talks to, on 127.0.0.1, so `record` is tested end to end.

A test tool, not a feature. It serves, on one port, what TikTokLive 7 asks for when it connects
(TikTokLive.client.client.TikTokLiveClient.start and the routes in TikTokLive/client/web/routes):

- the room lookup: `GET /@NAME/live`, a page whose SIGI_STATE script names the room (status 4:
  offline; no LiveRoom: no such user), and the API TikTokLive falls back to, `GET /api-live/user/room/`;
- the live check: `GET /webcast/room/check_alive/?room_ids=…`;
- the signing service: `GET /webcast/fetch`, which answers the first ProtoMessageFetchResult as
  protobuf bytes (its push_server is this stand-in's WebSocket) and the X-Set-TT-Cookie header
  TikTokLive requires, or refuses (403, 429) when told to;
- the WebSocket (`/webcast/im/push/v2/`) that streams WebcastPushFrame frames, each carrying a
  ProtoMessageFetchResult of messages, gzipped when the client asks for it (`compress=gzip`), as TikTok does.

Every frame is built from TikTokLive's own proto classes, so the client decodes exactly what it
would decode from TikTok. The tests point TikTokLive here by setting its `WebDefaults` base URLs
(tests/standin_site/sitecustomize.py does that in the `record` subprocess).

The server runs on an event loop of its own, in a thread; the test thread drives it through `StandIn`
and `Link` (one WebSocket connection), whose methods block until done (or a timeout). What the
client sends back is awaited, never slept for: `Link.barrier()` sends an empty frame that asks for an
ack and returns when the ack comes, and TikTokLive acks a frame only after it has handled every frame
before it (one at a time, its listeners called as each event is parsed).
"""

import asyncio
import contextlib
import gzip
import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from websockets.asyncio.server import ServerConnection, serve
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

PUSH_PATH = "/webcast/im/push/v2/"
SITE = Path(__file__).resolve().parent / "standin_site"  # the sitecustomize that points TikTokLive here
TIMEOUT = 60.0  # seconds: generous, for a loaded 2-core machine; a wait that needs longer is a failure


@dataclass
class Room:
    """A creator as the stand-in knows them: a room, live or not."""

    name: str
    room_id: int
    live: bool = True


@dataclass
class Requests:
    """What the client asked for, in order: (method, path) of each HTTP request."""

    seen: list[tuple[str, str]] = field(default_factory=list)

    def paths(self) -> list[str]:
        return [path for _, path in self.seen]


class StandIn:
    """The stand-in server. Use as a context manager: `with StandIn() as tiktok: …`."""

    def __init__(self) -> None:
        self.rooms: dict[str, Room] = {}
        self.sign_refusal: tuple[int, dict[str, Any]] | None = None  # (status, JSON body) the signing service answers
        self.requests = Requests()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="standin-tiktok", daemon=True)
        self.links: asyncio.Queue[Link] | None = None
        self.server: Any = None
        self.port = 0

    # --- running ----------------------------------------------------------------------------

    def __enter__(self) -> "StandIn":
        self.thread.start()
        self.call(self._start())
        return self

    def __exit__(self, *_: object) -> None:
        self.call(self._stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(TIMEOUT)
        self.loop.close()

    async def _start(self) -> None:
        self.links = asyncio.Queue()
        self.server = await serve(self._connected, "127.0.0.1", 0, process_request=self._http,
                                  subprotocols=["echo-protocol"], compression=None, max_size=None, ping_interval=None)
        self.port = self.server.sockets[0].getsockname()[1]

    async def _stop(self) -> None:
        self.server.close()
        await self.server.wait_closed()

    def call(self, coroutine: Any, timeout: float = TIMEOUT) -> Any:
        """Run a coroutine on the stand-in's loop, from the test's thread, and return its result."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def room(self, name: str, room_id: int, live: bool = True) -> Room:
        self.rooms[name] = room = Room(name, room_id, live)
        return room

    def next_link(self, timeout: float = TIMEOUT) -> "Link":
        """The next WebSocket connection the client opens, once it has entered the room (im_enter_room)."""

        async def take() -> Link:
            assert self.links is not None
            link = await self.links.get()
            await link.entered.wait()
            return link

        return self.call(asyncio.wait_for(take(), timeout), timeout + 5)

    # --- HTTP: the room lookup, the live check and the signing service ----------------------

    def _http(self, connection: ServerConnection, request: Request) -> Response | None:
        url = urlsplit(request.path)
        query = {key: values[-1] for key, values in parse_qs(url.query).items()}
        self.requests.seen.append(("GET", url.path))
        if url.path == PUSH_PATH:
            return None  # the WebSocket handshake goes on
        if url.path.startswith("/@") and url.path.endswith("/live"):
            return self._live_page(url.path[2:-len("/live")])
        if url.path == "/api-live/user/room/":
            return self._room_api(query.get("uniqueId", ""))
        if url.path == "/webcast/room/check_alive/":
            ids = [int(text) for text in query.get("room_ids", "").split(",") if text]
            live = {room.room_id: room.live for room in self.rooms.values()}
            return _json(200, {"data": [{"alive": live.get(room_id, False), "room_id": room_id} for room_id in ids]})
        if url.path == "/webcast/fetch":
            return self._sign(query)
        return _json(404, {"message": f"the stand-in does not serve {url.path}"})

    def _live_page(self, name: str) -> Response:
        room = self.rooms.get(name)
        state: dict[str, Any] = {"AppContext": {}}
        if room is not None:
            state["LiveRoom"] = {"liveRoomUserInfo": {"user": {
                "uniqueId": room.name, "roomId": str(room.room_id), "status": 2 if room.live else 4}}}
        page = (f'<!DOCTYPE html><html><head><title>{name} LIVE</title></head><body>'
                f'<script id="SIGI_STATE" type="application/json">{json.dumps(state)}</script></body></html>')
        return _response(200, page.encode(), "text/html; charset=utf-8")

    def _room_api(self, name: str) -> Response:
        room = self.rooms.get(name)
        if room is None:
            return _json(200, {"data": {}, "message": "user_not_found", "statusCode": 19881007})
        return _json(200, {"data": {"user": {"uniqueId": room.name, "roomId": str(room.room_id), "status": 2},
                                    "liveRoom": {"status": 2 if room.live else 4}}, "message": "", "statusCode": 0})

    def _sign(self, query: dict[str, str]) -> Response:
        from TikTokLive.proto import ProtoMessageFetchResult

        if self.sign_refusal is not None:
            status, body = self.sign_refusal
            refusal = _json(status, body)
            if status == 429:  # the rate-limit headers TikTokLive reads (SignatureRateLimitError)
                refusal.headers.update({"RateLimit-Limit": "10", "RateLimit-Remaining": "0",
                                        "RateLimit-Reset": str(int(time.time()) + 60)})
            return refusal
        room_id = query.get("room_id", "")
        first = ProtoMessageFetchResult(
            cursor=f"standin-{room_id}-{time.monotonic_ns()}", fetch_interval=1000, now=int(time.time() * 1000),
            internal_ext=f"standin-first-{room_id}", push_server=f"ws://127.0.0.1:{self.port}{PUSH_PATH}",
            route_params={"room_id": room_id, "im_path": "/webcast/im/fetch/"}, heartbeat_duration=10_000,
            need_ack=False, is_first=True)
        response = _response(200, bytes(first), "application/protobuf")
        response.headers["X-Set-TT-Cookie"] = "ttwid=standin; Path=/; Domain=tiktok.com"
        return response

    # --- the WebSocket --------------------------------------------------------------------

    async def _connected(self, connection: ServerConnection) -> None:
        assert self.links is not None
        link = Link(self, connection)
        await self.links.put(link)
        await link.serve()


class Link:
    """One WebSocket connection from the client: send it messages, end the LIVE, or drop it."""

    def __init__(self, standin: StandIn, connection: ServerConnection) -> None:
        self.standin = standin
        self.connection = connection
        request = connection.request
        assert request is not None
        query = parse_qs(urlsplit(request.path).query)
        self.gzip = query.get("compress", [""])[-1] == "gzip"
        self.room_id = int(query.get("room_id", ["0"])[-1])
        self.entered = asyncio.Event()  # the client sent im_enter_room
        self.received: list[str] = []  # payload types of what the client sent: im_enter_room, hb, ack
        self.acks: dict[str, asyncio.Future[None]] = {}
        self.closed = asyncio.Event()
        self.log_id = 0
        self.sent_messages = 0
        self.barriers = 0

    async def serve(self) -> None:
        """Read what the client sends (enter the room, heartbeats, acks) until the connection closes."""
        from TikTokLive.proto import WebcastPushFrame

        try:
            async for data in self.connection:
                frame = WebcastPushFrame().parse(data if isinstance(data, bytes) else data.encode())
                self.received.append(frame.payload_type)
                if frame.payload_type == "im_enter_room":
                    self.entered.set()
                elif frame.payload_type == "ack":
                    waiter = self.acks.pop(frame.payload.decode(), None)
                    if waiter is not None and not waiter.done():
                        waiter.set_result(None)
        except ConnectionClosed:
            pass
        finally:
            self.closed.set()
            for waiter in self.acks.values():
                if not waiter.done():
                    waiter.set_exception(ConnectionError("the client closed the connection before it acked"))

    # --- frames ---------------------------------------------------------------------------

    def frame(self, messages: Iterable[Any], *, need_ack: bool = False, ext: str = "") -> bytes:
        """A WebcastPushFrame (payload type msg) carrying a ProtoMessageFetchResult of `messages`, proto messages of
        TikTokLive's classes, each named by its class (WebcastGiftMessage …) as TikTok names the method."""
        from TikTokLive.proto import (
            ProtoMessageFetchResult,
            ProtoMessageFetchResultBaseProtoMessage,
            PushHeader,
            WebcastPushFrame,
        )

        wrapped = []
        for message in messages:
            self.sent_messages += 1
            wrapped.append(ProtoMessageFetchResultBaseProtoMessage(
                method=type(message).__name__, payload=bytes(message), msg_id=7_400_000_000_000_000_000 + self.sent_messages))
        result = bytes(ProtoMessageFetchResult(messages=wrapped, cursor=f"c{self.log_id}", fetch_interval=1000,
                                               now=int(time.time() * 1000), internal_ext=ext, need_ack=need_ack))
        self.log_id += 1
        headers = [PushHeader(key="compress_type", value="gzip" if self.gzip else "none")]
        return bytes(WebcastPushFrame(seq_id=self.log_id, log_id=self.log_id, payload_encoding="pb", payload_type="msg",
                                      headers=headers, payload=gzip.compress(result, 1) if self.gzip else result))

    def frames(self, messages: list[Any], per_frame: int) -> list[bytes]:
        """`messages` in frames of `per_frame` (TikTok batches several messages a frame)."""
        return [self.frame(messages[start:start + per_frame]) for start in range(0, len(messages), per_frame)]

    def send(self, messages: list[Any], per_frame: int = 10) -> None:
        """Send `messages`, `per_frame` to a frame, as fast as the connection takes them."""
        self.send_frames(self.frames(messages, per_frame))

    def send_frames(self, frames: list[bytes], timeout: float = TIMEOUT) -> None:
        async def send() -> None:
            for data in frames:
                await self.connection.send(data)

        self.standin.call(asyncio.wait_for(send(), timeout), timeout + 5)

    def barrier(self, timeout: float = TIMEOUT) -> None:
        """Return once the client has handled every frame sent before: it acks this empty frame only after them."""
        self.barriers += 1
        ext = f"barrier-{self.barriers}"

        async def wait() -> None:
            waiter = self.standin.loop.create_future()
            self.acks[ext] = waiter
            await self.connection.send(self.frame([], need_ack=True, ext=ext))
            await waiter

        self.standin.call(asyncio.wait_for(wait(), timeout), timeout + 5)

    def send_past_barrier(self, before: list[bytes], after: list[bytes], timeout: float = TIMEOUT) -> None:
        """Send `before`, a barrier, then `after`; return once the client has handled `before` (it acked the barrier),
        with `after` still being sent, as fast as the connection takes it, until it is sent or the connection closes."""
        self.barriers += 1
        ext = f"barrier-{self.barriers}"

        async def send() -> None:
            waiter = self.standin.loop.create_future()
            self.acks[ext] = waiter
            for data in before:
                await self.connection.send(data)
            await self.connection.send(self.frame([], need_ack=True, ext=ext))
            self.standin.loop.create_task(self._keep_sending(after))
            await waiter

        self.standin.call(asyncio.wait_for(send(), timeout), timeout + 5)

    async def _keep_sending(self, frames: list[bytes]) -> None:
        with contextlib.suppress(ConnectionClosed):
            for data in frames:
                await self.connection.send(data)

    def end_live(self) -> None:
        """The LIVE ends: the control message TikTok sends (action STREAM_ENDED), then the server closes the connection
        as TikTok does, unless the client closed it first."""
        from TikTokLive.proto import WebcastControlMessage
        from TikTokLiveProto.v3.webcast.im import ControlAction

        self.send_frames([self.frame([WebcastControlMessage(action=ControlAction.STREAM_ENDED)])])

    def wait_closed(self, timeout: float = TIMEOUT) -> None:
        """Return once the client has closed the connection (or it was dropped)."""
        self.standin.call(asyncio.wait_for(self.closed.wait(), timeout), timeout + 5)

    def close(self) -> None:
        """TikTok closes the connection (a close frame, code 1000) without ending the LIVE."""

        async def close() -> None:
            await self.connection.close()
            await self.closed.wait()

        self.standin.call(asyncio.wait_for(close(), TIMEOUT), TIMEOUT + 5)

    def drop(self) -> None:
        """The connection drops mid-LIVE: the TCP connection is cut, no close frame (a network failure)."""

        async def cut() -> None:
            self.connection.transport.abort()
            await self.closed.wait()

        self.standin.call(asyncio.wait_for(cut(), TIMEOUT), TIMEOUT + 5)


def record_process(url: str, out: Path, name: str, waits: str = "", stderr: int = subprocess.PIPE) -> "subprocess.Popen[str]":
    """`tiktok-earnings record @NAME -o OUT`, as a user runs it, in a subprocess pointed at the stand-in at `url`
    (standin_site/sitecustomize.py sets TikTokLive's base URLs), with stdout and stderr piped. `waits`, if given
    ("0.1,0.2"), are the seconds between tries to connect again after a drop. Proxies and a signing-service key or URL
    of the environment are left out: they would send the requests elsewhere. `stderr` may be a terminal's file
    descriptor instead of a pipe."""
    env = {key: value for key, value in os.environ.items()
           if not key.lower().endswith("_proxy") and key not in ("SIGN_API_KEY", "SIGN_API_URL")}
    env.update(TIKTOK_EARNINGS_STANDIN=url, NO_PROXY="127.0.0.1", PYTHONPATH=os.pathsep.join(
        [str(SITE), str(SITE.parent.parent), *filter(None, [os.environ.get("PYTHONPATH")])]))
    if waits:
        env["TIKTOK_EARNINGS_STANDIN_WAITS"] = waits
    script = Path(sys.executable).with_name("tiktok-earnings")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "tiktok_earnings"]
    return subprocess.Popen([*command, "record", f"@{name}", "-o", str(out)], env=env, cwd=out.parent,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr,
                            text=True, encoding="utf-8")


def _response(status: int, body: bytes, content_type: str) -> Response:
    headers = Headers({"Content-Type": content_type, "Content-Length": str(len(body)), "Connection": "close"})
    reasons = {200: "OK", 403: "Forbidden", 404: "Not Found", 429: "Too Many Requests", 500: "Internal Server Error"}
    return Response(status, reasons.get(status, "Status"), headers, body)


def _json(status: int, document: dict[str, Any]) -> Response:
    return _response(status, json.dumps(document).encode(), "application/json")
