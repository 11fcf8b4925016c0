"""`rvubot chat`: an interactive prompt with line editing and history."""
from __future__ import annotations

import os
from pathlib import Path

from bot.commands.common import answerer, settings
from bot.render import render_text

try:  # line editing and history where the platform has readline
    import readline
except ImportError:  # pragma: no cover - Windows
    readline = None


def register(sub) -> None:
    parser = sub.add_parser("chat", help="ask questions interactively (history kept between sessions)")
    parser.add_argument("--release", help="answer from this release instead of the newest")
    parser.set_defaults(handler=run)


def run(args) -> int:
    config = settings()
    bot = answerer(config)
    history = config.data_dir / "chat_history"
    if readline:
        try:
            readline.read_history_file(history)
        except OSError:
            pass
    releases = ", ".join(r.name for r in bot.catalog.newest_first()) or "none"
    print(f"rvubot chat: releases {releases}. Ask anything ('help' for examples, 'quit' or Ctrl-D to leave).")
    try:
        while True:
            try:
                question = input("rvu> ").strip()
            except EOFError:
                print()
                break
            if question.lower() in ("quit", "exit", ":q"):
                break
            if question:
                print(render_text(bot.answer(question, release=args.release)))
                print()
    finally:
        if readline:
            try:
                history.parent.mkdir(parents=True, exist_ok=True)
                readline.set_history_length(1000)
                readline.write_history_file(history)
            except OSError:
                pass
    return 0
