## Staff desk: shared vocabulary
desk-direction = { $direction ->
    [technical] техническая
    [science] естественнонаучная
    [arts] художественная
    [social] социально-гуманитарная
    [tourism] туристско-краеведческая
   *[sport] физкультурно-спортивная
}
desk-level = { $level ->
    [introductory] ознакомительный
    [basic] базовый
   *[advanced] продвинутый
}
desk-register-name = { $register ->
    [certified] сертифицированных программ
    [significant] значимых программ
    [general] общеразвивающих программ
   *[preprofessional] предпрофессиональных программ
}
desk-kind = { $kind ->
    [municipal] Муниципальная организация
    [state] Государственная организация
    [nonstate] Негосударственная организация
   *[individual] Индивидуальный предприниматель
}
desk-form-text-expected = Пришлите ответ текстом. Чтобы выйти из формы, нажмите /cancel.

## Moderation
desk-moderation-empty = Очередь модерации пуста: новых и изменённых программ нет. Загляните позже.
desk-moderation-queue = Программ на модерации: { $count }. Выберите программу, чтобы посмотреть её и принять решение.
desk-program-card =
    <b>{ $title }</b>
    Поставщик: { $provider } (ИНН { $inn })
    Код программы: { $code }
    Направленность: { desk-direction }
    Уровень: { desk-level }
    Предложенный реестр: { desk-register-name }
    Возраст: { $age_min }–{ $age_max } лет
    Длительность: { $months } мес., { $hours } ч в неделю
    Цена в месяц: { $price }; нормативная стоимость: { $normative }
    Максимум обучающихся: { $max }
    Медицинская справка: { $medical ->
        [true] нужна
       *[false] не нужна
    }
    Адрес: { $address }
    Групп: { $groups }

    { $description }
desk-program-group = • Группа «{ $name }»: { $schedule }; { $starts } – { $ends }; мест { $capacity }; педагог: { $teacher }
desk-program-not-listed = ⚠️ У программы нет группы с открытым приёмом: после публикации родители не найдут её в каталоге, пока поставщик не добавит группу.
desk-moderation-publish = ✅ Опубликовать
desk-moderation-return = ↩️ Вернуть на доработку
desk-moderation-ask-register = В какой реестр включить «{ $title }»? Отмечен реестр, который предложил поставщик.
desk-register-choice = Реестр { desk-register-name }
desk-register-proposed = ✓ Реестр { desk-register-name } (предложен)
desk-moderation-ask-max = Реестр: { desk-register-name }. Сколько обучающихся может быть на программе всего? Пришлите число или оставьте предложенное кнопкой.
desk-moderation-keep-max = Оставить { $max }
desk-moderation-max-bad = Нужно целое число от 1 до { $limit }, например 24. Пришлите число ещё раз или нажмите /cancel.
desk-moderation-published = Программа «{ $title }» опубликована в реестре { desk-register-name }, максимум обучающихся — { $max }. { $listed ->
        [yes] Родители уже видят её в каталоге. Поставщик получит уведомление.
       *[no] В каталоге её пока нет: у неё нет группы с открытым приёмом. Поставщик получит уведомление с просьбой добавить группу.
    }
desk-moderation-ask-note = Почему программа «{ $title }» возвращается на доработку? Напишите, что исправить, — поставщик увидит этот текст.
desk-moderation-note-bad = Опишите причину словами: от 3 до { $max } символов. Пришлите текст ещё раз или нажмите /cancel.
desk-moderation-returned = Программа «{ $title }» возвращена на доработку. Поставщик получит уведомление с вашим комментарием.
desk-moderation-already-decided = По этой программе уже принято решение (возможно, другим сотрудником). Откройте очередь модерации заново.
desk-moderation-stale = Эта кнопка устарела. Откройте программу в очереди модерации заново.
desk-moderation-cancel = ✖️ Отмена
desk-moderation-cancelled = Отменено, ничего не изменилось: решение по программе не принято. Программы, которые ждут решения, — в очереди модерации.
desk-moderation-to-queue = 📋 К очереди модерации
desk-moderation-confirm = { $action ->
        [publish_ok] ✅ Опубликовать
       *[return_ok] ↩️ Вернуть поставщику
    }
