## Staff desk: shared vocabulary
desk-direction = { $direction ->
    [technical] technical
    [science] natural science
    [arts] artistic
    [social] social and humanitarian
    [tourism] tourism and local history
   *[sport] physical culture and sport
}
desk-level = { $level ->
    [introductory] introductory
    [basic] basic
   *[advanced] advanced
}
desk-register-name = { $register ->
    [certified] certified programs
    [significant] significant programs
    [general] general developmental programs
   *[preprofessional] pre-professional programs
}
desk-kind = { $kind ->
    [municipal] Municipal organisation
    [state] State organisation
    [nonstate] Non-state organisation
   *[individual] Individual entrepreneur
}
desk-form-text-expected = Please answer with text. To leave the form, send /cancel.

## Moderation
desk-moderation-empty = The moderation queue is empty: no new or changed programs. Check again later.
desk-moderation-queue = Programs awaiting moderation: { $count }. Choose a program to review it and decide.
desk-program-card =
    <b>{ $title }</b>
    Provider: { $provider } (INN { $inn })
    Program code: { $code }
    Direction: { desk-direction }
    Level: { desk-level }
    Proposed register: { desk-register-name }
    Age: { $age_min }–{ $age_max }
    Duration: { $months } months, { $hours } h a week
    Price a month: { $price }; normative cost: { $normative }
    Maximum of students: { $max }
    Medical certificate: { $medical ->
        [true] required
       *[false] not required
    }
    Address: { $address }
    Groups: { $groups }

    { $description }
desk-program-group = • Group «{ $name }»: { $schedule }; { $starts } – { $ends }; { $capacity } seats; teacher: { $teacher }
desk-program-not-listed = ⚠️ The program has no group open to requests: once published, parents will not find it in the catalogue until the provider adds a group.
desk-moderation-publish = ✅ Publish
desk-moderation-return = ↩️ Return for rework
desk-moderation-ask-register = Which register should «{ $title }» go into? The provider's proposal is marked.
desk-register-choice = Register of { desk-register-name }
desk-register-proposed = ✓ Register of { desk-register-name } (proposed)
desk-moderation-ask-max = Register: { desk-register-name }. How many students may the program have in total? Send a number or keep the proposed one with the button.
desk-moderation-keep-max = Keep { $max }
desk-moderation-max-bad = A whole number from 1 to { $limit } is needed, e.g. 24. Send the number again or /cancel.
desk-moderation-published = «{ $title }» is published in the register of { desk-register-name }, maximum of students { $max }. { $listed ->
        [yes] Parents see it in the catalogue now. The provider will be notified.
       *[no] It is not in the catalogue yet: it has no group open to requests. The provider will be notified and asked to add a group.
    }
desk-moderation-ask-note = Why is «{ $title }» returned for rework? Write what to fix — the provider will see this text.
desk-moderation-note-bad = Describe the reason in words: 3 to { $max } characters. Send the text again or /cancel.
desk-moderation-returned = «{ $title }» is returned for rework. The provider will be notified with your comment.
desk-moderation-already-decided = This program has already been decided (perhaps by a colleague). Open the moderation queue again.
desk-moderation-stale = This button is out of date. Open the program from the moderation queue again.
desk-moderation-cancel = ✖️ Cancel
desk-moderation-cancelled = Cancelled, nothing has changed: no decision was made on the program. Programs awaiting a decision are in the moderation queue.
desk-moderation-to-queue = 📋 To the moderation queue
desk-moderation-confirm = { $action ->
        [publish_ok] ✅ Publish
       *[return_ok] ↩️ Return to the provider
    }
desk-moderation-confirm-publish =
    Check what will happen:
    «{ $title }» will be published in the register of { desk-register-name }, maximum of students { $max }.
    { $listed ->
        [yes] Parents will see it in the catalogue at once. The provider will be notified.
       *[no] { desk-program-not-listed } The provider will be notified and asked to add a group.
    }

    Press «✅ Publish» to publish, or «✖️ Cancel» to change nothing.
desk-moderation-confirm-return =
    Check what will happen:
    «{ $title }» will go back to the provider for rework and leave the queue. The provider will read your comment:

    { $note }

    Press «↩️ Return to the provider» to return it, or «✖️ Cancel» to change nothing.
