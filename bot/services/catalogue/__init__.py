"""Programs and groups as parents find them: listing, search, and the provider's own programs."""
