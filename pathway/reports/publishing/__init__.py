"""Publishing: drafts, partners' confirmations, published snapshots and the public check."""
