"""Data, baseline, fine-tuning and evaluation: everything that makes a model."""
