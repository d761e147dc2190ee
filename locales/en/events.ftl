## Events: the card
events-card =
    { $state ->
        [cancelled] ❌ <b>CANCELLED</b>
       *[other] 🎉
    } <b>{ $title }</b>
    🗓 { $when }
    📍 { $place }
    👧 ages { $age_min }–{ $age_max } · { $direction }

    { $description }{ $deadline ->
        [none] {""}
       *[other] {"\u000A"}📝 Registration until { $deadline }
    }
events-direction-technical = Technical
events-direction-science = Natural science
events-direction-arts = Arts
events-direction-social = Social and humanitarian
events-direction-tourism = Tourism and local history
events-direction-sport = Physical culture and sport
events-direction-any = Any direction

## Parents
events-none =
    No matching events yet.
    We pick them by your children's ages and your interests. Tick interests for each child on his card («👶 My children» → «🎯 Interests») or for the whole family in «⚙️ Settings» → «🎯 Interests».
events-page =
    <b>Events for children</b> · { $page } of { $pages }

    { $card }
    { $children ->
        [none] {""}
       *[other] 👧 Suits: { $children }
    }
events-remind-on = 🔔 Remind me the day before
events-remind-off = 🔕 Do not remind
events-prev = ◀ Back
events-next = Next ▶
events-reminder-set = I will remind you the day before at 10:00.
events-reminder-unset = Reminder cancelled.
events-already-started = The event has already started — too late for a reminder.
events-reminder =
    🔔 A reminder: tomorrow, { $starts } at { $time }, — «{ $title }».
    📍 { $place }
    All events — «🎉 Events».
events-cancelled-notice =
    ❌ The event «{ $title }» ({ $starts }, { $time }) is cancelled.
    Other events — in «🎉 Events».
events-moved-notice =
    🗓 The event «{ $title }» has moved: now { $starts } at { $time }.
    📍 { $place }
    We will remind you the day before, as you asked.

## Interests (settings)
events-interests = 🎯 Interests
events-interests-title =
    <b>Interests</b>
    Tick the directions the whole family is interested in: we will show events in them. Each child's own interests can be ticked on his card too («👶 My children» → «🎯 Interests»). Nothing ticked — we show all.
events-interests-done = ✔ Done

## Staff
events-staff-list = <b>Events (manage)</b>. Choose an event or create a new one.
events-staff-empty = No upcoming events. Create one with the button below.
events-staff-item = { $state ->
        [cancelled] ❌
       *[other] 🗓
    } { $when } · { $title }
events-staff-new = ➕ New event
events-staff-edit = ✏️ Change
events-staff-cancel = ❌ Cancel the event
events-staff-back = ‹ To the list
events-staff-cancel-yes = Yes, cancel and tell those who signed up
events-staff-cancel-no = No, go back
events-staff-cancelled = The event is cancelled. The notice goes to: { $told }. The list — «🎉 Events (manage)».
events-field-title = Title
events-field-description = Description
events-field-when = Date and time
events-field-place = Place or link
events-field-ages = Ages
events-field-direction = Direction
events-field-deadline = Registration deadline
events-ask-title = What is the event called? Write the title (up to 200 characters). Changed your mind — /cancel.
events-ask-description = Describe the event: what happens, for whom, what to bring (up to 2000 characters).
events-ask-when = When does it start? Write the date and time, e.g. 25.12.2026 15:00
events-ask-place = Where is it? Write the address or a link to the online stream.
events-ask-ages = For which ages? Write a range, e.g. 7-12, or press the button.
events-ages-any = Any age (5–18)
events-ask-direction = Which direction?
events-ask-deadline = Until when is registration needed? Write a date and time (before the start) or press the button.
events-deadline-none = No registration
events-ask-municipality = For which municipality is the event?
events-use-buttons = Choose with the buttons under the message.
events-text-expected = Send the answer as text or press a button under the question. To stop — /cancel.
events-text-empty = The answer has no letters or digits. Write some text.
events-text-too-long = Too long: { $length } characters, at most { $limit }. Shorten it and send it again.
events-when-invalid = I did not understand the date. Write it like this: 25.12.2026 15:00
events-when-past = That time has passed. Give a date and time in the future.
events-deadline-invalid = The registration deadline must be in the future and before the event starts.
events-cancelled-already = The event is cancelled — it cannot be changed.
events-preview =
    Check the event:

    { $card }
events-publish = ✅ Publish
events-drop = Cancel, do not save
events-dropped = The event was not saved. A new one — in «🎉 Events (manage)».
events-published =
    Published. Parents will see the event in «🎉 Events».

    { $card }
