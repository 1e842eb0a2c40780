"""Hearts: the model of their indirect effect on gifts, and fitting its elasticity to a creator's own streams."""
