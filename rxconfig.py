"""Reflex configuration. Nothing here calls out to the internet (telemetry off)."""

import reflex as rx

config = rx.Config(
    app_name="app",
    telemetry_enabled=False,
    show_built_with_reflex=False,
)
