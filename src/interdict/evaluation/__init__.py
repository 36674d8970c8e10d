"""Evaluating screening quality on labelled queries, as a compliance team must."""
