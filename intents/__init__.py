"""Question understanding, code catalog, search, pricing and answers. Knows nothing of Slack."""
