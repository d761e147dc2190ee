## Disputes "The child did not attend": the family disputes a month's payment, the provider answers, staff settle.

dispute-btn-ask = 🙋 My child did not attend this month
dispute-btn-open = ✅ Yes, dispute the payment
dispute-btn-agree = ✅ Agree and return the payment
dispute-btn-confirm = 📝 Confirm the lessons
dispute-btn-family = 👪 Settle for the family
dispute-btn-provider = 🏫 Settle for the provider

dispute-ask =
    Dispute the payment for { $month }?
    { $child }, group «{ $group }» («{ $program }»): { $amount } was paid from the certificate.

    The provider will answer in this chat: agree to return the money or confirm how many lessons the child attended. If it confirms the lessons, the Support Centre will decide.
dispute-opened =
    ✅ Dispute opened: the payment for { $month }, { $child }, group «{ $group }».
    We will write when the provider answers.
dispute-note-opened =
    🙋 <b>A parent disputes the payment for { $month }</b>
    { $child }, group «{ $group }» (program «{ $program }»): the parent says the child did not attend this month. { $amount } was paid from the certificate.

    Agree to return the payment or confirm the share of lessons the child attended.
dispute-agreed =
    ✅ You agreed: the payment of { $amount } for { $month } ({ $child }, group «{ $group }») is cancelled, and your statement for that month is lowered by that sum.
dispute-ask-share =
    What share of the lessons of { $month } did the child attend ({ $child }, group «{ $group }»)? Send a number from 0 to 100 (for example 100 or 50).
dispute-bad-share = A whole number from 0 to 100 is needed: the share of lessons attended, in percent. Try again or press /cancel.
dispute-confirmed =
    ✅ Answer sent: the child attended { $percent }% of the lessons of { $month }. The Support Centre will decide; we will tell you the decision.
dispute-note-confirmed =
    📝 The provider answered your dispute of the payment for { $month } ({ $child }, group «{ $group }»): by its records the child attended { $percent }% of the lessons.
    The Support Centre will decide; we will tell you the decision.
dispute-note-to-staff =
    ⚖️ <b>Dispute of the payment for { $month }</b>
    { $child }, group «{ $group }» (program «{ $program }»), { $amount } paid from the certificate.
    The family says the child did not attend; the provider confirms { $percent }% of the lessons.

    For the family, { $amount } goes back to the certificate. For the provider, it keeps { $kept } and the rest goes back to the certificate. Choose the decision with a button below.
dispute-note-settled =
    { $side ->
        [family] ✅ The dispute of the payment for { $month } ({ $child }, group «{ $group }») was settled in your favour.
       *[provider] ℹ️ The dispute of the payment for { $month } ({ $child }, group «{ $group }») was settled for the provider.
    }
    { $refund_kopecks ->
        [0] The payment stays with the provider. If you disagree, contact the Support Centre.
       *[other] { $closed ->
            [1] The provider will not be paid { $refund } for that month. The certificate is closed, so the money does not go back to it.
           *[0] { $refund } went back to the certificate: you can use it for another activity.
        }
    }
dispute-note-settled-provider =
    { $side ->
        [family] ℹ️ The dispute of the payment for { $month } ({ $child }, group «{ $group }») was settled for the family.
       *[provider] ✅ The dispute of the payment for { $month } ({ $child }, group «{ $group }») was settled for your organisation.
    }
    { $refund_kopecks ->
        [0] The payment for that month stays with you.
       *[other] { $refund } is taken off the payment: your statement for { $month } is lowered by that sum.
    }
dispute-settled-staff =
    ✅ The dispute of the payment for { $month } ({ $child }, group «{ $group }») was settled for the { $side ->
        [family] family
       *[provider] provider
    }. { $refund_kopecks ->
        [0] The payment stays with the provider.
       *[other] { $refund } is taken off the provider's payment.
    } The family and the provider will be told.

dispute-not-written-off = Nothing was paid from the certificate for that month: there is nothing to dispute.
dispute-nothing-paid = Nothing was paid from the certificate for that month: there is nothing to dispute.
dispute-too-late = A payment can be disputed within { $days } days of the write-off. That time has passed; if the question remains, contact the Support Centre.
dispute-exists = A dispute of this month's payment is already open. We will tell you the decision.
dispute-answered = The provider has already answered this dispute. The decision will come in a message.
dispute-not-answered = The provider has not answered this dispute yet; it can be settled after the answer.
dispute-settled = This dispute is already settled.

dispute-figures = <b>Disputes "The child did not attend"</b> (opened / settled for the family)
dispute-figures-line = • { $provider }: { $opened } / { $for_family }

dispute-btn-waiting = ⚖️ Payment disputes ({ $count })
dispute-btn-agree-n = { $n } · ✅ Return the payment
dispute-btn-confirm-n = { $n } · 📝 Confirm the lessons
dispute-btn-family-n = { $n } · 👪 For the family
dispute-btn-provider-n = { $n } · 🏫 For the provider
dispute-waiting-provider =
    <b>⚖️ Payment disputes waiting for your answer: { $count }</b>

    { $lines }

    Agree to return the payment or confirm the share of lessons the child attended, with the button of the dispute's number.
dispute-waiting-staff =
    <b>⚖️ Payment disputes waiting for the Support Centre: { $count }</b>

    { $lines }

    Settle a dispute with the button of its number: for the family, the whole payment goes back to the certificate; for the provider, it keeps the confirmed share.
dispute-waiting-empty = No payment disputes are waiting for your decision. New ones will come as messages.
dispute-line-provider = { $n }. { $month }: { $child }, group «{ $group }» (program «{ $program }»), { $amount } paid from the certificate.
dispute-line-staff = { $n }. { $month }: { $child }, group «{ $group }» (program «{ $program }»), { $amount } paid. The provider confirms { $percent }% of the lessons: settled for it, it keeps { $kept }.
