"""Load the validated knowledge base into the database, only when its content changed."""

from __future__ import annotations

from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.core.db import create_tables
from app.knowledge.loader import KnowledgeBase
from app.knowledge.models import BundleRow, FaqRow, KbMeta, PolicyRow, ServiceRow

HASH_KEY = "content_hash"


def stored_hash(session: Session) -> str | None:
    row = session.get(KbMeta, HASH_KEY)
    return row.value if row else None


def sync_kb(engine: Engine, kb: KnowledgeBase, force: bool = False) -> bool:
    """Replace the KB rows with ``kb`` in one transaction. Returns True if anything was written.

    One transaction: readers see either the old knowledge base or the new one, never a mix.
    """
    create_tables(engine)
    with Session(engine) as session:
        if not force and stored_hash(session) == kb.content_hash:
            return False
        for table in (FaqRow, PolicyRow, BundleRow, ServiceRow, KbMeta):
            session.exec(delete(table))
        for code, svc in kb.services.items():
            session.add(ServiceRow(code=code, name=svc.name, topic=kb.service_topic[code],
                                   item_type=svc.item_type, summary=svc.summary,
                                   data=svc.model_dump(mode="json")))
        session.flush()  # services first: FAQ rows reference them
        for f in kb.faqs:
            session.add(FaqRow(id=f.id, service_code=f.service_code, topic=f.topic, q=f.q, a=f.a))
        for pid, (pol, topic) in kb.policies.items():
            session.add(PolicyRow(id=pid, title=pol.title, topic=topic, issuer=pol.issuer,
                                  date=pol.date, data=pol.model_dump(mode="json")))
        for code, b in kb.bundles.items():
            session.add(BundleRow(code=code, name=b.name, topic=b.topic, data=b.model_dump(mode="json")))
        session.add(KbMeta(key=HASH_KEY, value=kb.content_hash))
        session.commit()
    return True


def count_rows(engine: Engine) -> dict[str, int]:
    with Session(engine) as session:
        return {
            "services": len(session.exec(select(ServiceRow.code)).all()),
            "faqs": len(session.exec(select(FaqRow.id)).all()),
            "policies": len(session.exec(select(PolicyRow.id)).all()),
            "bundles": len(session.exec(select(BundleRow.code)).all()),
        }
