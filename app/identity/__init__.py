"""People, accounts, sign-in by one-time code, and server-side sessions.

The provincial 统一身份认证 is out of reach here. ``sender.py`` is the seam: a code sender
(development: log + on-screen banner; production: an SMS gateway) and, in its place, a real
identity provider would issue the same ``AuthSession`` after its own check.
"""
