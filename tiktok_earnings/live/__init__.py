"""Real LIVEs: recording one through TikTokLive, and reading a recording back as a scenario."""
