"""The sections of the UI, one module each, every one with a ``render()``."""
