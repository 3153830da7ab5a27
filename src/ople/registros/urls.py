app_name = "registros"
urlpatterns: list = []
