"""Outer middlewares: one DB transaction per update with the current user, and forms that yield to
the main menu."""
