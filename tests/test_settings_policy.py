"""Settings and policy: every value validated at start, with a message naming the setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import SettingsError, load_settings
from handlers.policy import PolicyError, load_policy


def test_defaults_follow_the_design() -> None:
    settings = load_settings({}, None)
    assert settings.HTTP_HOST == "127.0.0.1" and settings.HTTP_PORT == 8080
    assert settings.TIMEZONE == "Asia/Shanghai" and settings.TELEGRAM_MODE == "polling"
    assert settings.database_url.startswith("sqlite+aiosqlite:///")
    assert settings.database_url.endswith("data/complaints.db")
    assert not settings.telegram_enabled and not settings.wechat_enabled


def test_dotenv_is_read_and_the_environment_wins(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text('# comment\nHTTP_PORT=9000\nTIMEZONE="Asia/Tokyo"\nexport DATA_DIR=/x\n')
    settings = load_settings({"HTTP_PORT": "9100"}, dotenv)
    assert settings.HTTP_PORT == 9100 and settings.TIMEZONE == "Asia/Tokyo"
    assert Path("/x") == settings.DATA_DIR


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("HTTP_PORT", "99999", "setting HTTP_PORT: must be a port number"),
        ("HTTP_PORT", "abc", "setting HTTP_PORT: Input should be a valid integer"),
        ("TIMEZONE", "Nowhere/City", "setting TIMEZONE: unknown time zone"),
        ("TELEGRAM_MODE", "push", "setting TELEGRAM_MODE: Input should be 'polling' or 'webhook'"),
        ("WECHAT_ENCODING_AES_KEY", "short", "setting WECHAT_ENCODING_AES_KEY: must be the 43"),
        ("POLICY_FILE", "/no/such/policy.toml", "setting POLICY_FILE: no such file"),
        ("TELEGRAM_AGENT_CHAT_ID", "group", "setting TELEGRAM_AGENT_CHAT_ID"),
        ("TELEGRAM_WEBHOOK_URL", "bot.example.com", "setting TELEGRAM_WEBHOOK_URL: must be"),
    ],
)
def test_a_wrong_value_names_the_setting(name: str, value: str, message: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({name: value}, None)
    assert str(caught.value).startswith(message)


def test_env_example_lists_every_setting() -> None:
    from bot.settings import Settings

    example = (Path(__file__).parent.parent / ".env.example").read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"{name}=" in example, name


def test_policy_overrides_merge_with_the_defaults(tmp_path: Path) -> None:
    policy_file = tmp_path / "policy.toml"
    policy_file.write_text(
        '[ticket]\nprefix = "TS"\n[business_hours]\nopen = "08:30"\n'
        '[severities.urgent]\nfirst_response = { amount = 1, unit = "hours" }\n'
        '[[categories]]\ncode = "billing"\nzh = "收费"\nen = "Billing"\n',
        encoding="utf-8",
    )
    policy = load_policy(policy_file)
    assert policy.ticket_prefix == "TS" and policy.hours.open.hour == 8
    assert policy.hours.close.hour == 21  # untouched default
    assert policy.severity("urgent").first_response.amount == 1
    assert policy.severity("urgent").resolution.amount == 24
    assert policy.category_codes == ("billing", "other")  # "other" is always there


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[business_hours]\nopen = "22:00"', "open must be before"),
        ("[sla]\nreminder_at = 2", "reminder_at must be between 0 and 1"),
        ('[severities.general]\nresolution = { amount = 1, unit = "weeks" }', "unit must be"),
        ('[ticket]\nprefix = "投诉"', "prefix must be ASCII"),
        ("not toml at all = = =", "not valid TOML"),
    ],
)
def test_a_wrong_policy_names_the_key(tmp_path: Path, body: str, message: str) -> None:
    policy_file = tmp_path / "policy.toml"
    policy_file.write_text(body, encoding="utf-8")
    with pytest.raises(PolicyError, match=message):
        load_policy(policy_file)
