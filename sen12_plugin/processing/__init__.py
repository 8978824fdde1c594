"""Processing provider ``sen12`` and its algorithms (one per file)."""
