"""WeChat's XML, read defensively and written safely.

Every request body comes from the internet before its content is trusted, so parsing is
refused early: a size cap, no DTD of any kind (`<!DOCTYPE`, `<!ENTITY`: XXE, billion laughs,
quadratic blow-up), no processing instructions but the XML declaration. xmltodict (what
wechatpy uses) already refuses entity declarations with ValueError, but it accepts a DOCTYPE
with an external id; checking the raw text first refuses all of them before expat starts.
"""

from __future__ import annotations

import re
import time
from xml.parsers.expat import ExpatError

import xmltodict

MAX_BODY_BYTES = 64 * 1024  # WeChat's largest pushes (a link, a long text) are a few KB

_FORBIDDEN = re.compile(r"<!(?!\[CDATA\[)|<\?(?!xml[\s?])", re.IGNORECASE)
# C0 control characters other than tab, line feed and carriage return are not allowed in XML
# 1.0, yet WeChat passes some input through unescaped (e.g. 0x1D after "你好"): expat would
# refuse the whole message, WeChat would retry three times and the customer would be told the
# account cannot serve them. They carry nothing a person wrote, so they are dropped (issue 10).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class BadXML(ValueError):
    """The body is not a WeChat message we are willing to read (answered with 400)."""


def parse(body: bytes) -> dict[str, str]:
    """The `<xml>` element's children as text, or BadXML.

    Control characters are dropped first. Nested elements (ScanCodeInfo/ScanResult,
    SendLocationInfo/Label ...) are lifted to the top by their own names when the top has no
    field of that name, so a scanned code reaches the reader as `ScanResult`.
    """
    if len(body) > MAX_BODY_BYTES:
        raise BadXML("body too large")
    try:
        # Decoded here, so a body declaring another encoding (UTF-16, ...) cannot hide a
        # DOCTYPE from the check below; expat then reads the text as UTF-8 whatever it says.
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadXML("the body is not UTF-8") from None
    text = _CONTROL.sub("", text)
    if _FORBIDDEN.search(text):
        raise BadXML("DTDs, entities and processing instructions are not accepted")
    try:
        document = xmltodict.parse(text, disable_entities=True)
    except (ExpatError, ValueError) as exc:
        raise BadXML(f"malformed XML: {exc}") from None
    root = document.get("xml") if isinstance(document, dict) else None
    if not isinstance(root, dict):
        raise BadXML("the root element must be <xml>")
    fields: dict[str, str] = {}
    nested: dict[str, str] = {}
    for name, value in root.items():
        if value is None:
            fields[name] = ""
        elif isinstance(value, str):
            fields[name] = value
        elif isinstance(value, dict):
            _lift(value, nested)
        # Repeated elements (lists, e.g. PicList items) carry nothing the bot reads.
    return {**nested, **fields}


def _lift(element: dict[str, object], into: dict[str, str], depth: int = 0) -> None:
    """Text children of a nested element, by name; two levels are all WeChat uses."""
    for name, value in element.items():
        if isinstance(value, str) and name not in into:
            into[name] = value
        elif isinstance(value, dict) and depth < 2:
            _lift(value, into, depth + 1)


def _cdata(value: str) -> str:
    # "]]>" inside CDATA would end it early: split it across two sections.
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def text_reply(to_user: str, from_account: str, content: str, now: float | None = None) -> str:
    """A passive text reply (被动回复文本消息)."""
    created = int(now if now is not None else time.time())
    return (
        "<xml>"
        f"<ToUserName>{_cdata(to_user)}</ToUserName>"
        f"<FromUserName>{_cdata(from_account)}</FromUserName>"
        f"<CreateTime>{created}</CreateTime>"
        "<MsgType><![CDATA[text]]></MsgType>"
        f"<Content>{_cdata(content)}</Content>"
        "</xml>"
    )
