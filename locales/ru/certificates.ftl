## Certificates: names used inside other messages

certificates-kind-name = { $kind ->
    [financing] финансирования
   *[accounting] учёта
 }
certificates-state-name = { $state ->
    [active] действует
    [suspended] приостановлен
   *[closed] закрыт
 }
certificates-action-name = { $action ->
    [issued] выдан
    [suspend] приостановлен
    [resume] возобновлён
    [close] закрыт
    [kind_changed] статус изменён
    [child_linked] ребёнок привязал свой аккаунт
    [anonymised] обезличен
   *[other] { $action }
 }
certificates-reason = { $reason ->
    [documents] Документы не представлены
    [residence] Ребёнок не проживает в муниципалитете
    [age] Возраст не подходит
    [duplicate] Сертификат уже есть (повторное заявление)
   *[other] Другая причина
 }

## The parent applies

certificates-apply-intro =
    <b>Заявление на сертификат</b>
    Ребёнок: { $name }

    Выберите статус сертификата:
    • <b>Сертификат финансирования</b> — на него зачисляются деньги (номинал), ими оплачиваются платные кружки, в том числе у частных организаций.
    • <b>Сертификат учёта</b> — даёт место в бесплатных кружках муниципальных и государственных организаций; денег на нём нет.
    { $financing_open ->
        [true] Статус можно будет изменить позже через опорный центр.
       *[false] ⚠️ Сертификаты финансирования на этот период закончились (квота муниципалитета исчерпана). Сейчас можно получить сертификат учёта.
    }
certificates-choose-financing = 💳 Сертификат финансирования
certificates-choose-accounting = 📘 Сертификат учёта
certificates-apply-confirm =
    <b>Подать заявление?</b>
    Ребёнок: { $name }
    Статус: сертификат { certificates-kind-name }

    Заявление уйдёт в опорный центр. Потом нужно будет показать там документы — список пришлём сразу после подачи.
certificates-file = ✅ Да, подать заявление
certificates-other-kind = ◀️ Выбрать другой статус
certificates-keep = ✖️ Отмена
certificates-apply-cancelled = Заявление не подано, ничего не изменилось. Подать его можно из карточки ребёнка в «👶 Мои дети».
certificates-applied =
    ✅ Заявление на сертификат { certificates-kind-name } подано (ребёнок: { $name }).

    <b>Что дальше:</b> покажите документы в опорном центре ({ $municipality }):
    { $office }

    Возьмите с собой:
    • свидетельство о рождении или паспорт ребёнка;
    • ваш паспорт;
    { $has_snils ->
        [true] • СНИЛС ребёнка;
       *[false] • СНИЛС ребёнка, если он есть;
    }
    • документ, подтверждающий проживание в муниципалитете (например, свидетельство о регистрации).

    После проверки вам придёт сообщение с решением и номером сертификата.
certificates-error-too-young = Подать заявление можно, когда ребёнку исполнится { $min } лет.
certificates-error-too-old = Сертификат выдаётся детям до { $max } лет.
certificates-error-has-certificate = У ребёнка уже есть сертификат. Откройте его в карточке ребёнка.
certificates-error-pending = Заявление на сертификат уже подано и ждёт решения опорного центра. Мы сообщим о решении.
certificates-error-quota = ⚠️ Сертификаты финансирования на этот период закончились (квота муниципалитета исчерпана). Можно подать заявление на сертификат учёта:

## Notifications

certificates-staff-new = 🗂 Новое заявление на сертификат № { $id } (сертификат { certificates-kind-name }). Откройте его, чтобы одобрить или отклонить.
certificates-staff-open = Открыть заявление
certificates-approved =
    ✅ Сертификат выдан! Ребёнок: { $name }
    Номер: <b>{ $number }</b>
    Статус: сертификат { certificates-kind-name }
    { $kind ->
        [financing] Номинал на период: { $nominal }
       *[other] Денег на сертификате учёта нет: он даёт место в бесплатных кружках.
    }
    Теперь можно искать кружки и подавать заявки на зачисление.
