"""Publication of PREP cuts: immutable, signed, static directories (architecture §2.4).

Pure modules (no Django): `modelo` (the in-memory description of a cut), `cifras` (figures);
the CSV is written by `ople.prep.ine_csv` (the one INE CSV implementation);
`sitio` (static HTML), `manifiesto` (hashes, Ed25519), `corte`
(the builder and the pointer), `verificar` (the citizen's check). The Django shell is
`selector` (fills `modelo.EntradaCorte` from the database) and `programador` (scheduling, lock).
"""
