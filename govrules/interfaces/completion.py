"""Shell completion of trust names, body ids, seat ids and procedure ids.

Click completes commands and options itself (``_GOVRULES_COMPLETE``); these callbacks add the
values only a trust knows. They run at every press of Tab, so each is cheap and never raises:
a trust that cannot be read completes nothing.
"""

from __future__ import annotations

from typing import Any

import click
from click.shell_completion import CompletionItem

__all__ = ["bodies", "matters", "procedures", "seats", "trusts"]


def trusts(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Bundled trust names, then file names (the shell completes those)."""
    try:
        from ..compiling.loader import bundled_names

        names = [n for n in bundled_names() if n.startswith(incomplete)]
    except Exception:
        names = []
    return [CompletionItem(n, help="bundled trust") for n in names] + [
        CompletionItem(incomplete, type="file")
    ]


def _given(ctx: click.Context, name: str) -> Any:
    """The value of the argument ``name`` on the command line being completed.

    Click parses the line again for each completion, but while an option's value is being
    completed (``--present a,<Tab>``) that parse stops at the option and assigns no
    arguments; the words themselves are then in ``COMP_WORDS``, as every shell's completion
    script passes them.
    """
    value = ctx.params.get(name)
    if value is not None:
        return value
    import os
    import shlex

    line = os.environ.get("COMP_WORDS", "")
    try:
        words = shlex.split(line)
    except ValueError:  # a quote still open in the word being typed
        words = line.split()
    cword = int(os.environ.get("COMP_CWORD", "0") or 0)
    command = ctx.command
    if command.name not in words:
        return None
    rest = words[words.index(command.name) + 1 : cword or None]
    options = {o: p for p in command.params if isinstance(p, click.Option) for o in p.opts}
    positional: list[str] = []
    skip = False
    for word in rest:
        if skip:
            skip = False
        elif word.startswith("-") and word != "-":
            option = options.get(word)
            skip = option is not None and not option.is_flag
        else:
            positional.append(word)
    arguments = [p.name for p in command.params if isinstance(p, click.Argument)]
    return dict(zip(arguments, positional, strict=False)).get(name)


def _trust(ctx: click.Context) -> Any:
    name = _given(ctx, "trust")
    if not isinstance(name, str) or not name or name == "-":  # standard input is read once
        return None
    try:
        from ..compiling.versions import load_as_of

        return load_as_of(name)
    except Exception:
        return None


def _body(ctx: click.Context) -> Any:
    trust, body_id = _trust(ctx), _given(ctx, "body")
    if trust is None:
        return None
    return next((b for b in trust.bodies if b.id == body_id), None)


def bodies(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """The body ids of the trust already given."""
    trust = _trust(ctx)
    if trust is None:
        return []
    return [CompletionItem(b.id, help=b.name) for b in trust.bodies if b.id.startswith(incomplete)]


def seats(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """The seat ids of the body already given; after a comma, the next id of a list."""
    body = _body(ctx)
    if body is None:
        return []
    done, comma, last = incomplete.rpartition(",")
    prefix = done + comma
    return [
        CompletionItem(prefix + s.id, help=s.title) for s in body.seats if s.id.startswith(last)
    ]


def matters(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """The kinds of matter the trust already given declares, and ``none``."""
    trust = _trust(ctx)
    if trust is None:
        return []
    kinds = [m.id for m in trust.matters] + (["none"] if trust.matters else [])
    return [CompletionItem(k) for k in kinds if k.startswith(incomplete)]


def procedures(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """The procedure ids of the trust already given."""
    trust = _trust(ctx)
    if trust is None:
        return []
    return [CompletionItem(p.id) for p in trust.procedures if p.id.startswith(incomplete)]
