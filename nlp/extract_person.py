"""The complainant's name, when the text introduces it: 我叫王芳, 本人张三, 姓名:李四, 王先生,
"My name is John Smith", "I'm John", "Name: Mary O'Brien".

A name needs an introduction (or a 先生/女士 form at the start, or right before the phone
number, or "叫我孙女士就行"), or must stand on its own beside a phone, e-mail or ID number
("王建国 13511112222"): a bare "王芳" could be anything, and the conversation reads bare
answers itself.
"""

from __future__ import annotations

import re

from nlp.extract_text import normalise as fold
from nlp.extract_text import read_words
from nlp.language import ENGLISH_WORDS
from nlp.tokenizer import word_tag

_LINES = [line.split() for line in read_words("extract_surnames.txt")]
_COMPOUND = frozenset(w for line in _LINES for w in line if len(w) == 2)
_SINGLE = frozenset(w for line in _LINES for w in line if len(w) == 1)
_TITLES = ("先生", "女士", "小姐")
# Hong Kong's and Guangdong's forms of address, right after the surname: 生 for 先生 and 太
# for 太太 ("陳生", "黃太": Mr Chan, Mrs Wong), and 太太 itself. Only where the name ends (a
# blank, punctuation, a phone or the text's end follows): "陈生气了" is angry, "王太忙" busy.
_SHORT_TITLES = ("太太", "生", "太")
# Characters that start the next words rather than continue a given name.
_NOT_GIVEN = set(
    "在是的了我你他她们手电联住今昨前这那和跟要想从于买去来说"
    "因被有也就都还对把给让叫号先女,.!?;: \x00"
)

# 俺 is the northern dialect's 我: "俺叫赵铁柱" introduces a name as "我叫" does (newcomer
# trial 8: it was read as story, and the dish named before stayed the name).
INTRO_RE = re.compile(
    r"(?:[我俺]叫|[我俺]的名字叫|[我俺]的名字是|名字叫|名字是|本人姓名|本人|[我俺]是|姓名|联系人|称呼"
    # "名字 David Wu", "名字：陈静": the form's label, a blank or a colon after it (trial 24)
    r"|(?<![\u4e00-\u9fff])名字(?=[\s:：]))"
    r"[\s:是为叫]*"
)
# Latin letters with their accents (Latin-1 and Extended-A): "Anna Müller", "José", "Łukasz"
# (newcomer trial 12: the name was cut at ü, or not read at all).
_UP = "A-ZÀ-ÖØ-ÞĀ-Ž"
_LOW = "a-zß-öø-ÿĀ-ž"
_LET = f"{_UP}{_LOW}"
_LATIN_RE = re.compile(rf"[{_LET}][{_LOW}]+(?: [{_UP}][{_LOW}]+)?")
# English introductions. After a "strong" one whatever follows is the name ("my name is john
# smith"); after a "weak" one ("I am", "this is") only capitalised words are, because those
# words introduce many other things ("I am very angry", "this is terrible").
_EN_INTRO_RE = re.compile(
    # "Name Anna Müller": the form's label and a capitalised name opening the message.
    r"\b(?:(?P<strong>my\s+(?:full\s+)?name\s+is|my\s+name's|name\s*:|call\s+me|"
    rf"^\s*name\s+(?=(?-i:[{_UP}]))|"
    # "ok +86 137…, name is Tom Becker": a bare "name is" opening a clause; "the product
    # name is …" names a thing (newcomer trial 7).
    r"(?<![A-Za-z]\s)(?<![A-Za-z]\s\s)(?:full\s+)?name\s+is|"
    # "name's Priya Nair", "the name's Tom": the same said short (newcomer trial 24: only the
    # e-mail beside it was kept).
    r"(?:(?<![A-Za-z]\s)(?<![A-Za-z]\s\s)|(?<=\bthe\s))name\s*['’]\s*s\b)"
    # "im Jake": "I'm" typed without its apostrophe on a phone (newcomer trial 8).
    r"|(?P<weak>i\s+am|i'm|i’m|im(?=\s)|this\s+is|it's|it’s|its(?=\s+(?-i:[A-Z]))|it\s+is))\s*",
    re.IGNORECASE,
)
_EN_NAME_WORD_RE = re.compile(rf"\s*([{_LET}][{_LET}'’-]*)")
_EN_MAX_WORDS = 3


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _title_at(work: str, i: int) -> int:
    return next((len(t) for t in _TITLES if work.startswith(t, i)), 0)


