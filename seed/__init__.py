"""Demo and benchmark data generators."""
