"""Runtime helpers for the Rasa server process (see ``speedups``)."""
