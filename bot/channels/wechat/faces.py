"""WeChat's built-in faces (the classic QQ set) as they arrive in a text message: codes such as
`/::)` or `/:rose`. They are read as the emoji they stand for, so a message that opens with one
is never taken for a command and the words after it are kept (issue 10).

The 105 codes are WeChat's own text forms of its face panel (the same list every WeChat SDK
matches); the emoji are the nearest Unicode ones, for agents' cards and the audit trail.
"""

from __future__ import annotations

import re

FACES: dict[str, str] = {
    "/::)": "🙂", "/::~": "😖", "/::B": "😍", "/::|": "😳", "/:8-)": "😎", "/::<": "😭",
    "/::$": "😊", "/::X": "🤐", "/::Z": "😴", "/::'(": "😢", "/::-|": "😅", "/::@": "😡",
    "/::P": "😜", "/::D": "😁", "/::O": "😲", "/::(": "🙁", "/::+": "😎", "/:--b": "😓",
    "/::Q": "😫", "/::T": "🤮", "/:,@P": "🤭", "/:,@-D": "😊", "/::d": "🙄", "/:,@o": "😏",
    "/::g": "😋", "/:|-)": "😪", "/::!": "😱", "/::L": "😥", "/::>": "😄", "/::,@": "😌",
    "/:,@f": "💪", "/::-S": "🤬", "/:?": "❓", "/:,@x": "🤫", "/:,@@": "😵", "/::8": "😵‍💫",
    "/:,@!": "😣", "/:!!!": "💀", "/:xx": "🔨", "/:bye": "👋", "/:wipe": "😓", "/:dig": "👃",
    "/:handclap": "👏", "/:&-(": "😳", "/:B-)": "😏", "/:<@": "😤", "/:@>": "😤",
    "/::-O": "🥱", "/:>-|": "😒", "/:P-(": "😞", "/::'|": "😿", "/:X-)": "😈", "/::*": "😘",
    "/:@x": "😨", "/:8*": "🥺", "/:pd": "🔪", "/:<W>": "🍉", "/:beer": "🍺",
    "/:basketb": "🏀", "/:oo": "🏓", "/:coffee": "☕", "/:eat": "🍚", "/:pig": "🐷",
    "/:rose": "🌹", "/:fade": "🥀", "/:showlove": "💋", "/:heart": "❤️", "/:break": "💔",
    "/:cake": "🎂", "/:li": "⚡", "/:bome": "💣", "/:kn": "🔪", "/:footb": "⚽",
    "/:ladybug": "🐞", "/:shit": "💩", "/:moon": "🌙", "/:sun": "☀️", "/:gift": "🎁",
    "/:hug": "🤗", "/:strong": "👍", "/:weak": "👎", "/:share": "🤝", "/:v": "✌️",
    "/:@)": "🙏", "/:jj": "🤙", "/:@@": "👊", "/:bad": "👎", "/:lvu": "🤟", "/:no": "🙅",
    "/:ok": "👌", "/:love": "💕", "/:<L>": "😘", "/:jump": "🤸", "/:shake": "🫨",
    "/:<O>": "😠", "/:circle": "💫", "/:kotow": "🙇", "/:turn": "🔄", "/:skip": "🦘",
    "/:oY": "🙌", "/:#-0": "🎉", "/:hiphot": "💃", "/:kiss": "😚", "/:<&": "🤛", "/:&>": "🤜",
}
# Longest first, so "/::-O" is not read as "/::-" followed by something else.
_PATTERN = re.compile("|".join(re.escape(code) for code in sorted(FACES, key=len, reverse=True)))


def faces_as_emoji(text: str) -> str:
    """The text with every WeChat face code replaced by its emoji; nothing else changes."""
    if "/:" not in text:
        return text
    return _PATTERN.sub(lambda match: FACES[match.group(0)], text)
