"""What-if tools: vary one setting (sweep), solve for a target (goal), and set scenarios side by side (compare)."""
