## Money: the certificate's balance, its history, the status, write-offs and lesson reports.

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

money-view-financing =
    💳 <b>Certificate No. { $number }</b> ({ $child })
    Status: financing certificate.

    Left on the certificate: <b>{ $total }</b>
    • free: { $free }
    • reserved for clubs: { $reserved }

    Free money can pay for a new club from the certified programs register. The unused balance expires at the end of the period.
money-view-accounting =
    💳 <b>Certificate No. { $number }</b> ({ $child })
    Status: accounting certificate — for free (budget-funded) clubs.

    Money on the certificate: { $total } (free { $free }, reserved { $reserved }).

    To pay for paid clubs with the certificate, switch it to a financing certificate while the quota has places.
money-none = You have no certificates yet. Add a child and apply through «👶 My children».

money-history =
    📜 <b>Transaction history</b> (page { $page } of { $pages })

    { $lines }
money-history-empty = No transactions yet.
money-hist-credit = { $when } — nominal credited: +{ $amount }
money-hist-reserve = { $when } — reserved for «{ $program }»: { $amount }
money-hist-writeoff = { $when } — paid for { $month }, «{ $program }»: { $amount }
money-hist-release = { $when } — returned from the reserve («{ $program }»): +{ $amount }
money-hist-expire = { $when } — unused balance expired at the end of the period: { $amount }
money-hist-refund = { $when } — refund of the disputed { $month }, «{ $program }»: +{ $amount }

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
    Club «{ $program }» ({ $child }): { $amount } paid from the certificate ({ $percent }% of lessons given).
    { $family_kopecks ->
        [0] Nothing for the family to pay this month.
       *[other] Your part to pay the provider this month: { $family }.
    }
    Left on the certificate: { $left } (free { $free }).
money-low-balance =
    ⚠️ Certificate No. { $number } is running low: { $balance } free (threshold { $threshold }).
    Check that it covers a new club before you apply.
money-provider-statement =
    📊 <b>Statement for { $month }</b>
    Program «{ $program }»: paid for children — { $children }, total { $amount }.
money-period-ending =
    ⏳ The certificate period ends on { $end }. Certificate No. { $number } has { $balance } free — the unused balance will expire.
    Choose a club in «🔎 Find a club» in time.
money-turns-eighteen = ⏳ Certificate No. { $number } is valid until { $until }, the child's 18th birthday. Then it closes and the unused balance expires.

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