desk-moderation-confirm-publish =
    Проверьте, что произойдёт:
    Программа «{ $title }» будет опубликована в реестре { desk-register-name }, максимум обучающихся — { $max }.
    { $listed ->
        [yes] Родители сразу увидят её в каталоге. Поставщик получит уведомление.
       *[no] { desk-program-not-listed } Поставщик получит уведомление с просьбой добавить группу.
    }

    Нажмите «✅ Опубликовать», чтобы опубликовать, или «✖️ Отмена», чтобы ничего не менять.
desk-moderation-confirm-return =
    Проверьте, что произойдёт:
    Программа «{ $title }» вернётся поставщику на доработку и уйдёт из очереди. Поставщик прочитает ваш комментарий:

    { $note }

    Нажмите «↩️ Вернуть поставщику», чтобы вернуть, или «✖️ Отмена», чтобы ничего не менять.
desk-notify-published = Программа «{ $title }» прошла модерацию и опубликована в реестре { desk-register-name } (максимум обучающихся: { $max }). { $listed ->
        [yes] Родители уже могут её найти.
       *[no] Чтобы родители её нашли, добавьте группу: «📚 Мои программы» → программа → «➕ Добавить группу». Пока групп с открытым приёмом нет, в каталоге её не видно.
    }
desk-notify-returned =
    Программа «{ $title }» возвращена на доработку.
    Комментарий опорного центра: { $note }

    Исправьте программу и отправьте её на модерацию снова.

## Providers
desk-providers-choose-municipality = Поставщики какого муниципалитета показать?
desk-providers-list = Поставщиков: { $count }. Откройте поставщика, чтобы пригласить сотрудников или приостановить его, или добавьте нового. ⏸ — приостановлен, в скобках — число программ.
desk-provider-card =
    <b>{ $name }</b>
    ИНН: { $inn }
    Тип: { desk-kind }
    Муниципалитет: { $municipality }
    Состояние: { $state ->
        [active] работает
       *[suspended] приостановлен — его программы не видны в поиске
    }
desk-provider-add = ➕ Добавить поставщика
desk-provider-invite = 🔗 Пригласить сотрудника
desk-provider-suspend = ⏸ Приостановить
desk-provider-resume = ▶️ Возобновить
desk-provider-back = ⬅️ К списку поставщиков
desk-provider-now-active = Поставщик возобновлён: его программы снова видны в поиске.
desk-provider-now-suspended = Поставщик приостановлен: его программы скрыты из поиска.
desk-provider-already-active = Поставщик уже работает — ничего не изменено.
desk-provider-already-suspended = Поставщик уже приостановлен — ничего не изменено.
desk-provider-invite-made =
    Ссылка-приглашение для сотрудника организации (одноразовая, действует { $days } дн.):
    { $link }

    Или пусть сотрудник отправит боту команду:
    <code>/start { $code }</code>
desk-provider-ask-name = Как называется организация или ИП? Пришлите полное наименование.
desk-provider-name-bad = Наименование должно быть от 2 до { $max } символов. Пришлите его ещё раз.
desk-provider-ask-kind = Выберите тип поставщика:
desk-provider-ask-inn = Тип: { desk-kind }. Пришлите ИНН: { $kind ->
        [individual] 12 цифр
       *[other] 10 цифр
    }.
desk-inn-bad = ИНН не прошёл проверку контрольных цифр. Проверьте его (10 цифр у организации, 12 у ИП) и пришлите ещё раз.
desk-inn-kind-mismatch = У организации ИНН из 10 цифр, у индивидуального предпринимателя — из 12. Проверьте ИНН и пришлите ещё раз.
desk-inn-taken = Поставщик с ИНН { $inn } уже есть в реестре. Найдите его в списке поставщиков или пришлите другой ИНН.
desk-provider-added = Поставщик «{ $name }» добавлен. Пригласите его сотрудников ссылкой — кнопка ниже.

