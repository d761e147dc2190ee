## Events: the card
events-card =
    { $state ->
        [cancelled] ❌ <b>ОТМЕНЕНО</b>
       *[other] 🎉
    } <b>{ $title }</b>
    🗓 { $when }
    📍 { $place }
    👧 { $age_min }–{ $age_max } лет · { $direction }

    { $description }{ $deadline ->
        [none] {""}
       *[other] {"\u000A"}📝 Регистрация до { $deadline }
    }
events-direction-technical = Техническое
events-direction-science = Естественнонаучное
events-direction-arts = Художественное
events-direction-social = Социально-гуманитарное
events-direction-tourism = Туристско-краеведческое
events-direction-sport = Физкультурно-спортивное
events-direction-any = Любое направление

## Parents
events-none =
    Подходящих мероприятий пока нет.
    Мы подбираем их по возрасту ваших детей и по интересам. Интересы можно отметить для каждого ребёнка в его карточке («👶 Мои дети» → «🎯 Интересы») или для всей семьи в «⚙️ Настройки» → «🎯 Интересы».
events-page =
    <b>Мероприятия для детей</b> · { $page } из { $pages }

    { $card }
    { $children ->
        [none] {""}
       *[other] 👧 Подходит: { $children }
    }
events-remind-on = 🔔 Напомнить накануне
events-remind-off = 🔕 Не напоминать
events-prev = ◀ Назад
events-next = Вперёд ▶
events-reminder-set = Напомню накануне в 10:00.
events-reminder-unset = Напоминание отменено.
events-already-started = Мероприятие уже началось — напоминать поздно.
events-reminder =
    🔔 Напоминаем: завтра, { $starts } в { $time }, — «{ $title }».
    📍 { $place }
    Список мероприятий — «🎉 Мероприятия».
events-cancelled-notice =
    ❌ Мероприятие «{ $title }» ({ $starts }, { $time }) отменено.
    Другие мероприятия — в «🎉 Мероприятия».
events-moved-notice =
    🗓 Мероприятие «{ $title }» перенесено: теперь { $starts } в { $time }.
    📍 { $place }
    Напомним накануне, как вы просили.

## Interests (settings)
events-interests = 🎯 Интересы
events-interests-title =
    <b>Интересы</b>
    Отметьте направления, которые интересны всей семье: будем показывать мероприятия по ним. Интересы каждого ребёнка можно отметить и в его карточке («👶 Мои дети» → «🎯 Интересы»). Ничего не отмечено — показываем все.
events-interests-done = ✔ Готово

## Staff
events-staff-list = <b>Мероприятия (ведение)</b>. Выберите мероприятие или создайте новое.
events-staff-empty = Предстоящих мероприятий нет. Создайте новое кнопкой ниже.
events-staff-item = { $state ->
        [cancelled] ❌
       *[other] 🗓
    } { $when } · { $title }
events-staff-new = ➕ Новое мероприятие
events-staff-edit = ✏️ Изменить
events-staff-cancel = ❌ Отменить мероприятие
events-staff-back = ‹ К списку
events-staff-cancel-yes = Да, отменить и сообщить записавшимся
events-staff-cancel-no = Нет, вернуться
events-staff-cancelled = Мероприятие отменено. Сообщение об отмене получат: { $told }. Список — «🎉 Мероприятия (ведение)».
events-field-title = Название
events-field-description = Описание
events-field-when = Дата и время
events-field-place = Место или ссылка
events-field-ages = Возраст
events-field-direction = Направление
events-field-deadline = Срок регистрации
events-ask-title = Как называется мероприятие? Напишите название (до 200 знаков). Передумали — /cancel.
events-ask-description = Опишите мероприятие: что будет, для кого, что взять с собой (до 2000 знаков).
events-ask-when = Когда начало? Напишите дату и время, например: 25.12.2026 15:00
events-ask-place = Где проходит? Напишите адрес или ссылку на онлайн-трансляцию.
events-ask-ages = Для какого возраста? Напишите диапазон, например 7-12, или нажмите кнопку.
events-ages-any = Любой возраст (5–18)
events-ask-direction = Какое направление?
events-ask-deadline = До какого момента нужна регистрация? Напишите дату и время (раньше начала) или нажмите кнопку.
events-deadline-none = Без регистрации
events-ask-municipality = Для какого муниципалитета мероприятие?
events-use-buttons = Выберите вариант кнопками под сообщением.
events-text-expected = Пришлите ответ текстом или нажмите кнопку под вопросом. Прервать — /cancel.
events-text-empty = В ответе нет ни букв, ни цифр. Напишите текст.
events-text-too-long = Слишком длинно: { $length } знаков, можно не больше { $limit }. Сократите и пришлите снова.
events-when-invalid = Не понял дату. Напишите так: 25.12.2026 15:00
events-when-past = Это время уже прошло. Укажите дату и время в будущем.
events-deadline-invalid = Срок регистрации должен быть в будущем и раньше начала мероприятия.
events-cancelled-already = Мероприятие уже отменено — изменить его нельзя.
events-preview =
    Проверьте мероприятие:

    { $card }
events-publish = ✅ Опубликовать
events-drop = Отменить, не сохранять
events-dropped = Мероприятие не сохранено. Новое — в «🎉 Мероприятия (ведение)».
events-published =
    Опубликовано. Родители увидят мероприятие в «🎉 Мероприятия».

    { $card }
