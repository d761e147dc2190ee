## Refusals: each says why and what to do next
enroll-certificate-pending = The certificate application for { $name } is still waiting for the Support Centre — there is no need to apply again. When the certificate is issued we will message you, and then you can ask for a place in the club.
enroll-no-certificate = The child has no active certificate. Get one in "👶 My children", then apply again.
enroll-wrong-status = { $register ->
    [certified] This program is paid by a financing certificate, and the child's certificate is an accounting one. You can change its status in "👶 My children" (while the quota lasts) — or choose a free program.
   *[other] This free program is for accounting certificates, and the child holds a financing one. Choose a program paid by the financing certificate or contact the Support Centre.
}
enroll-age = The program is for ages { $min }–{ $max }, and the child is { $age } now. Find a program for this age in the search.
enroll-duplicate = This child already has a request or an enrollment in this program. See it in "📋 My requests".
enroll-budget-limit = The child already attends (or waits for) { $limit } free programs — the most your district allows at once. End one in "📋 My requests" or choose a program paid by the financing certificate.
enroll-no-seat = This group has no free seats. You can join the waiting list — we will tell you when a seat frees up.
enroll-balance = The certificate has no free money left for this program ({ $shortfall } would be needed for the whole course). Choose another program or wait for the next period's nominal.
enroll-group-closed = This group does not take requests now. Look at other groups or programs in the search.
enroll-already-decided = This request has already been decided; nothing changed. Open the list again.
enroll-on-waitlist = This request has already been moved to the waiting list: the group has no free seats left. Nothing needs deciding — when a seat frees up it is offered to the family in turn.
enroll-confirm-no-certificate = The child's certificate is no longer active, so the enrollment cannot be confirmed. Reject the request with the reason "documents".
enroll-confirm-balance = The child's certificate has no free money left for this program, so the enrollment cannot be confirmed. Reject the request with a reason so the family knows what to do.
enroll-bad-reason = Choose a reason with a button from the list.
enroll-waitlist-duplicate = The child is already on this group's waiting list. We will tell you when a seat frees up.
enroll-offer-expired = This seat offer is no longer valid. Look at the group in the search again.
enroll-waitlist-gone = This waiting-list place no longer exists: the seat offer expired or you have already left the list. Open "📋 My requests" again.

## Parent actions
enroll-no-children = First add a child in "👶 My children" and get a certificate — then you can apply.
enroll-which-child = Which child is the request for?
enroll-teen-ask-parent = Enrollment requests are made by your parent: they gave the consent to data processing and see the family's requests. Tell them about this program — they will find it in "🔎 Find a club" and apply.
enroll-teen-list-empty = No enrollments or requests yet. Choose a club in "🔎 Find a club" and ask your parent to apply.
enroll-confirm-ask =
    <b>Send the request?</b>
    Child: { $child }
    Program: "{ $title }", group "{ $group }"
    { $paid ->
        [yes] The certificate pays { $certificate } a month, the family { $family } a month. When the provider confirms, { $reserve } goes to the reserve for clubs until the end of the course; { $left } stays free for other clubs.{ $little ->
            [yes] {" "}⚠️ That is less than a typical month of a paid club in your district ({ $typical }): the certificate will hardly pay for a second paid club. Compare programs in "🧮 What still fits" on the certificate card.
           *[no] {""}
        }
       *[no] The classes are free; nothing is taken from the certificate.
    }
enroll-confirm-yes = ✅ Yes, send the request
enroll-confirm-no = ✖️ Cancel
enroll-confirm-cancelled = Nothing was sent and nothing changed. Other clubs are in "🔎 Find a club".
enroll-requested =
    ✅ Your request for { $child } to join "{ $group }" of "{ $title }" was sent to the provider.
    They should decide by { $deadline }. We will tell you at once; follow it in "📋 My requests".
enroll-waitlisted = ⏳ { $child } is on the waiting list of "{ $group }", place { $place }. When a seat frees up we will send an offer — you will have 48 hours to answer.
enroll-list =
    <b>📋 Your requests and enrollments</b>

    { $lines }
