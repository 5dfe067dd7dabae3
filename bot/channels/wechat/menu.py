"""The custom menu (自定义菜单): three click buttons whose keys the channel maps to words the
core understands (bot/channels/wechat/inbound.py MENU_WORDS)."""

from __future__ import annotations

from typing import Any

MENU: dict[str, Any] = {
    "button": [
        {"type": "click", "name": "我要投诉", "key": "COMPLAIN"},
        {"type": "click", "name": "查询进度", "key": "STATUS"},
        {"type": "click", "name": "使用帮助", "key": "HELP"},
    ]
}
