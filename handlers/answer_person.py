"""Reading who the customer is and how to reach them (issue 9): a name said among other
words or after "I just told you", a chat ID or a refusal instead of a phone.
"""

from __future__ import annotations

import re
import unicodedata

from handlers.answer_words import (
    HAN,
    LATIN_LETTERS,
    NAME_PREFIX,
    NARRATIVE,
    PLACE_WORD,
    name_shaped,
    short_story_line,
)
from handlers.draft import Draft
from handlers.texts import TRADITIONAL
from handlers.turn import Turn
from handlers.words import NONE_WORDS, normalise
from nlp.extract import Extracted, extract_fields
from nlp.extract_english import names_place_en
from nlp.extract_person import (
    familiar_name,
    looks_like_chinese_name,
    standalone_name,
    standalone_word_name,
)
from nlp.extract_refs import (
    find_local_number,
    find_regional_number,
    hong_kong_hint,
    hong_kong_mobile,
)
from nlp.extract_text import read_words
from nlp.intent import bare_reply


def other_than_contact(found: Extracted) -> bool:
    """Facts besides a phone or e-mail: a message holding them is not a bare name."""
    return bool(
        found.remedies
        or found.occurred_at
        or found.place
        or found.store
        or found.product
        or found.order_no
        or found.platform
        or found.staff
    )


def name_with_contact(rest: str, found: Extracted) -> bool:
    """Whether the words left beside a phone or e-mail are a person's name (2-4 Han
    characters that read as a name, no place word): "刘洋，13912345687" is who to reach, not
    a place or a product (newcomer trial item 8)."""
    return bool(
        (found.phone or found.email)
        and re.fullmatch(r"[\u4e00-\u9fff]{2,4}", rest)
        and looks_like_chinese_name(rest)
        and not PLACE_WORD.search(rest)
    )


# "刘洋 刚才说了啊": a name, then words about having said it already (newcomer trial item 8).
_NAME_THEN_CHATTER = re.compile(
    r"^\s*(?:我叫|我是|姓名[:：]?|名字[:：]?)?(?P<name>[\u4e00-\u9fff]{2,4})[\s，,。.!！]+"
    r"(?P<tail>[^\d@]{1,12})$"
)


_CHATTER = re.compile(r"(说|讲|告诉|写|填|提|发)(过|了)|^[啊呀吧呢哈嘛哦噢嗯!！。.~～]+$")


def name_before_chatter(text: str) -> str | None:
    """The name in "刘洋 刚才说了啊" / "张伟，我上面写过了": a Han name followed by words
    about having given it; None for anything else."""
    match = _NAME_THEN_CHATTER.match(text)
    if not match or not _CHATTER.search(match["tail"]):
        return None
    name = match["name"]
    return name if looks_like_chinese_name(name) else None


# Words about having given it already: "刚说了啊", "上面写过了", "I just told you".
SAID_ALREADY = re.compile(
    r"(说|讲|告诉|写|填|提|发)(过|了)|\b(just|already)\s+(told|said|gave|wrote|sent)\b|"
    r"\btold\s+you\b|\bas\s+i\s+said\b",
    re.I,
)


_PIECE_CUT = re.compile(r"[，,。.!！?？;；:：、\n]+")


_LATIN_NAME = re.compile(
    rf"[A-ZÀ-ÖØ-ÞĀ-Ž][{LATIN_LETTERS}'’-]+(?: [A-ZÀ-ÖØ-ÞĀ-Ž][{LATIN_LETTERS}'’-]+){{0,2}}"
)


def _pieces(text: str) -> list[str]:
    """The message cut at punctuation, and Chinese parts at blanks beside a Chinese character
    too (a Latin name keeps its blank: "Tom Becker", also after Chinese words)."""
    pieces: list[str] = []
    for part in _PIECE_CUT.split(text):
        part = part.strip()
        pieces += _BLANK_BESIDE_HAN.split(part) if HAN.search(part) else [part] if part else []
    return [piece for piece in pieces if piece]


# A blank beside a Chinese character parts pieces; one between Latin words is a name's own
# ("我说了啊 Tom Becker": Tom Becker, not Becker; newcomer trial 22).
_BLANK_BESIDE_HAN = re.compile(r"(?<=[\u4e00-\u9fff])\s+|\s+(?=[\u4e00-\u9fff])")


