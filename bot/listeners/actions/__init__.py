from __future__ import annotations

import re

from bot.listeners.actions.pick_code import pick_code
from bot.listeners.actions.share_answer import share_answer
from bot.listeners.actions.show_more import show_more
from bot.listeners.actions.unknown_action import unknown_action
from bot.replies import MORE_ACTION, PICK_ACTION, SHARE_ACTION


def register(app) -> None:
    app.action(SHARE_ACTION)(share_answer)
    app.action(PICK_ACTION)(pick_code)
    app.action(MORE_ACTION)(show_more)
    app.action(re.compile(".*"))(unknown_action)  # last: Bolt runs the first listener that matches
