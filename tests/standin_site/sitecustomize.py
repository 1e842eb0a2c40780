"""Points TikTokLive at the local stand-in for TikTok (tests/standin_tiktok.py), in a test's subprocess only.

The tests run `tiktok-earnings record` as a user does, in a subprocess, with this folder first on
PYTHONPATH, so Python runs this module at start-up (the `site` module imports `sitecustomize`).
It acts only when TIKTOK_EARNINGS_STANDIN is set, to the stand-in's base URL
(http://127.0.0.1:PORT): it sets TikTokLive's own `WebDefaults`, the base URLs TikTokLive reads for
the room lookup, the live check and the signing service (the WebSocket's address comes from the
signing service's answer). Nothing of this is in the tool: it has no setting to point it elsewhere.

Two more things, for the tests alone:
- TIKTOK_EARNINGS_STANDIN_WAITS="0.1,0.1" sets the waits between tries to connect again after a drop
  (tiktok_earnings.live.connection.RECONNECT_WAITS), so that a test of giving up does not take 30 s;
- SIGINT is given back its default handler when the process started with it ignored, as a shell
  starts its background jobs (a CI run may be one); a user's terminal delivers Ctrl-C as usual.
"""

import os
import signal

_BASE = os.environ.get("TIKTOK_EARNINGS_STANDIN")
if _BASE:
    if not _BASE.startswith("http://127.0.0.1:"):
        raise SystemExit(f"TIKTOK_EARNINGS_STANDIN must be the stand-in's http://127.0.0.1:PORT, not {_BASE!r}")
    from TikTokLive.client.web.web_settings import WebDefaults

    WebDefaults.tiktok_app_url = _BASE
    WebDefaults.tiktok_sign_url = _BASE
    WebDefaults.tiktok_webcast_url = _BASE + "/webcast"

    _WAITS = os.environ.get("TIKTOK_EARNINGS_STANDIN_WAITS")
    if _WAITS:
        from tiktok_earnings.live import connection

        connection.RECONNECT_WAITS = tuple(float(wait) for wait in _WAITS.split(","))

    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
