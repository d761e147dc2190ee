"""Who a person is here: roles read once per update, invitation codes, and the audit trail of who did what."""
