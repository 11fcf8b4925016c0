"""Daily pinned code tips.

api.py        what the rest of the bot calls (slash command, App Home summary, scheduler thread)
slash.py      `/rvu tips ...`: settings per channel; parse.py reads the words
runner.py     run_due(now): claim the day, post, pin, unpin the previous tip, exactly once
posts.py      the per-channel-per-day claim rows; schema.py the tables; channels.py the settings
schedule.py   when a tip is due on the channel's own clock (DST-safe)
cycle.py      which code: a shuffled pass per channel over its specialty's curated codes
content.py    the tip's words and figures (answer core + templates/tip*.j2)
slack_errors.py  what a failed Slack call means (wait, look first, or stop for the day)
scheduler.py  the once-a-minute loop of `rvubot serve`; command.py `rvubot tips run-due`
"""
