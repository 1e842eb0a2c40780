"""Renderers: each takes reports and returns text or a Rich renderable; the CLI prints it."""
