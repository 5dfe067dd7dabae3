"""The query layer (issue 11 item 1): SQL is composed here, handlers call typed functions.

One module per concern; each function takes the caller's `AsyncSession` so it joins the
caller's transaction, and returns plain values or ORM rows its docstring names.
"""
