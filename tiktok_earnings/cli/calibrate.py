"""Commands being written: see tiktok_earnings/cli/__init__.py."""
