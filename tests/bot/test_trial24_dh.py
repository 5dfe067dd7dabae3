"""Trial 24 (helper dh): the bot answers in the language and script the customer writes.

- `complaint-bot chat` greets with "/start" as the session opens; a line the customer had
  already typed or piped (the bot took seconds to start) was then answered by the zh-CN
  greeting before its own English or traditional answer. The greeting now answers in the
  language of that line.
- On WeChat, one Chinese voice message (WeChat's speech recognition) turned an English
  customer's conversation Chinese, and with it her acknowledgement letter and every later
  push. Recognised speech does not change a language the conversation holds
  (docs/process.md, "reply language").
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from bot.app import App, open_console
from bot.channels.console import Terminal
from tests.bot.wechat_support import WeChatEnv, WeChatUser, wechat_env
from tests.support import FakeClock, tickets

_HAN = re.compile(r"[\u4e00-\u9fff]")
EN_WELCOME = "Hello! I take complaints."
ZH_WELCOME = "您好！我是投诉受理助手。"
TW_WELCOME = "您好！我是投訴受理助手。"


async def chat(app: App, script: str, lang: str | None = None, user: str = "dh-user") -> str:
    """What `complaint-bot chat` prints for `script` piped in whole before it starts."""
    stdout = io.StringIO()
    terminal = Terminal(user, lang, stdin=io.StringIO(script), stdout=stdout)
    await open_console(app, terminal).run()
    return stdout.getvalue()


EMMA = (
    "Hi I'm a tourist visiting Beijing and your restaurant in Wangfujing charged me 880 yuan "
    "for a dinner that was listed as 380 on the menu and the waiter was super rude"
)


@pytest.mark.parametrize(
    "first",
    [
        EMMA,
        "hello, my parcel never arrived and nobody answers the phone",
        "hi i want to complain abt ur delivery guy, he threw my package over the fence",
        "The headphones I bought at your Chaoyang store stopped working",
    ],
)
async def test_dh_the_greeting_answers_an_english_first_line_in_english(
    app: App, first: str
) -> None:
    out = await chat(app, first + "\n")
    assert out.startswith(EN_WELCOME), out
    assert not _HAN.search(out), out


@pytest.mark.parametrize(
    "first",
    [
        "您好 請問投訴要多久才會有人處理？",
        "我在你們台北信義店買的藍牙耳機 右耳沒有聲音",
        "我喺你哋銅鑼灣分店買咗部電飯煲，用咗兩次就冇得開",
        "你們的外送員態度很差，還把湯灑了",
    ],
)
async def test_dh_the_greeting_answers_a_traditional_first_line_in_traditional(
    app: App, first: str
) -> None:
    out = await chat(app, first + "\n")
    assert out.startswith(TW_WELCOME), out
    assert ZH_WELCOME not in out


async def test_dh_guard_simplified_and_wordless_first_lines_keep_the_usual_greeting(
    app: App,
) -> None:
    assert (await chat(app, "你们的外卖送错了，我要投诉\n")).startswith(ZH_WELCOME)
    # Nothing typed: the greeting alone.
    assert (await chat(app, "", user="dh-2")).startswith(ZH_WELCOME)


async def test_dh_guard_lang_en_still_greets_in_english_without_words(app: App) -> None:
    assert (await chat(app, "", lang="en")).startswith(EN_WELCOME)


async def test_dh_chinese_words_outrank_lang_en_for_the_greeting_too(app: App) -> None:
    # The first line is answered in Chinese (the text outranks the hint): so is the greeting.
    out = await chat(app, "你们的外卖送错了，我要投诉\n", lang="en")
    assert out.startswith(ZH_WELCOME), out


# --- WeChat: recognised speech does not change the conversation's language ---------------
VOICE = "voice_id"


async def _amy(env: WeChatEnv, openid: str, heard: str) -> WeChatUser:
    env.fake.media[VOICE] = (b"#!AMR\n" + b"0" * 200, "audio/amr")
    user = WeChatUser(env, openid)
    await user.send("event_subscribe")
    for line in (
        "hi, I need to complain about your Xuhui store",
        "bought a rice cooker there on Saturday",
        "the lid broke the first time I opened it",
        "I want a refund",
        "my name is Amy Clarke",
    ):
        await user.say(line)
    summary = await user.say("no phone, use amy.clarke@example.com")
    assert "screenshots" in summary, summary
    reply = await user.send("voice", MediaId=VOICE, Recognition=heard)
    assert reply.content and "Please check" in reply.content, reply.content
    return user


@pytest.mark.parametrize(
    "heard",
    [
        "还有就是店员说不能退，态度很差",
        "对了那个店员说不能退货",
        "店員說不能退，態度很差",  # recognition in traditional: no change of script either
    ],
)
async def test_dh_a_chinese_voice_message_keeps_an_english_conversation_english(
    tmp_path: Path, clock: FakeClock, heard: str
) -> None:
    async with wechat_env(tmp_path, clock) as env:
        user = await _amy(env, "o-dh-amy", heard)
        done = await user.say("that's all")
        assert "Please" in done and not _HAN.search(done.replace(heard, "")), done
        letter = await user.say("1")
        assert "Complaint acknowledgement" in letter, letter
        [ticket] = await tickets(env.app)
        assert ticket.locale == "en"  # the progress, result and survey pushes follow it


async def test_dh_guard_typed_chinese_still_switches_an_english_conversation(
    tmp_path: Path, clock: FakeClock
) -> None:
    async with wechat_env(tmp_path, clock) as env:
        user = WeChatUser(env, "o-dh-typed")
        assert "When" in await user.say("hi, my parcel never arrived and I want to complain")
        # A customer who writes a Chinese sentence themselves has switched (trial 14's rule).
        switched = await user.say("我还是说中文吧，快递三天前就应该到了，一直没有送到")
        assert _HAN.search(switched) and "Please" not in switched, switched


async def test_dh_guard_a_voice_first_conversation_takes_the_voices_language(
    tmp_path: Path, clock: FakeClock
) -> None:
    async with wechat_env(tmp_path, clock) as env:
        env.fake.media[VOICE] = (b"#!AMR\n" + b"0" * 200, "audio/amr")
        user = WeChatUser(env, "o-dh-voice-first")
        said = "我要投诉，快递把我的包裹弄丢了，一直没送到"
        reply = await user.send("voice", MediaId=VOICE, Recognition=said)
        assert reply.content and "什么时候" in reply.content, reply.content
