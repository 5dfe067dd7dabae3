# ruff: noqa: E501  (sample messages read better unwrapped)
"""Classification + field extraction throughput, and process start to first answer.

    python bench/bench_nlp.py [--seconds 5] [--runs 7]

Throughput: one core (the process is pinned to one), distinct ~80-character messages written
like real complaints (no two alike, so no cache helps), classify + extract_fields each.
Measured in CPU time of the process as well as wall time: on a shared machine another
process's load stretches wall time but not the CPU a message needs. The load average is
printed with the figures.
Start-up, in a new process, wall time and the child's CPU time, best and median: the nlp part
alone (imports, jieba dictionary, model, one classification and extraction), and the whole
`python -m bot.cli classify --json TEXT` (which also reads settings and the policy, and
imports what every registered command module imports at the top).
Targets (issue 3): >= 1,000 msg/s and <= 2 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Written for this benchmark: one complaint each across retail, delivery, hotels, banking,
# telecom, cars, property and logistics, with the fields customers give (times, places,
# sums, numbers, remedies). Slots make every message distinct.
TEMPLATES = [
    "{d}在你们{store}买的{prod}，回家打开就发现是坏的，插上电没反应，找店员换他说过了{h}天就不管了，态度特别差，要求退货退款，订单号{order}{end}",
    "外卖点了{h}个小时才送到，{prod}全洒在袋子里了，饭也是凉的，骑手还说不关他的事，打客服电话一直没人接，花了{amt}元吃了个寂寞，必须给个说法{end}",
    "信用卡{d}被扣了{amt}元年费，短信也没提醒，办卡的时候业务员明明说终身免年费的，这不就是虚假宣传吗？我要求退还费用，不然就找银保监会投诉{end}",
    "住的{store}房间有一股很重的霉味，床单上还有头发，卫生间下水道反味，前台说没有别的房了，一晚上{amt}块就这种条件？要求退一部分房费并道歉{end}",
    "我叫王{name}，手机1381234{tail}，{d}在{store}办的宽带三天两头掉线，报修了{h}次师傅都没来，每个月照样扣费，请尽快安排上门维修，不然就销户{end}",
    "{d}{h}点多我在{store}交了{amt}元物业费，结果电梯坏了半个月没人修，楼道灯也不亮，业主群里都在骂，物业经理说没钱修，太过分了，要求马上整改{end}",
    "快递显示{d}已签收，可我根本没收到，驿站说放门口了，监控也不给看，里面是{amt}块的{prod}，打电话给快递员他态度还很横，直接挂我电话，要求赔偿{end}",
    "新车开了不到{h}千公里，首保刚花了{amt}元，{d}在高速上突然熄火，方向盘也变沉了，差点出事故，一家人都在车上，去{store}检查说一切正常，这是严重的安全隐患，要求厂家给说法{end}",
    "{d}在拼多多买的{prod}和图片完全不一样，做工粗糙还有股刺鼻的异味，申请退款商家一直拒绝，平台客服也是踢皮球，订单号{order}，我要投诉这个商家{end}",
    "网贷借了{amt}元逾期了{h}天，催收天天给我家人和同事打电话，还发短信威胁要上门，我不是不想还，现在失业了没有收入，想协商分期还款，他们根本不理，每天被骚扰{end}",
    "保险业务员当初说这个是存钱的，随时能取，也没说有什么手续费，结果现在要退保只能退{amt}元，损失了一大半，这是误导销售，要求全额退还保费{end}",
    "{store}的收银员多收了我{amt}元，我拿着小票回去问，她翻白眼说机器不会错，让我自己找店长，店长也不出来，工号{staff}，希望你们加强培训，给我道歉{end}",
]
STORES = [
    "朝阳门店",
    "万达店",
    "浦东营业厅",
    "如家酒店",
    "幸福小区",
    "天河城店",
    "4S店",
    "西湖银泰店",
    "徐家汇店",
    "南山分店",
]
PRODUCTS = [
    "电饭煲",
    "空调",
    "牛奶",
    "耳机",
    "运动鞋",
    "麻辣烫",
    "手机",
    "羽绒服",
    "热水壶",
    "蛋糕",
]
ENDS = [
    "，请尽快处理，谢谢！",
    "，等你们回复",
    "！！！",
    "，再这样我就去12315",
    "，希望认真对待，别再敷衍了",
    "，今天必须解决",
    "。",
    "，真的很失望",
]
DAYS = [
    "昨天下午",
    "前天晚上",
    "4月28日",
    "上周五",
    "今天上午",
    "3号",
    "上个月",
    "两天前",
    "周日中午",
    "10月1日",
]


def messages(count: int) -> list[str]:
    out = []
    for i in range(count):
        out.append(
            TEMPLATES[i % len(TEMPLATES)].format(
                d=DAYS[(i // 12) % len(DAYS)],
                store=STORES[(i // 7) % len(STORES)],
                prod=PRODUCTS[(i // 5) % len(PRODUCTS)],
                h=2 + i % 7,
                amt=50 + i,
                end=ENDS[(i // 3) % len(ENDS)],
                order=2024050100000 + i,
                name="芳丽静敏强"[i % 5],
                tail=f"{i % 10000:04d}",
                staff=1000 + i % 9000,
            )
        )
    return out


def throughput(seconds: float) -> tuple[float, float, int, int]:
    """(messages per CPU second, per wall second, messages done, average length)."""
    from nlp import tokenizer
    from nlp.classifier import Classifier
    from nlp.extract import extract_fields

    tokenizer.load()
    clf = Classifier.load()
    now = datetime.now(ZoneInfo("Asia/Shanghai"))
    texts = messages(200_000)
    for t in texts[-200:]:  # warm-up, on messages the timed loop does not reach
        clf.classify(t)
        extract_fields(t, now)
    done, cpu0, wall0 = 0, time.process_time(), time.perf_counter()
    while time.process_time() - cpu0 < seconds and done < len(texts) - 200:
        text = texts[done]
        clf.classify(text)
        extract_fields(text, now)
        done += 1
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    return done / cpu, done / wall, done, sum(map(len, texts[:done])) // max(done, 1)


# The nlp part alone, as the bot's start-up does it: imports, dictionary, model, one answer.
NLP_ONLY = (
    "import sys; from datetime import datetime; from zoneinfo import ZoneInfo; "
    "from nlp import tokenizer; tokenizer.load(); "
    "from nlp.classifier import Classifier; from nlp.extract import extract_fields; "
    "text = sys.argv[1]; print(Classifier.load().classify(text), "
    "extract_fields(text, datetime.now(ZoneInfo('Asia/Shanghai'))))"
)


def startup(runs: int, command: list[str]) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of `command + [message]` in a new process, `runs` times."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    walls, cpus = [], []
    for i in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(
            [*command, messages(i + 1)[i]], check=True, capture_output=True, env=env, cwd=ROOT
        )
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return walls, cpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="CPU seconds of throughput")
    parser.add_argument("--runs", type=int, default=7, help="start-up runs")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    print(
        f"load average before: {', '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores"
    )
    per_cpu, per_wall, done, avg_len = throughput(args.seconds)
    print(
        f"classify+extract: {per_cpu:,.0f} msg/s of CPU on one core ({per_wall:,.0f} msg/s wall), "
        f"{done:,} messages of ~{avg_len} characters"
    )
    for label, command in (
        ("nlp alone (python -c)", [sys.executable, "-c", NLP_ONLY]),
        ("complaint-bot classify --json", [sys.executable, "-m", "bot.cli", "classify", "--json"]),
    ):
        walls, cpus = startup(args.runs, command)
        print(
            f"start to first answer, {label}: wall best {min(walls):.2f} s, median "
            f"{statistics.median(walls):.2f} s; CPU best {min(cpus):.2f} s, median "
            f"{statistics.median(cpus):.2f} s ({args.runs} runs)"
        )
    print(f"load average after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
