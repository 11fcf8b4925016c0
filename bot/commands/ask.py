"""`rvubot ask`: one question (or a batch on stdin), as text or as DESIGN §3 JSON."""
from __future__ import annotations

import json
import sys

from bot.commands.common import CommandError, answerer, settings
from bot.render import render_notices, render_text
from intents.models import Answer

MAX_QUESTION_BYTES = 2000


def register(sub) -> None:
    parser = sub.add_parser("ask", help="answer one question (or one per line from stdin with --json)",
                            description="Answer a question about a CPT/HCPCS code.",
                            epilog='Examples: rvubot ask "rvu 99214" · rvubot ask --json "who bills 96406" · '
                                   'echo "99213 vs 99214" | rvubot ask --json')
    parser.add_argument("question", nargs="*", help="the question; omit it with --json to read one per line from stdin")
    parser.add_argument("--json", action="store_true", help="print one JSON object per answer")
    parser.add_argument("--release", help="answer from this release (e.g. RVU25D) instead of the newest")
    parser.add_argument("--zip", dest="zip_code", help="price for the locality of this ZIP code")
    parser.add_argument("--locality", help="price for this locality (name, or MAC-locality like 13202-01)")
    parser.set_defaults(handler=run)


def to_json(answer: Answer) -> dict:
    return {
        "intent": answer.intent,
        "codes": answer.codes,
        "text": render_text(answer),
        "facts": answer.facts,
        "question": answer.question,
        "release": answer.release,
        "suggestions": answer.suggestions,
        "specialties": answer.specialties,
        "notes": render_notices(answer),
        "confident": answer.confident,
    }


def _options(args) -> dict:
    options = {}
    if args.zip_code:
        options["zip_code"] = args.zip_code
    if args.locality:
        options["locality"] = args.locality
    return options


def run(args) -> int:
    config = settings()
    release = args.release or config.release or None
    question = " ".join(args.question)
    if not args.question:
        if not args.json:
            raise CommandError('no question given. Try: rvubot ask "what is 99214" (or --json to read stdin)')
        return _batch(answerer(config), release, _options(args))
    if not question.strip():
        raise CommandError('the question is empty. Try: rvubot ask "what is 99214"')
    if len(question.encode("utf-8")) > MAX_QUESTION_BYTES:
        raise CommandError(f"the question is {len(question.encode('utf-8')):,} bytes; ask in at most {MAX_QUESTION_BYTES:,}")
    bot = answerer(config)
    if release and release not in bot.catalog.releases:
        names = ", ".join(r.name for r in bot.catalog.newest_first()) or "none"
        raise CommandError(f"no release named {release}; loaded: {names}")
    answer = bot.answer(question, release=release, **_options(args))
    if args.json:
        print(json.dumps(to_json(answer), ensure_ascii=False))
    else:
        print(render_text(answer))
    return 1 if answer.intent == "unknown" else 0


def _batch(bot, release, options) -> int:
    for line in sys.stdin:
        question = line.rstrip("\n")[:MAX_QUESTION_BYTES]
        answer = bot.answer(question, release=release, **options)
        sys.stdout.write(json.dumps(to_json(answer), ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 0
