"""The REST API under /api/v1/ (issue 14): bot/api/app.py:create_api_app builds it. Importing
the package loads nothing else, so `complaint-bot api-tokens` needs only bot/api/tokens.py."""
