## Certificates: names used inside other messages

certificates-kind-name = { $kind ->
    [financing] financing
   *[accounting] accounting
 }
certificates-state-name = { $state ->
    [active] active
    [suspended] suspended
   *[closed] closed
 }
certificates-action-name = { $action ->
    [issued] issued
    [suspend] suspended
    [resume] resumed
    [close] closed
    [kind_changed] status changed
    [child_linked] the child linked their own account
    [anonymised] anonymised
   *[other] { $action }
 }
certificates-reason = { $reason ->
    [documents] Documents were not presented
    [residence] The child does not live in the municipality
    [age] The age does not fit
    [duplicate] There is a certificate already (a repeated application)
   *[other] Another reason
 }

## The parent applies

certificates-apply-intro =
    <b>Certificate application for { $name }</b>

    Choose the certificate status:
    • <b>Financing certificate</b> — money (the nominal) is credited to it and pays for paid clubs, private providers included.
    • <b>Accounting certificate</b> — gives a place in free clubs of municipal and state providers; it holds no money.
    { $financing_open ->
        [true] The status can be changed later through the Support Centre.
       *[false] ⚠️ Financing certificates for this period have run out (the municipality's quota is used up). You can get an accounting certificate now.
    }
certificates-choose-financing = 💳 Financing certificate
certificates-choose-accounting = 📘 Accounting certificate
certificates-apply-confirm =
    <b>File the application?</b>
    Child: { $name }
    Status: { certificates-kind-name } certificate

    The application goes to the Support Centre. You will then show the documents there; we send the list right after filing.
certificates-file = ✅ Yes, file the application
certificates-other-kind = ◀️ Choose another status
certificates-keep = ✖️ Cancel
certificates-apply-cancelled = Nothing was filed and nothing changed. You can apply from the child's card in "👶 My children".
certificates-applied =
    ✅ The certificate application ({ certificates-kind-name } status) for { $name } is filed.

    <b>What next:</b> show the documents at the Support Centre ({ $municipality }):
    { $office }

    Bring:
    • the child's birth certificate or passport;
    • your passport;
    { $has_snils ->
        [true] • the child's SNILS;
       *[false] • the child's SNILS, if there is one;
    }
    • a document proving residence in the municipality (for example, a registration certificate).

    After the check you will get a message with the decision and the certificate number.
certificates-error-too-young = You can apply once the child turns { $min }.
certificates-error-too-old = Certificates are given to children under { $max }.
certificates-error-has-certificate = The child already has a certificate. Open it from the child's card.
certificates-error-pending = The application is already filed and waits for the Support Centre's decision. We will let you know.
certificates-error-quota = ⚠️ Financing certificates for this period have run out (the municipality's quota is used up). You can apply for an accounting certificate:

## Notifications

certificates-staff-new = 🗂 New certificate application No. { $id } ({ certificates-kind-name } certificate). Open it to approve or reject.
certificates-staff-open = Open the application
certificates-approved =
    ✅ The certificate for { $name } is issued!
    Number: <b>{ $number }</b>
    Status: { certificates-kind-name } certificate
    { $kind ->
        [financing] Nominal for the period: { $nominal }
       *[other] An accounting certificate holds no money: it gives a place in free clubs.
    }
    Now you can search for clubs and ask to enroll.
certificates-rejected =
    ❌ The certificate application for { $name } was rejected.
    Reason: { certificates-reason }
    { $has_comment ->
        [yes] Comment: { $comment }
       *[no] {""}
    }
    Fix the reason and apply again in «👶 My children», or contact the Support Centre.
certificates-state-changed = { $action ->
    [suspend] ⏸ Certificate No. { $number } is suspended. Reason: { $reason }. Questions — to the Support Centre.
   *[resume] ▶️ Certificate No. { $number } is active again.
 }
certificates-closed =
    ⛔ Certificate No. { $number } is closed: { $cause ->
        [age_18] the child turned 18.
        [consent_withdrawn] you withdrew consent to the processing of personal data. The child's data is deleted; the certificate stays in the register without it.
        [child_removed] you removed the child from the bot. The child's data is deleted; the certificate stays in the register without it.
       *[staff] { $reason }.
    }{ $ended ->
        [0] {""}
       *[other] {" "}Studies on it have ended and the seats in the groups are freed (groups: { $ended }).
    }{ $kind ->
        [financing] {" "}The certificate's unused balance has expired.
       *[accounting] {""}
    }
    { $cause ->
        [age_18] Thank you for being with us!
        [consent_withdrawn] To use a certificate again, give consent in «⚙️ Settings», add the child and apply.
        [child_removed] To use a certificate again, add the child in «👶 My children» and apply.
       *[staff] If you disagree with the decision, contact the Support Centre.
    }
certificates-open-card = 📄 Open the certificate

## The card

certificates-card =
    <b>Certificate No. { $number }</b>
    Child: { $child }
    Status: { certificates-kind-name } certificate
    State: { certificates-state-name }{ $state ->
        [active] {""}
       *[other] {" "}({ certificates-state-reason })
    }
    Nominal for the period: { $nominal }
    Total on the certificate: { $total }
    • free: { $balance }
    • reserved for clubs: { $reserved }
    Period: { $period }
    Valid until: { $valid_until }

    <b>History</b>
    { $history }
# Why the certificate is suspended or closed: the staff member's words, or the cause of a closing.
certificates-state-reason = { $reason ->
    [age_18] the child turned 18
    [consent_withdrawn] consent to data processing withdrawn
    [child_removed] the child was removed from the bot
   *[other] { $reason }
 }
certificates-event = { $when } — { certificates-action-name }{ $has_reason ->
    [yes] : { certificates-state-reason }
   *[no] {""}
 }

## Staff: the queue

certificates-queue = { $count ->
    [0] No new applications. You will get a message when a parent applies.
   *[other] <b>Waiting for a decision: { $count }</b>. Open an application, check the documents and decide.
 }
certificates-queue-item = No. { $id } · { $name } · { certificates-kind-name }
certificates-application =
    <b>Application No. { $id }</b> ({ $status ->
        [pending] waiting for a decision
        [approved] approved
        [rejected] rejected
       *[cancelled] withdrawn
    })
    Child: { $name }
    Date of birth: { $birth_date } (age: { $age })
    Municipality: { $municipality }
    SNILS: { $snils }
    Requested: { certificates-kind-name } certificate
    Financing certificates left in the quota: { $quota_left }

    Check the data against the documents, then approve or reject.
certificates-approve = ✅ Approve: { certificates-kind-name } certificate
certificates-reject = ❌ Reject
certificates-to-queue = ← Back to the applications
certificates-next = 🗂 Back to the applications
certificates-back = ← Back
certificates-issued = ✅ { certificates-kind-name } certificate issued: No. <b>{ $number }</b>. The parent will get a message.
certificates-error-decided = This application has already been decided — nothing was changed. Open the list of applications again.
certificates-error-quota-staff = ⚠️ The quota of financing certificates for this period is used up. You can approve an accounting certificate or reject the application.
certificates-reject-why = Choose the reason for rejection:
certificates-reject-comment = Reason: { certificates-reason }. Write a comment for the parent (what to do to get a certificate) or press «No comment».
certificates-no-comment = No comment
certificates-rejected-staff = Application No. { $id } is rejected. The parent will get a message with the reason.

## Staff: the register

certificates-find-ask = Type the certificate number — 10 digits (spaces and dashes are fine).
certificates-error-number-format = A certificate number is 10 digits, for example: 1234 567 890. Type it again.
certificates-error-number-unknown = Certificate No. { $number } is not in the register of your municipalities. Check the number and type it again, or open /menu.
certificates-do-suspend = ⏸ Suspend
certificates-do-resume = ▶️ Resume
certificates-do-close = ⛔ Close
certificates-state-reason-ask = { $action ->
    [suspend] Write the reason for suspending certificate No. { $number }. The parent will see it.
   *[close] Write the reason for closing certificate No. { $number }. The parent will see it. Closing cannot be undone.
 }
certificates-error-reason-needed = A reason in words is needed (letters or digits, up to { $max } characters): write it in one message.
certificates-error-state = This action is not available: the certificate is { certificates-state-name } now.
certificates-state-done = Done: certificate No. { $number } { certificates-action-name }. The parent will get a message.

## Staff: the municipality's period

certificates-choose-municipality = Choose the municipality:
certificates-period =
    <b>{ $municipality }</b>
    Period: { $starts } – { $ends }
    Certificate nominal: { $nominal }
    Quota of financing certificates: { $quota } (issued and in force: { $used })
    Children aged 5–18 in the municipality: { $population }
certificates-period-set = { $field ->
    [nominal] 💰 Change the nominal
    [quota] 🎫 Change the quota
   *[population] 👧 Change the number of children aged 5–18
 }
certificates-period-ask = { $field ->
    [nominal] Type the certificate nominal in rubles, for example: 5000 or 5 000,50.
    [quota] Type the quota of financing certificates for the period — a whole number, for example: 250.
   *[population] Type the number of children aged 5–18 living in the municipality — a whole number, for example: 4200.
 }
certificates-error-nominal = I did not understand the amount. Type the nominal in rubles, for example: 5000 or 5 000,50.
certificates-error-count = A whole number without letters, please, for example: 250.
certificates-error-too-large = The value is too large — check the number and type it again.
certificates-period-saved = Saved.
certificates-invite-staff = ➕ Invite a Support Centre employee
certificates-invite-provider = ➕ Invite a provider employee
certificates-invite-provider-choose = Choose the provider whose employee you invite:
certificates-invite-no-providers = There are no providers in this municipality yet.
certificates-invite =
    Invite link for { $role ->
        [staff] a Support Centre employee
       *[provider] a provider employee
    } (single use, valid for 7 days):
    { $link }

    Or let them send the bot the command:
    <code>/start { $code }</code>
