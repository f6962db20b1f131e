"""The render pipeline: worker processes, the streaming writer, media checks, narration, publishing.

It draws nothing itself; it runs the lesson scenes of :mod:`scenes` and turns their frames into the
course bundle. The command line (``render.py``) is the only caller of :mod:`scenes.pipeline.course`.
"""
