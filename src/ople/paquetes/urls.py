app_name = "paquetes"

urlpatterns: list = []