def _short_title_at(work: str, i: int) -> int:
    """Length of 生 / 太 / 太太 at work[i] when the name ends with it, else 0."""
    for title in _SHORT_TITLES:
        end = i + len(title)
        if work.startswith(title, i) and (end == len(work) or not _is_cjk(work[end])):
            return len(title)
    return 0


def _chinese_name(work: str, i: int, *, need_title: bool) -> int:
    """Length of a name starting at work[i] (surname, given name, 先生/女士; 陈生, 黄太), 0
    if none."""
    if work[i : i + 2] in _COMPOUND:
        n = 2
    elif work[i : i + 1] in _SINGLE:
        n = 1
    else:
        return 0
    if title := _title_at(work, i + n) or _short_title_at(work, i + n):
        return n + title
    given = 0
    while given < 2 and i + n + given < len(work):
        ch = work[i + n + given]
        if not _is_cjk(ch) or ch in _NOT_GIVEN:
            break
        given += 1
    if title := _title_at(work, i + n + given):
        return n + given + title
    if need_title or given == 0:
        return 0
    return n + given


def find_name(text: str, work: str, contacts: str | None = None) -> str | None:
    """The customer's name where the text introduces it (我叫王芳, 我是王芳, 业主钱伟,
    "my name is ...", 王女士), cut from `text` as written; `work` is its normalised copy with
    the same offsets, every fact found blanked. `contacts` is that copy with only the
    contacts and ID numbers blanked (default `work`): a bare name counts beside those, not
    beside a time or a sum. None when no name is introduced (a bare 王芳 is not read here)."""
    for m in INTRO_RE.finditer(work):
        i = m.end()
        if i >= len(work):
            break
        if restart := _RESTARTED.match(work, i):  # "我叫刘 刘洋": the fuller form said after
            i = restart.start("full") if restart["full"].startswith(restart["part"]) else i
        n = _chinese_name(work, i, need_title=False) or _familiar_name(work, i)
        # "我是" introduces many things (我是阳光花园的业主): the name must end there.
        loose = not m.group().startswith(("我是", "俺是"))
        if n and (loose or i + n == len(work) or not _is_cjk(work[i + n])):
            return text[i : i + n]
        latin = _LATIN_RE.match(work, i)
        if latin and loose:
            # "我叫 Kevin 张", "我叫Kevin張": a Latin given name and the Chinese surname after
            # it are one name (newcomer trial 24: the surname was dropped)
            han = _HAN_AFTER_LATIN.match(work, latin.end())
            if han and (han["s"] in _COMPOUND or han["s"] in _SINGLE):
                return text[i : han.end()]
            return text[i : latin.end()]
    return (
        _called_name(text, work)
        or _role_name(text, work)
        or _english_name(text, work)
        or _titled_name(text, work)
        or _surname_only(text, work)
        or _name_before_contact(text, work)
        or _name_beside_blank(text, work if contacts is None else contacts)
    )


# A surname after a Latin given name, ending the name: "Kevin 张", "Kevin張，…".
_HAN_AFTER_LATIN = re.compile(r" ?(?P<s>[\u4e00-\u9fff]{1,2})(?![\u4e00-\u9fff])")


# The plain frames of a name ("我叫周五", "我的名字是高兴", "姓名：金星"): what follows is the
# name even when it is also a word ("周五" a weekday, "冬天" a season; newcomer trial 24: "我叫
# 周五" was read as a time and corrected the complaint's). Not 我是 / 本人 / 称呼, which
# introduce other things too ("我是周五去的").
_FRAME_RE = re.compile(r"(?:[我俺]叫|[我俺]的名字叫|[我俺]的名字是|名字叫|名字是|姓名)[\s:是为叫]*")


