## Money: the certificate's balance, its history, the status, write-offs and lesson reports.
# One vocabulary everywhere: "Total on the certificate" = "Free" + "Reserved for clubs".

money-btn-view = 💳 Certificate balance
money-btn-history = 📜 Transaction history
money-btn-manage = 🔄 Status and the child's account
money-btn-kind-financing = 🔄 Switch to a financing certificate
money-btn-kind-accounting = 🔄 Switch to an accounting certificate
money-btn-kind-confirm = ✅ Confirm the status change
money-btn-link = 🔗 Link the child's account
money-btn-back = ⬅️ Back
money-btn-newer = ⬅️ Newer
money-btn-older = Older ➡️
money-btn-lessons = 📝 Lessons report
money-btn-fits = 🧮 What still fits
money-btn-fits-back = ⬅️ Back to "What still fits"

money-view-financing =
    💳 <b>Certificate No. { $number }</b> ({ $child })
    Status: financing certificate.

    Total on the certificate: <b>{ $total }</b>
    • free: { $free }
    • reserved for clubs: { $reserved }{ $reserves }

    Free money can pay for a new club from the certified programs register. The unused balance expires at the end of the period.
money-view-accounting =
    💳 <b>Certificate No. { $number }</b> ({ $child })
    Status: accounting certificate — for free (budget-funded) clubs.

    Total on the certificate: { $total } (free { $free }, reserved for clubs { $reserved }).

    To pay for paid clubs with the certificate, switch it to a financing certificate while the quota has places.
money-view-reserve-line = – «{ $program }», { $group }: { $monthly }/month from the certificate, reserved { $held }
money-view-reserve-more = …and { $n } more
money-none = You have no certificates yet. Add a child and apply through «👶 My children».

money-history =
    📜 <b>Transaction history</b> (page { $page } of { $pages })

    { $lines }
money-history-empty = No transactions yet.
money-hist-credit = { $when } — nominal credited: +{ $amount }
money-hist-reserve = { $when } — reserved for the club «{ $program }»: { $amount }
money-hist-writeoff = { $when } — paid from the reserve for { $month }, «{ $program }»: { $amount }
money-hist-release = { $when } — returned from the reserve to free money («{ $program }»): +{ $amount }
money-hist-expire = { $when } — the free money expired at the end of the period: { $amount }
money-hist-refund = { $when } — refunded to free money after the dispute over { $month }, «{ $program }»: +{ $amount }

money-kind-ask-financing =
    Switch the certificate to a <b>financing certificate</b>?

    The current period's nominal will be credited and it will pay for certified (paid) programs. The number of such certificates is limited by the municipality's quota.
money-kind-ask-accounting =
    Switch the certificate to an <b>accounting certificate</b>?

    It suits free (budget-funded) clubs. Your quota place goes to another family; the money left stays until the end of the period in case you switch back.
money-kind-done-financing = ✅ Done: it is now a financing certificate.
money-kind-done-accounting = ✅ Done: it is now an accounting certificate.
money-kind-changed-financing = ℹ️ Certificate No. { $number } ({ $child }) was switched to a financing certificate.
money-kind-changed-accounting = ℹ️ Certificate No. { $number } ({ $child }) was switched to an accounting certificate.
money-no-period = The municipality has not opened a certificate period yet. Try later or contact the Support Centre.
money-kind-not-active = The certificate is not active; its status cannot change.
money-kind-same = The certificate already has this status.
money-quota-full = All financing certificates of this period are taken (quota: { $quota }). Try later — a place frees up when another family changes status.
money-kind-paid-enrollment = While the child attends a paid club paid by the certificate, it cannot switch to accounting. End that enrollment first.

money-link-too-young = A child may choose the certificate status himself from the age of { $age }.
money-link-invalid = This link is invalid or expired. Ask your parent for a new one.
money-link-own-parent = This link must be opened from the child's account, not the parent's. Forward it to your child.
money-link-code =
    🔗 Forward this link to your child — it works once, within a day:
    { $link }

    Opening it in their own Telegram, the child will see the certificate and can choose its status.
