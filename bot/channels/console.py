"""The console channel: the same conversation in a terminal, or fed by a script through a pipe.

Choices print as numbered lines; `/attach PATH [caption]` sends a file as evidence (copied
into the data folder). Works the same from a keyboard and from a pipe: it reads lines until
end of input. `FACTORY` is its line in the registry `bot/app.py:CHANNELS`; its settings
slice is the terminal (`Terminal`), which only `complaint-bot chat` opens
(`bot/app.py:open_console`), so `serve` never runs it.
"""

from __future__ import annotations

import asyncio
import logging
import mimetypes
import shlex
import shutil
import sys
import threading
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from aiohttp.web import RouteDef

from bot.channels.base import ChannelFactory, Handle
from bot.settings import Settings
from handlers.inbox import NotRecorded
from handlers.messages import Attachment, Inbound, Outbound, render_choices_as_text
from handlers.router import not_recorded, spoken_locale
from handlers.services import Services

CHANNEL = "console"
# Shows the pushes addressed to this console user (the outbox dispatcher's run_once).
Poll = Callable[[], Awaitable[object]]
POLL_EVERY = 1.0
# How long the opening greeting waits for a line already typed or piped while the bot was
# starting (it takes seconds): one there is what the greeting answers (`Console._read`).
TYPED_AHEAD_WAIT = 0.2

log = logging.getLogger(__name__)

_KINDS = {"image": "photo", "video": "video", "audio": "voice"}


def kind_of(path: Path) -> str:
    mime = mimetypes.guess_type(path.name)[0] or ""
    return _KINDS.get(mime.split("/")[0], "document")


def _store_copy(source: Path, data_dir: Path) -> str:
    """Copies an evidence file into DATA_DIR/evidence/console/ and returns the relative path."""
    relative = Path("evidence") / CHANNEL / f"{uuid.uuid4().hex}{source.suffix.lower()}"
    target = data_dir / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return relative.as_posix()


async def attachment_from(path_text: str, services: Services) -> Attachment | str:
    """An Attachment for a local file, or a message saying why it cannot be read."""
    source = Path(path_text).expanduser()
    if not source.is_file():
        return f"找不到文件：{source}  (file not found)"
    size = source.stat().st_size
    limit = services.policy.intake.max_attachment_mb * 1024 * 1024
    mime = mimetypes.guess_type(source.name)[0]
    if size > limit:
        return Attachment(kind_of(source), None, None, mime, size, source.name, too_large=True)
    stored = await asyncio.to_thread(_store_copy, source, services.data_dir)
    return Attachment(kind_of(source), stored, None, mime, size, source.name)


def readable(raw: str) -> str:
    """The line as valid text: bytes that were not UTF-8 (a paste cut inside a character,
    which Python's stdin carries as lone surrogates) become U+FFFD, so the message is kept
    and can be stored, instead of failing when it is encrypted (issue 10)."""
    try:
        raw.encode("utf-8")
        return raw
    except UnicodeEncodeError:
        pass
    try:
        return raw.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # surrogates that stand for no byte
        return raw.encode("utf-8", "replace").decode("utf-8")


@dataclass(frozen=True)
class Terminal:
    """The console's settings slice: who is typing, where, and the reply language hint."""

    user_id: str
    locale: str | None = None
    stdin: TextIO | None = None  # None: the process's, as it is when the session opens
    stdout: TextIO | None = None
    poll_every: float = POLL_EVERY