def framed_name(work: str) -> tuple[int, int] | None:
    """The span of a name said in a plain frame (_FRAME_RE: "我叫周五", "我叫王冬天"), a
    known surname with one or two characters ending the phrase, so the readers of times and
    things leave it alone; None when there is none ("我叫了外卖", "我叫他们经理来")."""
    for m in _FRAME_RE.finditer(work):
        i = m.end()
        if i >= len(work):
            break
        n = _chinese_name(work, i, need_title=False)
        if n and (i + n == len(work) or not _is_cjk(work[i + n])):
            if _OTHER_PERSON.search(work[i : i + n]):
                continue
            return i, i + n
    return None


# "叫我孙女士就行", "称呼我王先生吧", "喊我小周", "叫我老王就行": how the customer wants to
# be addressed, ending the phrase or followed by 就行/就好/吧. 老/小 before a surname alone
# is the everyday form of address (newcomer trial 7 left "叫我老王就行" unread).
_CALL_ME_RE = re.compile(r"(?:叫我|称呼我|喊我)")
_CALL_ME_END = ("就行", "就好", "就可以", "即可", "吧", "好了", "就是了")
_FAMILIAR = ("老", "小")
# Everyday words that are 老/小 and a surname's character, not a form of address.
_FAMILIAR_WORDS = frozenset(
    {"老师", "老公", "老板", "小区", "小时", "老家", "小姐", "老婆", "小米", "小于", "小钱"}
    | {"小麦", "小费", "小包", "小车", "小路", "老路", "小心", "小票", "老乡", "小康"}
)


# A name begun and said again whole: "刘 刘洋", "欧阳 欧阳娜娜" (the customer started with the
# surname, then gave the full name; newcomer trial 10 filed "我叫刘 刘洋" as the remedy).
_RESTARTED = re.compile(r"(?P<part>[\u4e00-\u9fff]{1,2})[\s,，、]+(?P<full>[\u4e00-\u9fff]{2,4})")


def _familiar_name(work: str, i: int) -> int:
    """Length of "老王" / "小周" / "老欧阳" at work[i]: 老 or 小 and a surname, 0 if none."""
    if work[i : i + 1] not in _FAMILIAR:
        return 0
    n = 2 if work[i + 1 : i + 3] in _COMPOUND else 1 if work[i + 1 : i + 2] in _SINGLE else 0
    return 1 + n if n and work[i : i + 2] not in _FAMILIAR_WORDS else 0


def familiar_name(text: str) -> bool:
    """Whether `text` (stripped) is 老/小 and a surname alone ("老刘", "小周", "老欧阳"): how a
    customer wants to be addressed, an answer to the name question (newcomer trial 8: "老刘"
    was refused). An everyday word of that shape ("小米", "小于", "老师") is not."""
    work = fold(text.strip())  # 老劉 is 老刘
    return bool(work) and _familiar_name(work, 0) == len(work)


def _called_name(text: str, work: str) -> str | None:
    for m in _CALL_ME_RE.finditer(work):
        i = m.end()
        n = _chinese_name(work, i, need_title=False) or _familiar_name(work, i)
        end = i + n
        if n and (end == len(work) or not _is_cjk(work[end]) or work.startswith(_CALL_ME_END, end)):
            return text[i:end]
        if latin := _called_latin(work, i):
            return text[latin[0] : latin[1]]
    return None


# "叫我 Kevin 就行", "称呼我Anna吧": a Latin name of one or two capitalised words after 叫我,
# ending the phrase as a Chinese one does (newcomer trial 22: no name was read).
_CALLED_LATIN_RE = re.compile(rf"\s*(?P<name>[{_UP}][{_LOW}]+(?: [{_UP}][{_LOW}]+)?)\s*")


def _called_latin(work: str, i: int) -> tuple[int, int] | None:
    """The span of a Latin name right after 叫我 at work[i] (see _CALLED_LATIN_RE), when the
    phrase ends there or goes on with 就行, 吧 …; None when there is none, or it is an
    English word ("叫我 Please")."""
    m = _CALLED_LATIN_RE.match(work, i)
    if m is None or any(w.lower() in ENGLISH_WORDS for w in m["name"].split()):
        return None
    end = m.end()
    if end == len(work) or not (_is_cjk(work[end]) or work[end].isalnum()):
        return m.span("name")
    return m.span("name") if work.startswith(_CALL_ME_END, end) else None


