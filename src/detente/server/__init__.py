"""server stage (placeholder until its issue lands)."""
