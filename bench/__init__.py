"""Benchmarks of the renderer: figures to read, never tests (``make bench``, see README.md)."""
