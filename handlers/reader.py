"""Every customer message is read for what it is before what it answers (issue 9).

`read(text)` gives one `Reading`: the primary intent, the language cues (nlp/intent.py) and
the words left once greetings, questions and thanks are taken off (`rest`). The router's
rule chain acts on the intent; the state handlers read only `rest` as an answer, so a
question back ("你们什么时候能处理？") or a thank-you is never stored as a field.

Intents, in the order they win:
- command: /help, "取消", "进度" ... (handled by the router before reading);
- social: a greeting, thanks or bare abuse with nothing else said;
- question: only questions to the business (answered from the policy, then the open
  question is asked again);
- new_complaint: "另外还有一件事…", "我还要投诉…";
- correction: "不对，手机号是…", "改成…", "应该是…";
- answer: everything else; the state decides whether it answers the open question, tells
  more of the story, follows up an open ticket or decides on a proposal.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from handlers.words import find_ticket_number, has_meaning, normalise
from nlp.intent import MessageCues, decision, read_cues

__all__ = ["PHONE_LIKE", "Intent", "Mood", "Reading", "emoji_mood", "invalid_phone", "read"]


class Intent(StrEnum):
    SOCIAL = "social"
    QUESTION = "question"
    NEW_COMPLAINT = "new_complaint"
    CORRECTION = "correction"
    ANSWER = "answer"


# Digits that look meant as a phone number but are not a valid one (the issue: a wrong
# number in the first message was dropped without a word). A mainland mobile number is
# 11 digits starting with 1 (MIIT numbering plan); runs of 7 to 13 digits starting with 1,
# or any digits right after a phone label, are taken as an attempt.
PHONE_LIKE = re.compile(
    r"(?:(?:手机|电话|联系方式|号码|phone|mobile|tel)[号码是为:：\s]*"
    r"(?P<labelled>\+?\d[\d\- ]{4,16}\d))"
    r"|(?<![\dA-Za-z])(?P<bare>1\d{6,12})(?![\dA-Za-z])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Reading:
    """One message, read. `rest` is what the state handlers take as the customer's words."""

    intent: Intent
    cues: MessageCues
    text: str
    ticket_number: str | None

    @property
    def rest(self) -> str:
        """The message without greetings, questions, lead-ins, thanks and bare abuse
        (nlp/intent.py:MessageCues): what the state handlers read as the customer's words."""
        return self.cues.rest

    def decision(self) -> str | None:
        """ "accept" / "refuse" / None, read on the words left (a greeting's 好 is no yes)."""
        return decision(self.cues.rest) if self.cues.rest else None


def read(text: str) -> Reading:
    """Reads a message's text (stripped, any width). Pure: no state, no I/O."""
    cues = read_cues(text)
    return Reading(_intent(cues), cues, text, find_ticket_number(text))


def _intent(cues: MessageCues) -> Intent:
    if not normalise(cues.rest):
        return Intent.QUESTION if cues.questions else Intent.SOCIAL
    if cues.new_complaint:
        return Intent.NEW_COMPLAINT
    if cues.correction or cues.correction_opener:
        return Intent.CORRECTION
    return Intent.ANSWER


def invalid_phone(text: str, found_phone: str | None) -> str | None:
    """Digits meant as a phone number that are not one: the digits, or None.

    None as well when a valid number was found (the text holds both only if the customer
    wrote two numbers, and the valid one is taken).
    """
    if found_phone:
        return None
    match = PHONE_LIKE.search(text)
    if not match:
        return None
    digits = re.sub(r"\D", "", match["labelled"] or match["bare"] or "")
    return digits or None


class Mood(StrEnum):
    """What a message of emoji alone says (newcomer trial: a smiley to 😡😡😡)."""

    UPSET = "upset"  # angry, sad, disgusted, thumbs down: answered with an apology
    FRIENDLY = "friendly"  # smiles, thumbs up, hearts: answered in kind
    NEUTRAL = "neutral"  # anything else: no smiley either way


# Words of the Unicode character names (unicodedata, Unicode's own data) that give a face or
# hand its mood. Upset is read first: one angry face among smiles is an angry message, and
# a smiley to an angry customer is the mistake to avoid. "TEARS OF JOY" is laughter.
_UPSET_NAMES = re.compile(
    r"POUTING|ANGRY|ANGER|RAGE|SYMBOLS COVERING MOUTH|TRIUMPH|STEAM|CRYING|FROWNING|"
    r"DISAPPOINTED|PENSIVE|WORRIED|CONFOUNDED|PERSEVERING|WEARY|TIRED|ANGUISHED|FEARFUL|"
    r"SCREAMING|ANXIOUS|DOWNCAST|NAUSEATED|VOMITING|UNAMUSED|ROLLING EYES|BROKEN HEART|"
    r"THUMBS DOWN|MIDDLE FINGER|PILE OF POO|SKULL|LOUDLY|SAD|HOLDING BACK TEARS|DISTRAUGHT"
)
_FRIENDLY_NAMES = re.compile(
    r"SMIL|GRINNING|TEARS OF JOY|LAUGHING|THUMBS UP|OK HAND|CLAPPING|HEART|ROSE|FLOWER|"
    r"BOUQUET|PARTY|WINKING|KISSING|HUGGING|FOLDED HANDS|SPARKL|STAR-STRUCK|RAISED HANDS|"
    r"VICTORY HAND|HANDSHAKE|WAVING HAND"
)


def emoji_mood(text: str) -> Mood:
    """The mood of the emoji in `text` (any characters; those without a Unicode name, such
    as variation selectors, are skipped). Upset wins over friendly; NEUTRAL when neither."""
    names = [unicodedata.name(ch, "") for ch in text]
    if any(_UPSET_NAMES.search(n) and "TEARS OF JOY" not in n for n in names):
        return Mood.UPSET
    if any(_FRIENDLY_NAMES.search(n) for n in names):
        return Mood.FRIENDLY
    return Mood.NEUTRAL


# Emoji that say yes: a thumbs up, an OK hand, a check mark.
_AGREEING_NAMES = re.compile(r"THUMBS UP|OK HAND|CHECK MARK|HEAVY CHECK|BALLOT BOX WITH CHECK")


def agrees(text: str) -> bool:
    """Whether `text` is emoji alone that say yes ("👍", "👌", "✅"), with no upset one among
    them: at the summary such a message submits it (newcomer trial 14: "👍" was answered as
    an emoji and the summary waited)."""
    words = text.strip()
    if not words or has_meaning(words) or emoji_mood(words) is Mood.UPSET:
        return False
    return any(_AGREEING_NAMES.search(unicodedata.name(ch, "")) for ch in words)