money-link-done-child = ✅ Your account is linked to the certificate. It is in "💳 My certificate"; your enrollments are in "📋 My requests".
money-link-done-parent = ✅ { $child } linked their own account to the certificate and can now choose its status.

money-writeoff-notice =
    💸 <b>Payment for { $month }</b>
    Club «{ $program }» ({ $child }): { $amount } paid from the reserve for clubs ({ $percent }% of lessons given).
    { $family_kopecks ->
        [0] Nothing for the family to pay this month.
       *[other] Your part to pay the provider this month: { $family }.
    }
    Total on the certificate: { $left } (free { $free }).
money-low-balance =
    ⚠️ Certificate No. { $number } has only { $balance } free (the warning threshold is { $threshold }).
    Before you apply for a new club, open "🧮 What still fits": it shows which clubs the free money pays for, and for how many months.
money-provider-statement =
    📊 <b>Statement for { $month }</b>
    Program «{ $program }»: paid from the certificates' reserves for children — { $children }, total { $amount }.
money-period-ending =
    ⏳ The certificate period ends on { $end }. Certificate No. { $number } has { $balance } free — the unused balance will expire.
    Choose a club in «🔎 Find a club» in time.
money-turns-eighteen = ⏳ Certificate No. { $number } is valid until { $until }, the child's 18th birthday. Then it closes and the unused balance expires.

money-fits =
    🧮 <b>What still fits</b> — certificate No. { $number } ({ $child })
    Free: { $free }; months left in the period: { $months }.

    { $count ->
        [0] No open paid program for the child's age fits the free money even for a month. Wait for the next period's nominal, or choose a free club in "🔎 Find a club".
       *[other] Open paid programs for the child's age, the least expensive first ({ $count } in all):

    { $lines }
    }
money-fits-line = { $n }. <b>{ $title }</b> — the certificate pays up to { $monthly }/month; { $whole ->
        [yes] the free money lasts to the end of the period.
       *[no] the free money covers { $months } of { $left ->
            [one] { $left } month
           *[other] { $left } months
        }: if you apply, the certificate spreads it over the whole course and the family pays more a month.
    }
money-fits-hint = To compare two programs, press the first, then the second. Apply from the program's card in "🔎 Find a club".
money-fits-second = The first program to compare is "{ $title }". Now press the second.
money-fits-pick = { $n }. { $title }
money-compare =
    ⚖️ <b>Comparison</b> — certificate No. { $number }, free { $free }

    <b>1. { $title_a }</b>
    • price: { $price_a }/month
    • the certificate pays: { $certificate_a }/month
    • the family pays: { $family_a }/month
    • goes to the reserve for clubs: { $reserve_a }
    • stays free: { $left_a }

    <b>2. { $title_b }</b>
    • price: { $price_b }/month
    • the certificate pays: { $certificate_b }/month
    • the family pays: { $family_b }/month
    • goes to the reserve for clubs: { $reserve_b }
    • stays free: { $left_b }

    The sums run from today to the end of the period. Apply from the program's card in "🔎 Find a club".

money-lessons-reminder =
    📝 The month { $month } is ending. Report the share of lessons given in each group (0–100%) — certificate payments depend on it.
    Without a report, 100% is paid.
money-lessons-choose = Choose the group you report lessons for:
money-lessons-no-groups = You have no groups of paid programs that need a report.
money-lessons-group = { $program } — { $group }
money-lessons-ask = Group «{ $group }» ({ $program }), { $month }: what share of lessons was given? Send a number from 0 to 100 (e.g. 100 or 75).
money-lessons-bad-percent = A whole number from 0 to 100 is needed — the share of lessons given, in percent. Try again or press /cancel.
money-lessons-too-late = The payment for this month is already made; the report cannot change. If there is a mistake, contact the Support Centre.
money-lessons-saved = ✅ Saved: { $percent }% of lessons given in group «{ $group }». Choose another group with /lessons.
