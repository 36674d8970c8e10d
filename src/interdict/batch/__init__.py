"""Batch screening: a pure, picklable partition job and the executors that run it."""
