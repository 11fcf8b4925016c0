"""Everything Slack: listeners, rendering, scheduling, storage and the command line."""