enroll-list-empty = No requests yet. Find a club in "🔎 Find a club" and apply from the program card.
enroll-line = { $n }. <b>{ $title }</b>, { $group } — { $child }: { $status ->
    [pending] ⏳ waiting for the provider
    [active] ✅ enrollment confirmed
    [rejected] ❌ rejected
    [withdrawn] ↩️ withdrawn
    [expired] ⌛ not decided in time
   *[ended] 🏁 ended
}
enroll-waiting-line = { $n }. <b>{ $title }</b>, { $group } — { $child }: { $offered ->
    [yes] 🎉 waiting list — a seat is offered to you, take it with the button below!
   *[no] ⏳ waiting list, place { $place }
}
enroll-btn-withdraw = ↩️ Withdraw request #{ $n }
enroll-btn-end = 🏁 End studies #{ $n }
enroll-btn-leave-waitlist = 🚪 Leave the waiting list #{ $n }
enroll-withdrawn = The request was withdrawn.
enroll-end-ask = Why does the child stop? { $paid ->
        [yes] The seat will be freed, and what is reserved for this club and not yet paid becomes free on the certificate again.
       *[no] The seat in the group will be freed.
    }
enroll-end-keep = ✖️ Cancel — keep studying
enroll-end-reason = { $reason ->
    [family] The family's choice
    [moved] Moving away
    [health] Health reasons
    [attendance] Does not attend
   *[other] Another reason
}
enroll-ended = Studies ended, the seat is freed.
enroll-btn-accept-offer = ✅ Take the seat
enroll-btn-decline-offer = Decline
enroll-offer-accepted = Seat taken: the request was sent to the provider. Follow it in "📋 My requests".
enroll-offer-declined = You declined the seat. It will be offered to the next in line.
enroll-waitlist-left = You left the waiting list. If you change your mind, you can join it again from the program card.

## Notifications to the parent
enroll-note-waitlisted =
    ⏳ All seats in the group "{ $group }" ("{ $title }") are taken, so the request was moved to the waiting list.
    Child: { $child }. Place in the queue: { $place }.
    When a seat frees up we will offer it to you here — you will have { $hours } hours to answer. You can leave the waiting list in "📋 My requests" or look for another group in "🔎 Find a club".
enroll-note-confirmed =
    🎉 Enrollment confirmed: { $child }, "{ $title }" ({ $group }).{ $paid ->
        [yes] {" "}The certificate pays { $certificate } a month, the family pays { $family }. { $reserve } went to the reserve for clubs; { $left } stays free for other clubs.
       *[no] {""}
    }
    All requests and enrollments are in "📋 My requests".
enroll-note-rejected =
    The request for "{ $title }" ({ $group }) for { $child } was rejected.
    Reason: { $reason ->
        [no_seats] no seats
        [age] age or level does not fit
        [documents] documents needed (e.g. a medical certificate)
        [health] health restrictions
       *[other] other
    }. Comment: { $comment }
    Find another program in "🔎 Find a club".
enroll-note-expired =
    The provider did not decide on the request for "{ $title }" ({ $group }) in time, and it was closed.
    You can apply again or choose another program in "🔎 Find a club"; if it is urgent, contact the Support Centre.
enroll-note-ended =
    The provider ended { $child }'s studies in "{ $title }" ({ $group }).
    Reason: { $reason ->
        [family] the family's choice
        [moved] moving away
        [health] health reasons
        [attendance] does not attend
       *[other] other
    }. What was reserved for this club and not yet paid is free on the certificate again.
enroll-note-offer =
    ⏳ Your turn on the waiting list has come: a seat is free — "{ $title }", { $group }.
    Child: { $child }.
    Take it within { $hours } hours, or it will be offered to the next in line.
enroll-note-offer-expired = The seat offer expired: 48 hours have passed and the seat went to the next in line. You can join the waiting list again from the program card.

## Notifications to the provider
enroll-note-provider-new =
    { $waitlist ->
        [yes] 📥 A request from the waiting list: the family took the seat offered to them
       *[no] 📥 New enrollment request
    }
    Program: "{ $title }", { $group }
    Child: { $child }, age { $age }
    Please decide by { $deadline }.
enroll-note-provider-reminder =
    ⏰ The deadline for a request has passed: "{ $title }", { $group }, child { $child }.
    Please confirm or reject it — otherwise in 2 working days it closes and the family is told.
enroll-note-provider-withdrawn = The family withdrew a request: "{ $title }", { $group }, child { $child }.
enroll-note-provider-ended = { $reason ->
    [certificate_closed] The child's certificate was closed and studies ended: "{ $title }", { $group }, child { $child }. The seat is free.
   *[other] The family ended studies: "{ $title }", { $group }, child { $child }. The seat is free.
 }
enroll-note-provider-expired = A request closed undecided (deadline passed): "{ $title }", { $group }, child { $child }.
