"""What every listener needs, built once at start-up and handed to listeners through Bolt's context."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import Engine

from bot.config import Settings
from intents.answer import Answerer

CONTEXT_KEY = "rvubot"


@dataclass(frozen=True)
class Deps:
    settings: Settings
    answerer: Answerer
    engine: Engine


def deps_of(context) -> Deps:
    return context[CONTEXT_KEY]