## Import
desk-import-open = 📥 Загрузить программы из файла
desk-import-template = 📄 Скачать шаблон
desk-import-cancel = Отмена
desk-import-confirm = { $programs ->
        [none] ✅ Импортировать
       *[other] ✅ Импортировать, программы — на модерацию
    }
desk-import-confirm-publish = ✅ Импортировать и опубликовать программы
import-intro =
    <b>Загрузка из файла</b>
    Пришлите файл XLSX или CSV документом (до { $max_mb } МБ, до { $max_rows } строк). Листы: «Поставщики», «Программы», «Группы» — столбцы описаны в шаблоне на листе «Справка».

    Сначала я покажу, что будет добавлено и изменено, а загружу — только после вашего подтверждения.
import-template-caption = Шаблон для загрузки: заполните листы по примеру, замените строку-пример своими данными (иначе она тоже загрузится) и пришлите файл сюда.
import-send-document = Пришлите файл XLSX или CSV документом (скрепка → «Файл»). Или скачайте шаблон.
import-too-big = Файл слишком большой: можно до { $max_mb } МБ. Разделите его на части и пришлите по очереди.
import-too-many-rows = В файле больше { $max } строк. Разделите его на части и пришлите по очереди.
import-not-spreadsheet = Это не таблица XLSX или CSV, либо файл повреждён. Сохраните таблицу как .xlsx (или .csv) и пришлите снова.
import-empty = В файле нет ни одной строки с данными. Заполните листы по шаблону и пришлите снова.
import-unknown-sheet = Лист «{ $name }» мне незнаком. Листы должны называться «Поставщики», «Программы», «Группы» (и «Справка»). Исправьте и пришлите снова.
import-no-header = Не нашёл строку заголовков. Первая строка раздела должна содержать названия столбцов, как в шаблоне.
import-bad-columns =
    Столбцы на листе «{ $sheet }» не совпадают с шаблоном.
    Незнакомые: { $unknown }
    Не хватает: { $missing }
    Исправьте заголовки по шаблону и пришлите файл снова. Ничего не загружено.
import-repeated-column = На листе «{ $sheet }» один и тот же столбец указан дважды. Оставьте один и пришлите файл снова.
import-preview =
    <b>Проверка файла</b>
    Поставщики: добавить { $providers_added }, изменить { $providers_changed }
    Программы: добавить { $programs_added }, изменить { $programs_changed }
    Группы: добавить { $groups_added }, изменить { $groups_changed }
    Без изменений: { $unchanged }
    Строк с ошибками: { $rejected }
import-rejected-line = • { $sheet ->
        [providers] Поставщики
        [programs] Программы
       *[groups] Группы
    }, строка { $row }: { $reason }
import-rejected-more = …и ещё ошибок: { $count }.
import-fix-and-resend = Ничего не загружено. Исправьте строки с ошибками и пришлите файл снова — загрузка идёт целиком или никак.
import-confirm-ask = Загрузить? { $programs ->
        [choice] Новые и изменённые программы можно отправить на модерацию или сразу опубликовать — выберите кнопкой.
        [moderation] Новые и изменённые программы уйдут на модерацию в опорный центр.
       *[none] Всё будет загружено одним разом.
    }
import-nothing-to-do = Всё в файле уже совпадает с данными бота — загружать нечего.
import-stale = Эта проверка устарела. Пришлите файл заново.
import-changed-since-preview = С момента проверки данные изменились, и строк с ошибками стало { $rejected }. Ничего не загружено — пришлите файл заново.
import-done =
    Загружено: поставщиков { $providers }, программ { $programs }, групп { $groups }.
    { $published ->
        [true] Программы опубликованы.
       *[false] Программы отправлены на модерацию.
    }
