## The child's interests (the child's card)
children-interests = 🎯 Интересы
children-interests-title =
    🎯 <b>Интересы: { $name }</b>
    Отметьте направления, которые нравятся ребёнку: по ним мы подберём мероприятия и следующие шаги в «🧭 Что дальше». Ничего не отмечено — подходят все направления.
children-interests-done = ✔ Готово
