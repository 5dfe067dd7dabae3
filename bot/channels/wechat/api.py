"""The few WeChat API calls the project needs, over aiohttp, all through WECHAT_API_BASE_URL.

wechatpy's client is synchronous (requests) and hard-codes the token URL, so the calls are
spoken here directly: token, customer-service send, template send, media upload and
download, menu create.
"""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import aiohttp

from bot.channels.wechat.tokens import Shared, TokenStore

# errcodes (https://developers.weixin.qq.com/doc/offiaccount/Getting_Started/Global_Return_Code.html)
TOKEN_INVALID = frozenset({40001, 40014, 42001})  # invalid / expired access token: fetch again
OUTSIDE_WINDOW = 45015  # the user has not written within the customer-service window
OVER_BUDGET = 45047  # too many customer-service messages since the user last wrote
QUOTA_SPENT = 45009  # the daily quota of this API is spent
NOT_FOLLOWING = 43004  # the user no longer follows the account
BUSY = -1  # "system busy, try again"

T = TypeVar("T")


class WeChatApiError(Exception):
    def __init__(self, errcode: int, errmsg: str) -> None:
        super().__init__(f"errcode {errcode}: {errmsg}")
        self.errcode = errcode
        self.errmsg = errmsg


@dataclass(frozen=True)
class Media:
    content: bytes | None  # None: over the size limit, not kept
    mime: str
    size: int
    name: str | None


class WeChatApi:
    def __init__(self, base_url: str, app_id: str, secret: str, services: Shared) -> None:
        self.base_url = api_root(base_url)
        self.app_id = app_id
        self.secret = secret
        self.tokens = TokenStore(services, self._fetch_token)
        self._session: aiohttp.ClientSession | None = None

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=15))
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    # --- the calls ------------------------------------------------------------------------
    async def send_custom(self, payload: Mapping[str, Any]) -> None:
        """Customer-service message (客服消息): {"touser", "msgtype", ...}."""
        await self._post("/cgi-bin/message/custom/send", payload)

    async def send_template(self, payload: Mapping[str, Any]) -> None:
        await self._post("/cgi-bin/message/template/send", payload)

    async def create_menu(self, menu: Mapping[str, Any]) -> None:
        await self._post("/cgi-bin/menu/create", menu)

    async def check(self) -> int:
        """A harmless call with the shared token (get_api_domain_ip): proves the base URL,
        the app id and secret, and the server's IP whitelist. Returns how many API IPs
        WeChat listed. Raises WeChatApiError or aiohttp errors."""

        async def attempt(token: str) -> dict[str, Any]:
            async with self.session.get(
                self.base_url + "/cgi-bin/get_api_domain_ip",
                params={"access_token": token},
            ) as response:
                return await _json(response)

        answer = await self._with_token(attempt)
        return len(answer.get("ip_list", ()))

    async def upload_image(self, path: Path, content: bytes) -> str:
        """Uploads a temporary image and returns its media_id (for an image message)."""

        async def attempt(token: str) -> dict[str, Any]:
            form = aiohttp.FormData()
            mime = mimetypes.guess_type(path.name)[0] or "image/jpeg"
            form.add_field("media", content, filename=path.name, content_type=mime)
            async with self.session.post(
                self.base_url + "/cgi-bin/media/upload",
                params={"access_token": token, "type": "image"},
                data=form,
            ) as response:
                return await _json(response)

        answer = await self._with_token(attempt)
        return str(answer["media_id"])

    async def download_media(self, media_id: str, limit: int) -> Media:
        """A temporary media file users sent; `content` is None when it is over `limit` bytes."""

        async def attempt(token: str) -> Media | dict[str, Any]:
            async with self.session.get(
                self.base_url + "/cgi-bin/media/get",
                params={"access_token": token, "media_id": media_id},
            ) as response:
                mime = response.content_type or "application/octet-stream"
                if mime in {"application/json", "text/plain"}:
                    return await _json(response)  # an error (or a video URL we do not follow)
                size = response.content_length or 0
                if size > limit:
                    return Media(None, mime, size, _filename(response))
                content = await _read_capped(response, limit)
                if content is None:
                    return Media(None, mime, limit + 1, _filename(response))
                return Media(content, mime, len(content), _filename(response))

        answer = await self._with_token(attempt)
        if isinstance(answer, dict):
            raise WeChatApiError(int(answer.get("errcode", -2)), "no media content")
        return answer

    # --- plumbing -------------------------------------------------------------------------
    async def _fetch_token(self) -> tuple[str, int]:
        async with self.session.get(
            self.base_url + "/cgi-bin/token",
            params={"grant_type": "client_credential", "appid": self.app_id, "secret": self.secret},
        ) as response:
            answer = await _json(response)
        _raise_for(answer)
        token = answer.get("access_token")
        if not isinstance(token, str) or not token:
            raise WeChatApiError(BUSY, "the token answer holds no access_token")
        return token, int(answer.get("expires_in", 7200) or 7200)

    async def _post(self, path: str, payload: Mapping[str, Any]) -> dict[str, Any]:
        # ensure_ascii=False: WeChat shows "\u4f60" escapes literally in some clients.
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")

        async def attempt(token: str) -> dict[str, Any]:
            async with self.session.post(
                self.base_url + path,
                params={"access_token": token},
                data=body,
                headers={"Content-Type": "application/json; charset=utf-8"},
            ) as response:
                return await _json(response)

        return await self._with_token(attempt)

    async def _with_token(self, attempt: Callable[[str], Awaitable[T]]) -> T:
        """Runs a call with the shared token; once more with a new one if WeChat refused it."""
        token = await self.tokens.get()
        answer = await attempt(token)
        if isinstance(answer, dict) and answer.get("errcode") in TOKEN_INVALID:
            token = await self.tokens.refresh(bad=token)
            answer = await attempt(token)
        if isinstance(answer, dict):
            _raise_for(answer)
        return answer


def api_root(base_url: str) -> str:
    """WECHAT_API_BASE_URL without its trailing "/" or "/cgi-bin": every path here starts
    with /cgi-bin/, and wechatpy writes its own base as `https://api.weixin.qq.com/cgi-bin/`,
    so both spellings must reach the same endpoints (issue 10)."""
    root = base_url.strip().rstrip("/")
    return root.removesuffix("/cgi-bin").rstrip("/")


async def _json(response: aiohttp.ClientResponse) -> dict[str, Any]:
    if response.status >= 500:
        raise WeChatApiError(BUSY, f"HTTP {response.status}")
    try:
        answer = json.loads(await response.read())
    except ValueError:
        raise WeChatApiError(BUSY, f"HTTP {response.status}: not JSON") from None
    if not isinstance(answer, dict):
        raise WeChatApiError(BUSY, "unexpected answer")
    return answer


def _raise_for(answer: Mapping[str, Any]) -> None:
    code = int(answer.get("errcode", 0) or 0)
    if code != 0:
        raise WeChatApiError(code, str(answer.get("errmsg", "")))


async def _read_capped(response: aiohttp.ClientResponse, limit: int) -> bytes | None:
    chunks: list[bytes] = []
    total = 0
    async for chunk in response.content.iter_chunked(64 * 1024):
        total += len(chunk)
        if total > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _filename(response: aiohttp.ClientResponse) -> str | None:
    disposition = response.headers.get("Content-Disposition", "")
    for part in disposition.split(";"):
        name, _, value = part.strip().partition("=")
        if name.lower() == "filename" and value:
            return Path(value.strip('"')).name or None
    return None