desk-notify-published = Your program «{ $title }» passed moderation and is published in the register of { desk-register-name } (maximum of students: { $max }). { $listed ->
        [yes] Parents can find it now.
       *[no] For parents to find it, add a group: "📚 My programs" → the program → "➕ Add a group". Until a group is open to requests, it is not shown in the catalogue.
    }
desk-notify-returned =
    Your program «{ $title }» was returned for rework.
    The Support Centre's comment: { $note }

    Fix the program and send it to moderation again.

## Providers
desk-providers-choose-municipality = Which municipality's providers should I show?
desk-providers-list = Providers: { $count }. Open a provider to invite its staff or suspend it, or add a new one. ⏸ means suspended; the number of programs is in brackets.
desk-provider-card =
    <b>{ $name }</b>
    INN: { $inn }
    Kind: { desk-kind }
    Municipality: { $municipality }
    State: { $state ->
        [active] active
       *[suspended] suspended — its programs are hidden from search
    }
desk-provider-add = ➕ Add a provider
desk-provider-invite = 🔗 Invite an employee
desk-provider-suspend = ⏸ Suspend
desk-provider-resume = ▶️ Resume
desk-provider-back = ⬅️ Back to providers
desk-provider-now-active = The provider is resumed: its programs are visible in search again.
desk-provider-now-suspended = The provider is suspended: its programs are hidden from search.
desk-provider-already-active = The provider is already active — nothing changed.
desk-provider-already-suspended = The provider is already suspended — nothing changed.
desk-provider-invite-made =
    Invite link for an employee of the organisation (single use, valid { $days } days):
    { $link }

    Or the employee can send the bot:
    <code>/start { $code }</code>
desk-provider-ask-name = What is the organisation's (or entrepreneur's) name? Send the full name.
desk-provider-name-bad = The name must be 2 to { $max } characters. Send it again.
desk-provider-ask-kind = Choose the provider's kind:
desk-provider-ask-inn = Kind: { desk-kind }. Send the INN: { $kind ->
        [individual] 12 digits
       *[other] 10 digits
    }.
desk-inn-bad = The INN failed the check-digit test. Check it (10 digits for an organisation, 12 for an entrepreneur) and send it again.
desk-inn-kind-mismatch = An organisation's INN has 10 digits, an individual entrepreneur's 12. Check the INN and send it again.
desk-inn-taken = A provider with INN { $inn } is already registered. Find it in the providers list or send another INN.
desk-provider-added = Provider «{ $name }» is added. Invite its employees with a link — the button is below.

## Import
desk-import-open = 📥 Load programs from a file
desk-import-template = 📄 Download the template
desk-import-cancel = Cancel
desk-import-confirm = { $programs ->
        [none] ✅ Import
       *[other] ✅ Import, programs to moderation
    }
desk-import-confirm-publish = ✅ Import and publish the programs
import-intro =
    <b>Load from a file</b>
    Send an XLSX or CSV file as a document (up to { $max_mb } MB, { $max_rows } rows). Sheets: providers, programs, groups — the columns are described in the template's «Справка» sheet.

    First I show what will be added and changed; I load only after you confirm.
import-template-caption = The import template: fill the sheets like the example, replace the example row with your data (or it is loaded too) and send the file here.
import-send-document = Send an XLSX or CSV file as a document (paperclip → File), or download the template.
import-too-big = The file is too big: up to { $max_mb } MB. Split it and send the parts one by one.
import-too-many-rows = The file has more than { $max } rows. Split it and send the parts one by one.
import-not-spreadsheet = This is not an XLSX or CSV table, or the file is damaged. Save the table as .xlsx (or .csv) and send it again.
import-empty = The file has no data rows. Fill the sheets like the template and send it again.
import-unknown-sheet = I don't know the sheet «{ $name }». Sheets must be named providers, programs, groups (or as in the template). Fix it and send again.
import-no-header = I found no header row. The first row of a section must hold the column names, as in the template.
import-bad-columns =
    The columns of the sheet «{ $sheet }» do not match the template.
    Unknown: { $unknown }
    Missing: { $missing }
    Fix the headers like the template and send the file again. Nothing was loaded.
import-repeated-column = The sheet «{ $sheet }» has the same column twice. Keep one and send the file again.
import-preview =
    <b>File check</b>
    Providers: add { $providers_added }, change { $providers_changed }
    Programs: add { $programs_added }, change { $programs_changed }
    Groups: add { $groups_added }, change { $groups_changed }
    Unchanged: { $unchanged }
    Rows with errors: { $rejected }
