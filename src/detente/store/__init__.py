"""store stage (placeholder until its issue lands)."""