# Words that name someone else, not the customer: "张教练", "李经理" are the staff.
_OTHER_PERSON = re.compile(
    r"(?:教练|老师|师傅|经理|店长|医生|护士|客服|保安|店员|司机|主管|老板|服务员|快递员|骑手|"
    r"销售|导购|专员|工程师)$"
)


def standalone_name(piece: str) -> bool:
    """Whether `piece` (a token on its own, between blanks or punctuation) is a Chinese
    personal name: a known surname, one or two given characters or 先生/女士 (王建国,
    孙女士), and neither a dictionary word that is no name ("马上", "方便": jieba's tag
    is not nr), a staff title ("张教练") nor a thanks ("谢谢")."""
    piece = fold(piece)  # the surname list and the words below are simplified: 陳 is 陈
    if not 2 <= len(piece) <= 4 or not looks_like_chinese_name(piece):
        return False
    if _OTHER_PERSON.search(piece) or piece in _NOT_NAMES or _PARTICLE_END.search(piece):
        return False
    tag = word_tag(piece)
    return tag is None or tag.startswith("nr")


def standalone_word_name(piece: str) -> bool:
    """Whether `piece`, a Chinese name's shape, is no form the name question refuses: a staff
    title ("张教练"), a thanks ("谢谢") or a reply ending in a particle ("那好吧"). A word it
    also is ("周五", "高兴") does not matter there (handlers/answer_person.py:bare_name_framed)."""
    piece = fold(piece)
    return not (
        _OTHER_PERSON.search(piece)
        or piece in _NOT_NAMES - {"高兴", "文明", "方便"}
        or _PARTICLE_END.search(piece)
    )


_NOT_NAMES = frozenset({"谢谢", "多谢", "谢了", "高兴", "方便", "文明"})
# A name does not end in a sentence particle: "那好吧" beside a phone is a reluctant yes, not
# a person surnamed 那 (newcomer trial 7).
_PARTICLE_END = re.compile(r"[吧啊呢吗呀嘛了哦哈呗啦]$")
# A name standing alone beside a blanked fact (a phone, an e-mail, an ID number): "身份证号
# 110101199003071234 王建国", "王建国 13511112222" (newcomer trial: only the bare name was
# taken). Blanks, commas or the message's ends on its other side.
_BESIDE_BLANK_RE = re.compile(
    r"\x00[\s,;:。]*(?P<after>[\u4e00-\u9fff]{2,4})(?=[\s,;:。.!]|$)"
    r"|(?:^|[\s,;:。.!])(?P<before>[\u4e00-\u9fff]{2,4})[\s,;:]*\x00"
)


# A surname alone beside the contact, the message's first or last word ("好吧 13566667777 林",
# "林 13566667777"): how a customer signs a reply (newcomer trial 11: the name was asked three
# more times). One character is any word, so only a known surname, set apart by blanks or
# commas from the contact and from everything else.
_SURNAME_BESIDE_RE = re.compile(
    r"\x00[\s,，;；]+(?P<after>[\u4e00-\u9fff]{1,2})[\s。.!！]*$"
    r"|^\s*(?P<before>[\u4e00-\u9fff]{1,2})[\s,，;；]+\x00"
)


def _name_beside_blank(text: str, work: str) -> str | None:
    for m in _BESIDE_BLANK_RE.finditer(work):
        group = "after" if m["after"] else "before"
        if standalone_name(m[group]):
            return text[m.start(group) : m.end(group)]
    for m in _SURNAME_BESIDE_RE.finditer(work):
        group = "after" if m["after"] else "before"
        if m[group] in _SINGLE or m[group] in _COMPOUND:
            return text[m.start(group) : m.end(group)]
    return None


