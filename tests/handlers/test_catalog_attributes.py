"""What families ask for, walked through the dispatcher in Russian and English: the card's lines (format,
ОВЗ, trial lesson, distance), the filter buttons, «Рядом со мной» (share a location, choose a
settlement instead, or not now) and the provider's form steps for them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.keyboards.callbacks import CaCb, ModCb
from bot.keyboards.provider import PvCb
from bot.services.clock import FrozenClock
from db.models import Municipality, Program, ProgramFormat, User
from tests import factories as make
from tests.conftest import ADMIN_ID
from tests.handlers.harness import Harness, Sent

PARENT, PROVIDER = 5101, 6101


async def _catalogue(session: AsyncSession, municipality: Municipality) -> None:
    p = await make.provider(session, municipality, name="ЦДТ")
    programs = [
        await make.program(
            session, p, title="Шахматы у дома", format=ProgramFormat.AT_SCHOOL, ovz_suited=True,
            ovz_adaptations="пандус, малые группы", trial_lesson=True, latitude=44.47, longitude=42.52,
        ),
        await make.program(session, p, title="Шахматы онлайн", format=ProgramFormat.ONLINE,
                           trial_lesson=True),
        await make.program(session, p, title="Шахматы в райцентре", latitude=44.60, longitude=42.70),
    ]  # fmt: skip
    for program in programs:
        await make.group(session, program)
    await session.commit()


async def _press(h: Harness, data: str, language_code: str = "ru") -> Sent:
    """The screen a button leads to (the callback's answer left out)."""
    return [s for s in await h.press(PARENT, data, language_code=language_code) if s.text][-1]


async def _provider_press(h: Harness, data: PvCb) -> Sent:
    return [s for s in await h.press(PROVIDER, data.pack(), language_code="en") if s.text][-1]


async def test_filters_and_near_me_in_russian(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    await _catalogue(session, municipality)
    async with Harness(settings, sessionmaker, clock) as h:
        [panel] = await h.send(PARENT, "🔎 Найти кружок")
        assert "Подходящих программ: <b>3</b>" in (panel.text or "")
        labels = [label for label, _ in panel.buttons]
        assert "Формат: все" in labels and "◻️ Подходит детям с ОВЗ" in labels
        assert "📍 Рядом со мной" in labels

        choices = await _press(h, panel.data_for("Формат"))
        assert "Как удобно заниматься?" in (choices.text or "")
        panel = await _press(h, choices.data_for("онлайн"))
        assert "Подходящих программ: <b>1</b>" in (panel.text or "") and "Формат: онлайн" in str(
            panel.buttons
        )
        panel = await _press(h, CaCb(act="reset", name="format").pack())
        panel = await _press(h, panel.data_for("Подходит детям с ОВЗ"))
        assert "✅ Подходит детям с ОВЗ" in str(panel.buttons)
        assert "Подходящих программ: <b>1</b>" in (panel.text or "")
        panel = await _press(h, panel.data_for("пробное занятие"))
        assert "Подходящих программ: <b>1</b>" in (panel.text or "")
        panel = await _press(h, panel.data_for("Подходит детям с ОВЗ"))  # off again
        assert "Подходящих программ: <b>2</b>" in (panel.text or "")
        panel = await _press(h, panel.data_for("Сбросить все"))
        assert "Подходящих программ: <b>3</b>" in (panel.text or "")

        ask = await _press(h, panel.data_for("Рядом со мной"))
        assert "мы его не храним" in (ask.text or "")
        keyboard = (ask.markup or {})["keyboard"]
        assert keyboard[0][0] == {"text": "📍 Отправить моё местоположение", "request_location": True}
        [hint] = await h.send(PARENT, "где я?")  # nothing to look for, no location, no button: asked again
        assert hint.text == ask.text
        told, results = await h.send_location(PARENT, 44.46, 42.51)
        assert "Сначала — ближайшие" in (told.text or "") and "🔎 Найти кружок" in told.reply_buttons
        text = results.text or ""
        assert text.index("Шахматы у дома") < text.index("Шахматы в райцентре") < text.index("Шахматы онлайн")
        assert "≈ 1,4 км" in text and "≈ 21,7 км" in text
        card = await _press(h, results.data_for("Шахматы у дома"))
        card_text = card.text or ""
        assert "🎒 Очно, в школе ребёнка" in card_text
        assert "♿ Подходит детям с ОВЗ: пандус, малые группы" in card_text
        assert "🎟 Бесплатное пробное занятие" in card_text
        assert "📏 ≈ 1,4 км от вас" in card_text

        panel = await _press(h, CaCb(act="panel").pack())
        panel = await _press(h, panel.data_for("Забыть место"))
        assert "📍 Рядом со мной" in str(panel.buttons)
        results = await _press(h, panel.data_for("Показать программы"))
        assert "км" not in (results.text or "")

        # Typed words that name the new filters become filters, shown with a button taking each off.
        [typed] = await h.send(PARENT, "шахматы с пробным занятием для детей с ОВЗ")
        assert "Ищу: шахматы · для детей с ОВЗ · с пробным занятием" in (typed.text or "")
        assert "1. Шахматы у дома" in (typed.text or "") and "Шахматы онлайн" not in (typed.text or "")
        wider = await _press(h, typed.data_for("✖️ для детей с ОВЗ"))
        assert "Шахматы онлайн" in (wider.text or "") and "✖️ с пробным занятием" in str(wider.buttons)
        panel = await _press(h, CaCb(act="reset", name="all").pack())

        # A search typed instead of a location is searched for, and the menu comes back.
        await _press(h, panel.data_for("Рядом со мной"))
        told, found = await h.send(PARENT, "шахматы онлайн")
        assert "без учёта расстояния" in (told.text or "") and "🔎 Найти кружок" in told.reply_buttons
        assert "1. Шахматы онлайн" in (found.text or "") and "км" not in (found.text or "")
        panel = await _press(h, CaCb(act="reset", name="all").pack())

        # Instead of a location: a settlement (the municipality filter), or not now.
        await _press(h, panel.data_for("Рядом со мной"))
        told, places = await h.send(PARENT, "🏘 Выбрать населённый пункт")
        assert "🔎 Найти кружок" in told.reply_buttons
        assert "Выберите муниципальный округ" in (places.text or "")
        panel = await _press(h, places.data_for(municipality.name_ru[:20]))
        assert municipality.name_ru[:10] in str(panel.buttons)
        await _press(h, panel.data_for("Рядом со мной"))
        told, panel = await h.send(PARENT, "✖️ Не сейчас")
        assert "без учёта расстояния" in (told.text or "") and "🔎 Найти кружок" in told.reply_buttons
        assert "Поиск кружков" in (panel.text or "")


async def test_card_lines_and_near_me_in_english(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    await _catalogue(session, municipality)
    async with Harness(settings, sessionmaker, clock) as h:
        [panel] = await h.send(PARENT, "🔎 Find a club", language_code="en")
        panel = await _press(h, panel.data_for("With a free trial lesson"), language_code="en")
        assert "✅ With a free trial lesson" in str(panel.buttons)
        ask = await _press(h, panel.data_for("Near me"), language_code="en")
        assert "we do not keep it" in (ask.text or "")
        told, results = await h.send_location(PARENT, 44.46, 42.51, language_code="en")
        assert "The nearest programs come first" in (told.text or "")
        text = results.text or ""
        assert text.index("Шахматы у дома") < text.index("Шахматы онлайн") and "≈ 1.4 km" in text
        card = await _press(h, results.data_for("Шахматы у дома"), language_code="en")
        card_text = card.text or ""
        assert "🎒 In person, at the child's school" in card_text
        assert "♿ Suited to children with disabilities (SEN): пандус, малые группы" in card_text
        assert "🎟 Free trial lesson" in card_text and "📏 ≈ 1.4 km from you" in card_text
        online = await _press(h, results.data_for("Шахматы онлайн"), language_code="en")
        assert "💻 Online" in (online.text or "") and "from you" not in (online.text or "")


async def test_the_provider_form_in_english_can_be_cancelled_at_the_new_steps(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    w = await make.world(session, municipality, provider_user=PROVIDER)
    provider = await session.get(User, PROVIDER)
    assert provider is not None
    provider.locale = "en"
    await session.commit()
    async with Harness(settings, sessionmaker, clock) as h:
        own = await _provider_press(h, PvCb(action="pg", id=w.program.id))
        assert "🚶 In person, at the provider's premises" in (own.text or "")  # as families will see it
        sent = await h.press(PROVIDER, PvCb(action="pe", id=w.program.id).pack(), language_code="en")
        assert any("Step 1 of 18" in (s.text or "") for s in sent)
        for step in range(13):
            await h.press(PROVIDER, PvCb(action="fk", id=step).pack(), language_code="en")
        ovz = await _provider_press(h, PvCb(action="fe", id=13, arg=2))
        assert "Step 15 of 18" in (ovz.text or "") and "children with disabilities" in (ovz.text or "")
        asked = await _provider_press(h, PvCb(action="fe", id=14, arg=0))
        assert "What is adapted" in (asked.text or "")
        [bad] = await h.send(PROVIDER, "?", language_code="en")
        assert "Describe in 3 to 300 characters" in (bad.text or "")
        [cancelled] = await h.send(PROVIDER, "/cancel", language_code="en")
        assert cancelled.text
    async with sessionmaker() as s:
        program = await s.scalar(select(Program).where(Program.id == w.program.id))
    assert program is not None and (program.format, program.ovz_suited) == (ProgramFormat.IN_PERSON, False)


async def test_staff_see_the_new_attributes_on_the_moderation_card(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    owner = await make.provider(session, municipality)
    program = await make.submitted_program(
        session, owner, format=ProgramFormat.MIXED, ovz_suited=True, ovz_adaptations="", trial_lesson=False
    )
    await session.commit()
    async with Harness(settings, sessionmaker, clock) as h:
        sent = await h.press(ADMIN_ID, ModCb(action="open", program_id=program.id).pack())
        text = "\n".join(s.text or "" for s in sent)
        assert "🔀 Очно и онлайн" in text
        assert "♿ Подходит детям с ОВЗ\n" in text  # nothing said about adaptations: no colon
        assert "пробное" not in text


async def test_a_program_moved_online_loses_its_point_without_being_asked(
    settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
    session: AsyncSession,
    municipality: Municipality,
    clock: FrozenClock,
) -> None:
    owner = await make.provider(session, municipality, PROVIDER)
    program = await make.program(session, owner, latitude=44.46, longitude=42.51)
    await session.commit()
    async with Harness(settings, sessionmaker, clock) as h:
        await h.press(PROVIDER, PvCb(action="pe", id=program.id).pack())
        for step in range(13):
            await h.press(PROVIDER, PvCb(action="fk", id=step).pack())
        await h.press(PROVIDER, PvCb(action="fe", id=13, arg=2).pack())  # online
        await h.press(PROVIDER, PvCb(action="fe", id=14, arg=1).pack())  # not for ОВЗ
        [summary] = [s for s in await h.press(PROVIDER, PvCb(action="fe", id=16, arg=1).pack()) if s.text]
        assert "Проверьте программу" in (summary.text or "") and "Точка на карте" not in (summary.text or "")
        await h.press(PROVIDER, PvCb(action="fs", id=0).pack())
    async with sessionmaker() as s:
        saved = await s.get(Program, program.id)
    assert saved is not None
    assert (saved.format, saved.latitude, saved.longitude) == (ProgramFormat.ONLINE, None, None)
