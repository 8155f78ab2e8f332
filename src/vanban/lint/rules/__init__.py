"""The checks, grouped by element of Phụ lục I; each module lists its rules in ``RULES``."""
