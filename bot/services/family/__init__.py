"""The child, the parent's consent, and the child's certificate from application to closing (staff,
the 18th birthday or consent withdrawn: one `closing.close`)."""
