"""Delivery: the outbox sender (paced, retried, recorded in batches) and the rendering of queued
messages (text keys and arguments localised, buttons packed) for the person's language."""
