"""kefu: a terminal training simulator for online shop customer service."""

__version__ = "0.1.0"
