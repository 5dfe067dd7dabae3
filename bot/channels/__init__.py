"""Channel adapters: one package (or module) per channel, each exposing a `FACTORY`
(`bot/channels/base.py:ChannelFactory`); the registry is `bot/app.py:CHANNELS`."""
