"""Requests to join a group, the waiting list, confirmations, and the end of studies."""
