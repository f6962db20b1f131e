"""Manim scenes, one module per lesson kind, plus a small kit of shared widgets."""
