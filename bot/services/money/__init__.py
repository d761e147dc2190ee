"""Money: the ledger whose sum is the balance, prices split between certificate and family, the
monthly write-off, and what the family sees of its balances."""
