"""The Support Centre's desk: moderation, the providers' register, imports, exports, coverage and reports."""
