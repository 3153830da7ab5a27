"""Sistema de Cómputo: the official count in the consejos (see README.md)."""
