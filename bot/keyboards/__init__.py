"""Keyboards. CallbackData prefixes are short and unique per feature module:
c* common, ch children, ce certificates, st staff certificates, ca catalogue, en enrollment,
pv provider desk, ev events, bc broadcasts, mo money, ad staff desk (moderation, providers, reports).
Their fields are typed from bot/keyboards/base.py (ids, one_of), or as Literal and enums: data outside
them does not unpack."""
