"""Custom actions of the 民政一键通 assistant (rasa-sdk, run by `rasa run actions`).

Split by what they talk to: ``app_api`` (the app's REST API, the only source of knowledge),
``answer`` (sourced answers), ``eligibility`` (尊老金 form), ``discover`` (the 政策计算器's questions,
one a turn), ``handoff`` (转人工). Wording lives in ``wording``. Nothing here imports the app: Rasa's venv pins other library versions.
"""