def name_piece(piece: str) -> bool:
    """Whether one piece of a message is a name by itself: a Han name, or a Latin one."""
    if HAN.search(piece):
        return standalone_name(piece) or familiar_name(piece)
    return bool(_LATIN_NAME.fullmatch(piece)) and name_shaped(piece) and not names_place_en(piece)


# A phone or e-mail beside the name ("ok fine, Jack 13812345015"): read by extraction, so
# the piece it stands in is looked at without it.
_CONTACT = re.compile(r"\+?\d[\d -]{6,}\d|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _filler(piece: str) -> bool:
    """Whether a piece is only yes-words or fillers said before the name ("ok fine", "好吧",
    "alright then", "行吧"): no name and no fact (newcomer trial 20: the name after them was
    asked for three more times)."""
    words = piece.lower().split() if not HAN.search(piece) else [piece]
    return all(bare_reply(w) or w in _FILLER_WORDS for w in words)


_FILLER_WORDS = frozenset(
    {
        "then",
        "alright",
        "well",
        "so",
        "um",
        "uh",
        "hmm",
        "行吧",
        "好吧",
        "那好吧",
        "算了吧",
        "嗯嗯",
        "好的吧",
    }
)


def name_among_words(text: str) -> tuple[str | None, str]:
    """At the name question, the name said with other words (newcomer trial 6): the
    message's last piece when it is a name ("教练工号A017 我身份证号… 王建国", "刚说了啊
    王建国", "I just told you. Tom Becker"), or its first when all the rest is about having
    said it ("Tom Becker, as I said"). Returns (the name or None, the text without the
    words about having said it, which hold no fact: 刚 is not when it happened)."""
    pieces = _pieces(_CONTACT.sub(" ", text))
    chatter = [p for p in pieces if SAID_ALREADY.search(p) and not name_piece(p)]
    facts = text
    for piece in chatter:
        facts = facts.replace(piece, " ")
    # Fillers are passed over when looking for the name, but stay in the words read: a
    # "none" or "ok" alone is still answered as such.
    others = [p for p in pieces if p not in chatter and not (_filler(p) and not name_piece(p))]
    if len(pieces) < 2 or not others:
        return None, facts
    # "Kevin啊 刚才说了": the particle closing the name is no part of it (newcomer trial 22:
    # only a bare "Kevin" was taken).
    pieces = [_without_particle(p) for p in pieces]
    others = [_without_particle(p) for p in others]
    if name_piece(pieces[-1]):
        return pieces[-1], facts
    if name_piece(pieces[0]) and all(_tells_what_happened(p) for p in others[1:]):
        # "王芳 她还当着别人的面骂我穷": the name, then the story, kept in the account by the
        # intake (newcomer trial 18: neither the name nor the line was kept).
        return pieces[0], facts
    if len(others) == 1 and name_piece(others[0]):
        return others[0], facts
    return None, facts


_CLOSING_PARTICLE = re.compile(r"(?<=[A-Za-z\u4e00-\u9fff])[啊呀吧呢嘛哦噢啦哈]+$")


def _without_particle(piece: str) -> str:
    """`piece` without the sentence particles closing it ("Kevin啊", "王建国呀"), when a
    name is left before them; `piece` itself otherwise."""
    bare = _CLOSING_PARTICLE.sub("", piece)
    return bare if bare != piece and name_piece(bare) else piece


def _tells_what_happened(piece: str) -> bool:
    """Whether a piece of a message said at the name question tells what happened: a clause
    of events (answer_words.NARRATIVE) or a short clause of the story."""
    return bool(NARRATIVE.search(piece)) or short_story_line(piece)


# A chat ID offered instead of a number ("加我微信wjg_1990"), or a phone declined ("电话不方便",
# "不给手机"): the customer hears why a phone or e-mail is asked and that this chat is used
# too (newcomer trial 6: "这不像有效的联系方式" to an elderly customer).
_CHAT_WORD = r"(?:微信|wechat|weixin|vx|v信|wx|telegram|tg)"
# What may stand between the chat word and the ID: "微信号是 ", "加我微信吧 ", "vx: ".
_CHAT_GAP = r"(?:[\s:：是为吧就呀啊哈的,，]|\bis\b){0,4}"
# The ID itself: a letter, then 5-19 letters, digits, "_" or "-" (WeChat's own rule). Said with
# a label (微信号, wechat id) any such word is one; without one it must hold a digit, "_" or
# "-" ("加我微信吧 wxid_liu2024"), so "微信 refund" is no ID (newcomer trial 14: the ID after
# "吧" was not seen, and the customer heard "这不像有效的联系方式").
_ID = r"[A-Za-z][-_A-Za-z0-9]{5,19}(?![-_A-Za-z0-9])"
_CHAT_ID = re.compile(
    rf"{_CHAT_WORD}(?:号|账号|id|\s+id){_CHAT_GAP}{_ID}"
    rf"|{_CHAT_WORD}{_CHAT_GAP}(?=[A-Za-z][A-Za-z]*[-_\d]){_ID}"
    r"|(?<![A-Za-z0-9])wxid_[A-Za-z0-9_-]+",
    re.I,
)


def offers_chat_id(text: str) -> bool:
    """Whether `text` offers a WeChat/Telegram ID as the way to reach the customer ("微信号是
    jess_0921 你加我就行", "加我微信吧 wxid_liu2024"): the business cannot add it, so the
    customer hears why a phone or e-mail is asked (docs/process.md, contact)."""
    return bool(_CHAT_ID.search(text))


def without_chat_ids(text: str) -> str:
    """`text` with every WeChat/Telegram ID offered in it (see offers_chat_id) blanked: a way
    to reach the customer, never a fact of the story."""
    return _CHAT_ID.sub(" ", text)


_PHONE_DECLINED = re.compile(
    r"(?:手机|电话|号码|联系方式).{0,2}(?:不方便|不想给|不想留|不给|不留|不愿意?给?|保密)|"
    r"(?:不给|不留|不想给|不想留|不方便留|不方便给|不愿意?给|不愿意?留)(?:你们)?(?:我的)?(?:手机|电话|号码|联系方式)|"
    r"\b(?:rather|prefer)\s+not\s+(?:to\s+)?(?:give|share|leave)|"
    r"\bdon'?t\s+want\s+to\s+(?:give|share|leave)\s+(?:you\s+)?my\s+(?:phone|number)",
    re.I,
)


# A phone refused, in English, whatever reason follows: "still no, I don't give my number to
# bots", "I won't share my number, I get spam calls" (newcomer trial 24: filed as story).
_PHONE_DECLINED_EN = re.compile(
    r"\b(?:don'?t|do not|won'?t|will not|not going to|never|can'?t|cannot)\s+"
    r"(?:give|share|leave|hand over|provide)\s+(?:out\s+)?(?:you\s+|bots\s+)?(?:my\s+)?"
    r"(?:phone|number|mobile|cell|contact)|\bno\s+(?:phone|number|mobile)\b(?!\s+(?:rang|called))",
    re.I,
)
# The e-mail chosen instead of a phone, no address given yet: "不用電話 用email聯絡就好",
# "发邮件给我吧", "email is better for me" (newcomer trial 24: filed as story). The address
# is asked for.
_MAIL = r"(?:e-?mail|邮件|郵件|邮箱|郵箱|电邮|電郵|电子邮箱|電子郵箱)"
_EMAIL_CHOSEN = re.compile(
    rf"(?:用|发|發|寄|通过|透過|走|留)\s*{_MAIL}|{_MAIL}\s*(?:给我|給我|联系|聯絡|聯繫|联络|通知|回复"
    rf"|回覆|就好|就行|就可以|吧|好了|比较好|比較好|方便)"
    r"|\b(?:e-?mail me|by e-?mail|via e-?mail|prefer e-?mail|e-?mail (?:is|would be) "
    r"(?:better|fine|ok|okay|easier|best)|(?:use|just) e-?mail|e-?mail only|only e-?mail)\b",
    re.I,
)
# Only a number abroad, said or asked about: "I only have a UK number", "我只有香港的手机号
# 可以吗" (newcomer trial 24: "phone" became the complaint's object and the question was left
# to the staff). The customer hears such a number is fine with its country code.
_REGION = (
    r"(?:香港|台湾|臺灣|台灣|澳门|澳門|国外|國外|境外|外国|外國|海外"
    r"|英国|英國|美国|美國|新加坡|日本|韩国|韓國)"
)
_ABROAD_NUMBER = re.compile(
    rf"{_REGION}(?:的)?(?:手机号码?|手机|电话号码?|电话|号码|手機號碼?|手機|電話號碼?|電話|號碼)"
    r"|\b(?:uk|us|u\.s\.|british|american|foreign|overseas|international|european|german|french"
    r"|australian|canadian|hong kong|taiwan(?:ese)?|singapore(?:an)?|japanese|korean|non-chinese)"
    r"\s+(?:mobile\s+|cell\s+|phone\s+)?(?:number|phone|mobile|sim)\b",
    re.I,
)


def chooses_email(text: str) -> bool:
    """Whether `text` chooses the e-mail as the way to reach the customer ("用email聯絡就好",
    "email me") without giving an address (the caller checks that)."""
    return bool(_EMAIL_CHOSEN.search(unicodedata.normalize("NFKC", text)))


def abroad_number_only(text: str) -> bool:
    """Whether `text` says or asks about having only a number abroad ("I only have a UK
    number", "我只有香港的手机号可以吗")."""
    return bool(_ABROAD_NUMBER.search(unicodedata.normalize("NFKC", text)))


def declines_phone(text: str) -> bool:
    """Whether `text` offers a WeChat/Telegram ID instead of a number or declines to give a
    phone: "电话不方便 加我微信wjg_1990", "不给手机", "I'd rather not give my number"."""
    return (
        offers_chat_id(text)
        or bool(_PHONE_DECLINED.search(text))
        or bool(_PHONE_DECLINED_EN.search(text))
    )


# "就在这里回我", "你们在这个对话里回我", "reply here": the customer wants to be reached in
# this chat only (newcomer trial 17: "不留" three times at the contact question was a dead
# end, and "就不留 你们在这个对话里回我" at the name question became story).
_CHAT_ONLY = re.compile(
    r"(?:这里|这儿|这边|这个?对话|对话里|这个?聊天|聊天里|这个?窗口|这个?群|微信上|这上面)"
    r".{0,6}?(?:回|联系|通知|说|答复|找)|"
    r"(?:回|联系|通知|答复)(?:我)?(?:就)?(?:在)?(?:这里|这儿|这边|这个?对话|对话里|这个?聊天)|"
    r"\b(?:reply|answer|contact|message|write to|text)\s+(?:me\s+)?"
    r"(?:here|in this chat|in the chat|through this chat|via this chat)|"
    r"\bthis chat only\b|\bhere only\b|\bonly here\b|\bjust (?:use )?(?:this|the) chat\b",
    re.I,
)
# A refusal said first, whatever follows: "不留", "就不留…", "说了不留电话", "不想说", "不方便",
# "不给", "保密", "no thanks", "rather not"; after giving up on it or naming what is refused
# ("那算了不留了", "算了 名字不想说", "名字就不方便透露了", "唉 还是不说了": newcomer trial 20,
# these went into the account as story).
_REFUSAL_OPENING = re.compile(
    r"^(?:那|就是|就|我|都|也|还是|说了|我说了|已经说了|算了|那算了|唉|哎|嗯|呃|名字|姓名|称呼|真名|全名"
    r"|我的|这个|[\s,，。.!！~～])*"
    r"(?:不留|不想说|不想留|不想给|不想透露|不想讲|不方便|不给|不告诉|保密|不说|不透露|不讲"
    r"|不愿意?(?:说|透露|留|给|讲))|"
    r"^(?:no\s*thanks|no\s*thank\s*you|rather not|i'?d rather not|prefer not|i'?d prefer not)",
    re.I,
)


# "凭什么给你", "凭啥要告诉你们", "干嘛给你电话": a refusal put as a question, the whole
# message (newcomer trial 22: noted as a question for the staff, the contact asked again
# with no way out). "凭什么不给我退款" is story: the words after 给 must be "you" and the
# detail asked for, nothing else.
_WHY_SHOULD_I = re.compile(
    r"^(?:那|我)?(?:凭什么|凭啥|干嘛|干吗|为啥)(?:要|非要|一定要|得)?(?:给|告诉|留给?)"
    r"(?:你们?|您)?(?:我的)?(?:手机号?|电话|号码|联系方式|名字|姓名|真名)?"
    r"(?:啊|呀|呢|啦|嘛)?[\s?？!！。.~～]*$"
)


def wants_chat_only(text: str) -> bool:
    """Whether `text` asks to be reached in this chat only ("就在这里回我", "reply here")."""
    return bool(_CHAT_ONLY.search(text))


# What may stand beside the chat-only choice in a message that says nothing else: "就在这里联系
# 吧", "just reply here pls", "ok here only".
_CHAT_ONLY_FILLER = re.compile(
    r"[\s,，。.!！~～、]|就|我|吧|啦|了|好的?|行|可以|嗯|那|都|在|只|通过|"
    r"\b(?:pls|plz|please|just|ok|okay|thanks|thx|me|i|will|be|fine|is)\b",
    re.I,
)


def chat_only_choice(text: str) -> bool:
    """Whether the whole of `text` is the wish to be reached in this chat only ("here only",
    "就在这里联系", "just reply here pls"): the contact choice whichever question is open,
    never a wish nor story (re-trial 22: "here only" at the remedy question became a wish).
    A sentence around the words ("门店这边说不能退") is not the choice."""
    plain = unicodedata.normalize("NFKC", text).strip()
    if len(plain) > 40 or not (found := _CHAT_ONLY.search(plain)):
        return False
    rest = plain[: found.start()] + " " + plain[found.end() :]
    return not _CHAT_ONLY_FILLER.sub("", rest)


def refuses_details(text: str) -> bool:
    """Whether `text` refuses a name or a contact, in any of its wordings: a refusal said
    first ("就不留 你们在这个对话里回我", "说了不留电话", "保密"), one put as a question
    ("凭什么给你"), a phone declined, or the wish to be reached here only. Never story
    (docs/process.md section 1)."""
    plain = unicodedata.normalize("NFKC", text).strip().lower()
    if _REFUSAL_OPENING.match(plain) or _WHY_SHOULD_I.match(plain):
        return True
    return declines_phone(text) or wants_chat_only(text)


def bare_name_framed(text: str) -> str | None:
    """`text` as said in the name's frame ("周五" -> "我叫周五") when, at the name question, it
    is a bare Chinese name that is also a word ("周五" a weekday, "金星" a planet): the
    question is the frame, so it is the name, not a time said again (newcomer trial 24: "周五"
    there corrected the complaint's time). None otherwise."""
    said = text.strip(" ，,。.!！~")
    if 2 <= len(said) <= 4 and looks_like_chinese_name(said) and standalone_word_name(said):
        return f"我叫{said}"
    return None


def read_name(draft: Draft, text: str, found: Extracted, turn: Turn) -> str | None:
    """The name question's answer: the name read, else the words without "我叫" and the like."""
    if found.name:
        return None
    name = NAME_PREFIX.sub("", unicodedata.normalize("NFKC", text)).strip(" ，,。.!！")
    letters = sum(1 for ch in name if ch.isalpha())
    if normalise(name) in NONE_WORDS or not name or len(name) > 40 or letters < len(name) / 2:
        return "invalid.name"
    if bare_reply(name):  # "ok", "sure": an answer to no question about who they are
        return "invalid.name"
    draft.name = name
    return None


def read_contact(draft: Draft, text: str, found: Extracted, turn: Turn) -> str | None:
    """The contact question's answer: a phone or e-mail read (fill keeps it), else refused;
    a number abroad without its country code ("07700 900123", "0912345678", "9123 4567") is
    asked again with its code, in one line (docs/process.md, contact)."""
    if found.phone or found.email:
        return None
    if turn.t.locale == TRADITIONAL:
        # "0912345678" in a conversation held in traditional characters: a Taiwan mobile,
        # though the message itself has too few characters to say so (newcomer trial 20).
        number, _ = find_regional_number(normalise(text), traditional=True)
        if number:
            draft.phone = number
            return None
    local = local_number(text)
    said = " ".join(filter(None, (draft.account, draft.store, draft.place, text)))
    if (
        local
        and turn.t.locale == TRADITIONAL
        and hong_kong_hint(said)
        and (number := hong_kong_mobile(local))
    ):
        # "98765432" in a conversation in traditional characters that shows Hong Kong
        # (written Cantonese, a Hong Kong place): the customer's own mobile (newcomer trial
        # 22: refused as foreign); a Taiwan customer's 8 digits still have their code asked
        draft.phone = number
        return None
    return "reader.phone_needs_code" if local else "invalid.contact"


def contact_aside(turn: Turn, draft: Draft, text: str) -> str | None:
    """What the contact question's answer says beside a contact when it gives none: the
    e-mail chosen ("不用電話 用email聯絡就好": its address asked for), or only a number abroad
    ("I only have a UK number": fine with its country code). The locale key to answer with,
    or None (docs/process.md section 1, contact)."""
    found = conversation_fields(turn, text)
    if found.phone or found.email or found.local_phone or draft.phone or draft.email:
        return None
    if chooses_email(text):
        return "reader.contact_email_wanted"
    if abroad_number_only(text):
        return "reader.contact_abroad"
    return None


def about_reaching(text: str) -> bool:
    """Whether `text`, said at the name or contact question, is about how the customer is
    reached, never what happened: a refusal (with any reason after it), the e-mail chosen,
    or only a number abroad (newcomer trial 24: each was filed as story)."""
    return refuses_details(text) or chooses_email(text) or abroad_number_only(text)


def conversation_fields(turn: Turn, text: str) -> Extracted:
    """The fields of `text` read with what the conversation knows beyond the message: held in
    traditional characters, a Taiwan mobile said beside a name ("王先生 0937-123-456") is
    +886 though the message itself shows no script (newcomer trial 21). Where a phone may
    be read, this is what reads the message."""
    return extract_fields(text, turn.now, traditional=turn.t.locale == TRADITIONAL)


def local_number(text: str) -> str | None:
    """The number abroad written without its country code in an answer to the contact
    question, as written (8 digits too: a Hong Kong or Macau mobile); None when none."""
    number, _ = find_local_number(unicodedata.normalize("NFKC", text), bare_eight=True)
    return number


# One syllable of Hanyu Pinyin without tones: an initial and a final, or 儿 (er) alone.
# A place said in Latin letters at the place question is most often pinyin ("Sanlitun",
# "Wangjing", "Chaoyang"); a Western given name rarely is ("Peter", "Jack", "Walmart").
_PINYIN_SYLLABLE = (
    r"(?:er|(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|in|un|vn|"
    r"ia|ie|iu|ua|uo|ui|ue|ve|a|o|e|i|u|v))"
)
_PINYIN_WORD = re.compile(rf"{_PINYIN_SYLLABLE}+")
_ONE_SYLLABLE = re.compile(_PINYIN_SYLLABLE)
# Western given names pinyin could spell ("Mike" is mi-ke): a name, not a place.
_GIVEN_NAMES = frozenset(name.lower() for name in read_words("given_names_en.txt"))


def _pinyin_place_word(word: str) -> bool:
    """Whether one Latin word may be a place said in pinyin: two syllables or more
    ("Xidan", "Wangjing"), and no Western given name pinyin could spell. A single syllable
    ("Dan", "Lin", "Jen", "Wang") names no place; it is a given name or a surname (trial 22:
    "Mike", "Dan", "Lin" and "Jen" at the place question were filed as the place)."""
    low = word.lower()
    if low in _GIVEN_NAMES or _ONE_SYLLABLE.fullmatch(low):
        return False
    return bool(_PINYIN_WORD.fullmatch(low))


def person_not_place(words: str, found: Extracted) -> bool:
    """Whether `words`, said bare at the place question, are a person's name rather than a
    place: a Chinese name (王芳), or one to three capitalised Latin words none of which is
    pinyin ("Peter", "Jack Smith"), with no place, store, company or platform read in them
    (newcomer trial 21: "Peter", the name not yet given, was filed as Where: Peter)."""
    if found.place or found.store or found.company or found.platform or found.venue:
        return False
    piece = words.strip(" ,.!。，！")
    if not piece or PLACE_WORD.search(piece):
        return False
    if HAN.search(piece):
        return standalone_name(piece)
    if not (_LATIN_NAME.fullmatch(piece) and name_piece(piece)):
        return False
    return not any(_pinyin_place_word(word) for word in piece.split())
