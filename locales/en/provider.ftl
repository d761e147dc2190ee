## Requests
provider-btn-confirm = ✅ Confirm
provider-btn-reject = ❌ Reject
provider-btn-confirm-n = ✅ Confirm #{ $n }
provider-btn-reject-n = ❌ Reject #{ $n }
provider-btn-no-comment = Reject without a comment
provider-requests =
    <b>📥 Requests waiting for a decision</b>

    { $lines }
provider-requests-empty = No new requests. We will notify you as soon as one arrives.
provider-request-line =
    { $n }. <b>{ $child }</b>{ $waitlist ->
        [yes] {" "}— a seat from the waiting list
       *[no] {""}
    }
    "{ $title }", { $group }. Decide by { $deadline }.
provider-confirmed = ✅ Enrollment confirmed: { $child }, "{ $title }". The family was notified.{ $waitlisted ->
    [0] {""}
   *[other] {" "}The group "{ $group }" has no free seats left, so the other requests for it ({ $waitlisted }) were moved to the waiting list; the families were notified.
}{ $paid ->
    [yes] {" "}{ $reserve } of the child's certificate went to the reserve for clubs; { $left } stays free for other clubs.{ $little ->
        [yes] {" "}That is less than a typical month of a paid club in the district ({ $typical }): if the family asks about a second club, point them to "🧮 What still fits" on the certificate card.
       *[no] {""}
    }
   *[no] {""}
}
provider-confirm-waitlisted = The group "{ $group }" has no free seats left (or they are promised to children on the waiting list), so the request ({ $child }, "{ $title }") was moved to the waiting list. The family was notified; when a seat frees up it is offered in turn.
provider-reject-ask = Choose the reason:
provider-reject-reason = { $reason ->
    [no_seats] No seats
    [age] Age or level does not fit
    [documents] Documents needed
    [health] Health restrictions
   *[other] Another reason
}
provider-reject-comment = Write a comment for the family (what to do next) — or press the button to reject without one.
provider-rejected = The request was rejected. The family got a notice with the reason.

## Programs and groups
provider-programs =
    <b>📚 Your programs</b>

    { $lines }
provider-programs-empty = No programs yet — create the first one with the button below.
provider-program-line = { $n }. { $title } — { $moderation ->
    [published] ✅ published
    [pending] ⏳ in moderation
    [returned] ↩️ returned for changes
    [draft] draft
   *[archived] archived
} · seats taken: { $taken } of { $capacity }
provider-program =
    <b>{ $title }</b>
    Status: { $moderation ->
        [published] ✅ published, parents see it
        [pending] ⏳ in moderation at the Support Centre, parents do not see it yet
        [returned] ↩️ returned for changes: { $note }
        [draft] draft
       *[archived] archived
    }
    { $features }

    <b>Groups</b>
    { $groups }
provider-group-state = { $open ->
    [yes] {"  "}taking requests
   *[no] {"  "}not taking requests
}
provider-no-groups = No groups yet — add one with the button below.
provider-btn-new-program = ➕ New program ({ $name })
provider-btn-open = 🔓 Open: { $group }
provider-btn-close = 🔒 Close: { $group }
provider-btn-more-requests = 📥 The other requests
provider-btn-students = 👥 Students: { $group }
provider-btn-archive-group = 🗄 Archive: { $group }
provider-btn-new-group = ➕ Add a group
provider-btn-edit = ✏️ Edit the program
provider-btn-archive = 🗄 Archive the program
provider-btn-back = ◀️ Back to programs
provider-btn-back-program = ◀️ Back to the program
provider-archived = The program was archived; requests are closed.
provider-students =
    <b>👥 Students — { $group }</b>
    { $lines }
provider-student-line = { $n }. { $child }
provider-btn-expel = 🏁 End studies #{ $n }
provider-expel-ask = Choose the reason. The seat will be freed and the family notified.
provider-expel-keep = ✖️ Cancel — do not end
provider-expelled = Studies ended, the family was notified, the seat is offered to the waiting list.
provider-group-has-students = Children study in this group ({ $count }). End their studies or close requests first.