import-cancelled = Загрузка отменена, ничего не изменено.
import-row-required = не заполнен столбец «{ $column }»
import-row-too-long = в столбце «{ $column }» больше { $max } символов
import-row-not-number = в столбце «{ $column }» должно быть целое число, а стоит «{ $value }»
import-row-out-of-range = в столбце «{ $column }» число должно быть от { $low } до { $high }
import-row-bad-choice = в столбце «{ $column }» недопустимое значение «{ $value }» (допустимые — на листе «Справка»)
import-row-not-money = в столбце «{ $column }» должна быть сумма в рублях, например 1500 или 1500,50, а стоит «{ $value }»
import-row-not-date = в столбце «{ $column }» должна быть дата, например 01.09.2026, а стоит «{ $value }»
import-row-bad-schedule = расписание «{ $value }» не понял: пишите как «Пн 16:00-17:30; Ср 16:00-17:30»
import-row-duplicate = повторяет строку { $first }
import-row-no-provider = поставщика с ИНН { $inn } нет ни в файле, ни в реестре
import-row-not-yours = поставщик с ИНН { $inn } вам недоступен
import-row-staff-only = добавлять и менять поставщиков может только опорный центр
import-row-bad-inn = ИНН { $inn } не прошёл проверку контрольных цифр
import-row-inn-kind = ИНН { $inn } не подходит к типу: у организации 10 цифр, у ИП 12
import-row-bad-municipality = муниципалитет «{ $value }» не найден среди ваших
import-row-age-order = «Возраст от» больше, чем «Возраст до»
import-row-no-program = программы с кодом «{ $code }» нет ни в файле, ни у поставщика
import-row-date-order = начало занятий позже окончания
import-row-bad-text = в столбце «{ $column }» нужен текст от { $min } до { $max } символов, с буквами или цифрами
import-row-date-window = в столбце «{ $column }» дата должна быть между { $first } и { $last } годом
import-row-capacity-too-big = мест больше, чем «Максимум обучающихся» программы ({ $max })
import-row-capacity-below-taken = мест меньше, чем уже занято ({ $taken })
import-row-bad-point = широта «{ $latitude }» и долгота «{ $longitude }» не подходят: нужны обе, числами в градусах, например 44.46 и 42.51 (широта от -90 до 90, долгота от -180 до 180)
import-row-adaptations-without-ovz = заполнено «Что адаптировано для детей с ОВЗ», а «Подходит детям с ОВЗ» — не «да»: поставьте «да» или очистите описание
import-row-online-point = у онлайн-программы нет места занятий: очистите «Широта» и «Долгота» или укажите другой формат

## Coverage and reports
desk-reports-title = <b>Охват и отчёты</b>. Что показать или выгрузить?
desk-report-coverage = 📈 Охват сертификатами
desk-report-figures = 📊 Зачисления, заявки, места
desk-export-button = { $what ->
    [certificates] ⬇️ Реестр сертификатов (XLSX)
    [enrollments] ⬇️ Зачисления (XLSX)
    [writeoffs] ⬇️ Списания по поставщикам (XLSX)
    [events] ⬇️ Мероприятия (XLSX)
   *[yearly] ⬇️ Годовой отчёт учредителю (XLSX)
}
desk-audit-journal = 🧾 Журнал действий
desk-coverage-chart-title = Доля детей 5–18 лет с активным сертификатом
desk-coverage-axis = % детей 5–18 лет
desk-coverage-target = цель { $target } %
desk-coverage-caption-title = <b>Охват сертификатами</b> (активные сертификаты / дети 5–18 лет текущего периода)
desk-coverage-line = { $name }: { $share } % ({ $active } из { $population }). Достигнуто: { $reached }. { $target ->
        [none] Все цели достигнуты.
       *[other] До цели { $target } %: ещё { $needed }.
    }
desk-coverage-more = …и ещё муниципалитетов: { $count } (полностью — в годовом отчёте).
desk-figures-directions = <b>Обучаются сейчас, по направленностям</b>
desk-figures-direction = • { desk-direction }: { $count }
desk-figures-statuses = <b>Заявки на зачисление по статусам</b>
desk-figures-status = • { $status ->
        [pending] ждут решения
        [active] зачислены
        [rejected] отклонены
        [withdrawn] отозваны родителями
        [expired] просрочены
       *[ended] обучение завершено
    }: { $count }
