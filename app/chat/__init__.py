"""The assistant channel (Rasa) as seen from the app: a thin adapter over the domain.

- ``training_data``: derives the bot's service/FAQ training data from the knowledge base
  (``minzheng bot generate``), so the KB stays the one source of truth.
- ``guide``: service guides, FAQ lookup and the 尊老金 eligibility rule as plain dicts (what
  the REST API gives the action server).
- ``rasa``: the HTTP client for the Rasa server (only the app backend talks to Rasa).
- ``service``: one chat turn: redact, identify the session, ask Rasa, shape the replies,
  hand over to a person, fall back to search when Rasa is down.
"""