## Program form
provider-form-intro = Let's fill in the program step by step. /cancel stops it and saves nothing. Once sent, the program goes to moderation at the Support Centre.
provider-ask = Step { $step } of { $total }. { $field ->
    [title] Program title:
    [description] A short description for parents (what children do and gain):
    [address] Address of the classes:
    [direction] Direction:
    [level] Level:
    [ages] Children's ages, e.g. 7-12
    [register] Which register do you propose the program for?
    [duration_months] Duration in months (a number):
    [hours_per_week] Hours a week (a number):
    [price_kopecks] Price a month, ₽ (e.g. 2500):
    [normative_cost_kopecks] Normative cost a month, ₽:
    [max_students] Maximum number of students (a number):
    [needs_medical_certificate] Is a medical certificate required?
    [format] How are the lessons held?
    [ovz_suited] Does the program suit children with disabilities (SEN)?
    [ovz_adaptations] What is adapted for children with disabilities? Briefly, e.g.: a ramp, small groups, a special-needs teacher.
    [trial_lesson] Is there a free trial lesson?
   *[coordinates] Where are the lessons on the map? Send a point via 📎 → “Location”, or type the latitude and the longitude separated by a comma, e.g. 44.46, 42.51. Parents will find the program near their home by it. If there is no point, press the button below.
}{ $current ->
    [none] {""}
   *[other] {" "}Now: { $current }
}
provider-choice = { $value ->
    [technical] technical
    [science] natural science
    [arts] arts
    [social] social and humanities
    [tourism] tourism and local history
    [sport] sport
    [introductory] introductory
    [basic] basic
    [advanced] advanced
    [certified] certified (paid by the financing certificate)
    [significant] significant
    [general] general
    [preprofessional] pre-professional
    [in_person] in person, at your premises
    [at_school] in person, at the child's school
    [online] online
    [mixed] in person and online
    [yes] yes
   *[no] no
}
provider-btn-keep = Keep as is
provider-btn-skip = Skip
provider-location-not-now = The point on the map comes later, at the last step. Please answer the question above now.
provider-btn-submit = 📤 Send to moderation
provider-summary-line = • { $field ->
    [title] Title
    [description] Description
    [address] Address
    [direction] Direction
    [level] Level
    [ages] Ages
    [register] Register
    [duration_months] Months
    [hours_per_week] Hours a week
    [price_kopecks] Price a month
    [normative_cost_kopecks] Normative cost
    [max_students] Maximum students
    [needs_medical_certificate] Medical certificate
    [format] Format
    [ovz_suited] Suited to children with disabilities
    [ovz_adaptations] What is adapted
    [trial_lesson] Free trial lesson
   *[coordinates] Point on the map
}: { $value }
provider-form-summary =
    <b>Check the program</b>
    { $lines }

    If all is right, send it to moderation. To fix something: /cancel and start again.
provider-submitted = 📤 "{ $title }" was sent to moderation. Parents will see it once the Support Centre checks it.
provider-bad-title = The title must be { $min } to { $max } characters, with letters or digits. Please type it again.
provider-bad-description = The description must be { $min } to { $max } characters, with letters or digits. Please type it again.
provider-bad-address = The address must be { $min } to { $max } characters, e.g. Kursavka, 40 Krasnaya St.
provider-bad-ovz_adaptations = Describe in { $min } to { $max } characters what is adapted, e.g.: a ramp, small groups.
provider-bad-ages = Type the age as a number, or two numbers from { $min } to { $max } with a dash, e.g. 7-12.
provider-bad-number = A whole number from { $min } to { $max } is needed. Please type it again.
provider-bad-money = Type an amount in roubles in digits, above zero and at most ₽{ $max }, e.g. 2500 or 2500.50.
provider-bad-text = Type a text of { $min } to { $max } characters with letters or digits.
provider-use-buttons = Choose an option with a button under the message.

## Group form
provider-group-ask = { $field ->
    [name] Group name, e.g. Group 1 (younger)
    [schedule] Schedule: days and times separated by commas, e.g. mon 16:00-17:30, wed 16:00-17:30
    [dates] Start and end dates, e.g. 01.09.2026 - 31.05.2027
    [capacity] How many seats (a number):
   *[teacher] Teacher's full name:
}
provider-bad-schedule = I could not read the schedule. Type days and times separated by commas, e.g. mon 16:00-17:30, wed 16:00-17:30
provider-bad-dates = Type two dates as DD.MM.YYYY, the second not before the first, e.g. 01.09.2026 - 31.05.2027
provider-capacity-too-big = A group cannot have more seats than the program's maximum ({ $max }). Type the number again.
provider-group-created =
    ✅ The group was added and takes requests:
    { $line }
