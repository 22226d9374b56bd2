"""OpenEnforce: the three systems of administrative law enforcement, in the open."""

__version__ = "0.1.0"
