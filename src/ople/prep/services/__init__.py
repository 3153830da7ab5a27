"""PREP write services. Each public function is keyword-only, runs in one transaction and
writes its audit event in that same transaction (architecture §2.2).

Modules: `actas` (expected actas), `intake` (receiving images), `dispositivos` (PREP Casilla
enrolment), `acopio` (CATD acopio stamps), `ceros` (puesta en ceros), `captura` (capture,
verification and supervision).
"""
