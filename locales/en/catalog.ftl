## Catalogue: search panel
catalog-panel =
    <b>🔎 Clubs and classes</b>

    Set the filters with the buttons below or just type what you are looking for, e.g. <i>robotics</i>, <i>chess</i>, <i>dance 7 years Kursavka</i>.
    Matching programs: <b>{ $count }</b>.
catalog-any = any
catalog-any-button = Any
catalog-back = ◀️ Back
catalog-to-filters = ⚙️ Filters
catalog-show = Show programs ({ $count })
catalog-reset-all = ✖️ Clear all filters
catalog-filter-direction = Direction: { $value }
catalog-filter-age = Age: { $value }
catalog-filter-municipality_id = Where: { $value }
catalog-filter-funding = Payment: { $value }
catalog-filter-weekday = Day: { $value }
catalog-filter-text = Words: { $value }
catalog-filter-format = Format: { $value }
catalog-filter-free_seats = { $on ->
    [yes] ✅ Only with free seats
   *[no] ◻️ Only with free seats
}
catalog-filter-ovz = { $on ->
    [yes] ✅ Suited to children with disabilities
   *[no] ◻️ Suited to children with disabilities
}
catalog-filter-trial = { $on ->
    [yes] ✅ With a free trial lesson
   *[no] ◻️ With a free trial lesson
}
catalog-near = 📍 Near me
catalog-near-forget = 📍 Near you ✖️ Forget the place
catalog-near-ask = I will show the nearest programs first. Press “📍 Send my location” below — Telegram will ask your permission. The place is used for this search only; we do not keep it. You can choose a settlement instead.
catalog-near-share = 📍 Send my location
catalog-near-place = 🏘 Choose a settlement
catalog-near-cancel = ✖️ Not now
catalog-near-set = 📍 Thank you! The nearest programs come first, each with a rough distance. Programs without a point on the map come last.
catalog-near-by-place = Fine, choose a district with the buttons below.
catalog-near-cancelled = Fine, searching without distances.
catalog-choose = { $name ->
    [direction] Choose a direction:
    [age] How old is the child? Choose an age or a child with a button — or type the number.
    [municipality_id] Choose a municipal district:
    [funding] How is it paid for?
    [weekday] Which day of the week suits you?
    [format] How would you like the lessons held?
   *[text] Type what you are looking for, e.g. "robotics" or "dance 7 years Kursavka". I search titles, descriptions and organisations; an age, a district or a direction in your question becomes a filter.
}
catalog-search-no-words = There is nothing to search for in “{ $query }”: a word of at least three letters or digits is needed. Type what you are looking for, e.g. “chess”, or choose filters with the buttons.
catalog-bad-age = The age is a number from 5 to 18. Type it again or choose it with a button.
catalog-age-of-child = 👶 By age of { $name }
catalog-funding-free = free (accounting certificate)
catalog-funding-paid = financing certificate
catalog-direction-technical = technical
catalog-direction-science = natural science
catalog-direction-arts = arts
catalog-direction-social = social and humanities
catalog-direction-tourism = tourism and local history
catalog-direction-sport = sport
catalog-day-0 = Mon
catalog-day-1 = Tue
catalog-day-2 = Wed
catalog-day-3 = Thu
catalog-day-4 = Fri
catalog-day-5 = Sat
catalog-day-6 = Sun
catalog-slot = { $day } { $start }–{ $end }

## Results
catalog-searched-for = Nothing matched "{ $typed }". Showing results for: <b>{ $meant }</b>
catalog-looking-for = 🔎 Looking for: { $parts }. If I got something wrong, remove it with the buttons below.
catalog-said-age = { $age } { $age ->
        [one] year
       *[other] years
    } old
catalog-said-ovz = for children with disabilities
catalog-said-trial = with a trial lesson
catalog-drop = ✖️ { $said }
catalog-results =
    <b>Programs found: { $total }</b> (page { $page } of { $pages })

    { $lines }

    Tap a program to open its card.
catalog-result-line =
    <b>{ $n }. { $title }</b>
    { $provider } · { $place }{ $distance ->
        [none] {""}
       *[other] {" "}· ≈ { $distance } km
    }
    { $direction }, ages { $min }–{ $max }, { $register ->
        [certified] paid by the financing certificate
       *[other] free
    }