class Console:
    """One person's conversation in a terminal; also the outbox's console channel, whose
    `deliver()` prints a push addressed to that person."""

    name = CHANNEL

    def __init__(
        self,
        services: Services,
        handle: Handle,
        user_id: str,
        stdin: TextIO = sys.stdin,
        stdout: TextIO = sys.stdout,
        poll: Poll | None = None,
        poll_every: float = POLL_EVERY,
        locale: str | None = None,
    ) -> None:
        self.services = services
        self.handle = handle
        self.user_id = user_id
        self.stdin = stdin
        self.stdout = stdout
        self.poll = poll
        self.poll_every = poll_every
        # `chat --lang`: the terminal's stand-in for Telegram's language_code, a hint that
        # holds until the customer's own words show a language (handlers.texts.choose_locale).
        self.locale = locale
        # The language the person's lines showed last: what a message that could not be
        # recorded is answered in (the conversation's own is in the database, busy then).
        self.spoken: str | None = None

    # --- ChannelRuntime: no routes; `run()` is the session, `deliver()` shows a push -----------
    def routes(self) -> list[RouteDef]:
        """None: the console is a terminal, not an HTTP endpoint."""
        return []

    async def start(self) -> None:
        """Nothing to start: `run()` reads the terminal."""

    async def stop(self) -> None:
        """Nothing to stop: `run()` ends at end of input."""

    async def deliver(self, message: Outbound) -> None:
        """Delivering a push to a console user means printing it."""
        self.show([message])

    def show(self, messages: list[Outbound]) -> None:
        """Prints replies: choices as numbered lines, then the paths of attached files."""
        for message in messages:
            self.stdout.write(render_choices_as_text(message) + "\n")
            for path in message.files:
                # The kind as its file says it ("[附件 voice] ….amr"): the listing above
                # names each item, this line is where to open it (newcomer trial 17).
                kind = kind_of(Path(path))
                self.stdout.write(f"[附件 {kind}] {self.services.data_dir / path}\n")
            self.stdout.write("\n")
        self.stdout.flush()

    async def send(
        self, text: str, attachments: tuple[Attachment, ...] = (), hint: str | None = None
    ) -> None:
        inbound = Inbound(
            channel=CHANNEL,
            user_id=self.user_id,
            message_id=uuid.uuid4().hex,
            received_at=self.services.now(),
            text=text,
            attachments=attachments,
            locale=hint or self.locale,
        )
        self.spoken = spoken_locale(text) or self.spoken
        try:
            replies = await self.handle(self.services, inbound)
        except NotRecorded:
            # Nobody sends a console line again by itself (a platform would): the person is
            # told, in their language, and the session goes on so they can (newcomer trial
            # 18: the traceback ended the session). The router logged the cause.
            replies = [not_recorded(self.services, inbound, self.spoken)]
        self.show(replies)

    async def line(self, raw: str) -> None:
        text = readable(raw).rstrip("\n")
        if text.startswith("/attach"):
            await self._attach(text)
        else:
            await self.send(text)

    async def _attach(self, text: str) -> None:
        try:
            parts = shlex.split(text)[1:]
        except ValueError:
            parts = text.split()[1:]
        if not parts:
            self.stdout.write("用法 usage: /attach PATH [说明 caption]\n\n")
            return
        found = await attachment_from(parts[0], self.services)
        if isinstance(found, str):
            self.stdout.write(found + "\n\n")
            return
        await self.send(" ".join(parts[1:]), (found,))

    async def run(self, opening: str | None = "/start") -> None:
        """Reads lines until end of input; pushes show before, during and after (issue 4 item 8)."""
        await self._poll_once()  # what waited for this user comes first
        done = asyncio.Event()
        polling = asyncio.create_task(self._keep_polling(done)) if self.poll else None
        try:
            await self._read(opening)
        finally:
            # A stop signal, not cancel(): a pass cut off between printing and marking sent
            # would show the same push again next time.
            done.set()
            if polling is not None:
                await polling
        await self._poll_once()  # a script that ends with EOF still sees what became due

    async def _read(self, opening: str | None) -> None:
        interactive = self.stdin.isatty()
        lines = read_lines(self.stdin)
        ahead: str | None = None
        if opening:
            # A line typed or piped while the bot started is the customer's first message:
            # the greeting before its answer speaks its language and script, as a platform's
            # hint would (newcomer trial 24: an English tourist's story got the zh-CN
            # greeting, then English). A command or a number says nothing: --lang, else zh-CN.
            ahead = await _typed_ahead(lines)
            words = readable(ahead or "")
            if words.startswith("/attach"):  # "/attach PATH caption": the caption's words
                words = " ".join(words.split(maxsplit=2)[2:])
            await self.send(opening, hint=spoken_locale(words))
        while True:
            if ahead is None and interactive:
                self.stdout.write("> ")
                self.stdout.flush()
            raw = await lines.get() if ahead is None else ahead
            ahead = None
            if raw == "":
                break
            await self.line(raw)

    async def _keep_polling(self, done: asyncio.Event) -> None:
        while not done.is_set():
            try:
                await asyncio.wait_for(done.wait(), self.poll_every)
            except TimeoutError:
                await self._poll_once()

    async def _poll_once(self) -> None:
        if self.poll is None:
            return
        try:
            await self.poll()
        except Exception:
            # The conversation goes on; the rows stay in the outbox for the next pass.
            log.exception("console: showing pushes failed")


async def _typed_ahead(lines: asyncio.Queue[str]) -> str | None:
    """The first line when it is already there ("" at end of input), else None."""
    try:
        return await asyncio.wait_for(lines.get(), TYPED_AHEAD_WAIT)
    except TimeoutError:
        return None


def read_lines(stdin: TextIO) -> asyncio.Queue[str]:
    """The lines of `stdin` as they are typed, "" at end of input, read by a daemon thread.

    Not `asyncio.to_thread`: its worker belongs to the loop's default executor, which
    `asyncio.run` joins on the way out, so Ctrl-C waited for one more Enter (newcomer trial).
    A daemon thread blocked in readline() does not hold the process when the loop ends.
    """
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str] = asyncio.Queue()

    def hand_over(raw: str) -> bool:
        try:
            loop.call_soon_threadsafe(queue.put_nowait, raw)
        except RuntimeError:  # the loop has closed: nobody is reading any more
            return False
        return raw != ""

    def read() -> None:
        try:
            while hand_over(stdin.readline()):
                pass
        except (OSError, ValueError):  # stdin closed under us: end of input
            hand_over("")

    threading.Thread(target=read, name="console-stdin", daemon=True).start()
    return queue


def config(settings: Settings) -> Terminal | None:
    """None: a terminal comes from `chat`'s arguments, never from the settings."""
    return None


def create(terminal: Terminal, services: Services, handle: Handle) -> Console:
    """The console session on `terminal` (its pushes are wired in `bot/app.py:open_console`)."""
    return Console(
        services,
        handle,
        terminal.user_id,
        stdin=terminal.stdin or sys.stdin,
        stdout=terminal.stdout or sys.stdout,
        poll_every=terminal.poll_every,
        locale=terminal.locale,
    )


FACTORY: ChannelFactory[Terminal, Console] = ChannelFactory(CHANNEL, config, create)
