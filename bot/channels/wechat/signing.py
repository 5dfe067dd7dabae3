"""Is this request really from WeChat? Signatures, freshness and replays, plus safe mode.

WeChat signs every call to the server URL with sha1(sorted(token, timestamp, nonce)); in
safe mode it also signs the encrypted body (msg_signature). A request that fails any check
gets 403 before anything is parsed or written.
"""

from __future__ import annotations

import hmac
import time
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass

from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.utils import WeChatSigner

# WeChat's timestamp is its own clock at sending time; five minutes allows clock drift and
# its three retries (5 s apart) while keeping a captured request from being replayed later.
MAX_SKEW_SECONDS = 300


class Refused(Exception):
    """The request is not from WeChat (or is a replay): 403, nothing touched."""


def sign(*parts: str) -> str:
    signer = WeChatSigner()
    signer.add_data(*parts)
    return str(signer.signature)


@dataclass(frozen=True)
class Query:
    signature: str
    timestamp: str
    nonce: str
    encrypted: bool
    msg_signature: str

    @classmethod
    def of(cls, query: Mapping[str, str]) -> Query:
        return cls(
            signature=query.get("signature", ""),
            timestamp=query.get("timestamp", ""),
            nonce=query.get("nonce", ""),
            encrypted=query.get("encrypt_type", "raw").lower() == "aes",
            msg_signature=query.get("msg_signature", ""),
        )


class NonceBook:
    """Nonces seen within the freshness window, so the same signed request works only once.

    In memory, per worker: a replay sent to another worker still meets the MsgId
    deduplication in the database, so it can never create a second ticket or answer.
    """

    def __init__(self, capacity: int = 100_000) -> None:
        self._seen: OrderedDict[tuple[str, str], float] = OrderedDict()
        self._capacity = capacity

    def first_use(self, timestamp: str, nonce: str, now: float) -> bool:
        while self._seen and (
            next(iter(self._seen.values())) < now or len(self._seen) > self._capacity
        ):
            self._seen.popitem(last=False)
        key = (timestamp, nonce)
        if key in self._seen:
            return False
        self._seen[key] = now + 2 * MAX_SKEW_SECONDS
        return True


class Verifier:
    def __init__(self, token: str, aes_key: str | None, app_id: str | None) -> None:
        self.token = token
        self.crypto = WeChatCrypto(token, aes_key, app_id or "") if aes_key else None
        self.nonces = NonceBook()

    def check(self, query: Query, now: float | None = None) -> None:
        """Raises Refused unless the URL signature is right and the request is fresh and new."""
        if not (query.signature and query.timestamp and query.nonce):
            raise Refused("missing signature parameters")
        expected = sign(self.token, query.timestamp, query.nonce)
        if not hmac.compare_digest(expected, query.signature):
            raise Refused("wrong signature")
        current = time.time() if now is None else now
        try:
            sent = int(query.timestamp)
        except ValueError:
            raise Refused("timestamp is not a number") from None
        if abs(current - sent) > MAX_SKEW_SECONDS:
            raise Refused("stale timestamp")
        if not self.nonces.first_use(query.timestamp, query.nonce, current):
            raise Refused("replayed nonce")

    def decrypt(self, query: Query, encrypted: str) -> bytes:
        """The inner XML of a safe-mode message (msg_signature checked first)."""
        if self.crypto is None:
            raise Refused("safe mode is not configured (WECHAT_ENCODING_AES_KEY)")
        if not query.msg_signature:
            raise Refused("missing msg_signature")
        try:
            plain = self.crypto.decrypt_message(
                {"Encrypt": encrypted}, query.msg_signature, query.timestamp, query.nonce
            )
        except (InvalidSignatureException, InvalidAppIdException) as exc:
            raise Refused(f"safe mode: {type(exc).__name__}") from None
        except Exception:  # a corrupt ciphertext or padding: not from WeChat
            raise Refused("safe mode: cannot decrypt") from None
        return plain.encode("utf-8") if isinstance(plain, str) else bytes(plain)

    def encrypt(self, reply_xml: str, nonce: str, timestamp: str) -> str:
        assert self.crypto is not None
        return str(self.crypto.encrypt_message(reply_xml, nonce, timestamp))