import-rejected-line = • { $sheet ->
        [providers] Providers
        [programs] Programs
       *[groups] Groups
    }, row { $row }: { $reason }
import-rejected-more = …and { $count } more errors.
import-fix-and-resend = Nothing was loaded. Fix the rows with errors and send the file again — a file loads whole or not at all.
import-confirm-ask = Load it? { $programs ->
        [choice] New and changed programs can go to moderation or be published at once: choose with a button.
        [moderation] New and changed programs go to moderation by the Support Centre.
       *[none] Everything is loaded in one go.
    }
import-nothing-to-do = Everything in the file already matches the bot's data — nothing to load.
import-stale = This check is out of date. Send the file again.
import-changed-since-preview = The data changed since the check; rows with errors now: { $rejected }. Nothing was loaded — send the file again.
import-done =
    Loaded: providers { $providers }, programs { $programs }, groups { $groups }.
    { $published ->
        [true] The programs are published.
       *[false] The programs are sent to moderation.
    }
import-cancelled = Loading cancelled, nothing changed.
import-row-required = the column «{ $column }» is empty
import-row-too-long = the column «{ $column }» is longer than { $max } characters
import-row-not-number = the column «{ $column }» needs a whole number, not «{ $value }»
import-row-out-of-range = the column «{ $column }» must be from { $low } to { $high }
import-row-bad-choice = the column «{ $column }» has an unknown value «{ $value }» (allowed values are in the «Справка» sheet)
import-row-not-money = the column «{ $column }» needs an amount in rubles such as 1500 or 1500.50, not «{ $value }»
import-row-not-date = the column «{ $column }» needs a date such as 2026-09-01, not «{ $value }»
import-row-bad-schedule = I can't read the schedule «{ $value }»: write it as «Mon 16:00-17:30; Wed 16:00-17:30»
import-row-duplicate = repeats row { $first }
import-row-no-provider = no provider with INN { $inn } in the file or in the register
import-row-not-yours = the provider with INN { $inn } is not yours to change
import-row-staff-only = only the Support Centre may add or change providers
import-row-bad-inn = INN { $inn } failed the check-digit test
import-row-inn-kind = INN { $inn } does not fit the kind: 10 digits for an organisation, 12 for an entrepreneur
import-row-bad-municipality = municipality «{ $value }» is not one of yours
import-row-age-order = the minimum age is above the maximum age
import-row-no-program = no program with code «{ $code }» in the file or at the provider
import-row-date-order = classes start after they end
import-row-bad-text = the column «{ $column }» needs a text of { $min } to { $max } characters with letters or digits
import-row-date-window = the column «{ $column }» needs a date between the years { $first } and { $last }
import-row-capacity-too-big = more seats than the program's «Максимум обучающихся» ({ $max })
import-row-capacity-below-taken = fewer seats than already taken ({ $taken })
import-row-bad-point = the latitude “{ $latitude }” and the longitude “{ $longitude }” do not fit: both are needed, as numbers of degrees, e.g. 44.46 and 42.51 (latitude from -90 to 90, longitude from -180 to 180)
import-row-adaptations-without-ovz = “What is adapted for children with disabilities” is filled in but “Suited to children with disabilities” is not “yes”: put “yes” or clear the description
import-row-online-point = an online program has no place of lessons: clear “Latitude” and “Longitude” or choose another format

## Coverage and reports
desk-reports-title = <b>Coverage and reports</b>. What should I show or export?
desk-report-coverage = 📈 Certificate coverage
desk-report-figures = 📊 Enrollments, requests, seats
desk-export-button = { $what ->
    [certificates] ⬇️ Certificate register (XLSX)
    [enrollments] ⬇️ Enrollments (XLSX)
    [writeoffs] ⬇️ Write-offs by provider (XLSX)
    [events] ⬇️ Events (XLSX)
   *[yearly] ⬇️ Yearly report for the founder (XLSX)
}
desk-audit-journal = 🧾 Audit log
desk-coverage-chart-title = Share of children aged 5–18 with an active certificate
desk-coverage-axis = % of children aged 5–18
desk-coverage-target = target { $target } %
desk-coverage-caption-title = <b>Certificate coverage</b> (active certificates / children aged 5–18 of the current period)
desk-coverage-line = { $name }: { $share } % ({ $active } of { $population }). Reached: { $reached }. { $target ->
        [none] All targets reached.
       *[other] To reach { $target } %: { $needed } more.
    }
