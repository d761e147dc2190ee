# The child's week («Расписание»), clash warnings and lesson reminders.
menu-timetable = 📅 Расписание
timetable-open = 📅 Расписание занятий
timetable-no-children = Расписание собирается из занятий ваших детей, а детей пока нет. Добавьте ребёнка в «👶 Мои дети», затем найдите кружок в «🔎 Найти кружок».
timetable-teen-nothing = Ваш аккаунт пока не связан с данными ребёнка. Попросите родителя прислать ссылку для входа.
timetable-which-child = Чьё расписание показать?
timetable-week =
    📅 <b>Расписание: { $child }</b>

    { $days }{ $more ->
        [0] {""}
       *[other] {"\u000A"}…и ещё занятий: { $more }.
    }{ timetable-reminders }
timetable-empty =
    📅 <b>Расписание: { $child }</b>
    Пока нет ни одного занятия: ребёнок не зачислен ни в одну группу. Найдите кружок в «🔎 Найти кружок» и подайте заявку — когда организация подтвердит зачисление, занятия появятся здесь.{ timetable-reminders }
timetable-day = <b>{ $day }</b>
timetable-lesson = { $start }–{ $end } «{ $title }», { $group } — { $place }
timetable-no-place = адрес не указан
timetable-reminders = { $reminders ->
    [yes] {"\u000A\u000A"}🔔 Напоминания включены: за { $hours } ч до занятия, а об утренних — накануне вечером.
    [no] {"\u000A\u000A"}Можно включить напоминания: за { $hours } ч до занятия, а об утренних — накануне вечером.
   *[none] {""}
}
timetable-btn-reminders-on = 🔔 Напоминать о занятиях
timetable-btn-reminders-off = 🔕 Не напоминать
timetable-btn-card = ↩️ К карточке ребёнка
timetable-day-0 = Понедельник
timetable-day-1 = Вторник
timetable-day-2 = Среда
timetable-day-3 = Четверг
timetable-day-4 = Пятница
timetable-day-5 = Суббота
timetable-day-6 = Воскресенье
timetable-reminder =
    🔔 Напоминаем: { $lesson } в { $start } — занятие «{ $title }», группа «{ $group }» (до { $end }). Ребёнок: { $child }.
    { $has_place ->
        [yes] 📍 { $place }
       *[no] 📍 Организация не указала адрес.
    }
    Всё расписание — в «📅 Расписание»; там же можно отключить напоминания.
timetable-clash-warning =
    ⚠️ <b>Пересечение с другими занятиями ребёнка:</b>
    { $lines }
    Заявку подать можно, но проверьте, успеет ли ребёнок на оба занятия.
timetable-clash-provider = ⚠️ Занятия группы пересекаются с другими занятиями ребёнка: { $slots }
timetable-clash-line = { $overlap ->
    [yes] • { $day } { $start }–{ $end } совпадает с «{ $title }» ({ $other_start }–{ $other_end })
   *[no] • { $day } { $start }–{ $end }: меньше { $gap } мин до или после «{ $title }» ({ $other_start }–{ $other_end }) в другом месте
}
