# The child's week («Timetable»), clash warnings and lesson reminders.
menu-timetable = 📅 Timetable
timetable-open = 📅 Lesson timetable
timetable-no-children = The timetable is made of your children's lessons, and you have not added a child yet. Add one in «👶 My children», then find a club in «🔎 Find a club».
timetable-teen-nothing = Your account is not linked to a child's data yet. Ask your parent to send you the sign-in link.
timetable-which-child = Whose timetable should I show?
timetable-week =
    📅 <b>Timetable: { $child }</b>

    { $days }{ $more ->
        [0] {""}
       *[other] {"\u000A"}…and { $more } more lessons.
    }{ timetable-reminders }
timetable-empty =
    📅 <b>Timetable: { $child }</b>
    No lessons yet: the child is not enrolled in any group. Find a club in «🔎 Find a club» and send a request — once the provider confirms it, the lessons appear here.{ timetable-reminders }
timetable-day = <b>{ $day }</b>
timetable-lesson = { $start }–{ $end } «{ $title }», { $group } — { $place }
timetable-no-place = no address given
timetable-reminders = { $reminders ->
    [yes] {"\u000A\u000A"}🔔 Reminders are on: { $hours } hours before a lesson, and the evening before for morning lessons.
    [no] {"\u000A\u000A"}You can turn on reminders: { $hours } hours before a lesson, and the evening before for morning lessons.
   *[none] {""}
}
timetable-btn-reminders-on = 🔔 Remind me of lessons
timetable-btn-reminders-off = 🔕 Stop reminders
timetable-btn-card = ↩️ Back to the child's card
timetable-day-0 = Monday
timetable-day-1 = Tuesday
timetable-day-2 = Wednesday
timetable-day-3 = Thursday
timetable-day-4 = Friday
timetable-day-5 = Saturday
timetable-day-6 = Sunday
timetable-reminder =
    🔔 A reminder: { $child } has «{ $title }», group «{ $group }», on { $lesson } at { $start } (until { $end }).
    { $has_place ->
        [yes] 📍 { $place }
       *[no] 📍 The provider gave no address.
    }
    The whole timetable is in «📅 Timetable»; you can turn reminders off there.
timetable-clash-warning =
    ⚠️ <b>This clashes with the child's other lessons:</b>
    { $lines }
    You can still send the request, but check the child can make it to both.
timetable-clash-provider = ⚠️ The group's lessons clash with the child's other activities: { $slots }
timetable-clash-line = { $overlap ->
    [yes] • { $day } { $start }–{ $end } overlaps «{ $title }» ({ $other_start }–{ $other_end })
   *[no] • { $day } { $start }–{ $end }: less than { $gap } minutes before or after «{ $title }» ({ $other_start }–{ $other_end }) in another place
}
