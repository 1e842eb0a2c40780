"""tiktok-earnings: what a TikTok LIVE stream earned, and whether hearts pay."""

__version__ = "0.1.0"
