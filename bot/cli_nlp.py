"""`complaint-bot classify | eval | train`: thin adapters over nlp (docs/architecture.md section 8).

Each command turns its arguments into plain values, calls nlp, and prints. Errors the user
can fix (settings, policy, a bad line in a file) print one line and exit 2, never a traceback.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

if TYPE_CHECKING:  # for the annotation only; the commands import nlp where they use it
    from nlp.classifier import Classifier

EXIT_USAGE = 2


class CliError(Exception):
    """A problem the user can fix; printed as one line."""


@dataclasses.dataclass(frozen=True)
class _Env:
    data_dir: Path
    categories: tuple[str, ...] | None
    tz: ZoneInfo


def _env() -> _Env:
    from bot.settings import SettingsError, load_settings
    from handlers.policy import PolicyError, load_policy

    try:
        settings = load_settings()
        policy = load_policy(settings.policy_file)
    except (SettingsError, PolicyError) as exc:
        raise CliError(str(exc)) from None
    return _Env(settings.data_dir, policy.category_codes, settings.tz)


def _classifier(env: _Env) -> Classifier:
    from nlp import tokenizer
    from nlp.classifier import Classifier

    tokenizer.load()
    try:
        return Classifier.load(env.data_dir, env.categories)
    except ValueError as exc:
        raise CliError(str(exc)) from None


def _guarded(fn: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        try:
            return fn(args)
        except CliError as exc:
            print(f"complaint-bot {args.command}: {exc}", file=sys.stderr)
            return EXIT_USAGE

    return run


# classify ------------------------------------------------------------------------------------

_FIELD_LABELS = {
    "name": "姓名",
    "phone": "手机",
    "email": "邮箱",
    "order_no": "订单号",
    "amounts": "金额",
    "occurred_at": "时间",
    "occurred_text": "时间原文",
    "place": "地点",
    "platform": "平台",
    "product": "商品",
    "store": "门店",
    "staff": "工号/员工",
    "remedy": "诉求",
    "remedy_text": "诉求原文",
    "remedies": "全部诉求",
    "products": "全部商品",
}


def _extract(text: str, now: datetime) -> dict[str, Any]:
    """Non-empty extracted fields as JSON-ready values (empty if extraction is unavailable)."""
    try:
        from nlp.extract import extract_fields
    except ImportError:  # extraction lands separately (issue 3); classification works alone
        return {}
    found = extract_fields(text, now)
    out: dict[str, Any] = {}
    for field in dataclasses.fields(found):
        value = getattr(found, field.name)
        if value in (None, "", ()):
            continue
        if isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, tuple):
            value = [str(v) if isinstance(v, Decimal) else v for v in value]
        elif isinstance(value, Decimal):
            value = str(value)
        out[field.name] = value
    return out


def _classify(args: argparse.Namespace) -> int:
    env = _env()
    clf = _classifier(env)
    result = clf.classify(args.text)
    fields = _extract(args.text, datetime.now(env.tz))
    if args.json:
        payload = {
            **dataclasses.asdict(result),
            "reasons": list(result.reasons),
            "fields": fields,
            "model": clf.describe(),
        }
        print(json.dumps(payload, ensure_ascii=False))
        return 0
    from nlp.classifier import CATEGORY_NAMES_ZH, SEVERITY_NAMES_ZH

    cat_zh = CATEGORY_NAMES_ZH.get(result.category, result.category)
    sev_zh = SEVERITY_NAMES_ZH.get(result.severity, result.severity)
    print(f"类别: {cat_zh} ({result.category})  置信度 {result.category_confidence:.2f}")
    print(f"级别: {sev_zh} ({result.severity})  置信度 {result.severity_confidence:.2f}")
    if result.needs_review:
        print("需人工复核: 是")
    print("依据:")
    for reason in result.reasons:
        print(f"  - {reason}")
    if fields:
        print("提取字段:")
        for name, value in fields.items():
            shown = (
                ", ".join(" ".join(v) if isinstance(v, tuple) else str(v) for v in value)
                if isinstance(value, list)
                else value
            )
            print(f"  {_FIELD_LABELS.get(name, name)}: {shown}")
    print(f"模型: {clf.describe()}")
    return 0


# eval ----------------------------------------------------------------------------------------


def _read(path: str) -> list[Any]:
    from nlp.training import ExampleError, read_examples

    try:
        examples = read_examples(Path(path))
    except ExampleError as exc:
        raise CliError(str(exc)) from None
    if not examples:
        raise CliError(f"{path}: no labelled lines")
    return examples


def _eval(args: argparse.Namespace) -> int:
    from nlp import metrics

    examples = _read(args.file)
    clf = _classifier(_env())
    results = [clf.classify(e.text) for e in examples]
    gold_c = [e.category for e in examples]
    pred_c = [r.category for r in results]
    gold_s = [e.severity for e in examples]
    pred_s = [r.severity for r in results]
    print(f"model: {clf.describe()}; {len(examples)} lines from {args.file}")
    print(metrics.table("category", gold_c, pred_c))
    print()
    print(metrics.table("severity", gold_s, pred_s))
    print()
    print(
        f"macro_f1={metrics.macro_f1(gold_c, pred_c):.3f} "
        f"accuracy={metrics.accuracy(gold_c, pred_c):.3f} "
        f"severity_macro_f1={metrics.macro_f1(gold_s, pred_s):.3f}"
    )
    return 0


# train ---------------------------------------------------------------------------------------


def _train(args: argparse.Namespace) -> int:
    from nlp import tokenizer, training
    from nlp.classifier import model_path

    env = _env()
    if args.from_corrections:
        return _train_from_corrections(args, env)
    if not args.file:
        raise CliError("give a labelled FILE, or --from-corrections")
    own = _read(args.file)
    tokenizer.load()
    with_defaults = args.with_defaults or (
        not args.only_own and len(own) < training.AUTO_DEFAULTS_BELOW
    )
    payload, summary = training.train_business(own, with_defaults=with_defaults)
    payload["trained_on"].update(trained_at=_now(), source=str(args.file))
    target = model_path(env.data_dir)
    _save(payload, target)
    _history(env.data_dir, {"source": str(args.file), "decision": "live", **summary})
    cats = ", ".join(f"{k} {v}" for k, v in sorted(payload["trained_on"]["categories"].items()))
    sevs = ", ".join(f"{k} {v}" for k, v in sorted(payload["trained_on"]["severities"].items()))
    print(
        f"trained on {summary['own']} lines from {args.file}"
        + (f" + {summary['shipped']} shipped examples" if summary["shipped"] else "")
    )
    print(f"  categories: {cats}")
    print(f"  severities: {sevs}")
    print(f"model saved to {target}; classify, eval and the bot use it from now on")
    return 0


def _train_from_corrections(args: argparse.Namespace, env: _Env) -> int:
    """Retrain on the agents' /reclass corrections; the new model goes live only when it
    scores at least as well as the live one on corrections it did not learn from."""
    import asyncio

    from bot.cli_corrections import read_corrections
    from bot.settings import SettingsError, load_settings
    from nlp import training
    from nlp.classifier import model_path
    from storage.vault import VaultError

    try:
        lines = asyncio.run(read_corrections(load_settings()))
    except (SettingsError, VaultError) as exc:
        raise CliError(str(exc)) from None
    corrections = training.parse_lines(
        [json.dumps(line, ensure_ascii=False) for line in lines], "corrections"
    )
    own = _read(args.file) if args.file else []
    live = _classifier(env)
    try:
        result = training.retrain_from_corrections(
            corrections,
            live,
            own=own,
            with_defaults=not args.only_own,
            description={"trained_at": _now(), "source": "corrections"},
        )
    except training.ExampleError as exc:
        raise CliError(str(exc)) from None
    target = model_path(env.data_dir)
    print(
        f"{len(corrections)} corrections: trained on {result.trained}, held back "
        f"{result.held_back}; held-back score (category + severity accuracy, 0-2): new "
        f"{result.new_score:.3f}, live {result.old_score:.3f} ({live.describe()})"
    )
    record = {
        "source": "corrections",
        "corrections": len(corrections),
        "held_back": result.held_back,
        "new_score": round(result.new_score, 3),
        "live_score": round(result.old_score, 3),
    }
    if result.adopted:
        if target.is_file():
            target.replace(target.with_name("classifier.previous.json"))
        _save(result.payload, target)
        _history(env.data_dir, {**record, "decision": "live"})
        print(f"new model live: {target} (the previous one kept as classifier.previous.json)")
    else:
        refused = target.with_name("classifier.refused.json")
        _save(result.payload, refused)
        _history(env.data_dir, {**record, "decision": "refused"})
        print(
            f"new model refused: it scored worse; the live model stays ({refused} kept "
            "for inspection)"
        )
    return 0


def _now() -> str:
    from datetime import UTC

    return datetime.now(UTC).isoformat(timespec="seconds")


def _save(payload: dict[str, Any], target: Path) -> None:
    from nlp import training

    try:
        training.save(payload, target)
    except OSError as exc:
        raise CliError(f"cannot save the model to {target}: {exc.strerror or exc}") from None


def _history(data_dir: Path, record: dict[str, Any]) -> None:
    """One line per training in DATA_DIR/model/history.jsonl: which model went live, when."""
    from nlp.classifier import model_path

    path = model_path(data_dir).with_name("history.jsonl")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        out.write(json.dumps({"at": _now(), **record}, ensure_ascii=False) + "\n")


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser("classify", help="category, severity and fields of a complaint text")
    p.add_argument("text", help="the complaint, in Chinese or English")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(handler=_guarded(_classify))

    p = subparsers.add_parser("eval", help="score the classifier on a labelled JSONL file")
    p.add_argument("file", help='lines {"text","category","severity"}')
    p.set_defaults(handler=_guarded(_eval))

    p = subparsers.add_parser("train", help="train the classifier on your labelled complaints")
    p.add_argument("file", nargs="?", help='lines {"text","category","severity"}')
    p.add_argument(
        "--from-corrections",
        action="store_true",
        help="learn from the agents' /reclass corrections in the database (with FILE, if "
        "given, and the shipped examples); the new model goes live only if it scores at "
        "least as well as the live one on held-back corrections",
    )
    p.add_argument(
        "--with-defaults",
        action="store_true",
        help="also learn from the examples shipped with complaint-bot (automatic below "
        "1,000 lines of your own)",
    )
    p.add_argument("--only-own", action="store_true", help="never add the shipped examples")
    p.set_defaults(handler=_guarded(_train))
