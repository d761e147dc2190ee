"""What a screen says, shared by the screens of more than one audience: text built from i18n keys and the
domain's values, with no sending in it."""
