"""The network guard as a pytest plugin: loaded by tests/conftest.py (and with
`-p tests.netguard.plugin` by the guard's own test of a whole pytest run)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.netguard import network_guard


def pytest_configure(config: pytest.Config) -> None:
    """No test reaches beyond this machine (issue 13): the guard is installed before any
    test module is imported, here and in every Python subprocess the tests start."""
    network_guard.install()
    descriptor, log = tempfile.mkstemp(prefix="network-guard-", suffix=".log")
    os.close(descriptor)
    network_guard.export_to_subprocesses(Path(log))


def pytest_unconfigure(config: pytest.Config) -> None:
    """Removes the subprocesses' log of refusals."""
    log = os.environ.pop(network_guard.ENV_LOG, None)
    if log:
        Path(log).unlink(missing_ok=True)


@pytest.fixture(autouse=True)
def _stays_on_this_machine() -> Iterator[None]:
    """Fails the test when it, its fixtures or its subprocesses tried to reach another host,
    even if the code under test caught the error (tests/netguard/network_guard.py)."""
    start = network_guard.mark()
    yield
    refused = network_guard.since(start)
    if refused:
        network_guard.forget(start)
        pytest.fail("the test tried to reach the network: " + "; ".join(refused), pytrace=False)
