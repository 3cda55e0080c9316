"""The words people use for the knowledge base's services, as one flat list.

Channels that listen (the kiosk's speech recogniser) bias themselves toward these. The walk over
the KB's structure lives here, beside the KB, so that speech (``voice/``) knows nothing of topics,
services or bundles: the app hands it this list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the loader is not needed to walk a KB that is already loaded
    from app.knowledge.loader import KnowledgeBase


def spoken_terms(kb: KnowledgeBase) -> list[str]:
    """Topics, service names and their colloquial aliases, topic keywords, bundle names and the
    synonym groups, in that order, de-duplicated."""
    out: list[str] = []
    for topic, tf in kb.topics.items():
        out.append(topic)
        for svc in tf.services:
            out.append(svc.name)
            out.extend(svc.aliases)
        out.extend(tf.keywords)
    for b in kb.bundles.values():
        out.append(b.name)
    for group in getattr(kb, "synonyms", []):
        out.extend(group)
    seen: set[str] = set()
    return [p for p in out if p and not (p in seen or seen.add(p))]
