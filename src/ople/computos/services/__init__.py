"""The cómputos' writes: keyword-only, one transaction each, audited inside (decision 0032)."""
