"""data stage (placeholder until its issue lands)."""
