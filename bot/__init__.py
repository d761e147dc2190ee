"""Telegram bot for personalised supplementary education of children."""
