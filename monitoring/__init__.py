"""Watching the served model: drift of live quotes against the corpus the model learned from."""