# "Tom Chen, phone +86 137 0000 1111": capitalised words opening the message, then a contact
# label or the contact itself (blanked in `work`: "Tom Becker, tom.becker@gmail.com"); how a
# form-minded English writer gives their name (newcomer trial item 8, trial 6).
# A sentence may come first: "…I want a refund. Tom Becker, tom@example.com. Nov 28." (newcomer
# trial 14: the name was asked again).
_EN_NAME_THEN_CONTACT = re.compile(
    rf"(?:^|(?<=[.!?;。！？；\n]))\s*(?P<name>[{_UP}][{_LET}'’-]+(?:\s+[{_UP}][{_LET}'’-]+){{0,2}})\s*[,，;.]?\s*"
    r"(?:\x00|(?i:(?:my\s+)?(?:phone|mobile|tel|cell|e-?mail|contact))\b)",
)


_EN_GREETINGS = frozenset({"hello", "hi", "hey", "thanks", "dear", "greetings"})


def _name_before_contact(text: str, work: str) -> str | None:
    """The name in "Tom Chen, phone …" / "Mary O'Brien, email …" / "Tom Becker,
    tom@x.com": one to three capitalised words opening the message or a sentence, none a
    common English word, right before a contact label or a contact; None otherwise."""
    for match in _EN_NAME_THEN_CONTACT.finditer(work):
        words = match["name"].split()
        if _RUN_GOES_ON.match(work, match.end("name")):
            # "China Mobile charged me…": a capitalised label right after the words goes on
            # with their name, a company's (newcomer trial 21: Name "China"), no contact's.
            continue
        if not any(w.lower() in ENGLISH_WORDS or w.lower() in _EN_GREETINGS for w in words):
            return text[match.start("name") : match.end("name")]
    return None


# A capitalised word after blanks only: the name's run goes on ("China Mobile", "Air China
# Mobile app"); a contact label follows a name after a comma or in lower case.
_RUN_GOES_ON = re.compile(rf"[ \t]+[{_UP}]")


# "我姓周", "免贵姓周", "本人姓欧阳", or "姓周" opening the message: the surname is all the
# customer gives, and a Chinese service desk addresses them by it (周女士 when they say so).
# 就/那就 may come before it ("就姓刘"), and a particle after the surname ("姓刘吧", "姓刘啊";
# newcomer trial 16: "姓刘吧" at the name question was refused) says nothing more.
# 我性 is 我姓 mistyped (same pinyin, xìng: newcomer trial 24 "我性刘" was not read); the
# surname must still stand alone after it ("我性格不好" reads none).
_SURNAME_INTRO_RE = re.compile(r"(?:免贵|鄙人|本人|我)(?:就)?[姓性]|^\s*(?:那就|就|嗯|哦)?姓")
_PARTICLE_AFTER_RE = re.compile(
    r"(?:吧|啊|呀|哈|哦|嘛|啦|呗|咯|喔)+(?=$|[\s,，。.!！~～]|先生|女士|小姐)"
)
_TITLE_AFTER_RE = re.compile(r"[\s,，:：]*(?:是)?(?:位)?(先生|女士|小姐)")


def _surname_only(text: str, work: str) -> str | None:
    """The surname after 我姓/免贵姓 when nothing but punctuation, the end or a title
    follows it: "我姓周，18912345678" -> "周", "免贵姓周，女士" -> "周女士"."""
    for m in _SURNAME_INTRO_RE.finditer(work):
        i = m.end()
        n = 2 if work[i : i + 2] in _COMPOUND else 1 if work[i : i + 1] in _SINGLE else 0
        if not n:
            continue
        if particle := _PARTICLE_AFTER_RE.match(work, i + n):
            # "姓刘吧": the particle is dropped, and what follows it read as after the surname
            text = text[: i + n] + text[particle.end() :]
            work = work[: i + n] + work[particle.end() :]
        if title := _title_at(work, i + n):
            return text[i : i + n + title]
        if i + n < len(work) and _is_cjk(work[i + n]):
            continue  # "我姓周的朋友…", "我姓王芳" is read by the other rules
        said = _TITLE_AFTER_RE.match(work, i + n)
        if not said and (full := _full_name_after(work, i, n)):
            return text[full[0] : full[1]]  # "我姓汪 汪敏", "我姓汪，叫汪敏": the whole name
        if not said and (given := _GIVEN_AFTER_SURNAME.match(work, i + n)):
            # "姓欧阳 名字叫静", "姓诸葛 叫亮": the surname and the given name said apart are
            # one name (newcomer trial 21: 欧阳 was kept, 静 lost).
            return text[i : i + n] + text[given.start("given") : given.end("given")]
        return text[i : i + n] + (said[1] if said else "")
    return None