certificates-rejected =
    ❌ Заявление на сертификат отклонено (ребёнок: { $name }).
    Причина: { certificates-reason }
    { $has_comment ->
        [yes] Комментарий: { $comment }
       *[no] {""}
    }
    Исправьте причину и подайте заявление снова в «👶 Мои дети», или обратитесь в опорный центр.
certificates-state-changed = { $action ->
    [suspend] ⏸ Сертификат № { $number } приостановлен. Причина: { $reason }. Вопросы — в опорный центр.
   *[resume] ▶️ Сертификат № { $number } снова действует.
 }
certificates-closed =
    ⛔ Сертификат № { $number } закрыт: { $cause ->
        [age_18] ребёнку исполнилось 18 лет.
        [consent_withdrawn] вы отозвали согласие на обработку персональных данных. Данные ребёнка удалены, в реестре сертификат остался без них.
        [child_removed] вы удалили ребёнка из бота. Его данные удалены, в реестре сертификат остался без них.
       *[staff] { $reason }.
    }{ $ended ->
        [0] {""}
       *[other] {" "}Занятия по нему прекращены, места в группах освобождены (групп: { $ended }).
    }{ $kind ->
        [financing] {" "}Неиспользованный остаток сертификата сгорел.
       *[accounting] {""}
    }
    { $cause ->
        [age_18] Спасибо, что были с нами!
        [consent_withdrawn] Чтобы снова пользоваться сертификатом, дайте согласие в «⚙️ Настройки», добавьте ребёнка и подайте заявление.
        [child_removed] Чтобы снова пользоваться сертификатом, добавьте ребёнка в «👶 Мои дети» и подайте заявление.
       *[staff] Если вы не согласны с решением, обратитесь в опорный центр.
    }
certificates-open-card = 📄 Открыть сертификат

## The card

certificates-card =
    <b>Сертификат № { $number }</b>
    Ребёнок: { $child }
    Статус: сертификат { certificates-kind-name }
    Состояние: { certificates-state-name }{ $state ->
        [active] {""}
       *[other] {" "}({ certificates-state-reason })
    }
    Номинал на период: { $nominal }
    Всего на сертификате: { $total }
    • свободно: { $balance }
    • в резерве за кружки: { $reserved }
    Период: { $period }
    Действует до: { $valid_until }

    <b>История</b>
    { $history }
# Why the certificate is suspended or closed: the staff member's words, or the cause of a closing.
certificates-state-reason = { $reason ->
    [age_18] ребёнку исполнилось 18 лет
    [consent_withdrawn] согласие на обработку данных отозвано
    [child_removed] ребёнок удалён из бота
   *[other] { $reason }
 }
certificates-event = { $when } — { certificates-action-name }{ $has_reason ->
    [yes] : { certificates-state-reason }
   *[no] {""}
 }

## Staff: the queue

certificates-queue = { $count ->
    [0] Новых заявлений нет. Когда родитель подаст заявление, вам придёт сообщение.
   *[other] <b>Ожидают решения: { $count }</b>. Откройте заявление, сверьте документы и примите решение.
 }
certificates-queue-item = № { $id } · { $name } · { certificates-kind-name }
certificates-application =
    <b>Заявление № { $id }</b> ({ $status ->
        [pending] ждёт решения
        [approved] одобрено
        [rejected] отклонено
       *[cancelled] отозвано
    })
    Ребёнок: { $name }
    Дата рождения: { $birth_date } (полных лет: { $age })
    Муниципалитет: { $municipality }
    СНИЛС: { $snils }
    Запрошен: сертификат { certificates-kind-name }
    Осталось сертификатов финансирования по квоте: { $quota_left }

    Сверьте данные с документами, затем одобрите или отклоните.