desk-coverage-more = …and { $count } more municipalities (all of them in the yearly report).
desk-figures-directions = <b>Studying now, by direction</b>
desk-figures-direction = • { desk-direction }: { $count }
desk-figures-statuses = <b>Enrollment requests by status</b>
desk-figures-status = • { $status ->
        [pending] awaiting a decision
        [active] enrolled
        [rejected] rejected
        [withdrawn] withdrawn by parents
        [expired] expired
       *[ended] ended
    }: { $count }
desk-figures-decisions = <b>Providers' average decision time</b>
desk-figures-decision = • { $provider }: { $hours } h ({ $count } decisions)
desk-figures-wanted = <b>Most wanted programs with no free seats</b>
desk-figures-wanted-line = • { $title } ({ $provider }): { $pending } requests, { $waiting } on the waiting list
desk-figures-filled = <b>Seats filled</b>
desk-figures-filled-line = • { $title }: { $taken } of { $capacity } ({ $share } %)
desk-figures-filled-more = …and { $count } more programs (all of them in the yearly report).
desk-figures-moved-up = <b>Moved up a level this school year</b> (introductory → basic → advanced in the same direction): { $count } { $count ->
    [one] child
   *[other] children
}
desk-figures-moved-up-line = • { desk-direction }: { $count }
desk-figures-none = • no data
desk-figures-footer = Export the data to a spreadsheet with the buttons below.
desk-export-caption = { $what ->
    [certificates] Certificate register
    [enrollments] Enrollments
    [writeoffs] Write-offs by provider and month
    [events] Events
   *[yearly] Yearly report for the founder
}: { $rows } rows. Children's names are not exported; find a certificate by number in «🔍 Find a certificate».
desk-sheet = { $sheet ->
    [certificates] Certificates
    [enrollments] Enrollments
    [writeoffs] Write-offs
    [events] Events
    [coverage] Coverage
    [directions] Directions
    [statuses] Requests
    [decisions] Decision time
    [wanted] No free seats
    [moved_up] Moved up a level
   *[filled] Seats filled
}
desk-col = { $column ->
    [number] Number
    [kind] Certificate status
    [state] State
    [municipality] Municipality
    [issued] Issued
    [valid_until] Valid until
    [birth_year] Birth year
    [id] No.
    [program] Program
    [provider] Provider
    [group] Group
    [certificate] Certificate
    [status] Status
    [created] Created
    [decided] Decided
    [starts_on] Starts
    [ends_on] Ends
    [certificate_part] From the certificate, RUB a month
    [family_part] Family pays, RUB a month
    [inn] INN
    [month] Month
    [entries] Write-offs
    [amount] Amount, RUB
    [title] Title
    [starts_at] Date and time
    [place] Place
    [age_min] Age from
    [age_max] Age to
    [direction] Direction
    [link] Link
    [active] Active certificates
    [population] Children aged 5–18
    [share] Share, %
    [count] Count
    [average_hours] Average decision time, h
    [pending] Requests waiting
    [waiting] On the waiting list
    [seats] Seats
    [taken] Taken
   *[capacity] Seats in total
}

## Audit log
desk-audit-open = 🧾 Audit log
desk-audit-ask = Whose log should I show? Send the type and number, e.g. <code>program 12</code>, <code>provider 3</code>, <code>enrollment 40</code>, <code>certificate 7</code>, <code>group 5</code>, <code>application 9</code>, <code>event 2</code>.
desk-audit-bad-query = I didn't understand. Send the type and number separated by a space, e.g. <code>program 12</code>. To leave, send /cancel.
desk-audit-title = <b>Log: { $type ->
        [program] program
        [provider] provider
        [group] group
        [enrollment] enrollment request
        [certificate] certificate
        [certificate_application] certificate application
        [period] period
       *[event] event
    } No. { $id }</b> (latest entries: { $count })
desk-audit-line = { $when } — { $role ->
        [staff] Support Centre
        [provider] provider
        [parent] parent
       *[other] { $role }
    } { $actor }: { $action }; { $details }
desk-audit-empty = No entries yet.