# The whole name said right after the surname (newcomer trial 10: "名字写错了 不是王 我姓汪 汪敏"
# kept only 汪): a blank or comma, maybe 叫, then the same surname with a given name.
_NAME_AFTER_SURNAME = re.compile(r"[\s,，、]*(?:叫)?")


# The given name said after the surname: "姓欧阳 名字叫静", "姓王，名芳", "姓诸葛 叫亮"; one or
# two characters standing alone (a spelled-out character may follow: "安静的静").
_GIVEN_AFTER_SURNAME = re.compile(
    r"[\s,，、]*(?:名字叫|名字是|名叫|名字|名是|名|单名|单名一个|叫)\s*"
    r"(?P<given>[\u4e00-\u9fff]{1,2})(?![\u4e00-\u9fff])"
)


def _full_name_after(work: str, i: int, n: int) -> tuple[int, int] | None:
    """(start, end) of "汪敏" after "我姓汪 " when it starts with that surname, else None."""
    gap = _NAME_AFTER_SURNAME.match(work, i + n)
    start = gap.end() if gap else i + n
    if start == i + n or work[start : start + n] != work[i : i + n]:
        return None
    length = _chinese_name(work, start, need_title=False)
    return (start, start + length) if length > n else None


# The value said bare after a take-back inside one message: "我叫李娜娜 名字写错了 是李娜"
# (newcomer trial 8: the first name won, as it no longer does for a phone).
_BARE_AFTER_TAKE_BACK = re.compile(
    r"^\s*(?:应该是|应该叫|是|叫|改成|改为)?\s*(?P<name>[\u4e00-\u9fff]{2,4})[\s。.!！~]*$"
)


def name_taken_back(later: str) -> str | None:
    """The name in the words after a take-back ("是李娜", "应该是王方", "李娜") when they are
    only a name; for a message that gave a name before them, so no introduction is needed."""
    match = _BARE_AFTER_TAKE_BACK.match(later)
    if match is None:
        return None
    name = match["name"]
    return name if standalone_name(name) or familiar_name(name) else None


def is_surname(text: str) -> bool:
    """Whether `text` (stripped) is a known Chinese surname alone: "刘", "欧阳". For the
    answer to the name question, where a customer may give only the surname."""
    work = fold(text.strip())  # 陳, 歐陽
    return work in _SINGLE or work in _COMPOUND


# "我是阳光花园3栋的业主钱伟": a role word, then a name that ends the phrase. The role says
# a person follows; without it two characters after 的 could be anything.
_ROLE_RE = re.compile(r"(?:业主|住户|租户|车主|顾客|客户|会员|用户|家长|乘客|患者|学员)")


def _role_name(text: str, work: str) -> str | None:
    for m in _ROLE_RE.finditer(work):
        i = m.end()
        n = _chinese_name(work, i, need_title=False)
        if n and (i + n == len(work) or not _is_cjk(work[i + n])):
            return text[i : i + n]
    return None


# "Priya Nair here, priya@x.com", "hi, Tom here": a capitalised name opening a clause and
# "here" after it, how people sign a chat (newcomer trial 24).
_HERE_RE = re.compile(
    rf"(?:^|[,.;!?]\s*)(?:(?i:hi|hello|hey)\b[\s,]*)?"
    rf"(?P<name>[{_UP}][{_LOW}]+(?:\s+[{_UP}][{_LOW}]+){{0,2}})\s+here(?=\s*(?:[,.;:!?\-–\x00]|$))"
)


# Words for no one or anyone, which "X here" never signs: "Nobody here.", "Everyone here".
_NOBODY = frozenset(
    [
        "nobody",
        "noone",
        "nothing",
        "none",
        "everyone",
        "everybody",
        "everything",
        "someone",
        "somebody",
        "something",
        "anyone",
        "anybody",
        "anything",
        "people",
        "staff",
    ]
)


