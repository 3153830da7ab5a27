"""The law, pure and shared: the acta's vocabulary, totals, ballot columns and legal time.

No Django import and nothing from the systems (PREP, cómputos) that use it; see README.md.
"""
