app_name = "conoceles"
urlpatterns: list = []
