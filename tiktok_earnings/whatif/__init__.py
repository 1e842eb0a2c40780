"""What-if tools: vary one setting (sweep), solve for a target (goal), and set scenarios side by side (compare).

fields.py   what may vary (derived from scenario/spec.py) and the values each field takes
points.py   one recomputed point, and the assumptions it rests on
sweep.py    a range of values of one field
goal.py     the smallest value of a field that reaches a target net
compare.py  scenarios side by side, and the settings that differ (from the spec)
"""
