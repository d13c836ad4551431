"""The BentoML HTTP service."""
