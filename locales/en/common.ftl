## Commands
cmd-start = Start over
cmd-menu = Main menu
cmd-help = What the bot can do
cmd-cancel = Cancel the current action

## Main menu
menu-title = Main menu. Choose an action with the buttons below.
menu-find = 🔎 Find a club
menu-children = 👶 My children
menu-requests = 📋 My requests
menu-events = 🎉 Events
menu-settings = ⚙️ Settings
menu-help = ❓ Help
menu-teen-certificate = 💳 My certificate
menu-provider-programs = 📚 My programs
menu-provider-lessons = 🗓 Lessons report
menu-provider-requests = 📥 Enrollment requests
menu-staff-applications = 🗂 Certificate applications
menu-staff-certificates = 🔍 Find a certificate
menu-staff-moderation = 🛡 Program moderation
menu-staff-providers = 🏢 Providers
menu-staff-events = 🎉 Events (manage)
menu-staff-broadcast = 📣 Announcement
menu-staff-reports = 📈 Coverage and reports
menu-staff-municipality = 🏛 Nominal and quotas

role-parent = Parent
role-provider = Provider employee
role-staff = Support Centre staff
role-teen = Child's own account (14+)

lang-ru = Russian
lang-en = English

## Start and consent
start-welcome =
    Hello! This is the bot of supplementary education for children.

    Here you can:
    • find a club or a course for your child;
    • get a certificate of supplementary education;
    • ask to enroll and follow the request;
    • learn about events for children.

    You can search for clubs right away. To add children and get a certificate, we need your consent to the processing of personal data.
start-welcome-back = Welcome back! Choose an action with the buttons below.
start-welcome-teen =
    Hello! This is your own account, linked to your certificate of supplementary education.
    "💳 My certificate" — the balance and the choice of the certificate's status; "📋 My requests" — your enrollments and requests; "🔎 Find a club" and "🎉 Events" — picked for your age. Enrollment requests are made by your parent.
start-welcome-staff = Hello! You are Support Centre staff: the staff menu is below. Start with "🗂 Certificate applications". To act as a parent, use "⚙️ Settings" → "🔁 Switch role".
start-welcome-provider = Hello! You work for a provider: its menu is below. Start with "📥 Enrollment requests". To act as a parent, use "⚙️ Settings" → "🔁 Switch role".
consent-offer = Read what data we collect and why, and give your consent — or just start searching for clubs.
consent-needed = This needs your child's data, and so your consent to the processing of personal data. Read the terms and give your consent to continue.
consent-read = 📄 Consent to data processing
consent-text =
    <b>Consent to the processing of personal data</b>

    <b>What we collect:</b> the child's surname, name, patronymic (if any) and birth date, the municipality of residence, the child's SNILS (optional). Your own name and phone number are not needed and not stored.

    <b>Why:</b> to issue a certificate of supplementary education, check age and eligibility, and enroll the child in a club (Federal Law 152-FZ "On personal data", the Concept of personalised supplementary education).

    <b>Who sees it:</b> Support Centre staff of your municipality; a provider you send a request to sees only that request.

    <b>For how long:</b> until the child turns 18 or until you withdraw your consent.

    <b>How to withdraw:</b> "⚙️ Settings" → "Withdraw consent". Your children's data will be deleted; issued certificates stay in the register anonymised, as the law requires.
consent-accept = ✅ I agree
consent-decline = Not now
consent-text-accepted =
    { consent-text }

    ✅ <b>Consent given.</b> You can withdraw it in "⚙️ Settings".
consent-text-declined =
    { consent-text }

    Consent not given. You can give it at any time in "⚙️ Settings".
consent-already-given = ✅ You gave your consent on { $date }. To add a child: "👶 My children"; to withdraw consent: "⚙️ Settings".
consent-accepted = Thank you! Consent received. Now you can add a child: "👶 My children".
consent-declined = All right. You can search for clubs and see events without consent. You can give it any time in "⚙️ Settings".
consent-withdraw-ask =
    Withdraw your consent?

    All your children's data will be deleted and requests cancelled. Issued certificates will be closed and stay in the register anonymised.
consent-withdraw-yes = Yes, withdraw and delete the data
consent-withdraw-no = No, go back
consent-withdraw-none = No consent was given — there is nothing to delete.
consent-withdrawn = Consent withdrawn. Children whose data was deleted: { $children }. You can still search for clubs; you can give consent again in "⚙️ Settings".

## Invites
invite-invalid = This invite link is not valid: it was used already or has expired. Ask Support Centre staff for a new one.
invite-accepted-provider = Done: you are an employee of "{ $name }". The provider menu is below. You can switch roles in "⚙️ Settings".
invite-accepted-staff = Done: you are Support Centre staff ({ $name }). The staff menu is below. You can switch roles in "⚙️ Settings".
invite-bad-role = An invite can be made only for a provider employee or Support Centre staff.

