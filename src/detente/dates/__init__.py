"""dates stage (placeholder until its issue lands)."""
