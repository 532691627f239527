"""Audio and video: probe and decode, transcribe, keyframes, timed chunks, the pipeline."""
