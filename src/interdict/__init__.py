"""interdict: an open-source sanctions screening engine."""

__version__ = "0.1.0"

__all__ = ["__version__"]
