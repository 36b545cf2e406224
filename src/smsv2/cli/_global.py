"""The global options (`--region`, `--output`, `--query`, ...) are accepted after the command
too, as the AWS CLI and gh accept them: before typer parses, they are moved to the front,
where the top-level callback declares them. A new command needs nothing for this."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import cast

#: Global options that take a value, and those that do not.
VALUED = frozenset({"--region", "--profile", "--endpoint-url", "--output", "--query"})
FLAGS = frozenset({"--debug", "--no-debug"})


def _subcommands(command: object) -> Mapping[str, object]:
    found: object = getattr(command, "commands", None)
    return cast("Mapping[str, object]", found) if isinstance(found, Mapping) else {}


def _takes_value(command: object, option: str) -> bool:
    """Whether `option` of `command` reads the next word as its value."""
    for param in getattr(command, "params", ()):
        if option in getattr(param, "opts", ()) or option in getattr(param, "secondary_opts", ()):
            return getattr(param, "param_type_name", "") == "option" and not getattr(
                param, "is_flag", False
            )
    return False


def hoist(args: Sequence[str], root: object) -> list[str]:
    """`args` with the global options (and their values) moved before the first command.

    The words after an option of a command that takes a value are that value, never a
    global option (`send --body --debug` sends the text "--debug"); `--` ends the scan.
    """
    front: list[str] = []
    rest: list[str] = []
    command = root
    words = list(args)
    index = 0
    while index < len(words):
        word = words[index]
        name = word.split("=", 1)[0]
        if word == "--":
            rest += words[index:]
            break
        if name in VALUED:
            taken = 1 if "=" in word else 2
            front += words[index : index + taken]
            index += taken
            continue
        if word in FLAGS:
            front.append(word)
        else:
            rest.append(word)
            sub = _subcommands(command).get(word)
            if sub is not None:
                command = sub
            elif word.startswith("-") and "=" not in word and _takes_value(command, word):
                rest += words[index + 1 : index + 2]
                index += 1
        index += 1
    return front + rest
