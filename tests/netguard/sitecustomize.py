"""Loaded by every Python subprocess of the test suite (tests/netguard/ is on PYTHONPATH):
installs the network guard there too. See tests/netguard/network_guard.py."""

import os

if os.environ.get("NETWORK_GUARD_LOG"):
    import network_guard

    network_guard.install()
