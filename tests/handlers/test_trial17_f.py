"""Newcomer trial 17, an agent with many tickets: a card's choices are usable where they are
shown, the queue says what waits on whom, a confirmation names the ticket's object, a
customer's progress question reaches the agent whole, and /show lists every evidence item
with its kind and label.

Real parts: tickets filed through the conversation, the agents' own chat, the outbox
delivered to a recording channel, both backends through the `app` fixture.
"""

from __future__ import annotations

from bot.app import App
from handlers.lifecycle import AGENT_TEXTS
from handlers.messages import Outbound, render_choices_as_text
from storage.models import Ticket
from tests.handlers.lifecycle_support import Inboxes, add_agent, deliver_all
from tests.handlers.test_search import LEAK, RICH, file
from tests.support import Person


def _short(ticket: Ticket) -> str:
    return str(int(ticket.number[-3:]))


async def _cards(app: App, agent: str) -> list[Outbound]:
    inboxes = Inboxes()
    await deliver_all(app, inboxes)
    return [m for m in inboxes.sent if m.user_id == agent and m.kind == "card"]


# --- 1. a card's choices on a channel without buttons ---------------------------------------
async def test_a_card_on_a_text_channel_shows_the_commands_to_type(app: App) -> None:
    await add_agent(app, "a2", "李四")
    first = await file(app, "wang", RICH)
    second = await file(app, "zhang", LEAK)
    cards = await _cards(app, "a2")
    assert len(cards) == 2
    for card, ticket in zip(cards, (first, second), strict=True):
        shown = render_choices_as_text(card)
        short = _short(ticket)
        assert f"接单 /take {short} · 详情 /show {short}" in shown, shown
        assert "1. 接单" not in shown, shown
        # Buttons (Telegram) still carry the whole number.
        assert [c.key for c in card.choices] == [f"take:{ticket.number}", f"show:{ticket.number}"]
    # What the card says to type works as it is.
    agent = Person(app, "a2")
    answer = await agent.say(f"/take {_short(second)}")
    assert answer.startswith(AGENT_TEXTS("agent.taken", number=second.number)), answer


def test_numbered_answers_stay_numbered() -> None:
    from handlers.messages import Choice

    question = Outbound(
        "console", "u", "您是否接受？", (Choice("a", "接受"), Choice("b", "不接受"))
    )
    assert render_choices_as_text(question) == "您是否接受？\n\n1. 接受\n2. 不接受"


# --- 3. a confirmation names what the ticket is about -----------------------------------------
async def test_confirmations_by_short_number_name_the_object(app: App) -> None:
    await add_agent(app, "a2", "李四")
    await add_agent(app, "a3", "王五")
    ticket = await file(app, "wang", RICH)  # 空调, 朝阳门店; the customer 王芳
    short = _short(ticket)
    agent = Person(app, "a2")
    named = f"{ticket.number}「空调」"
    for command in (
        f"/take {short}",
        f"/reply {short} 您好，我们马上核实",
        f"/status {short} 核实中",
        f"/propose {short} 全额退款",
        f"/note {short} 已联系门店",
        f"/ask {short} 请补充订单截图",
        f"/escalate {short} 客户情绪激动",
        f"/resolve {short} 已全额退款",
    ):
        answer = await agent.say(command)
        assert named in answer, (command, answer)
        assert "王芳" not in answer and "13812345678" not in answer, answer


# --- 2. the queue says what waits on whom ------------------------------------------------------
def _line(queue: str, ticket: Ticket) -> str:
    return next(line for line in queue.splitlines() if line.startswith(ticket.number))


async def test_the_queue_marks_a_proposal_waiting_refused_escalated_and_reopened(
    app: App,
) -> None:
    await add_agent(app, "a2", "李四")
    waiting = await file(app, "wang", RICH)
    refused = await file(app, "zhang", LEAK)
    plain = await file(
        app, "li", "昨天在你们国贸店买的吹风机，用一次就不转了，要求换货，我叫李雷 13700001111"
    )
    agent = Person(app, "a2")
    for ticket in (waiting, refused):
        await agent.say(f"/propose {ticket.number} 全额退款")
    await deliver_all(app, Inboxes())
    answer = await Person(app, "zhang").say("不接受，太少了")
    assert "转交主管" in answer or "主管" in answer, answer
    queue = await agent.say("/queue")
    assert "⏳方案待客户答复" in _line(queue, waiting), queue
    assert "❌客户拒绝方案" in _line(queue, refused), queue
    assert "⬆️已升级" in _line(queue, refused), queue
    assert "（" not in _line(queue, plain).split(" · ")[2], queue  # nothing to mark
    # Accepted: nothing waits any more.
    await Person(app, "wang").say("接受")
    assert "⏳" not in _line(await agent.say("/queue"), waiting)


# --- 4. a progress question reaches the agent whole -----------------------------------------
async def _relayed(app: App, user: str, story: str, message: str, locale: str | None = None) -> str:
    await add_agent(app, "a2", "李四")
    ticket = await file(app, user, story) if locale is None else await _file_en(app, user, story)
    await Person(app, "a2").say(f"/take {ticket.number}")
    await deliver_all(app, Inboxes())
    await Person(app, user, locale=locale).say(message)
    inboxes = Inboxes()
    await deliver_all(app, inboxes)
    return "\n".join(inboxes.of("a2"))


async def _file_en(app: App, user: str, story: str) -> Ticket:
    customer = Person(app, user, locale="en")
    answer = await customer.say(story)
    for _ in range(5):
        if "Complaint acknowledgement" in answer:
            break
        answer = await customer.say("yes" if "Please check" in answer else "none")
    assert "Complaint acknowledgement" in answer, answer
    from tests.support import tickets

    return (await tickets(app))[-1]


