"""run stage (placeholder until its issue lands)."""
