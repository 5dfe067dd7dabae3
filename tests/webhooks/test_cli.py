"""`complaint-bot webhooks add|list|remove|test` as a real process, on both backends."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.bot.cli_process import cli_env, run
from tests.support import BACKENDS, database_url
from tests.webhooks.support import receiver


@pytest.mark.parametrize("backend", BACKENDS)
async def test_add_list_test_and_remove(tmp_path: Path, backend: str) -> None:
    async with database_url(backend) as url, receiver() as got:
        env = cli_env(tmp_path / "data", url)
        hook_url = got.url("/hooks/complaints")

        code, out, err = await run(env, "webhooks", "add", "ftp://example.org/x", "--events", "*")
        assert code == 2 and "http:// or https://" in err
        code, out, err = await run(env, "webhooks", "add", hook_url, "--events", "ticket.fild")
        assert code == 2
        assert "ticket.fild" in err and "ticket.filed" in err and "survey.answered" in err

        code, out, err = await run(
            env,
            "webhooks",
            "add",
            hook_url,
            "--events",
            "ticket.resolved, ticket.filed",
            "--personal-data",
            "--name",
            "crm",
        )
        assert code == 0, err
        hook_id = re.search(r"webhook (\d+) added", out)
        secret = re.search(r"secret: (whsec_\S+)", out)
        assert hook_id and secret
        number, key = hook_id.group(1), secret.group(1)

        code, out, err = await run(env, "webhooks", "list")
        assert code == 0, err
        assert hook_url in out and "ticket.filed,ticket.resolved" in out and "crm" in out
        assert "personal-data" in out
        assert key not in out and "whsec_" not in out  # the secret is shown once only

        code, out, err = await run(env, "webhooks", "test", number)
        assert code == 0, err
        [ping] = got.got
        assert ping.event["type"] == "ping" and ping.event_id in out
        assert ping.signed_with(key)

        got.answers.append(503)
        code, out, err = await run(env, "webhooks", "test", number)
        assert code == 2 and "HTTP 503" in err

        code, out, err = await run(env, "webhooks", "remove", number)
        assert code == 0 and f"webhook {number} removed" in out, err
        code, out, err = await run(env, "webhooks", "test", number)
        assert code == 2 and "no active webhook" in err
        assert len(got.got) == 2  # a removed webhook is not called
