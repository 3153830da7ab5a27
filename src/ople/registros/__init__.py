"""Registros públicos: the VPMRG register, the follow-up of sanctions and the PES/POS listings
(see README.md)."""
