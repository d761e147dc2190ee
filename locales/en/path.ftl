## The child's interests (the child's card)
children-interests = 🎯 Interests
children-interests-title =
    🎯 <b>Interests: { $name }</b>
    Tick the directions the child likes: we will pick events and the next steps in «🧭 What next» by them. Nothing ticked — every direction suits.
children-interests-done = ✔ Done

## «🧭 What next» (the child's card)
path-open = 🧭 What next
path-title =
    🧭 <b>What next: { $name }</b>
    Programs of your municipality that suit the child's age. Open a program with a button below to choose a group and apply.

    { $steps }
path-step =
    { $n }. <b>{ $title }</b>
    { $kind ->
        [level] ⬆️ The next level in the same direction
        [interest] 🎯 In the child's interests
       *[related] 🔀 A related direction
    }: { $direction }, { $level ->
        [introductory] introductory
        [basic] basic
       *[advanced] advanced
    } level, ages { $min }–{ $max }
    { $fits ->
        [yes] 💳 Fits the certificate
       *[no] ⚠️ The certificate does not cover this program now
    } · { $seat ->
        [yes] 🪑 free seats
       *[no] ⏳ no seats, the waiting list is open
    }
path-empty =
    🧭 <b>What next: { $name }</b>
    Nothing to suggest yet: your municipality has no open programs of the next level or related directions for the child's age. Tick the child's interests in «🎯 Interests» or search yourself in «🔎 Find a club».
path-back = ⬅️ Back to the child's card
path-step-button = { $n }. { $title }
path-notice =
    🧭 { $cause ->
        [year] The school year has ended.
       *[end] The club's classes have ended.
    } We have picked what { $name } could do next: for example, «{ $title }». See all the options, free seats and what the certificate pays with the button below.
