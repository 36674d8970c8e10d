"""The screening use case: a query in, the listed parties behind it out, explained."""
