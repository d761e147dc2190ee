"""The children section and certificates through the real dispatcher: the form with typos, forged
callbacks from another family or a parent posing as staff, the staff queue and register."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.keyboards.certificates import CertCb, StaffCb
from bot.keyboards.children import ChildCb
from bot.keyboards.common import ConsentCb
from db.models import (
    ApplicationStatus,
    AuditRecord,
    Certificate,
    CertificateApplication,
    CertificateKind,
    CertificateState,
    Child,
    Municipality,
    Period,
    ProviderKind,
    StaffMembership,
    User,
)
from tests import factories as make
from tests.conftest import ADMIN_ID
from tests.dates import ru, years_ago
from tests.handlers.harness import STALE_BUTTON, Harness, Sent

PARENT, OTHER = 5101, 5102


def text_of(sent: list[Sent]) -> str:
    return "\n".join(s.text or "" for s in sent)


async def onboard(h: Harness, uid: int) -> None:
    await h.send(uid, "/start")
    await h.press(uid, ConsentCb(action="accept").pack())


async def add_child(h: Harness, uid: int, municipality: Municipality, born: str = "05.03.2015") -> None:
    await h.press(uid, ChildCb(action="add").pack())
    await h.send(uid, "иванова")
    await h.send(uid, "анна")
    await h.press(uid, ChildCb(action="skip").pack())
    await h.send(uid, born)
    await h.press(uid, ChildCb(action="mun", id=municipality.id).pack())
    await h.send(uid, "11223344595")
    await h.press(uid, ChildCb(action="save").pack())


@pytest.fixture
def one(sessionmaker: async_sessionmaker[AsyncSession]) -> Callable[[Any], Awaitable[Any]]:
    """Read one value in a short transaction of its own: the test must not hold SQLite's write lock
    while the bot handles the next update."""

    async def read(statement: Any) -> Any:
        async with sessionmaker() as s:
            return await s.scalar(statement)

    return read


async def test_children_need_consent_first(h: Harness) -> None:
    await h.send(PARENT, "/start")
    sent = await h.send(PARENT, "👶 Мои дети")
    assert "согласие" in text_of(sent)
    sent = await h.press(PARENT, ChildCb(action="add").pack())
    assert "согласие" in text_of(sent)


async def test_the_form_explains_every_mistake_and_saves_only_at_the_end(
    h: Harness, session: AsyncSession, municipality: Municipality, one: Any, today: date
) -> None:
    await onboard(h, PARENT)
    sent = await h.send(PARENT, "👶 Мои дети")
    assert "нет добавленных детей" in text_of(sent)
    sent = await h.press(PARENT, ChildCb(action="add").pack())
    assert "фамилию" in text_of(sent)
    assert "только буквы" in text_of(await h.send(PARENT, "Иванова2"))
    assert "имя" in text_of(await h.send(PARENT, "иванова"))
    assert "от 1 до 50" in text_of(await h.send(PARENT, "А" * 60))
    assert "отчество" in text_of(await h.send(PARENT, "анна-мария"))
    assert "дату рождения" in text_of(await h.send(PARENT, "сергеевна"))
    assert "Не понял дату" in text_of(await h.send(PARENT, "пятое марта"))
    assert "нет в календаре" in text_of(await h.send(PARENT, "30.02.2015"))
    assert "ещё не наступила" in text_of(await h.send(PARENT, ru(today + timedelta(days=1))))
    assert "уже исполнилось 18" in text_of(await h.send(PARENT, "01.01.2000"))
    sent = await h.send(PARENT, "5.3.2015")
    assert "муниципалитет" in text_of(sent)
    assert "кнопками" in text_of(await h.send(PARENT, "Андроповский"))
    sent = await h.press(PARENT, ChildCb(action="mun", id=municipality.id).pack())
    assert "СНИЛС" in text_of(sent)
    assert "11 цифр" in text_of(await h.send(PARENT, "12345"))
    assert "контрольное число" in text_of(await h.send(PARENT, "112-233-445 96"))
    sent = await h.send(PARENT, "112-233-445 95")
    summary = text_of(sent)
    assert "Проверьте данные" in summary and "Анна-Мария" in summary and "112-233-445 95" in summary
    assert await one(select(func.count(Child.id))) == 0  # nothing saved yet

    # Fix the first name from the summary, then save.
    await h.press(PARENT, ChildCb(action="fix").pack())
    sent = await h.press(PARENT, ChildCb(action="fixf", value="first_name").pack())
    assert "имя" in text_of(sent)
    sent = await h.send(PARENT, "анна")
    assert "Проверьте данные" in text_of(sent) and "Анна-Мария" not in text_of(sent)
    sent = await h.press(PARENT, ChildCb(action="save").pack())
    assert "данные сохранены" in text_of(sent)
    child = await one(select(Child))
    assert child is not None
    assert (child.last_name, child.first_name, child.patronymic) == ("Иванова", "Анна", "Сергеевна")
    assert (child.birth_date, child.snils) == (date(2015, 3, 5), "11223344595")  # as typed
    assert any("Подать заявление" in label for reply in sent for label, _ in reply.buttons)


async def test_another_family_cannot_open_change_or_remove_my_child(
    h: Harness, session: AsyncSession, municipality: Municipality, one: Any
) -> None:
    await onboard(h, PARENT)
    await add_child(h, PARENT, municipality)
    child = await one(select(Child))
    assert child is not None
    await onboard(h, OTHER)
    for data in (
        ChildCb(action="card", id=child.id),
        ChildCb(action="edit", id=child.id),
        ChildCb(action="field", id=child.id, value="first_name"),
        ChildCb(action="del", id=child.id),
        ChildCb(action="delok", id=child.id),
        CertCb(action="apply", id=child.id),
        CertCb(action="kind", id=child.id, value="financing"),
        CertCb(action="file", id=child.id, value="financing"),
    ):
        sent = await h.press(OTHER, data.pack())
        assert h.alerts(sent) == ["Это действие вам недоступно."], data
        assert "Иванова" not in text_of(sent)
        assert await one(select(func.count(Child.id))) == 1
    assert await one(select(func.count(CertificateApplication.id))) == 0


async def test_edit_and_remove_my_child(
    h: Harness, session: AsyncSession, municipality: Municipality, one: Any
) -> None:
    await onboard(h, PARENT)
    await add_child(h, PARENT, municipality)
    child_id = await one(select(Child.id))
    assert child_id is not None
    await h.press(PARENT, ChildCb(action="edit", id=child_id).pack())
    await h.press(PARENT, ChildCb(action="field", id=child_id, value="first_name").pack())
    assert "только буквы" in text_of(await h.send(PARENT, "Мария!"))
    sent = await h.send(PARENT, "мария")
    assert "Изменение сохранено" in text_of(sent) and "Мария" in text_of(sent)
    sent = await h.press(PARENT, ChildCb(action="del", id=child_id).pack())
    assert "Это нельзя отменить" in text_of(sent)
    sent = await h.press(PARENT, ChildCb(action="delok", id=child_id).pack())
    assert "удалены" in text_of(sent)
    assert await one(select(func.count(Child.id))) == 0


async def test_parent_applies_and_a_forged_staff_approval_changes_nothing(
    h: Harness, session: AsyncSession, municipality: Municipality, one: Any
) -> None:
    municipality.office_ru = "ул. Ленина, 1, каб. <5> & 6"
    await session.commit()
    await onboard(h, PARENT)
    await add_child(h, PARENT, municipality)
    child_id = await one(select(Child.id))
    assert child_id is not None
    sent = await h.press(PARENT, CertCb(action="apply", id=child_id).pack())
    assert "Сертификат финансирования" in text_of(sent)
    # choosing a status only asks; «Отмена» leaves nothing filed
    sent = await h.press(PARENT, CertCb(action="kind", id=child_id, value="financing").pack())
    assert "Подать заявление?" in text_of(sent) and "финансирования" in text_of(sent)
    assert [label for label, _ in sent[0].buttons] == [
        "✅ Да, подать заявление",
        "◀️ Выбрать другой статус",
        "✖️ Отмена",
    ]
    assert await one(select(func.count(CertificateApplication.id))) == 0
    sent = await h.press(PARENT, sent[0].data_for("Отмена"))
    assert "Заявление не подано" in text_of(sent)
    assert await one(select(func.count(CertificateApplication.id))) == 0
    sent = await h.press(PARENT, CertCb(action="file", id=child_id, value="financing").pack())
    assert "ул. Ленина, 1, каб. &lt;5&gt; &amp; 6" in text_of(sent) and "паспорт" in text_of(sent)
    application_id = await one(select(CertificateApplication.id))
    assert application_id is not None
    sent = await h.press(PARENT, CertCb(action="file", id=child_id, value="financing").pack())
    assert "уже подано" in h.alerts(sent)[0]

    for data in (
        StaffCb(action="ok", id=application_id, value="financing"),
        StaffCb(action="why", id=application_id, value="other"),
        StaffCb(action="nocom", id=application_id, value="other"),
        StaffCb(action="app", id=application_id),
    ):
        sent = await h.press(PARENT, data.pack())
        assert h.alerts(sent) == [STALE_BUTTON]  # the staff router does not even see a parent
        status = await one(select(CertificateApplication.status))
    assert status is ApplicationStatus.PENDING
    assert await one(select(func.count(Certificate.id))) == 0


async def test_staff_approve_from_the_queue_and_a_second_press_says_already_decided(
    h: Harness, session: AsyncSession, municipality: Municipality, one: Any
) -> None:
    await onboard(h, PARENT)
    await add_child(h, PARENT, municipality)
    child_id = await one(select(Child.id))
    assert child_id is not None
    await h.press(PARENT, CertCb(action="apply", id=child_id).pack())
    await h.press(PARENT, CertCb(action="file", id=child_id, value="financing").pack())
    application_id = await one(select(CertificateApplication.id))
    assert application_id is not None

    await h.send(ADMIN_ID, "/start")
    sent = await h.send(ADMIN_ID, "🗂 Заявления на сертификаты")
    assert "Ожидают решения: 1" in text_of(sent)
    sent = await h.press(ADMIN_ID, StaffCb(action="app", id=application_id).pack())
    card = text_of(sent)
    assert "Иванова Анна" in card and "***-***-*45 95" in card and "112-233-445" not in card
    ok = StaffCb(action="ok", id=application_id, value="financing").pack()
    sent = await h.press(ADMIN_ID, ok)
    assert "выдан" in text_of(sent)
    sent = await h.press(ADMIN_ID, ok)
    assert "уже принято решение" in h.alerts(sent)[0]
    assert await one(select(func.count(Certificate.id))) == 1

    # The parent opens the card from the child.
    certificate_id = await one(select(Certificate.id))
    assert certificate_id is not None
    sent = await h.press(PARENT, CertCb(action="card", id=certificate_id).pack())
    assert "10 000 ₽" in text_of(sent).replace("\u00a0", " ")
    sent = await h.press(OTHER, CertCb(action="card", id=certificate_id).pack())
    assert h.alerts(sent) == ["Это действие вам недоступно."]


async def test_staff_reject_with_a_reason_and_comment(
    h: Harness, session: AsyncSession, municipality: Municipality, one: Any
) -> None:
    await onboard(h, PARENT)
    await add_child(h, PARENT, municipality)
    child_id = await one(select(Child.id))
    assert child_id is not None
    await h.press(PARENT, CertCb(action="apply", id=child_id).pack())
    await h.press(PARENT, CertCb(action="file", id=child_id, value="accounting").pack())
    application_id = await one(select(CertificateApplication.id))
    assert application_id is not None
    sent = await h.press(ADMIN_ID, StaffCb(action="rej", id=application_id).pack())
    assert "Документы не представлены" in [label for reply in sent for label, _ in reply.buttons]
    await h.press(ADMIN_ID, StaffCb(action="why", id=application_id, value="documents").pack())
    sent = await h.send(ADMIN_ID, "Принесите свидетельство <о рождении>")
    assert "отклонено" in text_of(sent)
    application = await one(select(CertificateApplication).where(CertificateApplication.id == application_id))
    assert application is not None and application.status is ApplicationStatus.REJECTED
    assert application.reject_comment == "Принесите свидетельство <о рождении>"


async def test_staff_find_suspend_and_period_settings(
    h: Harness, session: AsyncSession, municipality: Municipality, one: Any
) -> None:
    await onboard(h, PARENT)
    await add_child(h, PARENT, municipality)
    child_id = await one(select(Child.id))
    assert child_id is not None
    await h.press(PARENT, CertCb(action="apply", id=child_id).pack())
    await h.press(PARENT, CertCb(action="file", id=child_id, value="accounting").pack())
    application_id = await one(select(CertificateApplication.id))
    assert application_id is not None
    await h.press(
        ADMIN_ID, StaffCb(action="ok", id=application_id, value=CertificateKind.ACCOUNTING.value).pack()
    )
    number = await one(select(Certificate.number))
    assert number is not None

    await h.send(ADMIN_ID, "🔍 Найти сертификат")
    assert "10 цифр" in text_of(await h.send(ADMIN_ID, "12345"))
    sent = await h.send(ADMIN_ID, f"{number[:4]} {number[4:7]}-{number[7:]}")
    assert f"Сертификат № {number}" in text_of(sent)
    certificate_id = await one(select(Certificate.id))
    assert certificate_id is not None
    await h.press(ADMIN_ID, StaffCb(action="suspend", id=certificate_id).pack())
    sent = await h.send(ADMIN_ID, "Проверка документов")
    assert "приостановлен" in text_of(sent)
    certificate = await one(select(Certificate).where(Certificate.id == certificate_id))
    assert certificate is not None and certificate.state is CertificateState.SUSPENDED
    # A parent pressing a forged staff button for the register changes nothing.
    sent = await h.press(PARENT, StaffCb(action="resume", id=certificate_id).pack())
    assert h.alerts(sent) == [STALE_BUTTON]
    certificate = await one(select(Certificate).where(Certificate.id == certificate_id))
    assert certificate is not None and certificate.state is CertificateState.SUSPENDED

    sent = await h.send(ADMIN_ID, "🏛 Номинал и квоты")
    assert "Номинал сертификата: 10 000" in text_of(sent).replace("\u00a0", " ")
    period_id = await one(select(Period.id))
    assert period_id is not None
    await h.press(ADMIN_ID, StaffCb(action="per", id=period_id, value="nominal").pack())
    assert "Не понял сумму" in text_of(await h.send(ADMIN_ID, "много"))
    sent = await h.send(ADMIN_ID, "5 000,50")
    assert "5 000,50" in text_of(sent).replace("\u00a0", " ")
    assert await one(select(Period.nominal_kopecks)) == 500_050
    assert await one(select(AuditRecord).where(AuditRecord.action == "period.set_nominal"))

    sent = await h.press(ADMIN_ID, StaffCb(action="invs", id=municipality.id).pack())
    assert "https://t.me/test_bot?start=inv_" in text_of(sent) and "/start inv_" in text_of(sent)


async def test_a_child_under_five_is_told_when_he_can_apply(
    h: Harness, municipality: Municipality, one: Any, today: date
) -> None:
    await onboard(h, PARENT)
    five_tomorrow = years_ago(today, 5) + timedelta(days=1)
    await add_child(h, PARENT, municipality, born=ru(five_tomorrow))
    child_id = await one(select(Child.id))
    sent = await h.press(PARENT, ChildCb(action="card", id=child_id).pack())
    assert "когда ребёнку исполнится 5 лет" in text_of(sent)
    assert not any("Подать заявление" in label for reply in sent for label, _ in reply.buttons)
    sent = await h.press(PARENT, CertCb(action="apply", id=child_id).pack())
    assert "исполнится 5 лет" in h.alerts(sent)[0]
    assert await one(select(func.count(CertificateApplication.id))) == 0


async def test_change_municipality_and_clear_snils_then_locked_after_applying(
    h: Harness, session: AsyncSession, municipality: Municipality, one: Any
) -> None:
    other = Municipality(name_ru="Минераловодский округ", name_en="Mineralovodsky district")
    session.add(other)
    await session.commit()
    await onboard(h, PARENT)
    await add_child(h, PARENT, municipality)
    child_id = await one(select(Child.id))
    await h.press(PARENT, ChildCb(action="field", id=child_id, value="municipality_id").pack())
    sent = await h.press(PARENT, ChildCb(action="mun", id=other.id).pack())
    assert "Минераловодский округ" in text_of(sent) and "Изменение сохранено" in text_of(sent)
    sent = await h.press(PARENT, ChildCb(action="field", id=child_id, value="snils").pack())
    assert "Удалить это поле" in [label for reply in sent for label, _ in reply.buttons]
    sent = await h.press(PARENT, ChildCb(action="skip").pack())
    assert "СНИЛС: —" in text_of(sent)
    assert "СНИЛС: не указан" in text_of(sent)  # the question became its answer
    assert await one(select(Child.snils)) is None
    await h.press(PARENT, CertCb(action="apply", id=child_id).pack())
    await h.press(PARENT, CertCb(action="file", id=child_id, value="accounting").pack())
    sent = await h.press(PARENT, ChildCb(action="field", id=child_id, value="birth_date").pack())
    assert "нельзя изменить" in h.alerts(sent)[0]


async def test_staff_reject_without_comment_close_and_invite_a_provider(
    h: Harness, session: AsyncSession, municipality: Municipality, one: Any
) -> None:
    await make.provider(session, municipality, name="ДДТ «Радуга»", kind=ProviderKind.MUNICIPAL)
    await session.commit()
    await onboard(h, PARENT)
    await add_child(h, PARENT, municipality)
    child_id = await one(select(Child.id))
    for decision in ("reject", "approve"):
        await h.press(PARENT, CertCb(action="apply", id=child_id).pack())
        await h.press(PARENT, CertCb(action="file", id=child_id, value="financing").pack())
        application_id = await one(
            select(CertificateApplication.id).where(
                CertificateApplication.status == ApplicationStatus.PENDING
            )
        )
        if decision == "reject":
            await h.press(ADMIN_ID, StaffCb(action="why", id=application_id, value="age").pack())
            sent = await h.press(ADMIN_ID, StaffCb(action="nocom", id=application_id, value="age").pack())
            assert "отклонено" in text_of(sent)
        else:
            await h.press(ADMIN_ID, StaffCb(action="ok", id=application_id, value="financing").pack())
    certificate_id = await one(select(Certificate.id))
    await h.press(ADMIN_ID, StaffCb(action="close", id=certificate_id).pack())
    sent = await h.send(ADMIN_ID, "Переезд в другой регион")
    assert "закрыт" in text_of(sent) and "Переезд в другой регион" in text_of(sent)
    assert await one(select(Certificate.state)) is CertificateState.CLOSED
    sent = await h.press(ADMIN_ID, StaffCb(action="close", id=certificate_id).pack())
    assert "сертификат сейчас закрыт" in h.alerts(sent)[0]
    assert await one(select(func.count(AuditRecord.id)).where(AuditRecord.action == "certificate.close")) == 1

    sent = await h.press(ADMIN_ID, StaffCb(action="invp", id=municipality.id).pack())
    provider_data = sent[0].data_for("Радуга")
    sent = await h.press(ADMIN_ID, provider_data)
    assert "сотрудника организации" in text_of(sent) and "https://t.me/test_bot?start=inv_" in text_of(sent)


async def test_a_colleague_decided_while_i_typed_the_comment(
    h: Harness, session: AsyncSession, municipality: Municipality, one: Any
) -> None:
    colleague = 5150
    session.add_all([User(id=colleague)])
    await session.flush()
    session.add(StaffMembership(user_id=colleague, municipality_id=municipality.id))
    await session.commit()
    await onboard(h, PARENT)
    await add_child(h, PARENT, municipality)
    child_id = await one(select(Child.id))
    await h.press(PARENT, CertCb(action="apply", id=child_id).pack())
    await h.press(PARENT, CertCb(action="file", id=child_id, value="accounting").pack())
    application_id = await one(select(CertificateApplication.id))
    await h.press(ADMIN_ID, StaffCb(action="why", id=application_id, value="documents").pack())
    await h.press(colleague, StaffCb(action="ok", id=application_id, value="accounting").pack())
    sent = await h.send(ADMIN_ID, "Нет паспорта")
    assert "уже принято решение" in text_of(sent)
    assert await one(select(CertificateApplication.status)) is ApplicationStatus.APPROVED
    sent = await h.send(ADMIN_ID, "Нет паспорта")  # the form has ended
    assert "не понял" in text_of(sent)


async def test_an_english_parent_gets_the_form_and_the_application_in_english(
    h: Harness, municipality: Municipality, one: Any
) -> None:
    en = {"language_code": "en"}
    await h.send(PARENT, "/start", **en)
    await h.press(PARENT, ConsentCb(action="accept").pack(), **en)
    assert "not added any children" in text_of(await h.send(PARENT, "👶 My children", **en))
    await h.press(PARENT, ChildCb(action="add").pack(), **en)
    assert "Only letters" in text_of(await h.send(PARENT, "Smith2", **en))
    await h.send(PARENT, "smith", **en)
    await h.send(PARENT, "john", **en)
    await h.press(PARENT, ChildCb(action="skip").pack(), **en)
    assert "no such date" in text_of(await h.send(PARENT, "2015-02-30", **en))
    await h.send(PARENT, "2015-03-05", **en)
    await h.press(PARENT, ChildCb(action="mun", id=municipality.id).pack(), **en)
    sent = await h.press(PARENT, ChildCb(action="skip").pack(), **en)
    assert "Andropovsky district" in text_of(sent) and "Surname: <b>Smith</b>" in text_of(sent)
    sent = await h.press(PARENT, ChildCb(action="save").pack(), **en)
    assert "No certificate yet" in text_of(sent)
    child_id = await one(select(Child.id))
    sent = await h.press(PARENT, CertCb(action="apply", id=child_id).pack(), **en)
    assert "Financing certificate" in text_of(sent)
    sent = await h.press(PARENT, CertCb(action="file", id=child_id, value="accounting").pack(), **en)
    assert "accounting status" in text_of(sent) and "if there is one" in text_of(sent)
