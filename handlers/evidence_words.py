"""What a customer says about evidence in words (docs/process.md section 2): none to send
("暂无", "截图删了"), some they have but did not send ("有照片"), some coming later or lying
elsewhere ("等下发", "在家里"), or a pasted record. Read by the intake's evidence step and by
the answers to other questions."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime

from handlers.words import NONE_WORDS, normalise
from nlp.extract import extract_fields
from nlp.extract_person import standalone_name
from nlp.extract_remedy import find_remedies
from nlp.extract_text import normalise as fold

_ADDRESS = re.compile(r"https?://|www\.", re.I)


# "还" and a spoken particle may come in between or after: "暂时还没有哦", "现在还没有呢",
# "目前还没" (trial 24: read as an unreadable answer).
_NONE_YET = re.compile(
    r"^(暂时|目前|现在|手头|手上)?(还|也|都)?(没有|没|无|木有)(任何)?(照片|图片|相片|相|截图|证据|视频|影片|"
    r"录音|录像|聊天记录|凭证|小票|发票|材料)?(了|呢|啊|哦|喔|噢|欸|诶|哈|呀)*$"
)


# Why there is none: "截图删了", "当时没拍", "换手机了找不到" (newcomer trial item 8).
# Or that only their own word is there: "就是我自己", "只有我一个人", "没人拍" (newcomer
# trial 17: "没有 没有照片 就是我自己" went into the account and evidence was asked again).
_LOST = re.compile(
    r"删|丢|扔|没拍|没照|没存|没保存|没留|找不到|不见|清理|过期|换手机|没截|寄回|退回|送人"
    r"|^(?:就是|只有|就|全凭|全靠)?我(?:自己|本人|一个人)|^没人(?:拍|看见|看到|作证)"
)
_CLAUSES = re.compile(r"[\s，,。.；;！!、]+")
# Said around a "none" and adding nothing to it: "不好意思 没有截图", "no photos, sorry".
_POLITE = re.compile(r"^(?:不好意思|抱歉|对不起|真抱歉|sorry|soz|apologies|unfortunately)$", re.I)
# English "none" in the customer's own words: "no screenshots sorry", "no photos", "I don't
# have any pictures", "there's no receipt", "haven't got any evidence" (newcomer trial 11:
# these went into the account and the question was asked again). Read clause by clause after
# _POLITE words are dropped, so "sorry, no photos" and "no photos, sorry" both count.
_EVIDENCE_NOUN_EN = (
    r"(?:evidence|proof|photos?|pictures?|pics?|images?|screenshots?|screen\s*shots?|"
    r"receipts?|invoices?|videos?|recordings?|records?|chat\s+logs?|files?|documents?)"
)
_NONE_EN = re.compile(
    r"^(?:(?:i\s+)?(?:have\s+|got\s+)?no(?:\s+" + _EVIDENCE_NOUN_EN + r")?|nope|none|nothing|"
    r"(?:i\s+)?(?:do\s*n[o']?t|don't|dont|did\s*n[o']?t|didn't|didnt|have\s*n[o']?t|haven't|"
    r"havent)\s+(?:have|got|take|keep|save)\s+(?:any(?:thing)?|a|the|one)?\s*"
    r"(?:" + _EVIDENCE_NOUN_EN + r")?|"
    r"there(?:'s|\s+is|\s+are)\s+(?:no|none)(?:\s+" + _EVIDENCE_NOUN_EN + r")?|"
    r"not\s+any(?:\s+" + _EVIDENCE_NOUN_EN + r")?|"
    # None for now, as 暂无: "not right now", "not yet", "not at the moment", "maybe later"
    # (newcomer trial 16: "not right now" was asked again).
    r"not\s+(?:yet|(?:right\s+)?now|at\s+the\s+moment|currently|for\s+now|today)|"
    r"(?:maybe\s+|perhaps\s+)?later(?:\s+on)?)"
    r"(?:\s+(?:at\s+all|i'm\s+afraid|yet|available|to\s+send|on\s+me|to\s+hand|on\s+hand|"
    r"with\s+me|(?:right\s+)?now|here|yet|sorry|for\s+now|at\s+the\s+moment|currently|today))*$",
    re.I,
)


# "I'm afraid" opening a clause is politeness too: "No, I'm afraid I don't have anything to
# hand" (newcomer trial 15: it was added to the story).
_AFRAID = re.compile(r"^(?:i'm|i\s+am|im)?\s*afraid\s+(?:that\s+)?")


def _says_none_en(text: str) -> bool:
    """English "none" at the evidence question, with any polite words around it."""
    words = " ".join(text.lower().replace("’", "'").split())
    clauses = [_AFRAID.sub("", c.strip()) for c in re.split(r"[,.;!]+", words) if c.strip()]
    kept: list[str] = []
    for clause in clauses:
        parts = clause.split()
        while parts and _POLITE.match(parts[0]):  # "sorry no photos"
            parts.pop(0)
        while parts and _POLITE.match(parts[-1]):  # "no screenshots sorry"
            parts.pop()
        if parts:
            kept.append(_without_no(" ".join(parts)))
    return bool(kept) and all(_NONE_EN.match(c) for c in kept)


# A "no" opening the clause that says none, typed without a comma: "no i dont have any",
# "nah i dont have any pics", "nope none" (newcomer trial 22: kept as one item of text
# evidence). Dropped only when what follows says none by itself.
_NO_OPENER = re.compile(r"^(?:no+|nope|nah|na|nop)\s+(?=\S)", re.I)


def _without_no(clause: str) -> str:
    """`clause` without an opening "no"/"nah" when the rest says none on its own."""
    opener = _NO_OPENER.match(clause)
    if opener is None or not _NONE_EN.match(clause[opener.end() :]):
        return clause
    return clause[opener.end() :]


# Said at the evidence question, these go on without files: a yes to what comes next ("对的
# 提交", "没问题 提交吧", "可以了", "就这样吧"); elderly customers confirm rather than say
# "暂无" (newcomer trial 17: "对的 提交" was refused). Read on the normalised words.
_GO_ON = re.compile(
    r"^(?:(?:对的?|是的?|好的?|好了|行|可以|没问题|没错|就这样|就这些|直接|确认|提交)"
    r"(?:吧|了|啊|呀|呢)?)+$"
)


def goes_on(text: str) -> bool:
    """Whether `text` only says yes, go on ("对的 提交", "好了", "没问题 提交吧")."""
    return bool(_GO_ON.match(normalise(text)))


# Why there is nothing to send, said alone or run together without punctuation, as elderly
# customers type it (newcomer trial 20: "没有照片我不会弄", "不会发图片", "当时没想到拍照",
# "照片删了" and "没拍" went into the account and the question was asked again). Read on the
# normalised words (traditional and Cantonese folded: "冇相" is "没相", "刪咗" is "删了"); the
# whole message must be such pieces, so a story that mentions a photo is not one, and "有照片
# 等下发" (evidence that exists) never is.
# A paper named by what it is for may stand before the kind, or be the kind itself: "快递单
# 照片删了", "合同的照片找不到了", "收据照片早就删了" (newcomer trial 22: only a bare "照片删了"
# was read, so these went into the account and the question was asked again).
_PAPER_CN = (
    r"(?:合同|小票|发票|收据|监控|聊天|订单|付款|转账|支付|病历|"
    r"(?:快递|维修|检查|购物|付款|取件|送货|收费|缴费)单)"
)
_NOUN_CN = (
    r"(?:" + _PAPER_CN + r"的?)?"
    r"(?:照片|图片|相片|相|影相|图|截图|截屏|录音|录像|视频|影片|聊天记录|记录|小票|发票|收据|单据|"
    r"凭证|证据|材料|证明|(?:那|这)?(?:张|个)?(?:快递|维修|检查|购物|付款|取件|送货)?单子?)"
)
_PIECE_NONE = (
    r"(?:暂时|目前|现在|手头|手上|手里|手机里|当时|那时候?|我|也|都|就|所以|根本|实在)*"
    r"(?:没有|没|无|木有)(?:任何|什么|啥)?" + _NOUN_CN
)
# Lost or gone: "照片删了", "截图早就删掉了", "手机里的照片都丢了", "找不到了".
_LOST_VERB = (
    r"(?:删|删掉|删除|删光|弄丢|丢|丢掉|丢失|清理|清掉|清空|扔掉|扔|不见|找不到|找不着|没保存|过期)"
)
_ALREADY = r"(?:我)?(?:都|也|早|早就|已经|全|不小心|给)*(?:被)?"
_PIECE_LOST = (
    r"(?:(?:手机里|相册里|手机上)?(?:的)?"
    + _NOUN_CN
    + _ALREADY
    + r"(?:"
    + _LOST_VERB
    + r"|没了|没有了)"
    r"|" + _ALREADY + _LOST_VERB + r")"
    r"(?:了|掉了|光了|啦)?"
)
# Never taken: "没拍", "当时没想到拍照", "忘了拍", "来不及截图", "没留证据".
# The noun may come first: "照片也没拍", "截图都没截", "相都冇影" (Cantonese 影: to take a
# photo, 影相; newcomer trial 21: "相都冇影" was not read).
_NOT_DONE = (
    # "哪有空拍", "没时间拍照": no time to take it (newcomer trial 22)
    r"(?:没有?|忘了|忘记了?|没想到|没想起来?|没来得及|来不及|顾不上|没顾上|没记得|不记得|没注意"
    r"|哪有空|哪有时间|没空|没时间|哪顾得上|哪里顾得上)"
    r"(?:要|去)?(?:拍|照|拍照|拍下来?|拍下|截|截图|截屏|录|录音|录像|录下来?|留|保存|存|留证据|取证|要"
    r"|影)"
)
_PIECE_NOT_TAKEN = (
    r"(?:当时|那时候?|那会儿?|我|也|都|就|太急了?|着急)*"
    r"(?:(?:" + _NOUN_CN + r")" + _ALREADY + r")?" + _NOT_DONE + r""
    r"(?:到|成)?(?:" + _NOUN_CN + r"|照|下来|一下)?(?:了|啊|呀)?"
)
# Cannot send: "不会发图片", "我不会弄", "不知道怎么发", "发不了", "传不上去".
_PIECE_CANNOT = (
    r"(?:我|也|都|就|实在|手机)*"
    r"(?:(?:不会|不懂|不知道怎么|不晓得怎么|学不会)(?:发|弄|传|上传|操作|搞|发送)"
    r"|搞不来|弄不来|搞不懂|弄不懂)(?:" + _NOUN_CN + r"|文件)?(?:了|啊|呀)?"
    r"|(?:" + _NOUN_CN + r")?(?:发|传|上传|发送)(?:不了|不上去?|不出去?|不过去|失败)(?:了|啊)?"
    r"(?:" + _NOUN_CN + r")?"
)
# Particles closing a spoken line count as filler: "没有拍照欸", "没拍哦", "冇相啊" (newcomer
# trial 21: "沒有拍照欸" at the contact question was read as refusing a phone).
_PIECE_FILLER = (
    r"(?:不好意思|抱歉|对不起|哎|唉|哎呀|啊|呀|了|的|吧|所以|真的|实在|那个|这个"
    r"|欸|诶|哦|喔|噢|嘛|啦|呢|哈|咯|嘞|喇|呐)"
)
# The box or wrapping thrown away, so nothing is left to photograph: "盒子我扔了", "包装早就扔了"
# (trial 24: "盒子我扔了没有照片医院的单子有").
_PIECE_WRAPPING = (
    r"(?:盒子|包装盒?|外包装|包装袋|瓶子|袋子|罐子)"
    + _ALREADY
    + r"(?:扔|丢|扔掉|丢掉|丢了|扔了)(?:了|掉了)?"
)
_NO_EVIDENCE = re.compile(
    r"(?:"
    + "|".join(
        (_PIECE_NONE, _PIECE_LOST, _PIECE_WRAPPING, _PIECE_NOT_TAKEN, _PIECE_CANNOT, _PIECE_FILLER)
    )
    + r")+"
)
_FILLER_ONLY = re.compile(_PIECE_FILLER + "+")
# The same in English, clause by clause: "deleted them", "I lost the photos", "forgot to take
# any", "I can't send pictures", "don't know how to upload it".
_NO_EVIDENCE_EN = re.compile(
    r"(?:i\s+)?(?:already\s+|accidentally\s+)?(?:deleted|lost|erased|removed|threw\s+away)"
    r"(?:\s+(?:them|it|all\s+of\s+them|(?:the|my|all\s+the)\s+" + _EVIDENCE_NOUN_EN + r"))?"
    r"|(?:the\s+|my\s+)?"
    + _EVIDENCE_NOUN_EN
    + r"\s+(?:are|is|got|were|was)\s+(?:deleted|lost|gone)"
    r"|(?:i\s+)?(?:forgot|didn'?t\s+think|never\s+thought)\s+to\s+(?:take|keep|save)"
    r"(?:\s+(?:any|a|one|them))?(?:\s+" + _EVIDENCE_NOUN_EN + r")?"
    r"|(?:i\s+)?(?:never|didn'?t|did\s+not)\s+(?:take|keep|save)\s+(?:any|a|one|them)"
    r"(?:\s+" + _EVIDENCE_NOUN_EN + r")?"
    r"|(?:i\s+)?(?:can'?t|cannot|can\s+not|don'?t\s+know\s+how\s+to|do\s+not\s+know\s+how\s+to)"
    r"\s+(?:send|upload|attach)(?:\s+(?:them|it|any|(?:the|my)\s+"
    + _EVIDENCE_NOUN_EN
    + r"|"
    + _EVIDENCE_NOUN_EN
    + r"))?",
    re.I,
)


def _no_evidence_en(text: str) -> bool:
    """English reasons there is nothing to send, clause by clause, beside a plain "none"."""
    words = " ".join(text.lower().replace("’", "'").split())
    clauses = [_AFRAID.sub("", c.strip()) for c in re.split(r"[,.;!]+", words) if c.strip()]
    kept = [" ".join(p for p in c.split() if not _POLITE.match(p)) for c in clauses if c.strip()]
    kept = [c for c in kept if c]
    return (
        bool(kept)
        and all(_NO_EVIDENCE_EN.fullmatch(c) or _NONE_EN.match(c) for c in kept)
        and any(_NO_EVIDENCE_EN.fullmatch(c) for c in kept)
    )


def no_evidence_reason(text: str) -> bool:
    """Whether `text` says only why there is no evidence to send: none kept ("没有照片"),
    lost ("照片删了", "deleted them"), never taken ("没拍", "当时没想到拍照", "I didn't take
    any") or not sendable by the customer ("不会发图片", "没有照片我不会弄", "I can't send
    photos"), maybe with a short clause saying why or how it came about ("当时没拍 喝了一半才
    发现的", "手机摔坏了 照片都没了"; see reason_words). Evidence that exists somewhere ("有照片
    等下发", "照片在我老公手机上") is not."""
    if text.isascii():
        return _no_evidence_en(text)
    return _no_evidence_only(text) or _split_reason(text) is not None


def _no_evidence_only(text: str) -> bool:
    """Whether `text` is only no-evidence pieces (_NO_EVIDENCE) and filler."""
    said_ = normalise(text)
    return bool(said_) and bool(_NO_EVIDENCE.fullmatch(said_)) and not _FILLER_ONLY.fullmatch(said_)


# A clause beside the no-evidence pieces that says why or how: "喝了一半才发现的", "当时没在意",
# "手机摔坏了", "天太黑了" (newcomer trial 21: such a message went into the account and the
# evidence question was asked again). Short, and none of what other rules read: no digits (a
# phone, a sum, a time), no question, no wish, no evidence that exists or comes later ("明天
# 补拍" stays evidence_later's), nothing about reaching the customer.
_REASON_MAX_CHARS = 14
_NOT_A_REASON = re.compile(
    r"\d|[?？吗]|要求|我要|想要|希望|退|赔|补偿|换(?![过了])|道歉|投诉|处理|解决|电话|手机号|邮箱|微信|联系"
)


def _split_reason(text: str, piece_first: bool = False) -> tuple[str, str] | None:
    """(the no-evidence words, the reason clauses) when `text` is clauses of no evidence
    (_NO_EVIDENCE) and, before or after them (with `piece_first`, only after), one or two short
    clauses that say why (_REASON_MAX_CHARS, not _NOT_A_REASON, not evidence_later's words,
    not has_evidence's); None otherwise."""
    clauses = [c for c in _CLAUSES.split(unicodedata.normalize("NFKC", text).strip()) if c]
    pieces = [_no_evidence_only(c) for c in clauses]
    if len(clauses) < 2 or not any(pieces):
        return None
    first, last = pieces.index(True), len(pieces) - 1 - pieces[::-1].index(True)
    if not all(pieces[first : last + 1]):
        return None  # the pieces in one run: "没拍 …", "… 照片都没了"
    if piece_first and first:
        return None
    rest = clauses[:first] + clauses[last + 1 :]
    if not rest or len(rest) > 2 or (first and last + 1 < len(clauses)):
        return None
    reason = " ".join(rest)
    plain = normalise(reason)
    if len(plain) > _REASON_MAX_CHARS or _FILLER_ONLY.fullmatch(plain):
        return None
    if _NOT_A_REASON.search(fold(plain)) or _LATER.search(fold(plain)) or names_evidence(reason):
        return None  # "但是有聊天记录": evidence that exists is no reason there is none
    if _answers_something(reason):
        return None
    return " ".join(clauses[first : last + 1]), reason


# Any day will do: only whether the words hold a time is asked, never which.
_ANY_DAY = datetime(2000, 1, 1, tzinfo=UTC)


def _answers_something(words: str) -> bool:
    """Whether `words` answer another question: a name ("没拍 王芳" at the name question), a
    place or store ("没拍 在望京店"), a time, a staff member. Then they are no reason: the
    open question reads them (a product is a reason's word: "手机摔坏了")."""
    if standalone_name(words):
        return True
    found = extract_fields(words, _ANY_DAY)
    return bool(
        found.name
        or found.place
        or found.store
        or found.platform
        or found.occurred_at
        or found.occurred_text
        or found.staff
        or found.company
    )


def reason_words(text: str) -> str | None:
    """The clause saying why there is no evidence, said beside it ("当时没拍 喝了一半才发现的"
    -> "喝了一半才发现的", "没有拍 当时没在意" -> "当时没在意"): kept for the agent as the
    evidence's note. None when the message says only that there is none ("没拍", "照片删了")."""
    if text.isascii():
        return None
    split = _split_reason(text)
    return split[1] if split else None


def says_none(text: str) -> bool:
    """ "暂无", "没有照片", "手上没有截图", "no screenshots sorry", "I don't have any photos":
    no evidence to send; also a "no" with why there is none ("没有 截图删了", "照片都删了，
    没有了") or an apology ("不好意思 没有截图"), which is no story to add to the account,
    and why there is none said alone (no_evidence_reason: "照片删了", "没拍", "不会发图片")."""
    said_ = normalise(text)
    if said_ in NONE_WORDS or _NONE_YET.match(said_):
        return True
    if text.isascii() and _says_none_en(text):
        return True
    if no_evidence_reason(text):
        return True
    clauses = [c for c in _CLAUSES.split(text.strip()) if c]
    nones = [c for c in clauses if normalise(c) in NONE_WORDS or _NONE_YET.match(normalise(c))]
    others = [c for c in clauses if c not in nones and not _POLITE.match(c)]
    return bool(nones) and all(_LOST.search(fold(c)) and len(c) <= 12 for c in others)


# What a customer may have to show, in Chinese: the kinds of photo and record, and papers
# named by what they are for ("维修单", "检查单", "病历"; not "订单号", which is a number).
# 影片 and 简讯 are Taiwan's words for a video and a text message (newcomer trial 17).
_HAVE_NOUN = (
    r"(?:照片|图片|相片|截图|截屏|录音|录像|视频|影片|简讯|聊天记录|记录|小票|发票|收据|单据|票据|凭证|"
    r"证据|合同|病历|诊断书|报告|(?:维修|检查|检验|快递|购物|付款|缴费|收费|取件|送货|化验)单)"
)
# "有照片", "我有录音", "有病历和发票的照片", "我手机里有付款截图", "照片我有", "截图都有":
# they have evidence but sent words; ask for the file itself (newcomer trial 14: "有病历和
# 发票的照片" went into the account while "有维修单的照片" was asked for). Where they keep
# it may come first ("手机里", "这边"); the kind may come first too, then who has it.
_HAS_EVIDENCE = re.compile(
    r"^(?:(?:我|我们)?(?:这边|这里|手上|手里|手头|手机里|手机上|相册里|电脑里)?(?:也|都|还)?"
    r"(?:有|留了|存了|拍了|截了)(?:\S{0,10}?)"
    + _HAVE_NOUN
    + "|"
    + _HAVE_NOUN
    + r"(?:\S{0,6}?)(?:我|我们)?(?:这边|手上|手里|手机里)?(?:都|也|还)?有"
    r"(?:的|啊|呢|呀|哦|吧)?$)"
)


# "I have the bank sms", "i've got the baggage tag", "we have photos of it": up to two words
# before what it is (newcomer trial 13: "i have the bank sms" was kept as the evidence itself,
# and the letter said no material was missing).
_HAS_EVIDENCE_EN = re.compile(
    r"^(?:i|we)(?:\s+have|'ve|\s+got|\s+do\s+have|\s+can send|\s+will send|'ll send)\s+(?:got\s+)?"
    r"(?:the\s+|a\s+|some\s+|my\s+|our\s+|all\s+the\s+)?(?:[a-z]+\s+){0,2}?"
    r"(?:receipt|photo|pic|picture|screenshot|video|recording|invoice|chat|record|sms|"
    r"text\s+message|message|statement|e-?mail|bill|contract|tag|proof|evidence|document)s?\b",
    re.I,
)


def has_evidence(text: str) -> bool:
    """ "有照片", "我有录音", "有病历和发票的照片", "照片我有", "I have photos of the damage":
    the customer has evidence but sent words about it, not the file. Only a short remark: a
    story that opens with the record it is about ("有扣费记录 但我根本没开通过这个业务") tells
    what happened."""
    said_ = normalise(text)
    if _HAVE_TAIL_CN.fullmatch(fold(said_)):
        return True  # "医院的单子有", "小票倒是有" (trial 24)
    found = _HAS_EVIDENCE.match(said_)
    if found is not None:
        return len(said_) - found.end() <= _HAVE_REST_CHARS
    found = _HAS_EVIDENCE_EN.match(text.strip())
    return found is not None and len(text.strip()) - found.end() <= _HAVE_REST_CHARS_EN


# What may follow "有照片" in such a remark: "等下发", "在手机里" (Chinese, spaces out), or
# "of the broken kettle".
_HAVE_REST_CHARS = 8
_HAVE_REST_CHARS_EN = 40


# What a customer has to show, named in words (read in the folded copy: 截圖, 錄音).
_EVIDENCE_WORD = re.compile(
    r"照片|图片|相片|截图|截屏|录音|录像|视频|影片|简讯|聊天记录|小票|发票|收据|单据|票据|凭证|证据|合同|"
    r"短信|监控|screenshot|photo|picture|receipt|invoice|video|recording|\bsms\b|statement|"
    r"\bbill\b|contract|\btag\b",
    re.I,
)
# Later, somewhere else, or none for now: "等下发", "回头补", "但在家里", "在客服聊天记录里",
# "你们自己去看", "算了先暂无".
_LATER = re.compile(
    r"等下|等一下|等会|待会|回头|稍后|晚点|晚些|之后|以后|后面|明天|改天|过会|下次|回家|"
    r"补发|再发|补上|补给|先这样|就这样|先不|算了|没带|不在身边|不在手|在家|家里|"
    # Tonight, back home, or kept for now: "晚上回去拍给你们", "小票还在" (newcomer trial 22).
    r"晚上|今晚|回去|下班|到家|还在|还留着|都留着|"
    r"在.{1,8}(?:里|上)|(?:自己|你们)去?(?:看|查|调)|可以查|能查|暂无|暂时没|先没|"
    # Kept but not sendable by the customer: "有照片 但是我不会发" (newcomer trial 20), a note
    # for the agent, who can ask for it another way.
    r"不会(?:发|弄|传)|发不了|传不了|发不出|传不上|"
    r"later|tomorrow|at home|not with me|"
    # Kept on another device or somewhere else: "but it's on my other phone", "on my wife's
    # phone", "in my email", "at the office", "will send it when I get home" (trial 24: "I have
    # a video of the noise, but it's on my other phone" was counted as an item of evidence).
    r"\bon\s+(?:my|his|her|our|their|the)\s+(?:[a-z]+'?s\s+)?(?:other|old|work|second|"
    r"another|husband'?s|wife'?s|son'?s|daughter'?s|friend'?s)?\s*(?:phone|mobile|cell|laptop|"
    r"computer|pc|ipad|tablet|camera)\b|\bin\s+(?:my|our)\s+(?:e-?mails?|inbox|car|bag|office|"
    r"other\s+phone)\b|\bat\s+(?:work|the\s+office|my\s+office)\b|\bwill\s+send\b|"
    r"\bwhen\s+i\s+(?:get|am|'m)\s+(?:home|back)\b|\bnot\s+on\s+(?:me|this\s+phone)\b",
    re.I,
)
# Words that add nothing to such a remark: "有", "但", "吧".
_REMARK_FILLER = re.compile(r"[我有的了吧啊呢哦嗯但是都也就先还现在手上]|可以|好的|好")
_REMARK_CLAUSE_CHARS = 16


def evidence_later(text: str) -> bool:
    """Whether `text` says evidence is not here now but exists or will come: later ("有照片
    等下发 先这样吧", "现在没有 回头补"), elsewhere ("合同照片有 但在家里", "照片在客服聊天
    记录里 你们自己去看") or none for now after all ("算了先暂无"). Every clause is short and
    names evidence, says when or where, says none, or adds nothing; a story is not such a
    remark (newcomer trial 6: these were added to the account and the question asked again)."""
    # Folded (traditional and written Cantonese as Mandarin): "冇截圖" is "没截图".
    text = fold(unicodedata.normalize("NFKC", text)).strip()
    if text.isascii():  # "I have the receipt at home, will send it later"
        return len(text) <= 80 and bool(_EVIDENCE_WORD.search(text) and _LATER.search(text))
    clauses = [c for c in _CLAUSES.split(text) if c]
    if not clauses or any(len(c) > _REMARK_CLAUSE_CHARS for c in clauses):
        return False
    later = about_evidence = False
    reasons = 0
    for index, clause in enumerate(clauses):
        none = normalise(clause) in NONE_WORDS or bool(_NONE_YET.match(normalise(clause)))
        none = none or "暂无" in clause
        # "没拍 明天补拍", "照片删了 回头找找": why there is none, beside a promise (newcomer
        # trial 21: "没拍" was no remark, so the promise went into the account)
        why_none = _no_evidence_only(clause)
        about_evidence = about_evidence or none or why_none or names_evidence(clause)
        if _LATER.search(clause) or none:
            later = True
        elif not (names_evidence(clause) or why_none) and _REMARK_FILLER.sub("", clause):
            # "但是手机没电了", "当时太气了": why it is not sent now, between the evidence's
            # words (newcomer trial 22); never closing the message, where a story line stands
            reasons += 1
            if index == len(clauses) - 1 or reasons > 2 or not _why_not_now(clause):
                return False
    return later and about_evidence  # "我以后再也不来了" says nothing of evidence


def _why_not_now(clause: str) -> bool:
    """Whether `clause` may say why evidence is not sent now ("手机没电了", "当时太气了"): short,
    no wish, sum or question (_NOT_A_REASON), and no answer to another question."""
    plain = normalise(clause)
    if len(plain) > _REASON_MAX_CHARS or _NOT_A_REASON.search(fold(plain)):
        return False
    return not _answers_something(clause)


def names_which_evidence(text: str) -> bool:
    """Whether `text` names which paper it is about ("快递单照片删了", "合同的照片"), more than
    a bare kind ("照片删了"): such words are kept for the agent beside a none."""
    return bool(_PAPER_NAMED.search(fold(normalise(text))))


_PAPER_NAMED = re.compile(_PAPER_CN + r"的?(?:照片|图片|相片|截图|截屏|录像|视频)|" + _PAPER_CN)


def names_evidence(text: str) -> bool:
    """Whether `text` names a kind of evidence ("照片", "聊天记录", "截圖", "receipt")."""
    return bool(_EVIDENCE_WORD.search(fold(text)))


def wish_not_evidence(text: str) -> bool:
    """Whether `text`, said at the evidence question, states a wish ("deposit refunded and an
    apology", "我要退押金 还要道歉") and names no evidence: a wish said again, never an item
    of text evidence (re-trial 22: "Received 1 item(s)"). "聊天记录里他说了不退" and "the
    receipt says 45 pounds twice" name their record and stay evidence."""
    return not names_evidence(text) and not has_evidence(text) and bool(find_remedies(text))


def is_record(text: str) -> bool:
    """A link, or a pasted record of several lines: evidence rather than story."""
    return bool(_ADDRESS.search(text)) or text.count("\n") >= 2


# A remark on the evidence just sent, or that there is no more of it: "照片就是这个", "这是截图",
# "就这些 没别的了", "thats the photo. nothing else", "that's all" (newcomer trial 17: each was
# appended to the account). Read clause by clause on the normalised words; every clause must
# be such a remark (or politeness), so a story that mentions a photo is not one.
_EVIDENCE_NOUN_CN = (
    r"(?:照片|图片|相片|图|截图|截屏|录音|录像|视频|聊天记录|记录|小票|发票|收据|单据|凭证"
    r"|证据|材料)"
)
_NOTHING_MORE_CN = re.compile(
    r"(?:就|只有|只)?(?:这些|这么多|这个|这张|这几张|这两张|这一张|这段|这条)(?:了|啊|吧|哈)?"
    r"|没有?(?:别的|其他的?|其它的?|更多的?)(?:了|啦|啊)?|就这样(?:了|吧)?|以上|(?:都|已经)?发完了?"
    r"|(?:都|全)(?:发|在这)了?(?:里)?|没了|没有了"
)
_THIS_ONE = r"(?:个|张|几张|些|两张|段|条)"
_POINTING_CN = re.compile(
    r"(?:这|那)" + _THIS_ONE + r"?(?:就)?是(?:我的|那个)?" + _EVIDENCE_NOUN_CN + r"(?:了|啊|哈)?"
    r"|" + _EVIDENCE_NOUN_CN + r"(?:就)?是(?:这|那)" + _THIS_ONE + r"?(?:了|啊|哈)?"
    r"|" + _EVIDENCE_NOUN_CN + r"(?:已经|都)?发(?:了|过去了|给你们了|给你了|过来了)"
    r"|(?:发|给)(?:你们|你)?(?:了|过去了)"
)
_NOTHING_MORE_EN = re.compile(
    r"(?:that'?s|thats|that\s+is|this\s+is)\s+(?:all|it|everything)(?:\s+i\s+have)?"
    r"|nothing\s+(?:else|more)(?:\s+to\s+(?:send|add))?|no\s+more|that'?s\s+all\s+i\s+(?:have|got)"
    r"|all\s+(?:sent|done)|done",
    re.I,
)
_POINTING_EN = re.compile(
    r"(?:that'?s|thats|that\s+is|this\s+is|here'?s|here\s+is|here\s+are|there'?s|these\s+are)\s+"
    r"(?:the|my|a|all\s+the)?\s*(?:" + _EVIDENCE_NOUN_EN + r"|it|them)"
    r"|here\s+(?:it\s+is|they\s+are)"
    r"|(?:i(?:'ve|\s+have|\s+just)?\s+)?(?:sent|attached|uploaded)(?:\s+(?:the|a|my|it|them))?"
    r"(?:\s+" + _EVIDENCE_NOUN_EN + r")?",
    re.I,
)


# Said around such a remark and adding nothing to it: "That's all, thanks", "好的 就这些".
_THANKS = re.compile(
    r"thanks?(?:\s+you)?|thx|ok(?:ay)?|cheers|sorry|好的|好|谢谢|谢了|嗯|哦|不好意思", re.I
)


def _remark_clauses(text: str) -> list[str]:
    """The clauses of a short remark, without politeness."""
    said_ = unicodedata.normalize("NFKC", text).replace("’", "'").strip()
    splitter = r"[,.;!?]+" if said_.isascii() else r"[,.;!?，。；！？、~～\s]+"
    clauses = [" ".join(c.split()) for c in re.split(splitter, said_) if c.strip()]
    return [c for c in clauses if not _THANKS.fullmatch(c)]


def evidence_remark(text: str) -> bool:
    """Whether `text` only remarks on the evidence just sent ("照片就是这个", "thats the
    photo") or says there is no more ("就这些 没别的了", "nothing else"): no story."""
    clauses = _remark_clauses(text)
    if not clauses or len(text) > _REMARK_CHARS:
        return False
    if text.isascii():
        rules: tuple[re.Pattern[str], ...] = (_NOTHING_MORE_EN, _POINTING_EN)
    else:
        rules = (_NOTHING_MORE_CN, _POINTING_CN)
    return all(
        any(rule.fullmatch(clause if text.isascii() else normalise(clause)) for rule in rules)
        for clause in clauses
    )


def nothing_more(text: str) -> bool:
    """Whether such a remark says there is no more evidence ("没别的了", "nothing else")."""
    rule = _NOTHING_MORE_EN if text.isascii() else _NOTHING_MORE_CN
    return any(
        rule.fullmatch(clause if text.isascii() else normalise(clause))
        for clause in _remark_clauses(text)
    )


_REMARK_CHARS = 60


_CLAUSES_EN = re.compile(r"[,.;!]+\s*")
# A taking or a photo named in a "none" said beside other answers: "没拍", "没截图", "冇相".
_TAKING = re.compile(r"拍|截|录|相")


def evidence_aside(text: str, bare_none: bool = False) -> tuple[str, str] | None:
    """(the words before, the last clauses) when a message said before the evidence question
    ends with "no evidence" (newcomer trial 20: "…手机13812345678，没有照片" and "冇相" at the
    contact question were not read, or read as refusing a phone): the last one to three
    clauses say none (says_none) and name what is missing ("没有照片", "照片删了", "没拍",
    "不会发图片", "no photos"). With `bare_none`, a bare "暂无" / "没有" closing the message
    counts too (the caller checks that evidence is the only question it can answer). The
    words before may be empty (the whole message is about evidence). None otherwise."""
    cut = _CLAUSES_EN if text.isascii() else _CLAUSES  # "Tom. I didn't take any"
    spans = [m.end() for m in cut.finditer(text)]
    starts = [0] + [end for end in spans if 0 < end < len(text.rstrip())]
    found: tuple[str, str] | None = None
    for start in reversed(starts[-3:]):
        before, tail = text[:start], text[start:].strip()
        if not tail or not says_none(tail):
            continue
        if _reason_first(tail):
            continue  # beside other answers a reason follows the none, never stands before it
        if before.strip() and _BARE_VERB_EN.fullmatch(tail):
            continue  # "my parcel 快递 lost": the story's verb, not the evidence lost
        plain = normalise(tail)
        bare = plain in NONE_WORDS or not _named(tail)  # "暂无": may answer any question
        if bare and not (bare_none and (plain in NONE_WORDS or _NONE_YET.fullmatch(plain))):
            continue
        found = (before.rstrip(" ，,。.；;！!、"), tail)
    return found


# A verb of losing said alone: closing other words it finishes their sentence ("my parcel
# 快递 lost", newcomer trial 22: read as "no evidence" and cut from the account); only with
# what was lost ("lost the photos", "deleted them") is it about evidence.
_BARE_VERB_EN = re.compile(r"(?:deleted|lost|erased|removed|gone)[.!]*", re.I)


def _reason_first(text: str) -> bool:
    """Whether `text` says none only with a clause before it ("王芳 没拍" read as a reason):
    that clause may answer the open question, so it is not taken as the reason."""
    if text.isascii() or _no_evidence_only(text) or _split_reason(text) is None:
        return False
    return _split_reason(text, piece_first=True) is None


_TAKING_EN = re.compile(
    r"\b(?:take|took|taken|deleted|lost|erased|send|upload|attach)\b|" + _EVIDENCE_NOUN_EN, re.I
)


def _named(text: str) -> bool:
    """Whether words about no evidence say what is missing or why (a photo, a record, not
    taken, deleted), not only "none"."""
    if text.isascii():
        return bool(_TAKING_EN.search(text))
    # "没图": 图 names a picture here, though alone it is too wide for names_evidence (地图)
    return bool(names_evidence(text) or _TAKING.search(fold(text)) or _PICTURE.search(fold(text)))


_PICTURE = re.compile(r"图")


# Evidence given in words at the evidence question (trial 24: "订单号是123456789 有聊天记录截图",
# "有录音 还有证人 当时我老婆也在", "快递单号SF1234567890 物流显示已签收", "there's a receipt,
# number 8832-11" were appended to the account). Read clause by clause on the folded words;
# every clause must be about evidence (or filler), and one must tell something beyond "I have
# a photo": a number, a witness, or what a record shows. "有照片" alone stays a promise of
# files (has_evidence), "对了 他还骂人" stays a story line.
_RECORD_CN = (
    r"(?:照片|图片|相片|截图|截屏|录音|录像|视频|影片|简讯|短信|聊天记录|通话记录|付款记录|转账记录|"
    r"消费记录|扣款记录|交易记录|支付记录|记录|小票|发票|收据|单据|票据|凭证|合同|监控|病历|诊断书|"
    r"邮件|快递单|物流(?:信息|记录|详情)?|订单(?:详情|页面|信息|记录)?|系统|后台|(?:app|APP)(?:上|里)?)"
)
# What a customer can send as a file: asked for when named.
_FILE_CN = re.compile(
    r"照片|图片|相片|截图|截屏|录音|录像|视频|影片|简讯|短信|聊天记录|通话记录|付款记录|转账记录|"
    r"消费记录|扣款记录|交易记录|支付记录|小票|发票|收据|单据|票据|凭证|合同|病历|诊断书|邮件|快递单(?!号)"
)
_FILE_EN = re.compile(
    r"\b(?:photos?|pictures?|pics?|images?|screenshots?|screen\s*shots?|recordings?|videos?|"
    r"receipts?|invoices?|chat\s*(?:logs?|records?|history)|chats?|contracts?|sms|texts?|"
    r"e-?mails?|statements?|bills?|records?)\b",
    re.I,
)
_WHO_CN = r"(?:我|我们|我的|这边|手上|手里|手头|手机里|手机上|都|也|还|另外|而且|并且|同时)*"
_HAVE_CN = re.compile(
    r"^" + _WHO_CN + r"(?:有|留着|存着|留了|存了|保存了|拍了|截了|录了)(?:\S{0,8}?)"
    r"(?:" + _RECORD_CN + r"|证人|人证)(?:的?(?:照片|截图|录音|视频))?(?:也有|都有|都在)?"
    r"(?:的|啊|呢|哦|呀|了)?$"
    r"|^(?:" + _RECORD_CN + r")\S{0,6}?(?:也|都|还)?有(?:的|啊|呢|哦|呀|了)?$"
    # "收据在我这", "截图都在我手机里"
    r"|^(?:" + _RECORD_CN + r")(?:都|也|还)?在(?:我|我们)(?:这|这里|这边|手上|手里|手机里|手机上)?"
    r"(?:呢|的|啊)?$"
)
# A reference number with its name ("订单号是123456789", "发票号码 04400212", "快递单号SF…"),
# or a courier's code alone.
_NUMBER_CN = re.compile(
    r"^(?:我的|那个|这个)?(?:订单|快递|物流|运|发票|收据|小票|交易|支付|付款|流水|合同|工单|取件|"
    r"退款|退货|票)?(?:号码?|单号|编号|号是|码)(?:是|为|:)?[A-Za-z]{0,4}\d[\dA-Za-z-]{3,}(?:的|啊|呢)?$"
)
# A courier's code alone ("SF1234567890"): evidence only beside another clause of it; said
# alone it is the tracking number (handlers/story.py:tracking_number) or the order number.
_CODE = re.compile(r"^[A-Za-z]{1,4}\d{8,}$")
# What a record shows: "物流显示已签收", "聊天记录里客服亲口说会退", "小票上写着收了两次钱",
# "监控拍到他推我了".
_OWNER_CN = (
    r"^(?:我的|那个|这个|他们的|你们的|他的)?"
    r"(?:(?:银行|微信|支付宝|淘宝|京东|拼多多|美团|平台|商家|客服|快递|手机|店里|门店|现场)的?)?"
)
# A record that holds words or pictures may be quoted ("聊天记录里客服亲口说会退"); any record,
# a page or a system too, only with a verb of showing ("物流显示已签收"): "订单里少了一件" and
# "系统里查不到" are the story.
_SHOWS_CN = re.compile(
    _OWNER_CN
    + r"(?:"
    + _FILE_CN.pattern
    + r"|监控|录像)的?(?:里|上|中|里面|上面)\S+"
    + r"|"
    + _OWNER_CN
    + _RECORD_CN
    + r"的?(?:也|都|还|上|里|里面|上面|页面)?(?:应该|肯定|都|也)?(?:能)?"
    r"(?:显示|写着|写了|写的|记着|记录着|拍到|拍下|"
    r"录到|录下|能看到|可以看到|看得到|看得出|证明)\S*"
)
# A witness: "还有证人", "我朋友可以作证", and who was there beside it ("当时我老婆也在").
_WITNESS_CN = re.compile(r"证人|人证|目击|作证|证明人|在场")
_THERE_TOO_CN = re.compile(
    r"^(?:当时|那时候?|那会儿?)?(?:我|我的)?\S{0,4}?(?:也|都|一直)(?:在|在场|在旁边|在身边|看到了|"
    r"看见了|看到|看见|听到了|听见了)(?:的|啊|呢)?$"
)
# What a record of speech holds, told after it ("有聊天记录 客服说七天内退款"): the record's
# words, never a turn of the story ("…但是一直没退").
_SPEECH_RECORD_CN = re.compile(r"聊天记录|录音|短信|简讯|截图|截屏|邮件|通话记录|录像|视频")
_QUOTE_CN = re.compile(r"^\S{0,6}?(?:说|讲|承认|答应|保证|同意|承诺)\S+$")
_TURN_CN = re.compile(r"但|可是|却|结果|一直没|还是没|到现在")
_FILLER_CLAUSE = re.compile(
    r"^(?:对|对了|嗯+|是的|另外|还有|然后|而且|好的|哦|噢|那个|就是|and|also|oh|yes|yeah|ok|plus|so)$",
    re.I,
)
# Run together without a pause ("我有聊天记录截图订单号是123456789"): a number's name or 还有
# opens a new clause.
_RUN_ON = re.compile(r"(?<=[^\s快递物流运订发])((?:快递|物流|运|订)?单号|发票号|还有|另外)")

_RECORD_EN = (
    r"(?:receipts?|invoices?|screenshots?|screen\s*shots?|photos?|pictures?|pics?|videos?|"
    r"recordings?|chat\s*(?:logs?|records?|history)|chats?|messages?|texts?|sms|e-?mails?|"
    r"(?:bank\s+)?statements?|bills?|contracts?|records?|tracking(?:\s+page)?|cctv|footage|app|"
    r"order\s+page|system)"
)
_HAVE_EN = re.compile(
    r"^(?:and\s+|also\s+|plus\s+)*(?:(?:i|we)\s*(?:'ve|\s+have|\s+got|\s+still\s+have|\s+kept|\s+saved)"
    r"(?:\s+got)?|there(?:'s|\s+is|\s+are|\s+was|\s+were))\s+(?:also\s+)?"
    r"(?:a|an|the|some|my|our|all\s+the)?\s*(?:[a-z]+\s+){0,3}?"
    + _RECORD_EN
    + r"(?:\s+of\s+[\w\s]{1,30})?$"
    r"|^(?:and\s+|also\s+)*(?:i|we)(?:'ve|\s+have|\s+got)\s+(?:a|the|some)?\s*witness(?:es)?$"
    r"|^there(?:'s|\s+is|\s+are|\s+was|\s+were)\s+(?:a\s+)?witness(?:es)?$",
    re.I,
)
_NUMBER_EN = re.compile(
    r"^(?:and\s+)?(?:(?:i|we)(?:'ve|\s+have|\s+got|\s+kept)(?:\s+got)?\s+)?"
    r"(?:my\s+|the\s+|its\s+|it's\s+|a\s+)?(?:(?:order|receipt|invoice|tracking|"
    r"transaction|reference|ref|booking|confirmation|waybill|parcel)\s+)?(?:number|no\.?|#|id|code)"
    r"\s*(?:is|was|:)?\s*#?[a-z]{0,4}\d[\da-z-]{3,}$",
    re.I,
)
_SHOWS_EN = re.compile(
    r"^(?:and\s+)?(?:the\s+|my\s+|your\s+|their\s+|it\s+|this\s+)?(?:[a-z]+\s+)?(?:"
    + _RECORD_EN
    + r"|it)\s+(?:clearly\s+)?(?:says|said|shows|showed|states|stated|proves|proved|has)\b.+"
    r"|^(?:in|on)\s+the\s+" + _RECORD_EN + r"\b.+",
    re.I,
)
_WITNESS_EN = re.compile(
    r"\bwitness(?:es)?\b|\b(?:was|were)\s+(?:there|with\s+me|present)\b|\bsaw\s+(?:it|everything|"
    r"the\s+whole\s+thing|what\s+happened)\b|\bcan\s+(?:confirm|testify|vouch)\b",
    re.I,
)
_ABOUT_EVIDENCE_CHARS = 120
_NUMBER_APART = re.compile(r"((?:号|号码|编号|单号)(?:是|为)?)\s*[:：]?\s+(?=[A-Za-z]{0,4}\d)")


def _evidence_clause_cn(clause: str) -> str | None:
    """What kind of evidence clause `clause` is ("have", "number", "shows", "witness",
    "there", "filler"), or None when it is none (a line of the story)."""
    plain = normalise(clause)
    if not plain or _FILLER_CLAUSE.match(plain):
        return "filler"
    if _NUMBER_CN.match(plain):
        return "number"
    if _CODE.match(plain):
        return "code"
    if _SHOWS_CN.match(plain):
        return "shows"
    if _HAVE_CN.match(plain):
        return "witness" if _WITNESS_CN.search(plain) else "have"
    if _WITNESS_CN.search(plain) and len(plain) <= 12 and not _NOT_A_REASON.search(plain):
        return "witness"  # "我朋友可以作证"
    if _THERE_TOO_CN.match(plain):
        return "there"
    return None


def _evidence_clause_en(clause: str) -> str | None:
    words = " ".join(clause.lower().replace("’", "'").split())
    if not words or _FILLER_CLAUSE.match(words) or _POLITE.match(words):
        return "filler"
    if _NUMBER_EN.match(words):
        return "number"
    if _CODE.match(words):
        return "code"
    if _HAVE_EN.match(words):
        return "witness" if "witness" in words else "have"
    if _SHOWS_EN.match(words):
        return "shows"
    if _WITNESS_EN.search(words) and len(words) <= 50:
        return "witness"
    return None


def evidence_in_words(text: str) -> bool:
    """Whether `text`, said at the evidence question, gives evidence in words: every clause
    names a record, a reference number, a witness or what a record shows ("订单号是123456789
    有聊天记录截图", "有录音 还有证人 当时我老婆也在", "快递单号SF1234567890 物流显示已签收",
    "聊天记录里客服亲口说会退", "there's a receipt, number 8832-11", "the receipt says 45
    pounds twice"), and at least one tells more than that some file exists ("有照片" and "I
    have photos" are promises of files, handlers/intake.py asks for them). Who was there
    ("当时我老婆也在") counts only beside a named witness or record. A line of the story
    ("对了 他还骂人", "有扣费记录 但我根本没开通过这个业务") is none."""
    said_ = fold(unicodedata.normalize("NFKC", text)).strip()
    if not said_ or len(said_) > _ABOUT_EVIDENCE_CHARS or "?" in said_ or "？" in text:
        return False
    if said_.isascii():
        said_ = re.sub(r"\bno\.\s*(?=#?[a-z]{0,4}\d)", "no ", said_, flags=re.I)  # "order no. 5566"
        clauses = re.split(r"[,.;!]+|\s+and\s+(?=there|i\b|we\b|the\b|it\b)", said_, flags=re.I)
        kinds = [_evidence_clause_en(c) for c in clauses if c.strip()]
    else:
        joined = _NUMBER_APART.sub(r"\1", said_)  # "发票号码 04400212": one clause
        clauses = _CLAUSES.split(_RUN_ON.sub(r" \1", joined))
        kinds = []
        for clause in (c for c in clauses if c.strip()):
            kind = _evidence_clause_cn(clause)
            plain = normalise(clause)
            if kind is None and kinds and kinds[-1] == "have" and _QUOTE_CN.match(plain):
                speech = _SPEECH_RECORD_CN.search(normalise(said_))
                kind = "shows" if speech and not _TURN_CN.search(plain) else None
            kinds.append(kind)
    if not kinds or None in kinds:
        return False
    told = {"number", "shows", "witness"}
    if "code" in kinds and not ({"have", "number", "shows", "witness"} & set(kinds)):
        return False  # "SF1234567890123" alone: a tracking number, read as before
    if "there" in kinds and not ({"have", "witness", "shows"} & set(kinds)):
        return False  # "我老婆也在" alone: who was there, a story line
    return bool(told & set(kinds)) or ("there" in kinds)


def names_files(text: str) -> bool:
    """Whether evidence given in words names something the customer could send as a file (a
    screenshot, a recording, a receipt, a chat record): it is asked for."""
    said_ = fold(unicodedata.normalize("NFKC", text))
    if said_.isascii():
        return bool(_FILE_EN.search(said_))
    return bool(_FILE_CN.search(said_))


# Material the customer has, closing words that say what they have not: "盒子我扔了没有照片
# 医院的单子有", "没拍照 但是小票有", "no photos but I have the receipt" (trial 24: appended to
# the account, and the yes to the question that followed taken as none). The paper may be
# named by whose it is ("医院的单子", "病历单子").
_HAVE_TAIL_CN = re.compile(
    r"(?:但是?|不过|可是)?(?:\S{0,4}?的)?(?:" + _HAVE_NOUN[3:-1] + r"|单子|病历单|缴费单|小票)"
    r"(?:我|我们)?(?:这边|手上|手里|手机里)?(?:倒是|倒|都|也|还)?有(?:的|啊|呢|呀|哦|吧)?$"
)
_HAVE_FIRST_CN = re.compile(
    r"(?:但是?|不过|可是)?(?:我|我们)?(?:倒是|倒|都|也|还)?有(?:\S{0,6}?)(?:"
    + _HAVE_NOUN[3:-1]
    + r"|单子)(?:的?(?:照片|截图))?(?:的|啊|呢)?"
)
_HAVE_TAIL_EN = re.compile(
    r"(?:,|;|\.|\s)\s*(?:but\s+|though\s+)?(?:i\s+)?(?:do\s+)?(?:have|got|'ve\s+got)\s+(?:the|a|my|some)?\s*"
    r"(?:[a-z]+\s+){0,2}?(?:receipts?|invoices?|bills?|records?|screenshots?|videos?|recordings?|"
    r"statements?|contracts?|photos?|pictures?)\.?$",
    re.I,
)


def material_after_none(text: str) -> bool:
    """Whether `text` says some material is missing (says_none: "盒子我扔了没有照片", "no
    photos") and then that some other material is there ("医院的单子有", "but I have the
    receipt"): material exists, and it is asked for."""
    said_ = fold(unicodedata.normalize("NFKC", text)).strip()
    if said_.isascii():
        found = _HAVE_TAIL_EN.search(said_)
        head = said_[: found.start()].strip(" ,;.") if found else ""
        return bool(found and head and _says_none_en(head))
    plain = normalise(said_)
    for cut in range(1, len(plain)):
        tail = plain[cut:]
        if plain[cut - 1] in "没无冇木":
            continue  # "没有照片": the 有 of a none
        if _HAVE_TAIL_CN.fullmatch(tail) or _HAVE_FIRST_CN.fullmatch(tail):
            head = plain[:cut]
            if says_none(head) or _no_evidence_only(head):
                return True
    return False


# A yes to the bot's own follow-up about material the customer said they have ("对的", "是的
# 有", "有的", "yes", "yes I do"): material exists, never "none" (trial 24). Read only while
# such a follow-up is open (handlers/intake.py:EVIDENCE_HAVE).
_YES_HAVE = re.compile(
    r"^(?:(?:对|是|嗯|恩|好|行|有|可以|没错|对头|系|係|啱)(?:的|啊|呀|了|滴|嘅|呢|吧)?)+$"
    r"|^(?:yes|yeah|yep|yup|yea|sure|ok|okay|right|correct|i\s+do|i\s+have|i\s+have\s+(?:it|them|one)|"
    r"yes\s+i\s+(?:do|have|have\s+(?:it|them|one))|that'?s\s+right)[.!]*$",
    re.I,
)


def yes_have(text: str) -> bool:
    """Whether `text` only says yes ("对的", "有的", "yes I do") or goes on (goes_on)."""
    words = " ".join(text.lower().replace("’", "'").split())
    if words.isascii():
        return all(_YES_HAVE.match(c.strip()) for c in re.split(r"[,]+", words) if c.strip())
    return bool(_YES_HAVE.match(normalise(text))) or goes_on(text)
