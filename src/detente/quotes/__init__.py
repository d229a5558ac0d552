"""quotes stage (placeholder until its issue lands)."""
