## Staff announcements
broadcasts-ask-text =
    <b>New announcement</b>
    Send the text of the announcement in one message. You may send a picture with a caption — the caption becomes the text.
    Bold and italics are kept. Changed your mind — /cancel.
broadcasts-text-empty = The announcement has no letters or digits. Send a text or a picture with a caption.
broadcasts-text-too-long = Too long: { $length } characters, at most { $limit }. Shorten the text and send it again.
broadcasts-ask-municipality = Residents of which municipality should get the announcement?
broadcasts-ask-audience = Who should get the announcement?
broadcasts-audience-municipality = 👪 All parents of the municipality
broadcasts-audience-age = 🎂 Parents of children of an age
broadcasts-audience-direction = 🎯 Parents interested in a direction
broadcasts-audience-providers = 🏢 Staff of providers
broadcasts-ask-ages = Write the children's age: one number (e.g. 10) or a range (e.g. 7-12). Ages 5 to 18.
broadcasts-age-invalid = I did not understand the age. Write one number or a range from 5 to 18, e.g. 7-12.
broadcasts-ask-direction = Which direction?
broadcasts-direction-technical = Technical
broadcasts-direction-science = Natural science
broadcasts-direction-arts = Arts
broadcasts-direction-social = Social and humanitarian
broadcasts-direction-tourism = Tourism and local history
broadcasts-direction-sport = Physical culture and sport
broadcasts-no-recipients = Nobody matches these conditions. Choose another audience.
broadcasts-summary =
    Above is the announcement as recipients will see it.
    To: { $kind ->
        [age] parents of children aged { $age_min }–{ $age_max }
        [direction] parents interested in «{ $direction }»
        [providers] staff of providers
       *[other] all parents of the municipality
    }.
    Recipients: <b>{ $count }</b>.

    { $quiet ->
        [none] Messages go out at any time of day.
       *[hours] Messages are not sent from { $quiet_from } to { $quiet_to }: a broadcast started late continues in the morning.
    }
broadcasts-send = ✅ Send ({ $count })
broadcasts-drop = Cancel the announcement
broadcasts-dropped = Announcement cancelled, nothing was sent. Start a new one with «📣 Announcement».
broadcasts-started = Broadcast started
broadcasts-progress =
    <b>Broadcast #{ $id }</b> is running.
    Sent: { $sent } · not delivered: { $failed } · left: { $left } of { $total }.
    This message updates itself. You can stop the broadcast with the button below.
broadcasts-stop = ⏹ Stop the broadcast
broadcasts-stopped =
    <b>Broadcast #{ $id }</b> stopped.
    Sent: { $sent } · not delivered: { $failed } · cancelled: { $cancelled } of { $total }.
broadcasts-already-finished = This broadcast has already finished.
broadcasts-finished =
    <b>Broadcast #{ $id }</b> finished.
    Sent: { $sent } · not delivered: { $failed } of { $total }.
broadcasts-report =
    📣 Broadcast #{ $id } results: delivered { $sent } of { $total }, not delivered { $failed }.
    Not delivered means the person blocked the bot or Telegram did not accept the message.
