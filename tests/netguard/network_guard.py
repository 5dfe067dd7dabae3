"""The test suite's network guard (issue 13 part 5): no test reaches beyond this machine.

Installed by tests/conftest.py for the pytest process, and by tests/netguard/sitecustomize.py
for every Python subprocess a test starts with the environment it inherits (the conftest
puts tests/netguard/ on PYTHONPATH and names a log file in NETWORK_GUARD_LOG).

A connection (TCP connect, UDP sendto) to anything other than a loopback address
(127.0.0.0/8, ::1), `localhost` or a unix socket, and any name lookup other than of
`localhost` or a literal address, raises `NetworkBlocked` (an OSError, so code under test
sees what it would see without a network) and is recorded; the conftest fails the test
that caused it, even when the code under test caught the error. Only the standard library
is imported here, so that a subprocess can load it before anything else.

Not covered: resolvers that open their own sockets in C (c-ares through aiodns, which is
not installed here), and subprocesses given an environment without PYTHONPATH; tests
point those at 127.0.0.1 fakes (tests/bot/fake_telegram.py, tests/bot/fake_wechat.py).
"""

from __future__ import annotations

import errno
import ipaddress
import os
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

ENV_LOG = "NETWORK_GUARD_LOG"  # where subprocesses append what they were refused
HERE = Path(__file__).resolve().parent  # goes on PYTHONPATH for subprocesses' sitecustomize
LOCAL_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})

# What this process refused, in order (the conftest reads it around each test).
blocked: list[str] = []
_originals: dict[str, Any] = {}
# A subprocess appends its refusals to the log; the pytest process keeps them in `blocked`.
_appends_to_log = True


class NetworkBlocked(OSError):
    """A test tried to reach a host that is not this machine."""

    def __init__(self, what: str) -> None:
        super().__init__(errno.ENETUNREACH, f"network guard: {what} refused (tests stay local)")


def local_host(host: object) -> bool:
    """True for a loopback address, `localhost`, or no host at all (a passive lookup)."""
    if host is None:
        return True
    text = host.decode() if isinstance(host, bytes) else str(host)
    text = text.split("%", 1)[0].strip("[]")  # IPv6 scope id, bracketed literal
    if text.lower() in LOCAL_NAMES:
        return True
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


def literal_address(host: object) -> bool:
    """True for an IP address written out (its lookup asks no name server)."""
    text = host.decode() if isinstance(host, bytes) else str(host)
    try:
        ipaddress.ip_address(text.split("%", 1)[0].strip("[]"))
    except ValueError:
        return False
    return True


def allowed_address(family: int, address: object) -> bool:
    """A unix socket, another non-IP family, or an IP address on this machine."""
    if family not in (socket.AF_INET, socket.AF_INET6):
        return True
    if not isinstance(address, tuple) or not address:
        return False
    return local_host(address[0])


def _refuse(what: str) -> NetworkBlocked:
    blocked.append(what)
    log = os.environ.get(ENV_LOG)
    if log and _appends_to_log:
        try:
            with open(log, "a", encoding="utf-8") as out:
                out.write(f"pid {os.getpid()}: {what}\n")
        except OSError:
            pass
    return NetworkBlocked(what)


def _guard_connect(name: str) -> Callable[..., Any]:
    original = _originals[name]

    def guarded(self: socket.socket, address: Any) -> Any:
        if not allowed_address(self.family, address):
            raise _refuse(f"{name} to {address!r}")
        return original(self, address)

    return guarded


def _guarded_sendto(self: socket.socket, data: Any, *rest: Any) -> Any:
    if rest and not allowed_address(self.family, rest[-1]):
        raise _refuse(f"sendto {rest[-1]!r}")
    return _originals["sendto"](self, data, *rest)


def _guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
    if not (local_host(host) or literal_address(host)):
        raise _refuse(f"name lookup of {host!r}")
    return _originals["getaddrinfo"](host, *args, **kwargs)


def _guarded_gethostbyname(host: Any) -> Any:
    if not (local_host(host) or literal_address(host)):
        raise _refuse(f"name lookup of {host!r}")
    return _originals["gethostbyname"](host)


def install() -> None:
    """Patches socket connect, connect_ex, sendto, getaddrinfo and gethostbyname; asyncio's
    create_connection, open_connection and getaddrinfo go through them. Idempotent."""
    if _originals:
        return
    for name in ("connect", "connect_ex", "sendto"):
        _originals[name] = getattr(socket.socket, name)
    _originals["getaddrinfo"] = socket.getaddrinfo
    _originals["gethostbyname"] = socket.gethostbyname
    socket.socket.connect = _guard_connect("connect")  # type: ignore[method-assign]
    socket.socket.connect_ex = _guard_connect("connect_ex")  # type: ignore[method-assign]
    socket.socket.sendto = _guarded_sendto  # type: ignore[method-assign, assignment]
    socket.getaddrinfo = _guarded_getaddrinfo
    socket.gethostbyname = _guarded_gethostbyname


def export_to_subprocesses(log: Path) -> None:
    """Makes Python subprocesses started with this environment install the guard too, and
    append what they were refused to `log`."""
    global _appends_to_log
    _appends_to_log = False
    os.environ[ENV_LOG] = str(log)
    paths = [str(HERE), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    os.environ["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))


Mark = tuple[int, int]


def mark() -> Mark:
    """Where the records stand now: (refusals in this process, bytes in the subprocess log)."""
    log = os.environ.get(ENV_LOG)
    size = os.path.getsize(log) if log and os.path.exists(log) else 0
    return len(blocked), size


def since(start: Mark) -> list[str]:
    """What was refused after `start`, in this process and in its subprocesses."""
    found = list(blocked[start[0] :])
    log = os.environ.get(ENV_LOG)
    if log and os.path.exists(log):
        with open(log, encoding="utf-8") as records:
            records.seek(start[1])
            found.extend(line.rstrip("\n") for line in records if line.strip())
    return found


def forget(start: Mark) -> None:
    """Drops what was refused after `start` (a test that provoked it on purpose)."""
    del blocked[start[0] :]
    log = os.environ.get(ENV_LOG)
    if log and os.path.exists(log):
        os.truncate(log, start[1])