desk-figures-decisions = <b>Среднее время решения поставщиков</b>
desk-figures-decision = • { $provider }: { $hours } ч (решений: { $count })
desk-figures-wanted = <b>Самые востребованные программы без свободных мест</b>
desk-figures-wanted-line = • { $title } ({ $provider }): заявок { $pending }, в листе ожидания { $waiting }
desk-figures-filled = <b>Заполненность мест</b>
desk-figures-filled-line = • { $title }: { $taken } из { $capacity } ({ $share } %)
desk-figures-filled-more = …и ещё программ: { $count } (полностью — в годовом отчёте).
desk-figures-moved-up = <b>Перешли на уровень выше в этом учебном году</b> (ознакомительный → базовый → продвинутый в той же направленности): { $count } { $count ->
    [one] ребёнок
    [few] ребёнка
   *[many] детей
}
desk-figures-moved-up-line = • { desk-direction }: { $count }
desk-figures-none = • нет данных
desk-figures-footer = Выгрузить данные в таблицу можно кнопками ниже.
desk-export-caption = { $what ->
    [certificates] Реестр сертификатов
    [enrollments] Зачисления
    [writeoffs] Списания по поставщикам и месяцам
    [events] Мероприятия
   *[yearly] Годовой отчёт учредителю
}: строк { $rows }. Имена детей в выгрузку не входят; найти сертификат по номеру можно в «🔍 Найти сертификат».
desk-sheet = { $sheet ->
    [certificates] Сертификаты
    [enrollments] Зачисления
    [writeoffs] Списания
    [events] Мероприятия
    [coverage] Охват
    [directions] Направленности
    [statuses] Заявки
    [decisions] Время решения
    [wanted] Нет мест
    [moved_up] Уровень выше
   *[filled] Заполненность
}
desk-col = { $column ->
    [number] Номер
    [kind] Статус сертификата
    [state] Состояние
    [municipality] Муниципалитет
    [issued] Выдан
    [valid_until] Действует до
    [birth_year] Год рождения
    [id] №
    [program] Программа
    [provider] Поставщик
    [group] Группа
    [certificate] Сертификат
    [status] Статус
    [created] Создана
    [decided] Решение
    [starts_on] Начало
    [ends_on] Окончание
    [certificate_part] Из сертификата, руб./мес.
    [family_part] Доплата семьи, руб./мес.
    [inn] ИНН
    [month] Месяц
    [entries] Списаний
    [amount] Сумма, руб.
    [title] Название
    [starts_at] Дата и время
    [place] Место
    [age_min] Возраст от
    [age_max] Возраст до
    [direction] Направленность
    [link] Ссылка
    [active] Активных сертификатов
    [population] Детей 5–18 лет
    [share] Доля, %
    [count] Количество
    [average_hours] Среднее время решения, ч
    [pending] Заявок ждут
    [waiting] В листе ожидания
    [seats] Мест
    [taken] Занято
   *[capacity] Всего мест
}

## Audit log
desk-audit-open = 🧾 Журнал действий
desk-audit-ask = Журнал какого объекта показать? Пришлите тип и номер, например: <code>программа 12</code>, <code>поставщик 3</code>, <code>заявка 40</code>, <code>сертификат 7</code>, <code>группа 5</code>, <code>заявление 9</code>, <code>мероприятие 2</code>.
desk-audit-bad-query = Не понял запрос. Пришлите тип и номер через пробел, например: <code>программа 12</code>. Чтобы выйти, нажмите /cancel.
desk-audit-title = <b>Журнал: { $type ->
        [program] программа
        [provider] поставщик
        [group] группа
        [enrollment] заявка на зачисление
        [certificate] сертификат
        [certificate_application] заявление на сертификат
        [period] период
       *[event] мероприятие
    } № { $id }</b> (последние записи: { $count })
desk-audit-line = { $when } — { $role ->
        [staff] опорный центр
        [provider] поставщик
        [parent] родитель
       *[other] { $role }
    } { $actor }: { $action }; { $details }
desk-audit-empty = Записей пока нет.
