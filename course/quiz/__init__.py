"""The question bank: schema, loader, validator and the nbgrader notebook builder (pure)."""
