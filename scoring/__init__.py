"""Batch scoring: files of quotes (or articles) in, the same rows with their stances out.

`scoring.local.score_file` streams a file through a predictor in chunks,
checkpointing after each one; `scoring.spark.score_with_spark` does the same
work on an Apache Spark cluster.
"""
