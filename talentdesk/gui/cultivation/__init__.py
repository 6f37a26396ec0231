"""GUI of the cultivation area (issue 4): pairings, suggested pairings, training, studios, tiers and reserve pool."""