certificates-approve = ✅ Одобрить: сертификат { certificates-kind-name }
certificates-reject = ❌ Отклонить
certificates-to-queue = ← К списку заявлений
certificates-next = 🗂 К списку заявлений
certificates-back = ← Назад
certificates-issued = ✅ Сертификат { certificates-kind-name } выдан: № <b>{ $number }</b>. Родитель получит сообщение.
certificates-error-decided = По этому заявлению уже принято решение — ничего не изменено. Откройте список заявлений заново.
certificates-error-quota-staff = ⚠️ Квота сертификатов финансирования на этот период исчерпана. Можно одобрить сертификат учёта или отклонить заявление.
certificates-reject-why = Выберите причину отказа:
certificates-reject-comment = Причина: { certificates-reason }. Напишите комментарий для родителя (что сделать, чтобы получить сертификат) или нажмите «Без комментария».
certificates-no-comment = Без комментария
certificates-rejected-staff = Заявление № { $id } отклонено. Родитель получит сообщение с причиной.

## Staff: the register

certificates-find-ask = Напишите номер сертификата — 10 цифр (пробелы и дефисы можно).
certificates-error-number-format = Номер сертификата — это 10 цифр, например: 1234 567 890. Напишите ещё раз.
certificates-error-number-unknown = Сертификат № { $number } не найден в реестре ваших муниципалитетов. Проверьте номер и напишите ещё раз или откройте /menu.
certificates-do-suspend = ⏸ Приостановить
certificates-do-resume = ▶️ Возобновить
certificates-do-close = ⛔ Закрыть
certificates-state-reason-ask = { $action ->
    [suspend] Напишите причину приостановки сертификата № { $number }. Родитель её увидит.
   *[close] Напишите причину закрытия сертификата № { $number }. Родитель её увидит. Закрытие нельзя отменить.
 }
certificates-error-reason-needed = Нужна причина словами (буквы или цифры, до { $max } символов): напишите её одним сообщением.
certificates-error-state = Это действие недоступно: сертификат сейчас { certificates-state-name }.
certificates-state-done = Готово: сертификат № { $number } { certificates-action-name }. Родитель получит сообщение.

## Staff: the municipality's period

certificates-choose-municipality = Выберите муниципалитет:
certificates-period =
    <b>{ $municipality }</b>
    Период: { $starts } – { $ends }
    Номинал сертификата: { $nominal }
    Квота сертификатов финансирования: { $quota } (выдано и действует: { $used })
    Детей 5–18 лет в муниципалитете: { $population }
certificates-period-set = { $field ->
    [nominal] 💰 Изменить номинал
    [quota] 🎫 Изменить квоту
   *[population] 👧 Изменить число детей 5–18 лет
 }
certificates-period-ask = { $field ->
    [nominal] Напишите номинал сертификата в рублях, например: 5000 или 5 000,50.
    [quota] Напишите квоту сертификатов финансирования на период — целое число, например: 250.
   *[population] Напишите число детей 5–18 лет, живущих в муниципалитете, — целое число, например: 4200.
 }
certificates-error-nominal = Не понял сумму. Напишите номинал в рублях, например: 5000 или 5 000,50.
certificates-error-count = Нужно целое число без букв, например: 250.
certificates-error-too-large = Слишком большое значение — проверьте число и напишите ещё раз.
certificates-period-saved = Сохранено.
certificates-invite-staff = ➕ Пригласить сотрудника опорного центра
certificates-invite-provider = ➕ Пригласить сотрудника организации
certificates-invite-provider-choose = Выберите организацию, сотрудника которой нужно пригласить:
certificates-invite-no-providers = В этом муниципалитете пока нет организаций.
certificates-invite =
    Ссылка-приглашение для { $role ->
        [staff] сотрудника опорного центра
       *[provider] сотрудника организации
    } (одноразовая, действует 7 дней):
    { $link }

    Или пусть он отправит боту команду:
    <code>/start { $code }</code>
