## Catalogue: search panel
catalog-panel =
    <b>🔎 Поиск кружков и секций</b>

    Настройте фильтры кнопками ниже или просто напишите, что ищете, например: <i>робототехника</i>, <i>шахматы</i>, <i>танцы 7 лет Курсавка</i>.
    Подходящих программ: <b>{ $count }</b>.
catalog-any = все
catalog-any-button = Не важно
catalog-back = ◀️ Назад
catalog-to-filters = ⚙️ Фильтры
catalog-show = Показать программы ({ $count })
catalog-reset-all = ✖️ Сбросить все фильтры
catalog-filter-direction = Направление: { $value }
catalog-filter-age = Возраст: { $value }
catalog-filter-municipality_id = Где: { $value }
catalog-filter-funding = Оплата: { $value }
catalog-filter-weekday = День: { $value }
catalog-filter-text = Слова: { $value }
catalog-filter-seats = { $on ->
    [yes] ✅ Только со свободными местами
   *[no] ◻️ Только со свободными местами
}
catalog-choose = { $name ->
    [direction] Выберите направление:
    [age] Сколько лет ребёнку? Выберите возраст или ребёнка кнопкой — или напишите число.
    [municipality_id] Выберите муниципальный округ:
    [funding] Как оплачивается обучение?
    [weekday] В какой день недели удобно заниматься?
   *[text] Напишите в чат, что ищете, — например, «робототехника» или «танцы 7 лет Курсавка». Ищу по названию, описанию и организации; возраст, округ и направление из вопроса становятся фильтрами.
}
catalog-search-no-words = В запросе «{ $query }» нет слов для поиска: нужно слово хотя бы из трёх букв или цифр. Напишите, что ищете, например «шахматы», или выберите фильтры кнопками.
catalog-bad-age = Возраст — число от 5 до 18. Напишите его ещё раз или выберите кнопкой.
catalog-age-of-child = 👶 По возрасту: { $name }
catalog-funding-free = бесплатно (сертификат учёта)
catalog-funding-paid = по сертификату финансирования
catalog-direction-technical = техническая
catalog-direction-science = естественнонаучная
catalog-direction-arts = художественная
catalog-direction-social = социально-гуманитарная
catalog-direction-tourism = туристско-краеведческая
catalog-direction-sport = физкультурно-спортивная
catalog-day-0 = пн
catalog-day-1 = вт
catalog-day-2 = ср
catalog-day-3 = чт
catalog-day-4 = пт
catalog-day-5 = сб
catalog-day-6 = вс
catalog-slot = { $day } { $start }–{ $end }

## Results
catalog-searched-for = По запросу «{ $typed }» ничего не нашлось. Показаны результаты для: <b>{ $meant }</b>
catalog-looking-for = 🔎 Ищу: { $parts }. Если что-то понято не так, уберите это кнопкой ниже.
catalog-said-age = { $age } { $age ->
        [one] год
        [few] года
       *[other] лет
    }
catalog-drop = ✖️ { $said }
catalog-results =
    <b>Найдено программ: { $total }</b> (страница { $page } из { $pages })

    { $lines }

    Нажмите на программу, чтобы открыть карточку.
catalog-result-line =
    <b>{ $n }. { $title }</b>
    { $provider } · { $place }
    { $direction }, { $min }–{ $max } лет, { $register ->
        [certified] по сертификату финансирования
       *[other] бесплатно
    }
catalog-empty = { $relax ->
    [text] Ничего не нашлось по этим словам. Попробуйте другое слово или уберите поиск по словам.
    [free_seats] Свободных мест сейчас нет. Уберите фильтр «только со свободными местами» — можно встать в лист ожидания.
    [weekday] В этот день недели подходящих занятий нет. Попробуйте другой день.
    [funding] С таким способом оплаты ничего не нашлось. Попробуйте «Оплата: все».
    [direction] В этом направлении ничего не нашлось. Попробуйте другое направление.
    [age] Для этого возраста ничего не нашлось. Уберите фильтр по возрасту.
    [municipality_id] В этом округе ничего не нашлось. Попробуйте другой округ.
   *[none] Пока в каталоге нет открытых программ. Загляните позже.
}
catalog-relax-button = { $name ->
    [text] ✖️ Убрать поиск по словам
    [free_seats] ✖️ Показать и без свободных мест
    [weekday] ✖️ Любой день недели
    [funding] ✖️ Любая оплата
    [direction] ✖️ Любое направление
    [age] ✖️ Любой возраст
   *[municipality_id] ✖️ Любой округ
}
catalog-back-to-results = ◀️ К результатам
catalog-gone = Эта программа больше не принимает заявки или снята с публикации. Вернитесь к поиску.

