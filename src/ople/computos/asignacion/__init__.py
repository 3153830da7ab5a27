"""The allocation of RP seats as the Sistema de Cómputo runs it (issue 20): the profile's section
``[asignacion]`` (``perfil``), the JSON input of ``ople computos rp`` (``entrada``), the trail's
JSON and tables (``salida``) and the public pages (``sitio``). The law itself is ``ople.ley.rp``."""
