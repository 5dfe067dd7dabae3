"""Corrections in passing and the notes that tell the customer what was recorded.

A customer fixes a fact without being asked ("不对，手机号是13811113333", "哦不是昨天是前天",
"电话打错了 最后是4321"); `apply_correction` finds which fields change and puts the new values
into the draft, and the notes ("已更正：…", "已记下：…", "已更新：…") say back what changed, so a
customer never wonders whether a fact was taken. The answer readers are in handlers/answers.py.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import datetime
from decimal import Decimal

from handlers.answer_person import conversation_fields, name_piece, other_than_contact
from handlers.answer_words import FILLERS, HAN, leftover
from handlers.answers import fill
from handlers.draft import Draft
from handlers.fields import COLUMN_FIELD, FIELD_ORDER, FIELDS, FieldName, row
from handlers.phone_tail import corrected_tail
from handlers.states import State
from handlers.story import already_told, keep_tracking_number
from handlers.turn import Turn
from nlp.extract import Extracted, extract_fields, said_as_bought, tells_purchase
from nlp.extract_place import moved_branch, pointed_where, with_branch
from nlp.extract_refs import COURIER_NO_RE, find_references
from nlp.intent import cue_phrases, new_part, strip_phrases
from nlp.time_precision import refines


def apply_correction(turn: Turn, draft: Draft, text: str) -> list[str] | None:
    """A correction in passing ("不对，手机号是13811113333，刚才写错了"): the fields it
    changed, [] when it names none, or None when the message is no correction at all.

    A correction cue ("写错了", "改成", "应该是") replaces every fact the message gives;
    a field named with a new value ("手机号是139…" when a phone is known) replaces that
    one; a phone corrected by its last digits ("电话打错了 最后是4321") is the contact. "刚才"
    inside "刚才写错了" is the slip, not the time it happened.
    """
    said_before = quoted_values(draft)
    before = Draft.from_json(draft.to_json())
    fields = _apply_correction(turn, draft, text)
    if not fields and corrected_story(draft, text):
        # "不对 是冷冻室不制冷 冷藏是好的": the story's words replaced, said back (trial 24)
        return [FieldName.ACCOUNT]
    if fields and FieldName.TIME in fields and _refined(before, draft, FieldName.TIME):
        # "前天晚上" after "at midnight": the day added, not the time taken back, so the
        # customer's story keeps its own words (newcomer trial 20: "midnight" was lost).
        said_before.pop("occurred_text", None)
    # "是上周三收到的货，上周五开始糊的": the steps told afresh, the fault's time among them
    told_steps = bool(fields and FieldName.TIME in fields and tells_purchase(text))
    told_steps = told_steps and not extract_fields(text, turn.now).bought_time
    if told_steps and _bought_time_told(before):
        # "我上个月…买了个电饭煲" then "不对，是上周三收到的货，上周五开始糊的": the purchase's
        # time stays in the story, and the delivery's day told with the fault's is kept
        # there too (newcomer trial 24: the account said 我上周五…买了, the delivery lost).
        said_before.pop("occurred_text", None)
    if told_steps and draft.account and not already_told(draft, text):
        limit = turn.services.policy.intake.max_text_chars
        draft.account = f"{draft.account}\n{text.strip()}"[:limit]
    if fields:
        restate_account(draft, said_before)
        note_renamed(turn, before, draft)
    return fields


def _bought_time_told(draft: Draft) -> bool:
    """Whether `draft`'s time is the purchase's as its account tells it ("我上个月…买了")."""
    words, account = draft.occurred_text, draft.account or ""
    at = account.find(words) if words else -1
    return at >= 0 and said_as_bought(account, at, at + len(words or ""))


# The names a story tells in the customer's words, which a correction may replace: the
# account is not rewritten for them (a number or a date is a value, restated where it is
# quoted; "在第三人民医院看病" is what the customer said), a line saying the correction is
# added instead (newcomer trial 22: the account went on naming the place taken back).
_NAMED = ("place", "store", "product", "staff")


def note_renamed(turn: Turn, before: Draft, after: Draft) -> None:
    """Adds to `after`'s account a line for each place, store, product or staff member it
    names that a correction or an edit replaced ("更正：第三人民医院 → 第三中心医院"), and
    keeps the change in `after.restated`, filed for /show's trail as a corrected time is.
    A new value that only adds to the old ("如家酒店" -> "如家酒店北京西站店") corrects
    nothing, and a story that names the new value already needs no line."""
    account = after.account
    if not account:
        return
    for column in _NAMED:
        old, new = getattr(before, column), getattr(after, column)
        if not old or not new or old in new or len(old) < 2 or old not in account:
            continue
        change = f"{old} → {new}"
        if change in after.restated:
            continue
        after.restated.append(change)
        if new not in account:
            line = turn.t("reader.account_corrected", change=change)
            account = f"{account}\n{line}"[: turn.services.policy.intake.max_text_chars]
    after.account = account


# The values a story quotes that a correction may replace: the account must not go on
# saying the number or date the customer took back (newcomer trial 17: the letter's account
# kept "我电话13800001111" after "电话打错了 是13800002222").
_RESTATED = ("phone", "email", "order_no", "occurred_text")


def quoted_values(draft: Draft) -> dict[str, str]:
    """The values of `draft` an account may quote, keyed, for `restate_account` after a
    correction or an edit."""
    values = {c: getattr(draft, c) for c in _RESTATED if getattr(draft, c)}
    values.update({f"remedy:{key}": wording for key, wording in draft.remedy_list()})
    return values


def restate_account(draft: Draft, said_before: dict[str, str]) -> None:
    """Puts the corrected values into the account where it quotes the ones replaced, so the
    summary, the letter and the agent's view tell the story with the facts on file; what
    was replaced is kept in `draft.restated`, filed for the agent (handlers/tickets.py)."""
    if not draft.account:
        return
    now = quoted_values(draft)
    for key, old in said_before.items():
        new = now.get(key)
        if not new or new == old or len(old) < 2 or old not in draft.account:
            continue
        if key.startswith("remedy:") and _SUM.sub("#", old) != _SUM.sub("#", new):
            # The account keeps what was said: only an exact value in a wish (its sum, "退我280"
            # -> "退我300") is restated, never its wording (newcomer trial 21: "只要把钱退了就行"
            # at the summary turned the story's "把多扣的钱退回来" into "把钱退了就行").
            continue
        account = _requoted(draft.account, old, new)
        if account != draft.account:
            draft.account = account
            draft.restated.append(f"{old} → {new}")


def _requoted(account: str, old: str, new: str) -> str:
    """`account` with `old` replaced by `new` where it stands as a value of its own, not
    inside a longer number or word ("13800001111" in "013800001111", "3号" in "3号楼")."""
    quoted = re.compile(rf"(?<![0-9A-Za-z]){re.escape(old)}(?![0-9A-Za-z{_NUMBERED}])")
    parts = quoted.split(account)
    return new.join(parts)


# Words a number names, not a date: "3号楼", "5号线" (the time "3号" corrected to "5号" must
# not move the customer to building 5).
_NUMBERED = "楼栋单院线房门室座桌车位"


def _apply_correction(turn: Turn, draft: Draft, text: str) -> list[str] | None:
    if _corrected_phone_tail(turn, draft, text):
        return [FieldName.CONTACT]
    if turn.state == State.CONFIRMING and (name := _bare_name(text, turn)) and name != draft.name:
        draft.name = name  # "Anna Müller" alone at the summary: who they are (trial 14)
        return [FieldName.NAME]
    cues = turn.reading.cues if turn.reading else None
    if cues is None:
        return None
    # "哦不是昨天是前天", "是文二路店不是文三路": only the new words are read.
    stripped = strip_phrases(text, "correction", "phrases")
    cleaned = new_part(stripped)
    # "it's the charger, not the laptop": the shape says it corrects, with no cue word
    # (newcomer trial 6: refused at the summary as no option).
    reshaped = cleaned != stripped
    said = conversation_fields(turn, cleaned)
    found = _with_chain(draft, said)
    if cues.correction or cues.correction_opener:
        # "哦不对 建外soho那家 国贸那家是上周去的": the clause about the store taken back is
        # no new fact, its 上周 no new time (newcomer trial 21: the incident moved a week).
        kept = without_rejected(draft, cleaned, found)
        if kept != cleaned:
            cleaned = kept
            said = extract_fields(cleaned, turn.now)
            found = _with_chain(draft, said)
    changed = [
        c
        for c in _changed_columns(found)
        if getattr(found, c, None) is not None
        and c in COLUMN_FIELD
        and _value(found, c) != getattr(draft, c, None)
    ]
    named = set(cues.field_labels) & set(FIELD_ORDER)
    if turn.state == State.CONFIRMING and states_wish(cleaned, said) and not said.remedy_added:
        # "要退押金 9000 一分不能少" at the summary: the wish; one more ("另外还要道歉") is
        # added by the summary as before, and told as updated, not corrected.
        named.add(FieldName.REMEDY)
    if not (cues.correction or cues.correction_opener or reshaped):
        # A known fact said again with a new value replaces it when the message is only
        # facts ("13700003333" at the summary, "11月22号晚上 杭州"), or names the field.
        # Read against the facts as said: "网上营业厅" is all facts, though the store it
        # names is 中国移动网上营业厅 (newcomer trial 16: it was added to the account).
        only_facts = not FILLERS.sub("", leftover(cleaned, said, ""))
        changed = [
            c for c in changed if getattr(draft, c) and (only_facts or COLUMN_FIELD[c] in named)
        ]
        if "order_no" in changed and _another_kind_of_number(draft.order_no, found.order_no):
            # "SF1234567890123" after "order number 4412987730012": the parcel's tracking
            # number beside the order's, kept in the account, never replacing it (re-trial
            # 23: the order number was lost).
            changed.remove("order_no")
            keep_tracking_number(draft, found.order_no or "")
            if not changed:
                return None
        if FieldName.REMEDY not in named:
            # A wish said bare, with no word of correcting, is one more wish ("给个解释" after
            # "退检查费"): it joins the others, read as an answer (newcomer trial 20: it
            # replaced the refund). A wish taken back says so ("不是退款", "不要退款了").
            changed = [c for c in changed if COLUMN_FIELD[c] != FieldName.REMEDY]
        if not changed:
            return None
        if (
            turn.state == State.COLLECTING
            and not only_facts
            and draft.account
            and not already_told(draft, text)
        ):
            # A story line that names a known field's new value ("买的iphone15 单号SF… 找客服
            # 一直踢皮球" after "快递丢了"): the value replaces, and the line is kept in the
            # account too (newcomer trial 20: the complaint was nowhere on the ticket). At the
            # summary a wish restated ("算了 还是换一箱新的吧") is no story line.
            limit = turn.services.policy.intake.max_text_chars
            draft.account = f"{draft.account}\n{text.strip()}"[:limit]
        if draft.later and any(COLUMN_FIELD[c] in OTHER_MATTER_FIELDS for c in changed):
            # Another matter was told ("另外还有一件事…"): a bare value that conflicts with
            # this complaint's is as likely that matter's ("上周三晚上11点" of the guard), so
            # it replaces nothing here (newcomer trial 16: it was "已更正" over the first).
            raise ForOtherMatter
    elif named:  # "地址改一下，是文二路店": the place changes, not the object beside it
        changed = [c for c in changed if COLUMN_FIELD[c] in named]
    if not changed and _corrected_sum(draft, found, _bare_sum(cleaned, found)):
        return [FieldName.REMEDY]  # "哦 不对 是300块" after "退我280": the wish's sum
    opened = cues.correction or cues.correction_opener or reshaped
    if not changed and opened and _corrected_code(draft, cleaned, found):
        return [FieldName.OBJECT]  # "不对 是WX20261128038" after "维修单号是WX…033"
    if not changed and _corrected_reference(draft, text):
        return [FieldName.ACCOUNT]  # "报案号写错了，应该是BA…322": the account's reference
    if not changed:
        return [] if cues.correction or named else None  # "不是我的问题" is no correction
    fields: list[str] = sorted({COLUMN_FIELD[c] for c in changed}, key=FIELD_ORDER.index)
    added = found.remedy_added  # "诉求再加一个道歉": one more remedy, the others kept
    for field in fields:
        columns = row(field).columns
        if field == FieldName.OBJECT:  # a new store keeps the product: only the parts named change
            columns = tuple(c for c in columns if getattr(found, c, None))
        if field == FieldName.CONTACT:  # an e-mail given keeps the phone, unless told to drop it
            columns = replaced_contact(text, found)
        if field == FieldName.REMEDY and added:
            continue
        for column in columns:
            setattr(draft, column, None)
    replaced = [f for f in fields if not (f == FieldName.REMEDY and added)]
    fill(draft, found, turn.now, frozenset(c for f in replaced for c in row(f).columns))
    return fields


# Words that say a wish is what the customer wants, now: "要…", "还是换…", "改成…", "I want
# …", "I'd like …", "just …". At the summary, a message with a wish and one of them changes
# the wishes on file (newcomer trial 18: "要退押金 9000 一分不能少" was refused as no option,
# "要全额退款 …" was added to the story and the old wish kept).
_WISH_STATED = re.compile(
    r"要|想|希望|还是|改成|改为|换成|算了|只|就行|就好|不用|"
    r"\b(?:i\s+(?:just\s+|only\s+|really\s+)?(?:want|need|would\s+like|wish)|i['’]?d\s+(?:like|prefer|rather)"
    r"|just|only|instead|rather|actually|forget|prefer)\b",
    re.I,
)


_CLAUSE_MARKS = re.compile(r"[\s，,。；;！!]+")
# The objects and places a correction may replace: a clause naming the old one is about it.
_REPLACEABLE = ("store", "place", "product")


def without_rejected(draft: Draft, text: str, found: Extracted) -> str:
    """`text` without its clauses about the thing a correction takes back ("哦不对 建外soho那家
    国贸那家是上周去的" after 星巴克国贸店: "建外soho那家"): such a clause describes the rejected
    alternative, so its time or other facts are none of the complaint's. `found` is what the
    whole text gives; a clause names the rejected thing when it holds the words by which the
    old value differs from the new one (国贸 of 星巴克国贸店 beside 星巴克建外soho店) and not
    the new one's. The text itself when no clause does, or when nothing would be left."""
    pairs = [
        (old, new)
        for column in _REPLACEABLE
        if (old := getattr(draft, column)) and (new := getattr(found, column)) and old != new
    ]
    clauses = [c for c in _CLAUSE_MARKS.split(text) if c]
    if not pairs or len(clauses) < 2:
        return text
    kept = [c for c in clauses if not any(_about_old(c, old, new) for old, new in pairs)]
    return " ".join(kept) if kept and len(kept) < len(clauses) else text


def _about_old(clause: str, old: str, new: str) -> bool:
    """Whether `clause` names `old` by what sets it apart from `new` and says nothing of `new`."""
    gone, said = _apart(old, new), _apart(new, old)
    return len(gone) >= 2 and gone in clause and not (said and said in clause)


def _apart(value: str, other: str) -> str:
    """`value` without the beginning and end it shares with `other` (星巴克国贸店 beside
    星巴克建外soho店: 国贸)."""
    start = 0
    while start < min(len(value), len(other)) and value[start] == other[start]:
        start += 1
    end = 0
    while end < min(len(value), len(other)) - start and value[-1 - end] == other[-1 - end]:
        end += 1
    return value[start : len(value) - end]


def states_wish(text: str, found: Extracted) -> bool:
    """Whether `text` states what the customer wants: a wish in it, said with a word of
    wanting or changing (see _WISH_STATED)."""
    return bool(found.remedies) and _WISH_STATED.search(text) is not None


# The fields that belong to one complaint, not to the person: a bare value for one of them,
# said after another matter was told, may be that matter's. Name and contact are the same
# customer's for both, so a new one still replaces the old.
OTHER_MATTER_FIELDS = frozenset(
    {FieldName.OBJECT, FieldName.TIME, FieldName.PLACE, FieldName.REMEDY}
)


class ForOtherMatter(Exception):
    """Raised by apply_correction for a bare value, with no correction cue, that conflicts
    with this complaint's while another matter waits in `draft.later`: the caller keeps it
    with that matter (handlers/intake.py:_corrected) instead of replacing anything."""


def _bare_name(text: str, turn: Turn) -> str | None:
    """The name when a message at the summary is only a person's name in Latin letters
    ("Anna Müller"), with no other fact in it: it sets or corrects the name (newcomer trial
    14: it was refused as no option). None otherwise; three Han characters alone may as well
    be a place (王府井), so those are not taken here."""
    words = text.strip(" ，,。.!！")
    if not words or HAN.search(words) or not name_piece(words):
        return None
    found = extract_fields(words, turn.now)
    if other_than_contact(found) or found.phone or found.email:
        return None
    return words


_SUM = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")


# A number said alone after a correction cue: "哦 不对 是5400" (no 块 or 元 says it is a sum).
_BARE_NUMBER = re.compile(r"\s*(\d+(?:\.\d+)?)\s*")


def _bare_sum(cleaned: str, found: Extracted) -> Decimal | None:
    """The number a correction gives with nothing else, unit or not ("哦 不对 是5400" after
    "退押金4500"; newcomer trial 14: it was no fact, so the evidence question refused it):
    a sum when the wishes hold one (see _corrected_sum). None when the message says more."""
    if found.amounts or _other_facts(found):
        return None
    # "是148 我算错了": the slip said beside it is no other fact (newcomer trial 22: the
    # wish kept 140 and the line went to the story)
    said = _SLIP_WORDS.sub("", leftover(cleaned, found, ""))
    rest = FILLERS.sub("", strip_phrases(said, "correction", "openers"))
    match = _BARE_NUMBER.fullmatch(rest)
    return Decimal(match[1]) if match else None


# A code said alone after a take-back: "不对 是WX20261128038", "啊不 是305521 我打错了".
_BARE_CODE = re.compile(r"\s*([A-Za-z]{0,6}\d{4,})\s*")
# The words around it that only say it was a slip: "啊不", "哦", "应该是", "我打错了".
_SLIP_WORDS = re.compile(
    r"^\s*[哦噢喔啊呃]\s*不?|我?(?:打|说|写|记|输|填|看|弄|搞|算)错了|应该是|^\s*是"
)


def _another_kind_of_number(old: str | None, new: str | None) -> bool:
    """Whether `new` is a courier's tracking number (nlp/extract_refs.py:COURIER_NO_RE) and
    `old` an order number of another kind, so one is no correction of the other."""
    if not (old and new):
        return False
    return bool(COURIER_NO_RE.fullmatch(new)) and not COURIER_NO_RE.fullmatch(old)


def _corrected_code(draft: Draft, cleaned: str, found: Extracted) -> bool:
    """A bare code said as a correction replaces the order number it looks like: the same
    letters before it and about its length (newcomer trial 17: "不对 是WX…038" after
    "维修单号是WX…033" was refused at the remedy question, the first code kept). True when
    the draft's order number was replaced."""
    old = draft.order_no
    if not old or _other_facts(found) or found.amounts:
        return False
    said = _SLIP_WORDS.sub("", leftover(cleaned, found, "").strip())
    rest = FILLERS.sub("", strip_phrases(said, "correction", "openers"))
    match = _BARE_CODE.fullmatch(rest)
    if match is None or match[1] == old:
        return False
    new = match[1]
    letters = re.match(r"[A-Za-z]*", new)
    if (letters and letters.group().upper()) != (re.match(r"[A-Za-z]*", old) or [""])[0].upper():
        return False
    if abs(len(new) - len(old)) > 2:
        return False
    draft.order_no = new
    return True


# A story fact corrected: "不对 是冷冻室不制冷", "不是滚筒不转 是排水不出", "其实是右边的门",
# "actually it's the freezer, not the fridge". The opener says the words after it replace some
# the account holds; "不是X(而)是Y" and "Y, not X" name the words replaced (newcomer trial 24:
# the correction was added beside the fact and the letter kept the fact taken back).
_STORY_OPENER = re.compile(
    r"^\s*(?:[哦噢喔啊呃嗯诶哎]\s*)?(?:不对|不對|不是的|错了|錯了|说错了|說錯了|搞错了|搞錯了|"
    r"写错了|寫錯了|打错了|打錯了|其实|其實|更正一下|更正|"
    r"sorry|actually|correction|i\s+mean)[\s，,。.!！:：]*(?:应该|應該)?(?:是|係|it['’]?s\s+|it\s+is\s+)?",
    re.I,
)
_NOT_BUT = re.compile(
    r"(?:不是|唔係)(?P<old>[^，,。；;\s]{2,12}?)[\s，,]*(?:而)?(?:是|係)(?P<new>[^，,。；;\s]{2,16})"
    r"|(?:it['’]?s\s+|it\s+is\s+)?(?P<new2>[a-z][a-z '\-]{2,30}?),?\s+not\s+"
    r"(?:the\s+)?(?P<old2>[a-z][a-z '\-]{1,30})",
    re.I,
)
_THE = re.compile(r"^\s*(?:the|my|a|an)\s+", re.I)
_STORY_CLAUSE = re.compile(r"[\s，,。.；;！!？?]+")
_HAN_CLAUSE = re.compile(r"[\u4e00-\u9fff\d]{3,20}")
_MIDDLE = 3  # the most characters by which a fact said again may differ from the one replaced


def corrected_story(draft: Draft, text: str) -> bool:
    """A correction of a fact the account tells in the customer's words ("不对 是冷冻室不制冷"
    after "…冷藏室不制冷…"): the account says the new words where it said the ones taken back,
    and the change is kept in `draft.restated` for the note and the agent. The words replaced
    are those named ("不是滚筒不转 是排水不出"), else the account's words that differ from the
    new clause only in a few characters between a shared beginning and end (冷藏室不制冷 beside
    冷冻室不制冷). True when the account changed; nothing changes when no such words are found."""
    account = draft.account
    if not account:
        return False
    said = unicodedata.normalize("NFKC", text).strip()
    opener = _STORY_OPENER.match(said)
    named = _NOT_BUT.search(said[opener.end() :] if opener else said)
    if named:
        old = _THE.sub("", named["old"] or named["old2"] or "").strip()
        new = _THE.sub("", named["new"] or named["new2"] or "").strip()
        if old and new and old != new and old in account and new not in account:
            return _restate_story(draft, old, new)
    if opener is None or not opener.group().strip():
        return False
    clause = _STORY_CLAUSE.split(said[opener.end() :].strip(), maxsplit=1)[0]
    if not _HAN_CLAUSE.fullmatch(clause) or clause in account:
        # Words told again with a few characters changed are read in Chinese only: in
        # English a few letters shared say nothing ("no photos" beside "phone").
        return False
    taken_back = _contradicted(account, clause)
    return _restate_story(draft, taken_back, clause) if taken_back else False


def _contradicted(account: str, new: str) -> str | None:
    """The words of `account` that `new` says again with a few characters changed in between
    a shared beginning and end (冷藏室不制冷 for 冷冻室不制冷); None when none, or more than one
    such place, is found."""
    size = len(new)
    found: list[tuple[int, int, int]] = []  # (shared, start, width)
    for width in range(max(2, size - _MIDDLE), size + _MIDDLE + 1):
        for at in range(len(account) - width + 1):
            old = account[at : at + width]
            start = 0
            while start < min(width, size) and old[start] == new[start]:
                start += 1
            end = 0
            while end < min(width, size) - start and old[-1 - end] == new[-1 - end]:
                end += 1
            gone, put = old[start : width - end], new[start : size - end]
            if not gone or not put or len(gone) > _MIDDLE or len(put) > _MIDDLE:
                continue
            if start + end < max(3, size - _MIDDLE) or gone in new or put in old:
                continue
            found.append((start + end, at, width))
    if not found:
        return None
    most = max(shared for shared, _, _ in found)
    best = [(abs(width - size), at, width) for shared, at, width in found if shared == most]
    _, at, width = min(best)
    if any(a >= at + width or a + w <= at for _, a, w in best):
        return None  # two places say it: which one is meant is not known
    return account[at : at + width]


def _restate_story(draft: Draft, old: str, new: str) -> bool:
    account = (draft.account or "").replace(old, new)
    if account == draft.account:
        return False
    draft.account = account
    draft.restated.append(f"{old} → {new}")
    return True


def _reference_kind(label: str) -> str:
    """A reference's kind, its label without the words for "number": 报案号码 and 报案号 are one
    kind, "claim no." and "claim number" another."""
    words = unicodedata.normalize("NFKC", label).lower()
    return re.sub(r"单?(?:号码|编号|号)$|\s*(?:no\.?|number|#|id|ref(?:erence)?)$", "", words)


def _corrected_reference(draft: Draft, text: str) -> bool:
    """A reference kept only in the account ("报案号 BA2026111500321", see
    nlp/extract_refs.py:find_references) said again, with its label, with another code in a
    correction ("报案号写错了，应该是BA2026111500322", "the claim number should be CL-55121"):
    the account says the new code where it said the old one, and the change is kept in
    `draft.restated` for the agent (trial 20: the correction asked which field to change).
    True when the account changed."""
    if not draft.account:
        return False
    account = unicodedata.normalize("NFKC", draft.account)
    held = {_reference_kind(r.label): r.code for r in find_references(account) if r.known}
    for said in find_references(unicodedata.normalize("NFKC", text)):
        old = held.get(_reference_kind(said.label)) if said.known else None
        if old and said.code and said.code != old and old in draft.account:
            draft.account = _requoted(draft.account, old, said.code)
            draft.restated.append(f"{old} → {said.code}")
            return True
    return False


def _corrected_sum(draft: Draft, found: Extracted, bare: Decimal | None = None) -> bool:
    """A sum said as a correction with nothing else ("哦 不对 是300块", or bare: "是5400")
    corrects the one sum of the wishes ("退我280" -> "退我300"; newcomer trial 10: it was read
    as nothing). True when the draft's wishes held exactly one sum and it was replaced."""
    amounts = found.amounts or ((bare,) if bare is not None else ())
    if len(amounts) != 1 or _other_facts(found):
        return False
    remedies = draft.remedy_list()
    sums = {m.group() for _, wording in remedies for m in _SUM.finditer(wording)}
    new = format(amounts[0].normalize(), "f")
    if len(sums) != 1 or new in sums:
        return False
    old = sums.pop()
    draft.set_remedies([(key, _SUM.sub(lambda m: new if m.group() == old else m.group(), w))
                        for key, w in remedies])  # fmt: skip
    return True


def _other_facts(found: Extracted) -> bool:
    """Facts besides a sum: a correction holding them corrects those, not a wish's sum."""
    return any(
        getattr(found, c)
        for c in ("name", "phone", "email", "order_no", "occurred_at", "place", "product")
    ) or bool(found.remedies or found.store or found.staff)


def _with_chain(draft: Draft, found: Extracted) -> Extracted:
    """A branch said after its chain ("北京西站店" after "如家酒店") is that chain's branch, not
    another store: the facts read with the chain's name before it (newcomer trial 10)."""
    said_where = found.store if found.store and found.store == found.place else None
    if said_where and pointed_where(said_where):
        # "哦不对 是酒仙桥那家": the branch is elsewhere; the chain or store stays (newcomer
        # trial 20: the bare place became the store, the object, and the chain was lost).
        moved = moved_branch(draft.store, draft.place, said_where) if draft.store else None
        if moved is not None:
            store, where = moved
            return replace(found, store=store if store != draft.store else None, place=where)
        return replace(found, store=None)  # a place is never the object
    branch = with_branch(draft.store, found.store) if draft.store and found.store else None
    if branch is None:
        return found
    place = branch if found.place == found.store else found.place
    return replace(found, store=branch, place=place)


# "不要电话了，用邮箱": the other way to reach them goes too (newcomer trial item 3: an
# e-mail given as a correction silently replaced the phone, and phone search then failed).
_DROP_PHONE = re.compile(
    r"(不要|不用|删掉?|去掉|不留|换掉)(了)?(我的)?(手机|电话)|(手机|电话)(号码?)?(不要|不用|删掉?|去掉|停用|"
    r"不用了|打不通)|只(留|用|要)(邮箱|e-?mail)|(换成|改成|改用|换用)(邮箱|e-?mail)|"
    r"(remove|drop|delete)\s+(the\s+|my\s+)?(phone|number)|no\s+phone|only\s+(by\s+)?e-?mail",
    re.I,
)
_DROP_EMAIL = re.compile(
    r"(不要|不用|删掉?|去掉|不留|换掉)(了)?(我的)?(邮箱|e-?mail)|(邮箱|e-?mail)(不要|不用|删掉?|去掉|"
    r"停用|不用了)|只(留|用|要)(手机|电话)|(换成|改成|改用|换用)(手机|电话)|"
    r"(remove|drop|delete)\s+(the\s+|my\s+)?e-?mail|no\s+e-?mail|only\s+(by\s+)?phone",
    re.I,
)


def replaced_contact(text: str, found: Extracted) -> tuple[str, ...]:
    """The contact columns ("phone", "email") a new contact answer or correction replaces:
    those it gives, and the other one only when the customer says to drop it ("不要电话了，
    用邮箱 a@b.cn", "only by e-mail"). A customer may leave both (newcomer trial item 3)."""
    cleared = {c for c in ("phone", "email") if getattr(found, c)}
    if _DROP_PHONE.search(text):
        cleared.add("phone")
    if _DROP_EMAIL.search(text):
        cleared.add("email")
    return tuple(c for c in ("phone", "email") if c in cleared)


def facts_told(turn: Turn, draft: Draft, text: str) -> list[str]:
    """Reads the facts of `text` into the draft (nothing known replaced) and returns the
    "已记下：…" note naming every field the message gave, whether new or already known, so
    "邮箱没记上啊 x@y.com" at a pending choice is acknowledged, not answered with "reply with
    the option's number". [] when the message gives no fact."""
    found = conversation_fields(turn, text) if text else Extracted()
    before = Draft.from_json(draft.to_json())
    for column in _changed_columns(found):
        if column in COLUMN_FIELD and _value(found, column) == getattr(before, column, None):
            setattr(before, column, None)  # said again: named in the note all the same
    fill(draft, found, turn.now, frozenset())
    return noted_facts(turn, before, draft, False)


# Where a correction starts when it follows an answer: "1和5  哦对了手机号打错了是…".
_ASIDE_OPENER = re.compile(
    r"(?:[哦噢喔啊呃嗯诶哎]\s*)?(?:对了|另外|还有|顺便|btw|by the way|oh)", re.I
)


def before_correction(text: str) -> str:
    """The words before a correction said after an answer: "1和5" in "1和5  哦对了手机号
    打错了是13912345678" (newcomer trial item 8); "" when the message opens with it. The
    correction starts at its first cue (nlp/data/intent_cues.toml [correction] words and
    openers, [field_labels]), at an aside opener ("哦对了", "另外") or at a reference's label
    (nlp/extract_refs.py:find_references)."""
    starts = [m.start() for m in _ASIDE_OPENER.finditer(text)]
    # A reference's label opens its correction ("报案号写错了，应该是…"; trial 20: 报案号 was
    # read as the answer to the place question).
    starts += [ref.start for ref in find_references(unicodedata.normalize("NFKC", text))]
    for path in (("correction", "words"), ("correction", "openers")):
        starts += [span[0] for span in cue_phrases(text, *path)]
    for label in FIELD_ORDER:
        if label == FieldName.EVIDENCE:  # files: the cue file names no label for it
            continue
        starts += [span[0] for span in cue_phrases(text, "field_labels", label)]
    cut = min(starts, default=0)
    return text[:cut].strip(" ，,。.、；;：:!！~～")


def _value(found: Extracted, column: str) -> object:
    value = getattr(found, column)
    return value.isoformat() if column == "occurred_at" and value is not None else value


def updated_note(turn: Turn, before: Draft, after: Draft, story: str | None = None) -> str:
    """ "已更新：诉求 退款；书面道歉、经过（补充：“找客服三次都没人理我…”）。": what a message
    changed, so the customer knows what was recorded, not only that something was (newcomer
    trial 6); `story` is what was added to the account. "已更新。" when nothing can be named."""
    old, new = _shown(turn, before), _shown(turn, after)
    changed = [f for f in FIELD_ORDER if f in new and new[f] and new[f] != old[f]]
    refined = [f for f in changed if _refined(before, after, f)]
    parts = [_fact(turn, row(field).label, new[field]) for field in changed if field not in refined]
    sharper = (
        turn.t("reader.refined", fields=_fact(turn, row(FieldName.TIME).label, new[FieldName.TIME]))
        if refined
        else ""
    )
    if story:
        excerpt = story if len(story) <= _EXCERPT else f"{story[:_EXCERPT]}…"
        label = turn.t(row(FieldName.ACCOUNT).label)
        parts.append(turn.t("reader.story_added", label=label, text=excerpt))
    if not parts:
        return sharper or turn.t("confirm.updated")
    updated = turn.t("confirm.updated_with", fields=turn.t("reader.facts_separator").join(parts))
    return "\n".join(note for note in (sharper, updated) if note)


_EXCERPT = 20


def _fact(turn: Turn, label_key: str, value: str) -> str:
    # "时间 昨天" / "When: yesterday"; the label alone when there is no value to echo.
    label = turn.t(label_key)
    return turn.t("reader.fact", label=label, value=value) if value else label


def correction_note(
    turn: Turn, draft: Draft, fields: list[str], before: Draft | None = None
) -> str:
    """ "已更正：联系方式 13811113333。": each corrected field's label and its new value (the
    label alone for a field not echoed, such as the account). `fields`: field names. A field
    `before` (the draft as it was) had no value for is given, not corrected: "已记下：姓名
    陈静。" (newcomer trial 8: "已更正" for a name never said before)."""
    given = [name for name in fields if before is not None and not before.has(name)]
    refined = [name for name in fields if before is not None and _refined(before, draft, name)]
    corrected = [name for name in fields if name not in given and name not in refined]
    # The account is echoed by what it now says in place of what (a reference corrected:
    # "经过 BA2026111500321 → BA2026111500322"), never whole.
    restated = draft.restated[len(before.restated) :] if before is not None else []
    notes = [
        turn.t(
            key,
            fields=turn.t("reader.facts_separator").join(_facts(turn, draft, names, restated)),
        )
        for key, names in (
            ("reader.corrected", corrected),
            ("reader.refined", refined),
            ("reader.noted", given),
        )
        if names
    ]
    return "\n".join(notes)


def _refined(before: Draft, after: Draft, field: str) -> bool:
    """Whether `after` only makes `before`'s time more precise ("上个礼拜四" after "上个
    礼拜", "10月15号" after "十月中旬"): no correction, and the note says it was added
    (newcomer trial 17: "Corrected" after "last week" for a day of that week)."""
    if field != FieldName.TIME or not (before.occurred_at and before.occurred_text):
        return False
    if not (after.occurred_at and after.occurred_text):
        return False
    return refines(
        before.occurred_text,
        datetime.fromisoformat(before.occurred_at),
        after.occurred_text,
        datetime.fromisoformat(after.occurred_at),
    )


def _facts(
    turn: Turn, draft: Draft, fields: list[str], restated: list[str] | None = None
) -> list[str]:
    parts = []
    for name in fields:
        field = row(name)
        value = field.shown(draft, turn.t, 0) if field.noted else ""
        if name == FieldName.ACCOUNT and restated:
            value = turn.t("reader.facts_separator").join(restated)
        parts.append(_fact(turn, field.label, value))
    return parts


def _shown(turn: Turn, draft: Draft) -> dict[str, str]:
    """Each field echoed in notes as the summary shows it (the account and evidence are not)."""
    return {f.name: f.shown(draft, turn.t, 0) for f in FIELDS if f.noted}


def wishes_noted(turn: Turn, draft: Draft) -> str:
    """ "已记下：诉求 退押金；道歉。": the wishes as they now stand, said back for a message that
    stated them again, so the customer sees it was read as a wish and nothing else."""
    wishes = _shown(turn, draft).get(FieldName.REMEDY, "")
    return turn.t("reader.noted", fields=_fact(turn, row(FieldName.REMEDY).label, wishes))


def noted_facts(
    turn: Turn, before: Draft, after: Draft, told: bool, story: str | None = None
) -> list[str]:
    """ "已记下：姓名 孔亮、联系方式 13645678901。" for facts a message gave or changed besides
    its answer, so a customer who said more than was asked knows it was not ignored. `story`:
    the words the account gained, said back with it ("经过（补充：“房间号是8012”）")."""
    old, new = _shown(turn, before), _shown(turn, after)
    parts = [
        _fact(turn, row(field).label, new[field])
        for field in FIELD_ORDER
        if field in new and new[field] and new[field] != old[field]
    ]
    label = turn.t(row(FieldName.ACCOUNT).label)
    if told and story:
        excerpt = story if len(story) <= _EXCERPT else f"{story[:_EXCERPT]}…"
        parts.append(turn.t("reader.story_added", label=label, text=excerpt))
    elif told:
        parts.append(label)
    return (
        [turn.t("reader.noted", fields=turn.t("reader.facts_separator").join(parts))]
        if parts
        else []
    )


def _changed_columns(found: Extracted) -> list[str]:
    columns = [
        name
        for name in (
            "name",
            "phone",
            "email",
            "order_no",
            "remedy",
            "remedy_text",
            "product",
            "store",
            "staff",
            "place",
        )
        if getattr(found, name)
    ]
    if found.occurred_at is not None:
        columns += ["occurred_at", "occurred_text"]
    return columns


def _corrected_phone_tail(turn: Turn, draft: Draft, text: str) -> bool:
    """Puts the phone corrected by its last digits ("电话打错了 最后是4321") into `draft`;
    True when it did. The new number must still read as a phone number."""
    new = corrected_tail(text, draft.phone, other_numbers=bool(draft.order_no))
    if new is None or extract_fields(new, turn.now).phone != new:
        return False
    draft.phone = new
    return True
