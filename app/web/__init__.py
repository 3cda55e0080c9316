"""Server-rendered HTML of the public knowledge-base pages (guides, bundles, policies, search).

Why: the Reflex pages get their text over the websocket after hydration, so a reader without
JavaScript (or behind a network that blocks websockets) used to see an empty shell. This adapter
renders the same knowledge base — ``get_engine().kb`` and the domain functions the Reflex states
call — as plain semantic HTML, which ``app/api/prerender.py`` puts into the page the server sends.
It imports domain modules only: never Reflex, the UI or the API.
"""