def _english_name(text: str, work: str) -> str | None:
    """The name after an English introduction: up to three words, none a common English
    word (so "my name is not important" names nobody); a Chinese name is read as such."""
    for here in _HERE_RE.finditer(work):
        words = here["name"].split()
        if any(w.lower() in _NOBODY for w in words):
            continue  # "Nobody here.", "Everyone here lied": no one signing (trial 24)
        if words[0][0].isupper() and not any(w.lower() in ENGLISH_WORDS for w in words):
            return text[here.start("name") : here.end("name")]
    for m in _EN_INTRO_RE.finditer(work):
        i = m.end()
        if n := _chinese_name(work, i, need_title=False):
            return text[i : i + n]
        end = i
        for _ in range(_EN_MAX_WORDS):
            word = _EN_NAME_WORD_RE.match(work, end)
            if word is None or word[1].lower() in ENGLISH_WORDS:
                break
            if end == i and m["weak"] and not word[1][0].isupper():
                break
            end = word.end()
        if end > i:
            return text[i:end].strip()
    return None


def _titled_name(text: str, work: str) -> str | None:
    """王女士 / 陈先生 at the very start, or right before the blanked phone number."""
    start = len(work) - len(work.lstrip(" ,.!?"))
    if start < len(work) and (n := _chinese_name(work, start, need_title=True)):
        return text[start : start + n]
    for m in re.finditer(
        r"(?P<n>[\u4e00-\u9fff]{1,3}(?:先生|女士|小姐|太太|生|太))[\s,:]*\x00", work
    ):
        for i in range(m.start("n"), m.end("n")):
            if (n := _chinese_name(work, i, need_title=True)) and i + n == m.end("n"):
                return text[i : i + n]
    return None


def looks_like_chinese_name(text: str) -> bool:
    """A bare Chinese personal name: a known surname and one or two given characters
    (王芳, 欧阳娜娜, 陳大文), or a surname with 先生/女士/小姐 or 生/太 (陳生, 黃太). For
    answers to the name question, where "还要" or "不想留" must not pass for a name."""
    work = fold(text.strip())  # the surname list is simplified: 陳 is 陈
    if verb_phrase(work):
        return False
    for n in (2, 1):
        if len(work) > n and (work[:n] in _COMPOUND if n == 2 else work[:n] in _SINGLE):
            rest = work[n:]
            if (
                rest in _TITLES
                or rest in _SHORT_TITLES
                or (
                    1 <= len(rest) <= 2
                    and all(_is_cjk(ch) for ch in rest)
                    and not any(ch in _NOT_GIVEN for ch in rest)
                )
            ):
                return True
    return False


# Tags of words that do or say how something is done: a verb (v, vn, vd), an adverb, an
# idiom or a set phrase. A name answer that is one of them is a wish or a verb ("严查", "包赔",
# "退钱"), however its first character reads as a surname.
_VERB_TAGS = ("v", "d", "i", "l")
# What completes a verb after it, and may also be a dictionary word of another kind (明白 is
# tagged nr): 查清楚, 查明白, 查一下, 管到底.
_COMPLEMENTS = frozenset({"清楚", "明白", "一下", "一查", "到底", "回来", "回去", "干净", "好了"})
_COMPLEMENT_TAGS = ("a", "m", "d", "v")


def verb_phrase(text: str) -> bool:
    """Whether `text` (a few Han characters) is a verb with what completes it, never a name,
    though it opens with a surname: a dictionary verb ("严查", "付钱", "管好") or a verb that
    is also a surname with a complement ("查清楚", "查一下": 查 is a surname; newcomer trial
    21 filed 姓名：查清楚). Real names are rarely dictionary words of these kinds; a bare
    surname with one given character ("付丽") is never judged here."""
    work = fold(text.strip())
    tag = word_tag(work)
    if tag is not None and tag.startswith(_VERB_TAGS) and len(work) >= 2:
        return True
    head, rest = work[:1], work[1:]
    if len(rest) != 2 or not (word_tag(head) or "").startswith("v"):
        return False
    return rest in _COMPLEMENTS or (word_tag(rest) or "").startswith(_COMPLEMENT_TAGS)