EN_STORY = (
    "My name is Sarah Lin, phone 13700002222. Your courier lost my parcel at the Sanlitun "
    "store on Nov 25, I want compensation"
)


async def test_an_english_progress_question_with_words_is_relayed_whole(app: App) -> None:
    heard = await _relayed(app, "sarah", EN_STORY, "any update?? its been a day", "en")
    assert "any update?? its been a day" in heard, heard


async def test_a_chinese_progress_question_with_words_is_relayed_whole(app: App) -> None:
    heard = await _relayed(app, "wang", RICH, "进度怎么样了 我都等了两天了")
    assert "进度怎么样了 我都等了两天了" in heard, heard


# --- 5. /show lists every evidence item with its kind and label -------------------------------
async def test_show_lists_every_evidence_item_with_its_kind_and_label(app: App) -> None:
    from handlers.messages import Attachment
    from tests.support import photo

    await add_agent(app, "a1", "张三", role="supervisor")
    await add_agent(app, "a2", "李四")
    ticket = await file(app, "wang", RICH)
    data_dir = app.services.data_dir
    voice_path = data_dir / "evidence" / "test" / "v.amr"
    voice_path.parent.mkdir(parents=True, exist_ok=True)
    voice_path.write_bytes(b"#!AMR\n" + b"\0" * 100)
    items = (
        photo(data_dir, "stain.jpg"),
        Attachment("voice", "evidence/test/v.amr", None, "audio/amr", 106, None, note="空调一直响"),
        Attachment("location", note="39.91,116.45 Chaoyang, Beijing"),
        Attachment("link", note="Tracking page https://example.com/track/88"),
    )
    customer = Person(app, "wang")
    for item in items:
        await customer.say(f"{ticket.number} 补充材料", item)
    shown = await Person(app, "a1").say(f"/show {ticket.number}")
    assert "证据：4 份" in shown, shown
    for line in (
        "· 照片：stain.jpg",
        "· 语音：空调一直响",
        "· 位置：39.91,116.45 Chaoyang, Beijing",
        "· 链接：Tracking page https://example.com/track/88",
    ):
        assert line in shown, (line, shown)
    # Another agent sees the kinds, not the file names (as in the web console).
    other = await Person(app, "a2").say(f"/show {ticket.number}")
    assert "· 照片\n" in other and "stain.jpg" not in other, other


# --- 6. the report's frequent words: no English chat filler -------------------------------------
def test_english_chat_filler_is_no_topic_word() -> None:
    from handlers.topics import complaint_words
    from nlp import tokenizer

    tokenizer.load()
    stories = (
        "hey I returned a coffee machine 3 weeks ago and still no refund, ur support came "
        "back twice",
        "tracking says delivered but nothing came, neighbours didnt get it either",
        "it arrived yesterday with a big stain on the sleeve and the zipper is broken, "
        "I didn't open it. ok thanks",
    )
    words = set().union(*(complaint_words(story) for story in stories))
    filler = {"hey", "didnt", "didn", "either", "ago", "big", "came", "weeks", "yesterday"}
    filler |= {"ok", "thanks", "ur", "back", "twice"}
    assert not words & filler, words & filler
    for topic in ("coffee", "machine", "stain", "sleeve", "zipper", "broken", "delivered"):
        assert topic in words, (topic, words)


# --- 7. the letter's account: the same room in both languages, cut between words -----------------
def test_the_letter_gives_english_the_room_of_sixty_han_characters() -> None:
    from handlers.account_lead import clip_width, columns

    chinese = (
        "我上个月十五号在你们国贸店买的那个破壁机今天早上打豆浆的时候突然冒烟了还有一股焦味"
        "吓死我了差点着火我要求退货而且要赔偿我叫刘洋"
    )
    english = (
        "ordered a winter jacket from your online store on nov 22 it arrived yesterday with "
        "a big stain on the sleeve and the zipper is broken"
    )
    for text in (chinese, english):
        cut = clip_width(text, 122)
        assert cut.endswith("…") and sum(columns(c) for c in cut[:-1]) <= 121, cut
        assert sum(columns(c) for c in cut) >= 100, cut  # the room is used
    english_cut = clip_width(english, 122)
    assert english_cut == english[: len(english_cut) - 1] + "…"
    assert english[len(english_cut) - 1] == " ", english_cut  # cut between two words
    assert clip_width(chinese, 122).startswith(chinese[:59])  # Chinese as before: 60 characters


def test_the_letter_cuts_at_a_sentence_end_in_the_second_half() -> None:
    from handlers.account_lead import clip_width

    english = (
        "I returned a coffee machine 3 weeks ago and still no refund. Your support keeps "
        "saying wait 3-5 days, it's been 21 days! I want my money back now."
    )
    assert clip_width(english, 122).endswith("it's been 21 days!…")
    chinese = (
        "我在你们店买的空调用了三天就坏了，师傅来修了两次都没修好，现在又开始漏水了。"
        "地板都泡了，我要求退货退款并赔偿地板的损失，否则我就去消协投诉你们"
    )
    assert clip_width(chinese, 122).endswith("现在又开始漏水了。…")


async def test_an_english_acknowledgement_holds_the_story_past_seventy_letters(app: App) -> None:
    story = (
        "My name is Tom Baker, phone 13700002222. I ordered a winter jacket from your online "
        "store on Nov 22 and it arrived yesterday with a big stain on the sleeve, I want a refund"
    )
    customer = Person(app, "tom", locale="en")
    answer = await customer.say(story)
    for _ in range(5):
        if "Complaint acknowledgement" in answer:
            break
        answer = await customer.say("yes" if "Please check" in answer else "none")
    line = next(x for x in answer.splitlines() if x.startswith("What happened: "))
    assert "with a big stain" in line, line
