"""The parse-only floor for benchmarks/batch.py: find the scenarios under a folder and parse each, nothing more.

Files are found as `tiktok-earnings run FOLDER` finds them (os.walk, sorted, names starting
with `_` or `.` skipped) and each is parsed with PyYAML's C loader. No validation, no
calculation, no output but the number of files parsed. A tool that reads YAML with PyYAML
cannot go below this.

    python benchmarks/parse_floor.py FOLDER
"""

import os
import sys

import yaml

SKIPPED = ("_", ".")


def main() -> None:
    parsed = 0
    for directory, subfolders, files in os.walk(sys.argv[1]):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith(SKIPPED))
        for name in sorted(files):
            if name.endswith((".yaml", ".yml")) and not name.startswith(SKIPPED):
                with open(os.path.join(directory, name), "rb") as handle:
                    yaml.load(handle, Loader=yaml.CSafeLoader)
                parsed += 1
    print(parsed)


if __name__ == "__main__":
    main()
