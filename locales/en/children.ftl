## Children: the list, the add-child form, the card

children-list = { $count ->
    [0] You have not added any children yet. Press «➕ Add a child» — it takes a couple of minutes.
   *[other] <b>Your children</b>. Press a child to open their data and certificate, or add another one.
 }
children-list-item = { $name } · { $status ->
    [active] ✅ certificate
    [suspended] ⏸ certificate suspended
    [pending] ⏳ application under review
   *[none] no certificate
 }
children-add = ➕ Add a child
children-add-intro = Let's add a child. I will ask a few questions; nothing is saved until you check the data and press «Save». To stop — /cancel.

children-ask-last-name = Type the child's <b>surname</b>, for example: Ivanova.
children-ask-first-name = Type the child's <b>first name</b>, for example: Anna.
children-skipped-patronymic = Patronymic: none.
children-skipped-snils = SNILS: not given (you can add it later).
children-ask-patronymic = Type the child's <b>patronymic</b>, for example: Sergeevna. If there is none, press «Skip».
children-ask-birth-date = Type the child's <b>date of birth</b> as DD.MM.YYYY, for example: 05.03.2015.
children-ask-municipality-id = Choose the <b>municipality</b> where the child lives:
children-ask-snils = Type the child's <b>SNILS</b> — 11 digits, for example: 112-233-445 95. If you don't have it at hand, press «Skip»; you can add it later.
children-skip = Skip
children-clear = Remove this field
children-municipality-chosen = Municipality: { $name }.
children-use-buttons = Please choose with the buttons under the message above. To stop — /cancel.

children-error-name-length = From 1 to { $max } characters, please. Type it again.
children-error-name-chars = Only letters, hyphen, space and apostrophe, for example: Anna-Maria. Type it again.
children-error-date-format = I did not understand the date. Type it like this: 05.03.2015 (day, month, year).
children-error-date-impossible = There is no such date in the calendar. Check the day and month and type it again, for example: 05.03.2015.
children-error-date-future = This date has not come yet. Check the year and type the date of birth again.
children-error-date-too-old = The child is already { $max } or older, and the bot serves children under { $max }. Check the year of birth and type it again.
children-error-snils-format = SNILS is 11 digits, for example: 112-233-445 95. Type it again or press «Skip».
children-error-snils-checksum = The SNILS number has a mistake: the check number (the last two digits) does not match. Compare it with the document and type it again.
children-error-municipality = The bot does not serve this municipality. Choose one from the list.
children-error-locked = The date of birth and the municipality cannot be changed while there is a certificate or an application: the right to a certificate depends on them. Please contact the Support Centre with the documents.

children-data =
    Surname: <b>{ $last_name }</b>
    First name: <b>{ $first_name }</b>
    Patronymic: { $patronymic }
    Date of birth: { $birth_date }
    Municipality: { $municipality }
    SNILS: { $snils }
children-summary =
    Please check the data:

    { $data }

    All correct? Press «Save». If something is wrong — «Correct».
children-save = ✅ Save
children-fix = ✏️ Correct
children-cancel = Cancel, don't save
children-fix-which = What should be corrected?
children-back = ← Back
children-field-last-name = Surname
children-field-first-name = First name
children-field-patronymic = Patronymic
children-field-birth-date = Date of birth
children-field-municipality-id = Municipality
children-field-snils = SNILS
children-saved = Done, { $name }'s data is saved.
children-cancelled = Adding was cancelled, nothing was saved.
children-changed = The change is saved.

children-card =
    { $data }

    { $status ->
        [active] Certificate: ✅ No. { $number }
        [suspended] Certificate: ⏸ No. { $number } suspended
        [pending] The certificate application ⏳ is being reviewed by the Support Centre.
        [not-yet] No certificate yet. You can apply once the child turns { $min }.
       *[none] No certificate yet.
    }
children-open-certificate = 📄 Certificate
children-apply = 📝 Apply for a certificate
children-edit = ✏️ Change the data
children-delete = 🗑 Remove
children-to-list = ← Back to the children
children-edit-which = What should be changed in { $name }'s data?

children-delete-ask = { $status ->
    [active] Remove the data of { $name }? ⚠️ The child has a certificate: it will be closed and kept in the register only anonymised, its balance will be lost, enrollments will end. This cannot be undone.
    [suspended] Remove the data of { $name }? ⚠️ The suspended certificate will be closed and kept in the register only anonymised. This cannot be undone.
    [pending] Remove the data of { $name }? The certificate application will be withdrawn. This cannot be undone.
   *[none] Remove the data of { $name }? This cannot be undone.
 }
children-delete-yes = Yes, remove
children-delete-no = No, keep
children-deleted = The child's data has been removed.
children-teen-not-here = Children's details are kept by the parent in his own account. Your certificate is in "💳 My certificate", your requests in "📋 My requests".
