"""Staff announcements (broadcasts) and events for children."""
