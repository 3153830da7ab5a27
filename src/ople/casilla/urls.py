from ople.casilla.views import APP
from ople.core import movil

app_name = "casilla"

urlpatterns = movil.patrones(APP)
