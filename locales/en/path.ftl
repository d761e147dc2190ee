## The child's interests (the child's card)
children-interests = 🎯 Interests
children-interests-title =
    🎯 <b>Interests: { $name }</b>
    Tick the directions the child likes: we will pick events and the next steps in «🧭 What next» by them. Nothing ticked — every direction suits.
children-interests-done = ✔ Done
