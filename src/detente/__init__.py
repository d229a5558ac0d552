"""detente: political event data from news, offline and explainable."""

__version__ = "0.1.0"
