"""The network guard (tests/netguard/network_guard.py, issue 13): a test that reaches
another host fails, in the pytest process and in its subprocesses; this machine is allowed.

The refused addresses are never contacted: the guard decides before the system call, so
these tests need no network and cannot be slowed by one.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from tests.netguard import network_guard
from tests.netguard.network_guard import NetworkBlocked

ROOT = Path(__file__).resolve().parent.parent
OUTSIDE = [("10.255.255.1", 9), ("8.8.8.8", 53), ("2001:4860:4860::8888", 53)]


@pytest.fixture
def provoked() -> Iterator[None]:
    """The refusals a test provokes on purpose are checked by the test, then forgotten, so
    that the guard's own autouse fixture (torn down after this one) does not fail it."""
    start = network_guard.mark()
    yield
    network_guard.forget(start)


refused_since = network_guard.since


@pytest.mark.parametrize("address", OUTSIDE, ids=lambda a: a[0])
def test_a_tcp_connection_outside_this_machine_is_refused_and_recorded(
    address: tuple[str, int], provoked: None
) -> None:
    start = network_guard.mark()
    family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
    with socket.socket(family) as sock, pytest.raises(NetworkBlocked):
        sock.connect(address)
    with socket.socket(family) as sock, pytest.raises(NetworkBlocked):
        sock.connect_ex(address)
    with pytest.raises(NetworkBlocked):
        socket.create_connection(address, timeout=1)
    assert len(refused_since(start)) == 3
    assert all(address[0] in line for line in refused_since(start))


def test_udp_and_name_lookups_are_refused(provoked: None) -> None:
    start = network_guard.mark()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock, pytest.raises(NetworkBlocked):
        sock.sendto(b"\0", ("8.8.8.8", 53))
    with pytest.raises(NetworkBlocked):
        socket.getaddrinfo("api.telegram.org", 443)
    with pytest.raises(NetworkBlocked):
        socket.gethostbyname("api.weixin.qq.com")
    assert [line.split(" ")[0] for line in refused_since(start)] == ["sendto", "name", "name"]


async def test_asyncio_and_aiohttp_go_through_the_guard(provoked: None) -> None:
    start = network_guard.mark()
    with pytest.raises(NetworkBlocked):
        await asyncio.open_connection("8.8.8.8", 53)
    with pytest.raises(NetworkBlocked):
        await asyncio.get_running_loop().getaddrinfo("example.com", 80)
    async with aiohttp.ClientSession() as http:
        with pytest.raises(aiohttp.ClientConnectorError):
            await http.get("http://10.255.255.1:9/", timeout=aiohttp.ClientTimeout(total=5))
    assert len(refused_since(start)) == 3


async def test_this_machine_is_allowed(tmp_path: Path) -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        for host in ("127.0.0.1", "localhost"):
            with socket.create_connection((host, port), timeout=5):
                pass
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.close()
        await writer.wait_closed()
    path = str(tmp_path / "s")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(path)
        server.listen()
        with socket.socket(socket.AF_UNIX) as client:
            client.connect(path)
    assert network_guard.allowed_address(socket.AF_INET6, ("::1", 80, 0, 0))
    assert network_guard.allowed_address(socket.AF_INET6, ("::ffff:127.0.0.1", 80, 0, 0))
    assert not network_guard.allowed_address(socket.AF_INET, ("0.0.0.0", 80))
    assert not network_guard.allowed_address(socket.AF_INET, ("example.com", 80))


def test_a_subprocess_is_guarded_and_its_attempt_recorded(provoked: None) -> None:
    start = network_guard.mark()
    reach = "import socket; socket.create_connection(('8.8.8.8', 53), timeout=1)"
    done = subprocess.run(
        [sys.executable, "-c", reach], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode != 0
    assert "network guard: connect to ('8.8.8.8', 53) refused" in done.stderr
    [line] = refused_since(start)
    assert line.endswith("connect to ('8.8.8.8', 53)")


def test_a_test_that_swallows_the_error_still_fails(tmp_path: Path) -> None:
    (tmp_path / "test_reaching.py").write_text(
        "import socket\n\n"
        "def test_reaching_out():\n"
        "    try:\n"
        "        socket.create_connection(('8.8.8.8', 53), timeout=1)\n"
        "    except OSError:\n"
        "        pass  # the code under test hides the failure\n\n"
        "def test_staying_home():\n"
        "    socket.getaddrinfo('localhost', 80)\n",
        encoding="utf-8",
    )
    # A pytest of its own, with only the guard's plugin; not this session's log.
    env = {k: v for k, v in os.environ.items() if k != network_guard.ENV_LOG}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "tests.netguard.plugin",
            "-p",
            "no:cacheprovider",
            "-q",
            "--rootdir",
            str(tmp_path),
            str(tmp_path / "test_reaching.py"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    # Reported as an error at the test's teardown, where the guard's fixture looks.
    assert done.returncode == 1, done.stdout + done.stderr
    assert "2 passed, 1 error" in done.stdout, done.stdout
    assert "the test tried to reach the network: connect to ('8.8.8.8', 53)" in done.stdout