## Help
help-parent =
    <b>What the bot can do</b>
    🔎 <b>Find a club</b> — search by direction, age, weekday, municipality and words; the card shows groups, free seats and what the certificate covers.
    👶 <b>My children</b> — your children and their certificates; apply for a certificate here, see the balance and its history.
    📋 <b>My requests</b> — enrollment requests, the waiting list, giving up a place.
    🎉 <b>Events</b> — upcoming events for children; ask to be reminded the day before.
    ⚙️ <b>Settings</b> — language, interests, role, consent to data processing.

    /balance — certificate balances, /cancel — stop filling in a form, /menu — main menu.
help-teen =
    <b>What the bot can do</b>
    💳 <b>My certificate</b> — the balance, its history and the certificate's status: from 14 you may choose it yourself (financing for paid programs, accounting for free ones).
    📋 <b>My requests</b> — your enrollments, requests and waiting-list places.
    🔎 <b>Find a club</b> and 🎉 <b>Events</b> — picked for your age. Like a program? Tell your parent: the request is theirs to make.
    ⚙️ <b>Settings</b> — the language and interests.

    /balance — the certificate, /menu — the main menu.
help-provider =
    <b>Provider menu</b>
    📚 <b>My programs</b> — programs and groups, seats, enrollment, a new program, upload from a file (XLSX/CSV).
    📥 <b>Enrollment requests</b> — confirm or reject; decide in time, or the request expires.
    🗓 <b>Lessons report</b> — the share of lessons given in a month (the certificates' write-off depends on it).

    /cancel — stop a form, /menu — main menu.
help-staff =
    <b>Support Centre menu</b>
    🗂 Certificate applications — approve or reject.
    🔍 Find a certificate — by number; suspend, resume or close.
    🛡 Program moderation — publish into a register or return for changes.
    🏢 Providers — add, invite an employee, suspend; upload from a file.
    🎉 Events, 📣 Announcement — the public list of events and messages to parents.
    📈 Coverage and reports — the share of children with certificates, charts, XLSX exports, the yearly report, the audit log.
    🏛 Nominal and quotas — the nominal, the quota of financing certificates, the child population; invites.

    /cancel — stop a form, /menu — main menu.

## Cancel and fallback
cancel-done = Cancelled, nothing was saved. Choose what to do next.
cancel-nothing = There is nothing to cancel. Choose an action with the buttons below.
fallback-message = I did not understand that. If a question with buttons is waiting above, press the button you need under it; or choose an action in the menu below. Help: /help.
fallback-button = This button is out of date. Open /menu and start again.

## Settings
settings-title =
    <b>Settings</b>
    Language: { $language }
    Role: { $role }
settings-language = 🌐 Язык / Language
settings-language-choose = Выберите язык / Choose the language:
settings-language-set = Language changed: English.
settings-role = 🔁 Switch role
settings-role-choose = Which role do you want to continue in?
settings-role-set = You now work as: { $role }.
settings-withdraw-consent = 🗑 Withdraw consent to data processing

## Errors
error-not-allowed = This action is not available to you.
error-not-found = I could not find that record — it may have been deleted. Open /menu.
error-unexpected = Something went wrong, nothing was saved. Please try again or open /menu.
error-telegram = The answer could not be shown, but what you did is saved. Open /menu to continue.
error-insufficient-funds = The certificate balance is short of { $shortfall }. Nothing was changed.
error-reserve-negative = The certificate's reserve cannot go negative.

## Pages of a list (bot/keyboards/paging.py)
page-prev = ◀️ Previous
page-next = Next ▶️
page-of = Page { $page } of { $pages }. Use the buttons below the list to turn pages.

## Shared input rules (bot/services/rules.py): each refusal says what is expected
rules-bad-number = A whole number from { $min } to { $max }, in digits, is needed. Please type it again.
rules-bad-money = Type an amount in roubles in digits, at most ₽{ $max }, e.g. 2500 or 2500.50.
rules-bad-text = A text of { $min } to { $max } characters with letters or digits is needed. Please type it again.
rules-bad-ages = Type the age as a number, or two numbers from { $min } to { $max } with a dash, e.g. 7-12.
rules-bad-dates = Type two dates as DD.MM.YYYY between the years { $first } and { $last }, the second not before the first, e.g. 01.09.2026 - 31.05.2027
rules-bad-coordinates = I could not read the coordinates. Type the latitude and the longitude separated by a comma, e.g. 44.46, 42.51 (latitude from -90 to 90, longitude from -180 to 180), or send a point on the map via 📎 → “Location”.
rules-dates-out-of-window = The dates must be between the years { $first } and { $last }. Check the year and type the dates again.
rules-date-too-far = That date is too far ahead: { $last } at the latest. Check the year and type it again.
rules-bad-schedule = I could not read the schedule “{ $value }”. Type days and times separated by commas, e.g. mon 16:00-17:30, wed 16:00-17:30
rules-schedule-too-long = The schedule is longer than { $max } characters. Shorten it: days and times separated by commas, e.g. mon 16:00-17:30, wed 16:00-17:30
