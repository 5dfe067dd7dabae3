"""Channel adapters. `CHANNEL_MODULES` lists the modules `serve` asks for a running channel."""

CHANNEL_MODULES: tuple[str, ...] = (
    "bot.channels.telegram",
    "bot.channels.wechat",
)
