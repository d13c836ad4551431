"""Inference core shared by the service, batch scoring and evaluation."""