## Program card
catalog-card =
    <b>{ $title }</b>
    🏫 { $provider }
    📍 { $municipality }, { $address }
    { $features }

    Направленность: { $direction }
    Уровень: { $level ->
        [introductory] ознакомительный
        [basic] базовый
       *[advanced] продвинутый
    }
    Возраст: { $min }–{ $max } лет
    { $register ->
        [certified] 💳 Оплачивается сертификатом финансирования
        [significant] 🆓 Бесплатно по сертификату учёта (реестр значимых программ)
        [preprofessional] 🆓 Бесплатно по сертификату учёта (предпрофессиональная программа)
       *[general] 🆓 Бесплатно по сертификату учёта (общеразвивающая программа)
    }
    Длительность: { $months } мес., { $hours } ч в неделю
    { $paid ->
        [yes] Стоимость: { $price } в месяц
       *[no] Стоимость: бесплатно
    }
    Медицинская справка: { $medical ->
        [yes] нужна
       *[no] не нужна
    }

    { $description }

    <b>Группы</b>
    { $groups }
catalog-card-group = • <b>{ $name }</b>: { $schedule }; педагог { $teacher }; с { $start } по { $end }; свободных мест: { $free } из { $capacity }
catalog-card-no-groups = Сейчас нет групп, открытых для записи.
catalog-format = { $format ->
    [in_person] очно, в помещении организации
    [at_school] очно, в школе ребёнка
    [online] онлайн
   *[mixed] очно и онлайн
}
catalog-card-format = { $format ->
    [in_person] 🚶 Очно, в помещении организации
    [at_school] 🎒 Очно, в школе ребёнка
    [online] 💻 Онлайн
   *[mixed] 🔀 Очно и онлайн
}
catalog-card-ovz = ♿ Подходит детям с ОВЗ{ $adaptations ->
    [none] {""}
   *[other] : { $adaptations }
}
catalog-card-trial = 🎟 Бесплатное пробное занятие
catalog-card-distance = 📏 ≈ { $km } км от вас
catalog-cost =
    <b>Для ребёнка { $name }:</b> { $cover ->
        [none] на сертификате не осталось свободных денег — заявку на эту платную программу подать не получится (до конца обучения нужно { $shortfall }).
        [part] сертификат покрывает { $certificate }/мес (на столько хватает свободных денег до конца обучения), семья доплачивает { $family }/мес.
       *[full] сертификат покрывает { $certificate }/мес, семья доплачивает { $family }/мес.
    }
catalog-cost-age = <b>{ $name }</b> { $age } { $age ->
        [one] год
        [few] года
       *[other] лет
    }, а программа для детей { $min }–{ $max } лет, поэтому заявку на неё подать не получится. Поищите программу по возрасту: «🔎 Найти кружок».
catalog-cost-certificate-pending = Заявление на сертификат для ребёнка { $name } ждёт решения опорного центра. Когда сертификат выдадут, мы пришлём сообщение — тогда здесь появится расчёт и можно будет подать заявку.
catalog-cost-no-certificate = У ребёнка { $name } нет действующего сертификата. Оформить его можно в «👶 Мои дети».
catalog-for-child = 👶 Рассчитать для: { $name }
catalog-btn-request = 📝 Подать заявку: { $group }
catalog-btn-waitlist = ⏳ Мест нет — лист ожидания: { $group }
catalog-btn-waitlist-join = ⏳ Встать в лист ожидания

## Staff: the search's synonyms
catalog-synonyms-open = 🔤 Синонимы поиска
catalog-synonyms =
    <b>🔤 Синонимы поиска</b> (добавлено: { $total })
    Поиск находит программу и по синониму слова — в обе стороны. Встроенные синонимы (питон = Python, ИЗО = изобразительное искусство, танцы = хореография) работают всегда.

    { $total ->
        [0] Своих синонимов пока нет.
       *[other] { $lines }
    }

    Чтобы добавить, напишите сообщение вида <i>кодинг = программирование</i>. Чтобы удалить, нажмите 🗑 с номером.
catalog-synonym-line = { $n }. { $word } = { $synonym }
catalog-synonym-delete = 🗑 { $n }
catalog-synonym-bad = Не получилось понять пару. Напишите её так: <i>слово = синоним</i>, например <i>кодинг = программирование</i>. Хотя бы с одной стороны должно быть одно слово, каждая сторона — не длиннее { $max } символов, и стороны должны различаться.
catalog-synonym-known = Пара «{ $word } = { $synonym }» уже есть в списке. Напишите другую или вернитесь в меню.
catalog-synonym-gone = Этого синонима уже нет — его удалили. Откройте список заново: /synonyms.
