"""Seguimiento de paquetes electorales: the chain of custody from the casilla to the bodega."""
