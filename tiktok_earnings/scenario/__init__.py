"""A scenario file: its model, the declaration of its keys, and reading it from YAML with precise errors."""