catalog-empty = { $relax ->
    [text] Nothing matches these words. Try another word or clear the word search.
    [free_seats] No free seats right now. Clear "only with free seats" — you can join a waiting list.
    [weekday] Nothing on this day of the week. Try another day.
    [funding] Nothing with this kind of payment. Try "Payment: any".
    [format] Nothing in this format. Try "Format: any".
    [ovz] No program marked as suited to children with disabilities matches these filters. Clear another filter, or call the Support Centre: they will tell you where your child can be taken.
    [trial] Nothing with a free trial lesson. Clear this filter — you can ask the organisation about a trial lesson.
    [direction] Nothing in this direction. Try another one.
    [age] Nothing for this age. Clear the age filter.
    [municipality_id] Nothing in this district. Try another district.
   *[none] There are no open programs in the catalogue yet. Please look again later.
}
catalog-relax-button = { $name ->
    [text] ✖️ Clear the word search
    [free_seats] ✖️ Show full groups too
    [weekday] ✖️ Any day
    [funding] ✖️ Any payment
    [format] ✖️ Any format
    [ovz] ✖️ Show all programs
    [trial] ✖️ Without a trial lesson too
    [direction] ✖️ Any direction
    [age] ✖️ Any age
   *[municipality_id] ✖️ Any district
}
catalog-back-to-results = ◀️ Back to results
catalog-gone = This program no longer takes requests or was unpublished. Go back to the search.

## Program card
catalog-card =
    <b>{ $title }</b>
    🏫 { $provider }
    📍 { $municipality }, { $address }
    { $features }

    Direction: { $direction }
    Level: { $level ->
        [introductory] introductory
        [basic] basic
       *[advanced] advanced
    }
    Ages: { $min }–{ $max }
    { $register ->
        [certified] 💳 Paid by the financing certificate
        [significant] 🆓 Free with the accounting certificate (significant programs)
        [preprofessional] 🆓 Free with the accounting certificate (pre-professional program)
       *[general] 🆓 Free with the accounting certificate (general program)
    }
    Duration: { $months } months, { $hours } h a week
    { $paid ->
        [yes] Price: { $price } a month
       *[no] Price: free
    }
    Medical certificate: { $medical ->
        [yes] required
       *[no] not required
    }

    { $description }

    <b>Groups</b>
    { $groups }
catalog-card-group = • <b>{ $name }</b>: { $schedule }; teacher { $teacher }; { $start } to { $end }; free seats: { $free } of { $capacity }
catalog-card-no-groups = No groups are open for requests right now.
catalog-format = { $format ->
    [in_person] in person, at the provider's
    [at_school] in person, at the child's school
    [online] online
   *[mixed] in person and online
}
catalog-card-format = { $format ->
    [in_person] 🚶 In person, at the provider's premises
    [at_school] 🎒 In person, at the child's school
    [online] 💻 Online
   *[mixed] 🔀 In person and online
}
catalog-card-ovz = ♿ Suited to children with disabilities (SEN){ $adaptations ->
    [none] {""}
   *[other] : { $adaptations }
}
catalog-card-trial = 🎟 Free trial lesson
catalog-card-distance = 📏 ≈ { $km } km from you
catalog-cost =
    <b>For { $name }:</b> { $cover ->
        [none] the certificate has no money left — a request for this paid program cannot be made ({ $shortfall } would be needed for the whole course).
        [part] the certificate covers { $certificate }/month (what its free money allows for the whole course), the family pays { $family }/month.
       *[full] the certificate covers { $certificate }/month, the family pays { $family }/month.
    }
catalog-cost-age = <b>{ $name }</b> is { $age }, and the program is for ages { $min }–{ $max }, so a request cannot be made. Look for a program by age: "🔎 Find a club".
catalog-cost-certificate-pending = The certificate application for { $name } is waiting for the Support Centre. When the certificate is issued we will message you; then the cost appears here and you can ask for a place.
catalog-cost-no-certificate = { $name } has no active certificate. You can get one in "👶 My children".
catalog-for-child = 👶 Calculate for: { $name }
catalog-btn-request = 📝 Apply: { $group }
catalog-btn-waitlist = ⏳ Full — waiting list: { $group }
catalog-btn-waitlist-join = ⏳ Join the waiting list

## Staff: the search's synonyms
catalog-synonyms-open = 🔤 Search synonyms
catalog-synonyms =
    <b>🔤 Search synonyms</b> (added: { $total })
    The search finds a program by a synonym of a word too, both ways. The built-in synonyms (питон = Python, ИЗО = изобразительное искусство, танцы = хореография) always work.

    { $total ->
        [0] No synonyms of your own yet.
       *[other] { $lines }
    }

    To add one, send a message like <i>кодинг = программирование</i>. To delete one, press 🗑 with its number.
catalog-synonym-line = { $n }. { $word } = { $synonym }
catalog-synonym-delete = 🗑 { $n }
catalog-synonym-bad = I could not read a pair. Write it as <i>word = synonym</i>, e.g. <i>кодинг = программирование</i>. At least one side must be a single word, each side at most { $max } characters, and the sides must differ.
catalog-synonym-known = “{ $word } = { $synonym }” is in the list already. Send another pair or go back to the menu.
catalog-synonym-gone = This synonym is not there any more: it was deleted. Open the list again: /synonyms.
