## Requests
provider-btn-confirm = ✅ Подтвердить
provider-btn-reject = ❌ Отклонить
provider-btn-confirm-n = ✅ Подтвердить №{ $n }
provider-btn-reject-n = ❌ Отклонить №{ $n }
provider-btn-no-comment = Отклонить без комментария
provider-requests =
    <b>📥 Заявки, ждущие решения</b>

    { $lines }
provider-requests-empty = Новых заявок нет. Мы пришлём уведомление, как только появится заявка.
provider-request-line =
    { $n }. <b>{ $child }</b>{ $waitlist ->
        [yes] {" "}— место из листа ожидания
       *[no] {""}
    }
    «{ $title }», { $group }. Решить до { $deadline }.
provider-confirmed = ✅ Зачисление подтверждено: { $child }, «{ $title }». Семья получила уведомление.{ $waitlisted ->
    [0] {""}
   *[other] {" "}Свободных мест в группе «{ $group }» больше нет, поэтому остальные заявки в неё ({ $waitlisted }) перевели в лист ожидания; семьи получили уведомление.
}{ $paid ->
    [yes] {" "}С сертификата ребёнка в резерв за кружки ушло { $reserve }; свободно для других кружков осталось { $left }.{ $little ->
        [yes] {" "}Это меньше, чем обычно стоит месяц платного кружка в округе ({ $typical }): если семья спросит о втором кружке, подскажите ей экран «🧮 Что поместится» на карточке сертификата.
       *[no] {""}
    }
   *[no] {""}
}
provider-confirm-waitlisted = В группе «{ $group }» не осталось свободных мест (или они обещаны детям из листа ожидания), поэтому заявку ({ $child }, «{ $title }») перевели в лист ожидания. Семья получила уведомление; когда место освободится, его предложат по очереди.
provider-reject-ask = Выберите причину отказа:
provider-reject-reason = { $reason ->
    [no_seats] Нет мест
    [age] Не подходит по возрасту или уровню
    [documents] Нужны документы
    [health] Ограничения по здоровью
   *[other] Другая причина
}
provider-reject-comment = Напишите комментарий для семьи (что сделать дальше) — или нажмите кнопку, чтобы отклонить без комментария.
provider-rejected = Заявка отклонена. Семья получила уведомление с причиной.

## Programs and groups
provider-programs =
    <b>📚 Программы организации</b>

    { $lines }
provider-programs-empty = Программ пока нет — создайте первую кнопкой ниже.
provider-program-line = { $n }. { $title } — { $moderation ->
    [published] ✅ опубликована
    [pending] ⏳ на модерации
    [returned] ↩️ возвращена на доработку
    [draft] черновик
   *[archived] в архиве
} · занято мест: { $taken } из { $capacity }
provider-program =
    <b>{ $title }</b>
    Статус: { $moderation ->
        [published] ✅ опубликована, родители её видят
        [pending] ⏳ на модерации в опорном центре, родители её пока не видят
        [returned] ↩️ возвращена на доработку: { $note }
        [draft] черновик
       *[archived] в архиве
    }
    { $features }

    <b>Группы</b>
    { $groups }
provider-group-state = { $open ->
    [yes] {"  "}приём заявок открыт
   *[no] {"  "}приём заявок закрыт
}
provider-no-groups = Групп пока нет — добавьте группу кнопкой ниже.
provider-btn-new-program = ➕ Новая программа ({ $name })
provider-btn-open = 🔓 Открыть приём: { $group }
provider-btn-close = 🔒 Закрыть приём: { $group }
provider-btn-more-requests = 📥 К остальным заявкам
provider-btn-students = 👥 Ученики: { $group }
provider-btn-archive-group = 🗄 В архив: { $group }
provider-btn-new-group = ➕ Добавить группу
provider-btn-edit = ✏️ Изменить программу
provider-btn-archive = 🗄 Программу в архив
provider-btn-back = ◀️ К списку программ
provider-btn-back-program = ◀️ К программе
provider-archived = Программа перенесена в архив, приём заявок закрыт.
provider-students =
    <b>👥 Ученики — { $group }</b>
    { $lines }
provider-student-line = { $n }. { $child }
provider-btn-expel = 🏁 Отчислить №{ $n }
provider-expel-ask = Укажите причину отчисления. Место освободится, семья получит уведомление.
provider-expel-keep = ✖️ Отмена — не отчислять
provider-expelled = Обучение завершено, семья получила уведомление, место предложено листу ожидания.
provider-group-has-students = В группе учатся дети ({ $count }). Сначала завершите их обучение или закройте приём.

