"""The synonyms Support Centre staff add to the search («кодинг = программирование»): listed, added,
deleted. The search merges them with its built-in list (`catalog.synonyms_of`, read again after any
change)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.accounts import audit
from bot.services.catalogue import search
from bot.services.errors import DomainError
from db.models import Role, SearchSynonym


async def listed(session: AsyncSession) -> list[SearchSynonym]:
    return list(
        await session.scalars(select(SearchSynonym).order_by(SearchSynonym.word, SearchSynonym.synonym))
    )


async def add(session: AsyncSession, actor_id: int, typed: str) -> SearchSynonym:
    """«слово = синоним» as typed; refused when it is not a pair (see `search.synonym_pair`) or is
    there already (either way round)."""
    pair = search.synonym_pair(typed)
    if pair is None:
        raise DomainError("catalog-synonym-bad", max=search.MAX_SYNONYM)
    word, synonym = pair
    known = await session.scalar(
        select(SearchSynonym.id).where(
            ((SearchSynonym.word == word) & (SearchSynonym.synonym == synonym))
            | ((SearchSynonym.word == synonym) & (SearchSynonym.synonym == word))
        )
    )
    if known is not None:
        raise DomainError("catalog-synonym-known", word=word, synonym=synonym)
    added = SearchSynonym(word=word, synonym=synonym)
    session.add(added)
    await session.flush()
    await _audited(session, actor_id, "synonym.add", added)
    return added


async def delete(session: AsyncSession, actor_id: int, synonym_id: int) -> None:
    found = await session.get(SearchSynonym, synonym_id)
    if found is None:
        raise DomainError("catalog-synonym-gone")
    await session.delete(found)
    await _audited(session, actor_id, "synonym.delete", found)


async def _audited(session: AsyncSession, actor_id: int, action: str, pair: SearchSynonym) -> None:
    await audit.record(
        session,
        actor_id=actor_id,
        actor_role=Role.STAFF,
        action=action,
        object_type="search_synonym",
        object_id=pair.id,
        word=pair.word,
        synonym=pair.synonym,
    )
