## Staff announcements
broadcasts-ask-text =
    <b>Новая рассылка</b>
    Пришлите текст объявления одним сообщением. Можно прислать картинку с подписью — подпись станет текстом.
    Жирный и курсив сохранятся. Передумали — /cancel.
broadcasts-text-empty = В тексте объявления нет ни букв, ни цифр. Пришлите текст или картинку с подписью.
broadcasts-text-too-long = Слишком длинно: { $length } знаков, можно не больше { $limit }. Сократите текст и пришлите снова.
broadcasts-ask-municipality = Жителям какого муниципалитета отправить объявление?
broadcasts-ask-audience = Кому отправить объявление?
broadcasts-audience-municipality = 👪 Всем родителям муниципалитета
broadcasts-audience-age = 🎂 Родителям детей определённого возраста
broadcasts-audience-direction = 🎯 Родителям, которым интересно направление
broadcasts-audience-providers = 🏢 Сотрудникам организаций
broadcasts-ask-ages = Напишите возраст детей: одно число (например, 10) или диапазон (например, 7-12). Возраст — от 5 до 18 лет.
broadcasts-age-invalid = Не понял возраст. Напишите одно число или диапазон от 5 до 18, например: 7-12.
broadcasts-ask-direction = Какое направление?
broadcasts-direction-technical = Техническое
broadcasts-direction-science = Естественнонаучное
broadcasts-direction-arts = Художественное
broadcasts-direction-social = Социально-гуманитарное
broadcasts-direction-tourism = Туристско-краеведческое
broadcasts-direction-sport = Физкультурно-спортивное
broadcasts-no-recipients = Получателей с такими условиями нет. Выберите другую аудиторию.
broadcasts-summary =
    Выше — объявление так, как его увидят получатели.
    Кому: { $kind ->
        [age] родителям детей { $age_min }–{ $age_max } лет
        [direction] родителям, которым интересно направление «{ $direction }»
        [providers] сотрудникам организаций
       *[other] всем родителям муниципалитета
    }.
    Получателей: <b>{ $count }</b>.

    { $quiet ->
        [none] Сообщения уходят в любое время суток.
       *[hours] Сообщения не отправляются с { $quiet_from } до { $quiet_to }: начатая поздно рассылка продолжится утром.
    }
broadcasts-send = ✅ Отправить ({ $count })
broadcasts-drop = Отменить рассылку
broadcasts-dropped = Рассылка отменена, ничего не отправлено. Новая — кнопкой «📣 Рассылка».
broadcasts-started = Рассылка начата
broadcasts-progress =
    <b>Рассылка №{ $id }</b> идёт.
    Отправлено: { $sent } · не доставлено: { $failed } · осталось: { $left } из { $total }.
    Сообщение обновляется само. Остановить можно кнопкой ниже.
broadcasts-stop = ⏹ Остановить рассылку
broadcasts-stopped =
    <b>Рассылка №{ $id }</b> остановлена.
    Отправлено: { $sent } · не доставлено: { $failed } · отменено: { $cancelled } из { $total }.
broadcasts-already-finished = Эта рассылка уже завершена.
broadcasts-finished =
    <b>Рассылка №{ $id }</b> завершена.
    Отправлено: { $sent } · не доставлено: { $failed } из { $total }.
broadcasts-report =
    📣 Итоги рассылки №{ $id }: доставлено { $sent } из { $total }, не доставлено { $failed }.
    Не доставлено — значит, человек заблокировал бота или Telegram не принял сообщение.