## Program form
provider-form-intro = Заполним программу по шагам. Прервать можно командой /cancel — ничего не сохранится. После отправки программа уйдёт на модерацию в опорный центр.
provider-ask = Шаг { $step } из { $total }. { $field ->
    [title] Название программы:
    [description] Краткое описание для родителей (чем занимаются дети, что получат):
    [address] Адрес занятий:
    [direction] Направленность:
    [level] Уровень:
    [ages] Возраст детей, например: 7-12
    [register] В какой реестр вы предлагаете программу?
    [duration_months] Длительность обучения в месяцах (число):
    [hours_per_week] Часов в неделю (число):
    [price_kopecks] Стоимость в месяц, ₽ (например: 2500):
    [normative_cost_kopecks] Нормативная стоимость в месяц, ₽:
    [max_students] Максимальное число учеников (число):
    [needs_medical_certificate] Нужна ли медицинская справка?
    [format] Как проходят занятия?
    [ovz_suited] Подходит ли программа детям с ОВЗ (ограниченными возможностями здоровья)?
    [ovz_adaptations] Что адаптировано для детей с ОВЗ? Коротко, например: пандус, занятия в малой группе, педагог-дефектолог.
    [trial_lesson] Есть ли бесплатное пробное занятие?
   *[coordinates] Где проходят занятия на карте? Отправьте точку через 📎 → «Геопозиция» или напишите широту и долготу через запятую, например: 44.46, 42.51. По ним родители найдут программу рядом с домом. Если точки нет, нажмите кнопку под сообщением.
}{ $current ->
    [none] {""}
   *[other] {" "}Сейчас: { $current }
}
provider-choice = { $value ->
    [technical] техническая
    [science] естественнонаучная
    [arts] художественная
    [social] социально-гуманитарная
    [tourism] туристско-краеведческая
    [sport] физкультурно-спортивная
    [introductory] ознакомительный
    [basic] базовый
    [advanced] продвинутый
    [certified] сертифицированные (оплата сертификатом финансирования)
    [significant] значимые
    [general] общеразвивающие
    [preprofessional] предпрофессиональные
    [in_person] очно, в помещении организации
    [at_school] очно, в школе ребёнка
    [online] онлайн
    [mixed] очно и онлайн
    [yes] да
   *[no] нет
}
provider-btn-keep = Оставить как есть
provider-btn-skip = Пропустить
provider-location-not-now = Точка на карте понадобится позже, на последнем шаге. Сейчас ответьте на вопрос выше.
provider-btn-submit = 📤 Отправить на модерацию
provider-summary-line = • { $field ->
    [title] Название
    [description] Описание
    [address] Адрес
    [direction] Направленность
    [level] Уровень
    [ages] Возраст
    [register] Реестр
    [duration_months] Месяцев
    [hours_per_week] Часов в неделю
    [price_kopecks] Стоимость в месяц
    [normative_cost_kopecks] Нормативная стоимость
    [max_students] Максимум учеников
    [needs_medical_certificate] Медицинская справка
    [format] Формат
    [ovz_suited] Подходит детям с ОВЗ
    [ovz_adaptations] Что адаптировано
    [trial_lesson] Бесплатное пробное занятие
   *[coordinates] Точка на карте
}: { $value }
provider-form-summary =
    <b>Проверьте программу</b>
    { $lines }

    Если всё верно — отправьте на модерацию. Исправить: /cancel и начать заново.
provider-submitted = 📤 Программа «{ $title }» отправлена на модерацию. Родители увидят её после проверки опорным центром.
provider-bad-title = Название должно быть от { $min } до { $max } символов, с буквами или цифрами. Напишите его ещё раз.
provider-bad-description = Описание должно быть от { $min } до { $max } символов, с буквами или цифрами. Напишите его ещё раз.
provider-bad-address = Адрес должен быть от { $min } до { $max } символов, например: с. Курсавка, ул. Красная, 40.
provider-bad-ovz_adaptations = Опишите от { $min } до { $max } символов, что адаптировано, например: пандус, занятия в малой группе.
provider-bad-ages = Напишите возраст числом или двумя числами от { $min } до { $max } через дефис, например: 7-12.
provider-bad-number = Нужно целое число от { $min } до { $max }. Напишите ещё раз.
provider-bad-money = Напишите сумму в рублях цифрами, больше нуля и не больше { $max } ₽, например: 2500 или 2500,50.
provider-bad-text = Напишите текст от { $min } до { $max } символов, с буквами или цифрами.
provider-use-buttons = Выберите вариант кнопкой под сообщением.

## Group form
provider-group-ask = { $field ->
    [name] Название группы, например: Группа 1 (младшие)
    [schedule] Расписание: дни и время через запятую, например: пн 16:00-17:30, ср 16:00-17:30
    [dates] Даты начала и окончания, например: 01.09.2026 - 31.05.2027
    [capacity] Сколько мест в группе (число):
   *[teacher] ФИО педагога:
}
provider-bad-schedule = Не понял расписание. Напишите дни и время через запятую, например: пн 16:00-17:30, ср 16:00-17:30
provider-bad-dates = Напишите две даты в формате ДД.ММ.ГГГГ, вторая не раньше первой, например: 01.09.2026 - 31.05.2027
provider-capacity-too-big = Мест в группе не может быть больше, чем максимум учеников программы ({ $max }). Напишите число заново.
provider-group-created =
    ✅ Группа добавлена, приём заявок открыт:
    { $line }
