"""The contact queue: hand-overs from the assistant, help requests from kiosks, and calls.

Every channel that needs a person puts a :class:`Contact` here; the hotline console (agents)
claims and closes them. Domain only: no web, Rasa or Vosk code.
"""
